import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CompanySizeBand } from '../rules/company-size-band';
import { LOCATED_FIELD_KEYS, LocatedType } from '../../territories';
import type { FieldRowKeys } from '../../graphql/look-ahead';
import type { CompanyRow } from '../queries/companies';
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

/**
 * What each field of Company reads of its row (the default resolvers, CompanyResolver, LocatedResolver, the Node id),
 * so that a list embeds only what the fields asked read (look-ahead.ts `embeddedRowKeys`; a field missing here gets
 * the whole row). `commitmentsCount` is computed in the embedding statement (embedded-rows.ts). A field resolver that
 * comes to read another key must say so here.
 */
export const COMPANY_FIELD_KEYS = {
  id: ['id'], siret: ['siret'], name: ['name'], nafCode: ['nafCode'], sizeBand: ['sizeBand'], website: ['website'], description: ['description'],
  nafLabel: ['nafCode'], memberOf: ['id'], memberships: ['id'], commitments: ['id'], commitmentsCount: ['id', 'commitmentsCount'],
  sessions: ['id'], immersionOffers: ['id'], ...LOCATED_FIELD_KEYS,
} as const satisfies FieldRowKeys<CompanyRow>;
