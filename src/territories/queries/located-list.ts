import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { listPage } from '../../db/list-query';
import { distanceSql, type LocationFilter } from './location-filter';
import type { Ordering, Page, PageArgs } from '../../db/page';

/** Rows of a located list: an id, and the distance when the list was filtered by `near`. */
export interface LocatedRow {
  id: number;
  /** Set when the list was filtered by `near`. */
  distanceKm?: number;
}

/** The columns every located row has (structures, companies, sessions, offers). */
export interface LocatedColumns extends LocatedRow {
  address: string | null;
  postalCode: string | null;
  communeCode: string | null;
  departementCode: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** The select map of the located columns of table `alias`. */
export function locatedColumns(alias: string): Record<keyof Omit<LocatedColumns, keyof LocatedRow>, string> {
  return {
    address: `${alias}.address`, postalCode: `${alias}.postal_code`, communeCode: `${alias}.commune_code`,
    departementCode: `${alias}.departement_code`, latitude: `${alias}.latitude`, longitude: `${alias}.longitude`,
  };
}

/** Name, then id: the default order of structures and companies. */
export function byName<T extends LocatedRow & { name: string }>(alias: string): Ordering<T> {
  return { direction: 'asc', keys: [{ sql: `${alias}.name`, type: 'text', read: (r) => r.name }, { sql: `${alias}.id`, type: 'int', read: (r) => r.id }] };
}

/**
 * A page of a located list (structures, companies, sessions, offers): nearest first, with `distanceKm`, when the
 * filter has `near`; in the list's own order otherwise.
 */
export function listLocated<T extends LocatedRow>(
  em: EntityManager,
  alias: string,
  filter: LocationFilter,
  filtered: () => Knex.QueryBuilder,
  columns: Record<string, string | Knex.Raw>,
  order: Ordering<T>,
  page: PageArgs,
): Promise<Page<T>> {
  const distance = filter.near ? distanceSql(alias, filter.near) : null;
  const ordering: Ordering<T> = distance
    ? { direction: 'asc', keys: [{ sql: distance.sql, bindings: distance.bindings, type: 'float', read: (r) => r.distanceKm ?? null }, { sql: `${alias}.id`, type: 'int', read: (r) => r.id }] }
    : order;
  const select = (q: Knex.QueryBuilder) =>
    distance ? q.select(columns).select(em.getKnex().raw(`${distance.sql} as "distanceKm"`, distance.bindings)) : q.select(columns);
  return listPage(em, filtered, select, ordering, page);
}
