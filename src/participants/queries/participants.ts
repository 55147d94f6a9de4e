import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { restrictParticipants } from './visibility';
import { listPage, rowsByKeys } from '../../db/list-query';
import type { Page, PageArgs } from '../../db/page';
import { sql, type Timestamp } from '../../db/sql';

/** What may be read of a participant without personal-data rights. */
export interface ParticipantRow {
  id: number;
  referentStructureId: number;
  referentAccountId: number | null;
  ageBand: string | null;
  departementCode: string | null;
  createdAt: Timestamp;
  lastActivityAt: Timestamp;
  erasedAt: Timestamp | null;
}

/** Personal data: shown only through personalDataView (src/access/personal-data-access.ts). */
export interface ParticipantPersonalRow {
  participantId: number;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  postalCode: string | null;
  communeCode: string | null;
  notes: string | null;
  /** Null when the viewer's access does not include it (src/access/personal-data-access.ts). */
  rqth: boolean | null;
}

export interface ParticipantFilter {
  referentStructureIds?: number[] | null;
  departementCodes?: string[] | null;
  /** Include erased (anonymised) participants; default false. */
  includeErased?: boolean | null;
}

const COLUMNS = {
  id: 'p.id', referentStructureId: 'p.referent_structure_id', referentAccountId: 'p.referent_account_id', ageBand: 'p.age_band',
  departementCode: 'p.departement_code', createdAt: 'p.created_at', lastActivityAt: 'p.last_activity_at', erasedAt: 'p.erased_at',
};

// Filters use only non-personal columns, so that filtering cannot reveal personal data.
function filtered(em: EntityManager, viewer: Viewer, filter: ParticipantFilter): Knex.QueryBuilder {
  const q = restrictParticipants(sql(em)('participant as p'), viewer, 'p');
  if (filter.referentStructureIds?.length) q.whereIn('p.referent_structure_id', filter.referentStructureIds);
  if (filter.departementCodes?.length) q.whereIn('p.departement_code', filter.departementCodes);
  if (!filter.includeErased) q.whereNull('p.erased_at');
  return q;
}

/** Participants the viewer follows (or may see), newest first. */
export function listParticipants(em: EntityManager, viewer: Viewer, filter: ParticipantFilter, page: PageArgs): Promise<Page<ParticipantRow>> {
  return listPage(em, () => filtered(em, viewer, filter), (q) => q.select(COLUMNS), { direction: 'desc', keys: [{ sql: 'p.id', type: 'int', read: (r) => r.id }] }, page);
}

/**
 * Participants by id without the list restriction: a referral's host or prescriber may know that the participant
 * exists; what they may read of them is decided field by field.
 */
export function participantsByIds(em: EntityManager, ids: readonly number[]): Promise<ParticipantRow[]> {
  return rowsByKeys(em, sql(em)('participant as p').select(COLUMNS), 'p.id', ids);
}

/** Participants by id that the viewer may list (for node(id)). */
export function visibleParticipantsByIds(em: EntityManager, viewer: Viewer, ids: readonly number[]): Promise<ParticipantRow[]> {
  return rowsByKeys(em, restrictParticipants(sql(em)('participant as p').select(COLUMNS), viewer, 'p'), 'p.id', ids);
}

export function personalDataByParticipants(em: EntityManager, ids: readonly number[]): Promise<ParticipantPersonalRow[]> {
  return rowsByKeys(
    em,
    sql(em)('participant_personal_data as d').select({
      participantId: 'd.participant_id', firstName: 'd.first_name', lastName: 'd.last_name', birthDate: 'd.birth_date',
      email: 'd.email', phone: 'd.phone', address: 'd.address', postalCode: 'd.postal_code', communeCode: 'd.commune_code',
      notes: 'd.notes', rqth: 'd.rqth',
    }),
    'd.participant_id',
    ids,
  );
}
