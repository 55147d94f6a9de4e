import { Field, Int, ObjectType } from 'type-graphql';
import { CommitmentAxis } from '../rules/commitment-axis';
import { CommitmentMeasure } from '../rules/commitment-measure';
import { CommitmentStatus } from '../rules/commitment-status';
import { Node } from '../../graphql/connections';
import { DateTime, LocalDate } from '../../graphql/scalars';

@ObjectType('Commitment', {
  implements: Node,
  description: 'A company\'s commitment (engagement), usually in a PAQTE convention animated by a CRÉPI: moral, not legal; the hub shows progress.',
  simpleResolvers: true,
})
export class CommitmentType {
  @Field(() => CommitmentAxis, { description: 'The PAQTE axis of the pledge.' })
  axis!: CommitmentAxis;

  @Field({ description: 'The pledge in the company\'s words.' })
  pledge!: string;

  @Field(() => CommitmentMeasure, { description: 'What the target counts: measured by the hub (sessions hosted, immersions offered) or declared.' })
  measure!: CommitmentMeasure;

  @Field(() => Int, { description: 'How many of `measure` the company pledges over the period (euros for EUROS_PURCHASED), at least 1.' })
  target!: number;

  @Field(() => Int, { description: 'Progress declared by the company (for what the hub cannot see).' })
  declaredProgress!: number;

  @Field(() => LocalDate, { description: 'First day of the pledge\'s period.' })
  periodStart!: string;

  @Field(() => LocalDate, { description: 'Last day of the pledge\'s period (a signed commitment short of its target after it, Paris time, is LAPSED).' })
  periodEnd!: string;

  @Field(() => CommitmentStatus, { description: 'Where the commitment stands (LAPSED is read from the period\'s end, Paris time).' })
  status!: CommitmentStatus;

  @Field(() => DateTime, { nullable: true, description: 'When the animating structure signed it; null while PROPOSED (or withdrawn before signing).' })
  signedAt!: Date | null;

  @Field(() => [String], { description: 'Public partners of the tripartite convention (préfecture, agglomération).' })
  publicPartners!: string[];

  @Field(() => LocalDate, { nullable: true, description: 'The day the convention was signed, given at signing; null before.' })
  conventionSignedOn!: string | null;
}
