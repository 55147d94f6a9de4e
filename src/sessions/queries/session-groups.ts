import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { restrictSessions } from './visibility';
import { paginatePerParent, type Ordering, type Page, type PageArgs } from '../../db/page';
import { rows, sql, type Timestamp } from '../../db/sql';

/**
 * Sessions as members of a group: a programme, a series, a multi-site event (their own columns of `session`). The
 * pages carry ids, read back through the session loader: one more statement per level, but the session columns stay
 * declared once, in sessions.ts.
 */
export type SessionGroupColumn = 'programme_id' | 'series_id' | 'multi_site_event_id';

export interface GroupedSessionKey {
  id: number;
  parentKey: number;
  startsAt: Timestamp;
}

const BY_START: Ordering<GroupedSessionKey> = {
  direction: 'asc',
  keys: [{ sql: 's.starts_at', type: 'timestamp', read: (r) => r.startsAt }, { sql: 's.id', type: 'int', read: (r) => r.id }],
};

/** A page of the sessions of each group that the viewer may see, by start (one statement for the batch). */
export function sessionPagesByGroup(
  em: EntityManager,
  viewer: Viewer,
  column: SessionGroupColumn,
  groupIds: readonly number[],
  page: PageArgs,
  count: (groupId: number) => Promise<number>,
): Promise<Map<number, Page<GroupedSessionKey>>> {
  const inner = restrictSessions(sql(em)('session as s').select({ id: 's.id', parentKey: `s.${column}`, startsAt: 's.starts_at' }), viewer)
    .whereIn(`s.${column}`, [...new Set(groupIds)]);
  return paginatePerParent(sql(em), inner, `s.${column}`, BY_START, page, (q) => rows<GroupedSessionKey>(em, q), count);
}

/** How many sessions of each group the viewer may see (one statement for the batch). */
export async function sessionCountsByGroup(em: EntityManager, viewer: Viewer, column: SessionGroupColumn, groupIds: readonly number[]): Promise<Map<number, number>> {
  const q = restrictSessions(sql(em)('session as s').select({ groupId: `s.${column}` }).count({ n: '*' }), viewer)
    .whereIn(`s.${column}`, [...new Set(groupIds)])
    .groupBy(`s.${column}`);
  return new Map((await rows<{ groupId: number; n: string }>(em, q)).map((r) => [r.groupId, Number(r.n)]));
}

/** The groups a session belongs to. */
export interface SessionGroupsRow {
  sessionId: number;
  programmeId: number | null;
  seriesId: number | null;
  multiSiteEventId: number | null;
}

/** The groups of each session (its visibility was checked when the session was read). */
export function groupsOfSessions(em: EntityManager, sessionIds: readonly number[]): Promise<SessionGroupsRow[]> {
  return rows<SessionGroupsRow>(
    em,
    sql(em)('session as s')
      .select({ sessionId: 's.id', programmeId: 's.programme_id', seriesId: 's.series_id', multiSiteEventId: 's.multi_site_event_id' })
      .whereIn('s.id', [...new Set(sessionIds)]),
  );
}

export interface SessionSeriesRow {
  id: number;
  organiserId: number;
  everyDays: number | null;
  occurrences: number;
}

/** Series are public: their sessions keep their own visibility. */
export function seriesByIds(em: EntityManager, ids: readonly number[]): Promise<SessionSeriesRow[]> {
  return rows<SessionSeriesRow>(
    em,
    sql(em)('session_series as ss').select({ id: 'ss.id', organiserId: 'ss.organiser_id', everyDays: 'ss.every_days', occurrences: 'ss.occurrences' })
      .whereIn('ss.id', [...new Set(ids)]),
  );
}

export interface MultiSiteEventRow {
  id: number;
  organiserId: number;
  title: string;
  description: string | null;
}

/** Multi-site events are public: their workshops keep their own visibility. */
export function multiSiteEventsByIds(em: EntityManager, ids: readonly number[]): Promise<MultiSiteEventRow[]> {
  return rows<MultiSiteEventRow>(
    em,
    sql(em)('multi_site_event as e').select({ id: 'e.id', organiserId: 'e.organiser_id', title: 'e.title', description: 'e.description' })
      .whereIn('e.id', [...new Set(ids)]),
  );
}
