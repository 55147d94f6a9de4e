import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { ProgrammeKind } from '../rules/programme-kind';
import { listPage, rowsByKeys } from '../../db/list-query';
import type { Page, PageArgs } from '../../db/page';
import { sql, whereNameContains } from '../../db/sql';

export interface ProgrammeRow {
  id: number;
  structureId: number;
  kind: ProgrammeKind;
  name: string;
  description: string | null;
  startsOn: string;
  endsOn: string;
  targetParticipants: number | null;
  targetSessions: number | null;
  targetImmersionsCompleted: number | null;
  targetDurableOutcomes: number | null;
}

export interface ProgrammeFilter {
  structureIds?: number[] | null;
  kinds?: ProgrammeKind[] | null;
  /** Programmes whose period contains this day. */
  activeOn?: string | null;
  /** Words in the name. */
  search?: string | null;
}

const COLUMNS = {
  id: 'p.id', structureId: 'p.structure_id', kind: 'p.kind', name: 'p.name', description: 'p.description',
  startsOn: 'p.starts_on', endsOn: 'p.ends_on', targetParticipants: 'p.target_participants', targetSessions: 'p.target_sessions',
  targetImmersionsCompleted: 'p.target_immersions_completed', targetDurableOutcomes: 'p.target_durable_outcomes',
};

function filtered(em: EntityManager, filter: ProgrammeFilter): Knex.QueryBuilder {
  const q = sql(em)('programme as p');
  if (filter.structureIds?.length) q.whereIn('p.structure_id', filter.structureIds);
  if (filter.kinds?.length) q.whereIn('p.kind', filter.kinds);
  if (filter.activeOn) q.where('p.starts_on', '<=', filter.activeOn).andWhere('p.ends_on', '>=', filter.activeOn);
  whereNameContains(q, 'p.name', filter.search);
  return q;
}

/** Programmes (public, like the structures that run them and the commitments funders read), latest start first. */
export function listProgrammes(em: EntityManager, filter: ProgrammeFilter, page: PageArgs): Promise<Page<ProgrammeRow>> {
  return listPage(em, () => filtered(em, filter), (q) => q.select(COLUMNS), {
    direction: 'desc',
    keys: [{ sql: 'p.starts_on', type: 'text', read: (r) => r.startsOn }, { sql: 'p.id', type: 'int', read: (r) => r.id }],
  }, page);
}

export function programmesByIds(em: EntityManager, ids: readonly number[]): Promise<ProgrammeRow[]> {
  return rowsByKeys(em, sql(em)('programme as p').select(COLUMNS), 'p.id', ids);
}
