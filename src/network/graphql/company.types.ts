import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CompanySizeBand } from '../rules/company-size-band';
import { LocatedType } from '../../territories';
import { Node } from '../../graphql/connections';
import { LocalDate } from '../../graphql/scalars';

@ObjectType('Company', {
  implements: [Node, LocatedType],
  description: 'A company (entreprise) that opens its doors: hosts sessions, offers immersions, makes PAQTE commitments.',
  simpleResolvers: true,
})
export class CompanyType {
  @Field({ description: 'SIRET (14 digits, checksum-validated).' })
  siret!: string;

  @Field({ description: 'Name of the company.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'NAF rév. 2 activity code (code APE), dotted: 43.99C.' })
  nafCode!: string | null;

  @Field(() => CompanySizeBand, { nullable: true, description: 'Headcount band (tranche d\'effectif); null when not known.' })
  sizeBand!: CompanySizeBand | null;

  @Field(() => String, { nullable: true, description: 'Its website address; null when not given.' })
  website!: string | null;

  @Field(() => String, { nullable: true, description: 'What the company does, in its words; null when not given.' })
  description!: string | null;
}

@ObjectType('CommitmentProgress', { description: 'Progress of a commitment: measured by the hub where it can, declared otherwise.', simpleResolvers: true })
export class CommitmentProgressType {
  @Field(() => Int, { description: 'Achieved so far: counted by the hub for SESSIONS_HOSTED and IMMERSIONS_OFFERED over the period, the declared progress otherwise.' })
  achieved!: number;

  @Field(() => Int, { description: 'The commitment\'s target.' })
  target!: number;

  @Field(() => Float, { description: 'achieved / target, between 0 and 1.' })
  ratio!: number;
}

@ObjectType('ClubMembership', { description: 'A company\'s membership of a club (usually a CRÉPI), current or ended. Public, like the clubs a company belongs to.' })
export class ClubMembershipType {
  clubId!: number;

  @Field(() => LocalDate, { nullable: true, description: 'The day it joined (Paris calendar date); null when not recorded.' })
  joinedOn!: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'The day it left (Paris calendar date); null while it is a member.' })
  leftOn!: string | null;

  @Field({ description: 'Whether a standing hosting agreement holds: sessions its club organises with it as host are confirmed from the start (never after leaving).' })
  hostingAgreement!: boolean;
}
