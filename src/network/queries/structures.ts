import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type { StructureKind } from '../rules/structure-kind';
import { rowsByKeys } from '../../db/list-query';
import { byName, listLocated, locatedColumns, type LocatedColumns, applyLocationFilter, type LocationFilter } from '../../territories';
import type { Page, PageArgs } from '../../db/page';
import { sql, whereNameContains } from '../../db/sql';

export interface StructureRow extends LocatedColumns {
  id: number;
  name: string;
  kind: StructureKind;
  canPrescribe: boolean;
  siret: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  description: string | null;
  /** The structure it is an antenna of. */
  parentId: number | null;
}

export interface StructureFilter extends LocationFilter {
  kinds?: StructureKind[] | null;
  canPrescribe?: boolean | null;
  /** Words in the name. */
  search?: string | null;
}

export const STRUCTURE_COLUMNS = {
  id: 'st.id', name: 'st.name', kind: 'st.kind', canPrescribe: 'st.can_prescribe', siret: 'st.siret', email: 'st.email',
  phone: 'st.phone', website: 'st.website', description: 'st.description', parentId: 'st.parent_id', ...locatedColumns('st'),
};

function filtered(em: EntityManager, filter: StructureFilter): Knex.QueryBuilder {
  const q = sql(em)('structure as st');
  if (filter.kinds?.length) q.whereIn('st.kind', filter.kinds);
  if (filter.canPrescribe != null) q.where('st.can_prescribe', filter.canPrescribe);
  whereNameContains(q, 'st.name', filter.search);
  applyLocationFilter(q, 'st', filter);
  return q;
}

/** Structures of the network (public data). */
export function listStructures(em: EntityManager, filter: StructureFilter, page: PageArgs): Promise<Page<StructureRow>> {
  return listLocated(em, 'st', filter, () => filtered(em, filter), STRUCTURE_COLUMNS, byName<StructureRow>('st'), page);
}

export function structuresByIds(em: EntityManager, ids: readonly number[]): Promise<StructureRow[]> {
  return rowsByKeys(em, sql(em)('structure as st').select(STRUCTURE_COLUMNS), 'st.id', ids);
}
