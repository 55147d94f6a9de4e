import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { paginate, type Ordering, type Page, type PageArgs } from './page';
import { rows } from './sql';

/**
 * Runs a filtered, ordered, keyset-paginated list. `filtered` builds the FROM and WHERE (called twice: for the
 * page and, only if asked, for the count), `columns` the SELECT list.
 */
export function listPage<T>(
  em: EntityManager,
  filtered: () => Knex.QueryBuilder,
  columns: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  ordering: Ordering<T>,
  page: PageArgs,
): Promise<Page<T>> {
  return paginate(
    columns(filtered()),
    ordering,
    page,
    (q) => rows<T>(em, q),
    async () => {
      const [row] = await rows<{ n: string }>(em, filtered().count({ n: '*' }));
      return Number(row?.n ?? 0);
    },
  );
}

/** Rows of `table` whose `key` is in `keys`, for a DataLoader batch. */
export function rowsByKeys<T>(em: EntityManager, q: Knex.QueryBuilder, key: string, keys: readonly (string | number)[]): Promise<T[]> {
  return rows<T>(em, q.whereIn(key, [...new Set(keys)]));
}

/**
 * The first `limit` rows per parent, in one statement: `row_number() over (partition by parent order by ...)`
 * (nested lists cost one statement per level, not one per parent).
 */
export function firstPerParent<T>(
  em: EntityManager,
  inner: Knex.QueryBuilder,
  partitionBy: string,
  orderBy: string,
  limit: number,
): Promise<T[]> {
  inner.select(em.getKnex().raw(`row_number() over (partition by ${partitionBy} order by ${orderBy}) as "rowNumber"`));
  return rows<T>(em, em.getKnex().select('*').from(inner.as('ranked')).where('rowNumber', '<=', limit).orderBy([{ column: 'rowNumber' }]));
}

/** Groups rows by a key, keeping each key's order, for loaders that return lists. */
export function groupBy<T, K extends string | number>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
