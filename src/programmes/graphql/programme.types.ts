import { Field, Int, ObjectType } from 'type-graphql';
import { ProgrammeKind } from '../rules/programme-kind';
import { Node } from '../../graphql/connections';
import { LocalDate } from '../../graphql/scalars';

@ObjectType('ProgrammeTargets', {
  description: 'What a programme aims at over its period (objectifs), for funders and the indicators to set beside what happened. Null: no target on that measure.',
  simpleResolvers: true,
})
export class ProgrammeTargetsType {
  @Field(() => Int, { nullable: true, description: 'Participants to reach (people counted once).' })
  participants!: number | null;

  @Field(() => Int, { nullable: true, description: 'Sessions to hold.' })
  sessions!: number | null;

  @Field(() => Int, { nullable: true, description: 'Immersions (PMSMP) to complete.' })
  immersionsCompleted!: number | null;

  @Field(() => Int, { nullable: true, description: 'Durable outcomes (sorties durables): a CDI, a CDD or interim of 6 months or more, a business created.' })
  durableOutcomes!: number | null;
}

@ObjectType('Programme', {
  implements: Node,
  description: 'A structure\'s recurring action over a period, with targets (programme, dispositif): the "Ambassadeurs des métiers" of a CRÉPI for a year, a PLIE\'s site visits, a cohort, an immersion programme. Sessions and immersion offers may belong to it.',
  simpleResolvers: true,
})
export class ProgrammeType {
  @Field(() => ProgrammeKind, { description: 'What the programme is.' })
  kind!: ProgrammeKind;

  @Field({ description: 'Its name, as the structure and its funders call it.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the programme does (up to 5,000 characters); null when not given.' })
  description!: string | null;

  @Field(() => LocalDate, { description: 'First day of the period.' })
  startsOn!: string;

  @Field(() => LocalDate, { description: 'Last day of the period.' })
  endsOn!: string;
}
