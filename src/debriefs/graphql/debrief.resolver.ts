import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { notePersonalDataRead } from '../../access';
import { MetierType, type MetierRow } from '../../metiers';
import { CompanyType, StructureType, type CompanyRow, type StructureRow } from '../../network';
import { ReferralType, type ProjectedReferral } from '../../referrals';
import type { GraphQLContext } from '../../graphql/context';
import { ListItems } from '../../graphql/list-size';
import type { DebriefRow } from '../queries/debriefs';
import { DebriefInterestType, DebriefType } from './debrief.types';

/** One debrief per side: at most two per referral. */
const MAX_DEBRIEFS = 2;

@Resolver(() => ReferralType)
export class ReferralDebriefsResolver {
  @FieldResolver(() => [DebriefType], {
    description: 'The debriefs of the session you may read (organiser\'s first): all of them for the prescribing and referent structures; the organiser or host only its own; the participant those shared with them.',
  })
  @ListItems(MAX_DEBRIEFS)
  debriefs(@Root() referral: ProjectedReferral, @Ctx() ctx: GraphQLContext): Promise<DebriefRow[]> {
    return ctx.loaders.debriefsByReferral.load(referral);
  }
}

@Resolver(() => DebriefType)
export class DebriefResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Its author\'s comment on the participant (free text, personal data: each read audited); null when none was given, and after erasure.',
  })
  comment(@Root() row: DebriefRow, @Ctx() ctx: GraphQLContext): string | null {
    if (row.comment !== null) notePersonalDataRead(ctx, row.participantId);
    return row.comment;
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure that wrote it: the organiser (side ORGANISER), or the host structure (side HOST, when a structure hosts the session); null for a host company\'s.' })
  authorStructure(@Root() row: DebriefRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | null {
    return row.authorStructureId === null ? null : ctx.loaders.structure.load(row.authorStructureId);
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The host company that wrote it (side HOST); null for the organiser\'s and a host structure\'s.' })
  authorCompany(@Root() row: DebriefRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> | null {
    return row.authorCompanyId === null ? null : ctx.loaders.company.load(row.authorCompanyId);
  }
}

@Resolver(() => DebriefInterestType)
export class DebriefInterestResolver {
  @FieldResolver(() => MetierType, { nullable: true, description: 'The ROME fiche of the métier.' })
  metier(@Root() row: DebriefInterestType, @Ctx() ctx: GraphQLContext): Promise<MetierRow | null> {
    return ctx.loaders.metier.load(row.metierCode);
  }
}
