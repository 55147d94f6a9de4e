import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { HostConfirmation } from '../rules/host-confirmation';
import type { SessionKind } from '../rules/session-kind';
import type { SessionStatus } from '../rules/session-status';
import { actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';
import { restrictSessions } from './visibility';
import { BadInputError } from '../../common/errors';
import { companySubselect, sessionMetiersSubselect, structureSubselect, type RowKeys, type SessionEmbeddedRows } from '../../db/embedded-rows';
import type { CompanyRow, StructureRow } from '../../network';
import type { MetierRow } from '../../metiers';
import { firstPerParent, rowsByKeys } from '../../db/list-query';
import { listLocated, locatedColumns, type LocatedColumns, applyLocationFilter, type LocationFilter } from '../../territories';
import type { Ordering, Page, PageArgs } from '../../db/page';
import { whereHasRomeCode } from '../../metiers';
import { sql, type Timestamp } from '../../db/sql';
import { sessionSeatsSql } from '../../referrals';
import { underMinimumSql } from '../rules/session-course';

export interface SessionRow extends LocatedColumns, SessionEmbeddedRows {
  id: number;
  kind: SessionKind;
  title: string;
  description: string | null;
  organiserId: number;
  hostCompanyId: number | null;
  hostStructureId: number | null;
  hostConfirmation: HostConfirmation;
  hostRespondedAt: Timestamp | null;
  hostDeclineReason: string | null;
  startsAt: Timestamp;
  endsAt: Timestamp;
  capacity: number;
  seatsTaken: number;
  minimumAge: number;
  minimumSize: number | null;
  meetingPointLabel: string | null;
  meetingPointAddress: string | null;
  /** Accounts of the counsellors going along, in id order; absent from a list that was not asked for them. */
  counsellorAccountIds?: number[];
  status: SessionStatus;
  publishedAt: Timestamp | null;
}

export interface SessionFilter extends LocationFilter {
  kinds?: SessionKind[] | null;
  statuses?: SessionStatus[] | null;
  romeCodes?: string[] | null;
  organiserIds?: number[] | null;
  hostCompanyIds?: number[] | null;
  hostStructureIds?: number[] | null;
  startsFrom?: Date | null;
  startsBefore?: Date | null;
  hasSeatsLeft?: boolean | null;
  /** Sessions under their minimum group size within 48 hours of their start (rules/session-course.ts). */
  underMinimum?: boolean | null;
}

const COLUMNS = {
  id: 's.id', kind: 's.kind', title: 's.title', description: 's.description', organiserId: 's.organiser_id',
  hostCompanyId: 's.host_company_id', hostStructureId: 's.host_structure_id', hostConfirmation: 's.host_confirmation', hostRespondedAt: 's.host_responded_at',
  hostDeclineReason: 's.host_decline_reason', startsAt: 's.starts_at', endsAt: 's.ends_at', capacity: 's.capacity',
  seatsTaken: 's.seats_taken', minimumAge: 's.minimum_age', minimumSize: 's.minimum_size', meetingPointLabel: 's.meeting_point_label',
  meetingPointAddress: 's.meeting_point_address', status: 's.status', publishedAt: 's.published_at', ...locatedColumns('s'),
};

const counsellorsSubselect = (em: EntityManager): Knex.Raw =>
  em.getKnex().raw(`array(select sc.account_id from session_counsellor sc where sc.session_id = s.id order by sc.account_id)`);

/** COLUMNS and the computed ones, read in the same statement (no statement per session). */
function columns(em: EntityManager): Record<string, string | Knex.Raw> {
  return { ...COLUMNS, counsellorAccountIds: counsellorsSubselect(em) };
}

function filtered(em: EntityManager, viewer: Viewer, filter: SessionFilter): Knex.QueryBuilder {
  const q = sql(em)('session as s');
  restrictSessions(q, viewer, 's');
  if (filter.kinds?.length) q.whereIn('s.kind', filter.kinds);
  if (filter.statuses?.length) q.whereIn('s.status', filter.statuses);
  if (filter.organiserIds?.length) q.whereIn('s.organiser_id', filter.organiserIds);
  if (filter.hostCompanyIds?.length) q.whereIn('s.host_company_id', filter.hostCompanyIds);
  if (filter.hostStructureIds?.length) q.whereIn('s.host_structure_id', filter.hostStructureIds);
  if (filter.romeCodes?.length) whereHasRomeCode(q, filter.romeCodes, 'filter.romeCodes', { table: 'session_metier', fk: 'session_id', parent: 's.id' });
  if (filter.startsFrom && filter.startsBefore && filter.startsBefore <= filter.startsFrom) {
    throw new BadInputError('filter.startsBefore', 'must be after filter.startsFrom');
  }
  if (filter.startsFrom) q.where('s.starts_at', '>=', filter.startsFrom);
  if (filter.startsBefore) q.where('s.starts_at', '<', filter.startsBefore);
  if (filter.hasSeatsLeft === true) q.whereRaw(sessionSeatsSql('s').hasSeatLeft);
  if (filter.hasSeatsLeft === false) q.whereRaw(sessionSeatsSql('s').noSeatLeft);
  if (filter.underMinimum === true) q.whereRaw(underMinimumSql('s'));
  if (filter.underMinimum === false) q.whereRaw(`not ${underMinimumSql('s')}`);
  applyLocationFilter(q, 's', filter);
  return q;
}

/**
 * A host's reason for declining is for the organiser and the host, not the public: a session whose host withdrew is
 * cancelled, and cancelled sessions are public. (A withdrawal also writes the reason in the log of each referral it
 * cancels, as an organiser's cancellation does, for those who follow them.)
 */
export function mayReadHostDeclineReason(viewer: Viewer, row: Pick<SessionRow, 'organiserId' | 'hostCompanyId' | 'hostStructureId'>): boolean {
  if (isNetworkAdmin(viewer)) return true;
  if (!actsForOrganisation(viewer.role)) return false;
  if (viewer.structureId !== null && (viewer.structureId === row.organiserId || viewer.structureId === row.hostStructureId)) return true;
  return row.hostCompanyId !== null && viewer.companyId === row.hostCompanyId;
}

/** Related public rows a session list can carry (the client asked for them), with the keys of each to read. */
export interface SessionEmbeds {
  organiser?: RowKeys<StructureRow>;
  hostCompany?: RowKeys<CompanyRow>;
  hostStructure?: RowKeys<StructureRow>;
  metiers?: RowKeys<MetierRow>;
  /** The counsellors' accounts: a subselect per row, read only when asked (the portal's list never is). */
  counsellors?: boolean;
}

function embeddedColumns(em: EntityManager, embeds: SessionEmbeds): Record<string, Knex.Raw> {
  const columns: Record<string, Knex.Raw> = {};
  if (embeds.organiser) columns.organiserRow = structureSubselect(em, 's.organiser_id', embeds.organiser);
  if (embeds.hostCompany) columns.hostCompanyRow = companySubselect(em, 's.host_company_id', embeds.hostCompany);
  if (embeds.hostStructure) columns.hostStructureRow = structureSubselect(em, 's.host_structure_id', embeds.hostStructure);
  if (embeds.metiers) columns.metierRows = sessionMetiersSubselect(em, 's.id', embeds.metiers);
  if (embeds.counsellors) columns.counsellorAccountIds = counsellorsSubselect(em);
  return columns;
}

/** Sessions the viewer may see, filtered; by start date, or by distance when `near` is given. */
export function listSessions(em: EntityManager, viewer: Viewer, filter: SessionFilter, page: PageArgs, embeds: SessionEmbeds = {}): Promise<Page<SessionRow>> {
  const byStart: Ordering<SessionRow> = { direction: 'asc', keys: [{ sql: 's.starts_at', type: 'timestamp', read: (r) => r.startsAt }, { sql: 's.id', type: 'int', read: (r) => r.id }] };
  return listLocated(em, 's', filter, () => filtered(em, viewer, filter), { ...COLUMNS, ...embeddedColumns(em, embeds) }, byStart, page);
}

export function sessionsByIds(em: EntityManager, viewer: Viewer, ids: readonly number[]): Promise<SessionRow[]> {
  return rowsByKeys(em, restrictSessions(sql(em)('session as s').select(columns(em)), viewer), 's.id', ids);
}

/** Upcoming-first sessions per host company, at most `limit` each (one statement). */
export function sessionsByHostCompany(em: EntityManager, viewer: Viewer, companyIds: readonly number[], limit: number): Promise<SessionRow[]> {
  const inner = restrictSessions(sql(em)('session as s').select(columns(em)), viewer).whereIn('s.host_company_id', [...companyIds]);
  return firstPerParent(em, inner, 's.host_company_id', 's.starts_at desc, s.id desc', limit);
}

/** Upcoming-first sessions per host structure, at most `limit` each (one statement). */
export function sessionsByHostStructure(em: EntityManager, viewer: Viewer, structureIds: readonly number[], limit: number): Promise<SessionRow[]> {
  const inner = restrictSessions(sql(em)('session as s').select(columns(em)), viewer).whereIn('s.host_structure_id', [...structureIds]);
  return firstPerParent(em, inner, 's.host_structure_id', 's.starts_at desc, s.id desc', limit);
}

/** Sessions per métier (most recent start first), at most `limit` each (one statement). */
export function sessionsByMetier(em: EntityManager, viewer: Viewer, metierCodes: readonly string[], limit: number): Promise<(SessionRow & { metierCode: string })[]> {
  const inner = restrictSessions(
    sql(em)('session_metier as sm').join('session as s', 's.id', 'sm.session_id').select(columns(em)).select({ metierCode: 'sm.metier_code' }),
    viewer,
  ).whereIn('sm.metier_code', [...metierCodes]);
  return firstPerParent(em, inner, 'sm.metier_code', 's.starts_at desc, s.id desc', limit);
}
