import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CompanySizeBand } from '../rules/company-size-band';
import { LocatedType } from '../../territories';
import { Node } from '../../graphql/connections';

@ObjectType('Company', {
  implements: [Node, LocatedType],
  description: 'A company (entreprise) that opens its doors: hosts sessions, offers immersions, makes PAQTE commitments.',
  simpleResolvers: true,
})
export class CompanyType {
  @Field({ description: 'SIRET (14 digits, checksum-validated).' })
  siret!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'NAF rév. 2 activity code (code APE), dotted: 43.99C.' })
  nafCode!: string | null;

  @Field(() => CompanySizeBand, { nullable: true })
  sizeBand!: CompanySizeBand | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType('CommitmentProgress', { description: 'Progress of a commitment: measured by the hub where it can, declared otherwise.', simpleResolvers: true })
export class CommitmentProgressType {
  @Field(() => Int)
  achieved!: number;

  @Field(() => Int)
  target!: number;

  @Field(() => Float, { description: 'achieved / target, between 0 and 1.' })
  ratio!: number;
}
