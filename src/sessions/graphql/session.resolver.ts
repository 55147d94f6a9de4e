import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { idsOf, toGlobalId } from '../../graphql/global-id';
import { connectionNodeSelections, embeddedRowKeys } from '../../graphql/look-ahead';
import { COMPANY_FIELD_KEYS, CompanyType, STRUCTURE_FIELD_KEYS, StructureType, type CompanyRow, type StructureRow } from '../../network';
import { LocationFilterInput } from '../../territories';
import { METIER_FIELD_KEYS, MetierType, type MetierRow } from '../../metiers';
import { Connection, PageArgsType, pageArgs, toConnection } from '../../graphql/connections';
import { DateTime } from '../../graphql/scalars';
import { MeetingPointType, SessionType } from './session.types';
import { SessionKind } from '../rules/session-kind';
import { SessionStatus } from '../rules/session-status';
import { listSessions, mayReadHostDeclineReason, type SessionRow } from '../queries/sessions';
import { ListItems } from '../../graphql/list-size';
import { MAX_SESSION_METIERS } from '../use-cases/sessions';
import { placesLeft } from '../../referrals';
import { isUnderMinimum } from '../rules/session-course';

@ObjectType({ description: 'A page of sessions.' })
class SessionConnection extends Connection(SessionType, 'A page of sessions.') {}

@InputType('SessionFilter', { description: 'Which sessions; all conditions must hold.' })
class SessionFilterInput extends LocationFilterInput {
  @Field(() => [SessionKind], { nullable: true, description: 'Sessions of any of these kinds (all kinds when absent or empty).' })
  kinds?: SessionKind[] | null;

  @Field(() => [SessionStatus], { nullable: true, description: 'Sessions in any of these statuses (any status you may read when absent or empty: drafts only for their organiser and host).' })
  statuses?: SessionStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'ROME fiches, domaines or grands domaines (F1701, F17, F): sessions about any of them.' })
  romeCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Organising structures.' })
  organisers?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Host companies.' })
  hostCompanies?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Host structures (an MFR, an SIAE that opens its doors).' })
  hostStructures?: string[] | null;

  @Field(() => DateTime, { nullable: true, description: 'Sessions starting at or after this instant.' })
  startsFrom?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'Sessions starting before this instant.' })
  startsBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Only sessions with seats left (true) or full ones (false).' })
  hasSeatsLeft?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only sessions flagged `underMinimum` (true), or not flagged (false): what an organiser checks two days ahead.' })
  underMinimum?: boolean | null;
}

@ArgsType()
class SessionsArgs extends PageArgsType {
  @Field(() => SessionFilterInput, { nullable: true, description: 'Which sessions; all you may read when absent.' })
  filter?: SessionFilterInput | null;
}

@Resolver(() => SessionType)
export class SessionResolver {
  @Query(() => SessionConnection, { description: 'Sessions you may see (published ones, and your own drafts), by start (or by distance with `filter.near`).' })
  async sessions(@Args() args: SessionsArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const { organisers, hostCompanies, hostStructures, ...f } = args.filter ?? {};
    const filter = {
      ...f,
      organiserIds: idsOf('Structure', organisers, 'filter.organisers'),
      hostCompanyIds: idsOf('Company', hostCompanies, 'filter.hostCompanies'),
      hostStructureIds: idsOf('Structure', hostStructures, 'filter.hostStructures'),
    };
    // The related rows asked come with the page, each with only what the fields asked of it read.
    const asked = connectionNodeSelections(info);
    const embeds = {
      organiser: embeddedRowKeys(asked.get('organiser'), STRUCTURE_FIELD_KEYS, ['id']),
      hostCompany: embeddedRowKeys(asked.get('hostCompany'), COMPANY_FIELD_KEYS, ['id']),
      hostStructure: embeddedRowKeys(asked.get('hostStructure'), STRUCTURE_FIELD_KEYS, ['id']),
      metiers: embeddedRowKeys(asked.get('metiers'), METIER_FIELD_KEYS, ['code']),
      counsellors: asked.has('counsellorAccountIds'),
    };
    return toConnection(await listSessions(ctx.em, ctx.viewer, filter, pageArgs(args, ctx.maxPageSize), embeds));
  }

  @FieldResolver(() => StructureType, { nullable: true, description: 'The structure that runs the session and answers referrals.' })
  organiser(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | StructureRow | null {
    return row.organiserRow !== undefined ? row.organiserRow : ctx.loaders.structure.load(row.organiserId);
  }

  @FieldResolver(() => CompanyType, { nullable: true, description: 'The company whose doors open, if any; null when there is no host or the host is a structure (`hostStructure`).' })
  hostCompany(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<CompanyRow | null> | CompanyRow | null {
    if (row.hostCompanyRow !== undefined) return row.hostCompanyRow;
    return row.hostCompanyId === null ? null : ctx.loaders.company.load(row.hostCompanyId);
  }

  @FieldResolver(() => StructureType, {
    nullable: true,
    description: 'The structure whose doors open instead of a company (an MFR, an SIAE, with a SIRET), if any; null when there is no host or the host is a company (`hostCompany`). A session has at most one host.',
  })
  hostStructure(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<StructureRow | null> | StructureRow | null {
    if (row.hostStructureRow !== undefined) return row.hostStructureRow;
    return row.hostStructureId === null ? null : ctx.loaders.structure.load(row.hostStructureId);
  }

  @FieldResolver(() => [MetierType], { description: 'ROME fiches the session is about.' })
  @ListItems(MAX_SESSION_METIERS)
  metiers(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<MetierRow[]> | MetierRow[] {
    return row.metierRows ?? ctx.loaders.metiersBySession.load(row.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why the host (company or structure) declined or withdrew, in its words: for the organiser, the host and network admins (null for everyone else).',
  })
  hostDeclineReason(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): string | null {
    return mayReadHostDeclineReason(ctx.viewer, row) ? row.hostDeclineReason : null;
  }

  @FieldResolver(() => Int, { description: 'Seats still free (capacity − seats taken).' })
  seatsLeft(@Root() row: SessionRow): number {
    return placesLeft(row.capacity, row.seatsTaken);
  }

  @FieldResolver(() => Boolean, {
    description: 'A published session with fewer seats taken than its `minimumSize`, starting within 48 hours: its organiser fills it or cancels it (`cancelSession` tells each prescriber). Listed with `sessions(filter: { underMinimum: true })`.',
  })
  underMinimum(@Root() row: SessionRow): boolean {
    return isUnderMinimum({ status: row.status, minimumSize: row.minimumSize, seatsTaken: row.seatsTaken, startsAt: new Date(row.startsAt) }, new Date());
  }

  @FieldResolver(() => MeetingPointType, { nullable: true, description: 'Where the group meets, when it is not the visited site (the session\'s address); null: at the site.' })
  meetingPoint(@Root() row: SessionRow): MeetingPointType | null {
    return row.meetingPointLabel === null ? null : { label: row.meetingPointLabel, address: row.meetingPointAddress };
  }

  @FieldResolver(() => [ID], { description: 'Accounts of the structure counsellors who go along with the group.' })
  async counsellorAccountIds(@Root() row: SessionRow, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    // Lists read them only when asked (SessionEmbeds): a row without them is read again by id, all at once.
    const ids = row.counsellorAccountIds ?? (await ctx.loaders.session.load(row.id))?.counsellorAccountIds ?? [];
    return ids.map((id) => toGlobalId('Account', id));
  }
}
