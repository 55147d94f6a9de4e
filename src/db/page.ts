import type { Knex } from '@mikro-orm/postgresql';
import { hash } from 'node:crypto';
import { BadInputError } from '../common/errors';

/** Forward pagination arguments of a Relay connection (the cursor pagination convention; graphql/connections.ts). */
export interface PageArgs {
  first: number;
  after?: string | null;
}

/** One page of rows, with what a Relay connection needs. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Runs the count only when a client asks for `totalCount`. */
  totalCount: () => Promise<number>;
}

/**
 * What a key's values are. A cursor comes back from the client: each value is checked against its key's type
 * when decoded, so that a tampered cursor is a BAD_USER_INPUT and never a failing SQL statement.
 * `int`: a 32-bit integer (serial ids); `bigint`: a 64-bit integer, as text (PostgreSQL hands bigints over as
 * text); `float`: a finite number (a distance); `text`: a string; `timestamp`: a timestamptz as PostgreSQL prints
 * it (or ISO 8601), year 1 to 9999.
 */
export type CursorKeyType = 'int' | 'bigint' | 'float' | 'text' | 'timestamp';

/**
 * A stable ordering: SQL expressions (with their bindings), their types, and how to read each one back from a
 * row. The last key must be unique (the id) so that the order is total and keyset cursors never skip or repeat a
 * row.
 */
export interface Ordering<T> {
  keys: { sql: string; bindings?: readonly Knex.Value[]; type: CursorKeyType; read: (row: T) => string | number | Date | null }[];
  direction: 'asc' | 'desc';
}

type CursorValue = string | number | null;

/**
 * What a cursor carries to name its ordering: a digest of the keys' SQL, bindings and direction. A cursor of
 * sessions by distance from a point given to sessions by date (or by distance from another point) is refused
 * instead of comparing a date with a distance.
 */
function orderingTag<T>(ordering: Ordering<T>): string {
  const spec = JSON.stringify([ordering.direction, ordering.keys.map((k) => [k.sql, k.bindings ?? []])]);
  return hash('sha256', spec, 'base64url').slice(0, 12);
}

/** Longest cursor accepted: ours are far shorter (a name of at most a few hundred characters, and an id). */
const MAX_CURSOR_LENGTH = 2000;

/** A cursor: the ordering's tag and the row's key values. */
function encodeCursor(tag: string, values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify({ o: tag, k: values }), 'utf8').toString('base64url');
}

const INT4 = 2 ** 31;
const INT8_MAX = 2n ** 63n - 1n;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}(?::?\d{2}){0,2})$/;

/** Whether `value` is a valid value of a key of `type` (what PostgreSQL will accept for it). */
function fits(type: CursorKeyType, value: unknown): boolean {
  switch (type) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= -INT4 && value < INT4;
    case 'bigint':
      return typeof value === 'string' && /^-?\d{1,19}$/.test(value) && BigInt(value) <= INT8_MAX && BigInt(value) >= -INT8_MAX - 1n;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
    case 'timestamp': {
      const parts = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
      if (!parts) return false;
      const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      const date = new Date(0);
      date.setUTCFullYear(year, month - 1, day);
      // PostgreSQL has no year 0; the day must exist in its month
      return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
    }
  }
}

/** The values of a cursor of `ordering`, each checked against its key's type; BAD_USER_INPUT on `after` otherwise. */
function decodeCursor<T>(cursor: string, ordering: Ordering<T>, tag: string): CursorValue[] {
  let decoded: unknown;
  try {
    decoded = cursor.length <= MAX_CURSOR_LENGTH ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  } catch {
    decoded = null;
  }
  const { o: found, k: values } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as { o?: unknown; k?: unknown };
  if (typeof found !== 'string' || !Array.isArray(values)) throw new BadInputError('after', 'is not a cursor of this list');
  if (found !== tag) {
    throw new BadInputError('after', 'is a cursor of another list or order: give it to the same query it came from (same filter, search and `near`)');
  }
  if (values.length !== ordering.keys.length || !ordering.keys.every((key, i) => fits(key.type, values[i]))) {
    throw new BadInputError('after', 'is not a cursor of this list');
  }
  return values as CursorValue[];
}

function toCursorValue(value: string | number | Date | null): CursorValue {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * An edge of a page: its cursor is encoded when read (a list asks for `pageInfo.endCursor`, seldom for every
 * edge's `cursor`: encoding 50 cursors was about 1 % of a portal list's CPU). A class, not an object literal with a
 * getter: V8 keeps each of those in dictionary mode, as slow as encoding them all. Copy an edge field by field
 * (`{ cursor: e.cursor, node }`): a spread would drop the getter.
 */
class LazyEdge<T> {
  constructor(
    readonly node: T,
    private readonly tag: string,
    private readonly keys: Ordering<T>['keys'],
  ) {}

  get cursor(): string {
    return encodeCursor(this.tag, this.keys.map((k) => toCursorValue(k.read(this.node))));
  }
}

function edgeOf<T>(node: T, tag: string, keys: Ordering<T>['keys']): { node: T; cursor: string } {
  return new LazyEdge(node, tag, keys);
}

/**
 * Keyset pagination: applies the ordering, the `after` cursor and a limit of first + 1 to `query`, runs it, and
 * builds the page. `count` is the same filter without ordering or limit.
 */
export async function paginate<T>(
  query: Knex.QueryBuilder,
  ordering: Ordering<T>,
  page: PageArgs,
  run: (q: Knex.QueryBuilder) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const { keys, direction } = ordering;
  const tag = orderingTag(ordering);
  if (page.after) {
    const values = decodeCursor(page.after, ordering, tag);
    const lhs = keys.map((k) => k.sql).join(', ');
    const rhs = keys.map(() => '?').join(', ');
    const bindings = keys.flatMap((k) => k.bindings ?? []);
    query.whereRaw(`(${lhs}) ${direction === 'asc' ? '>' : '<'} (${rhs})`, [...bindings, ...values]);
  }
  for (const key of keys) query.orderByRaw(`${key.sql} ${direction}`, (key.bindings ?? []) as Knex.Value[]);
  query.limit(page.first + 1);
  const found = await run(query);
  const hasNextPage = found.length > page.first;
  const nodes = hasNextPage ? found.slice(0, page.first) : found;
  let counted: Promise<number> | undefined;
  return {
    edges: nodes.map((node) => edgeOf(node, tag, keys)),
    hasNextPage,
    hasPreviousPage: Boolean(page.after),
    totalCount: () => (counted ??= count()),
  };
}

/**
 * The same keyset page for every parent of a batch, in one statement (nested connections read through a DataLoader:
 * `Programme.sessions(first, after)`): `inner` is the filtered rows with their columns and the parent key selected
 * as "parentKey"; the cursor applies to every parent alike (a client pages one parent at a time). `count` gives a
 * parent's total, only when a client asks for `totalCount`.
 */
export async function paginatePerParent<T extends { parentKey: K }, K extends string | number>(
  knex: Knex,
  inner: Knex.QueryBuilder,
  partitionBy: string,
  ordering: Ordering<T>,
  page: PageArgs,
  run: (q: Knex.QueryBuilder) => Promise<T[]>,
  count: (parent: K) => Promise<number>,
): Promise<Map<K, Page<T>>> {
  const { keys, direction } = ordering;
  const tag = orderingTag(ordering);
  if (page.after) {
    const values = decodeCursor(page.after, ordering, tag);
    const bindings = keys.flatMap((k) => k.bindings ?? []);
    inner.whereRaw(`(${keys.map((k) => k.sql).join(', ')}) ${direction === 'asc' ? '>' : '<'} (${keys.map(() => '?').join(', ')})`, [...bindings, ...values]);
  }
  const orderBy = keys.map((k) => `${k.sql} ${direction}`).join(', ');
  inner.select(knex.raw(`row_number() over (partition by ${partitionBy} order by ${orderBy}) as "rowNumber"`, keys.flatMap((k) => k.bindings ?? []) as Knex.Value[]));
  const found = await run(knex.select('*').from(inner.as('ranked')).where('rowNumber', '<=', page.first + 1).orderBy([{ column: 'rowNumber' }]));
  const byParent = new Map<K, T[]>();
  for (const row of found) {
    const group = byParent.get(row.parentKey);
    if (group) group.push(row);
    else byParent.set(row.parentKey, [row]);
  }
  const pages = new Map<K, Page<T>>();
  for (const [parent, group] of byParent) {
    const hasNextPage = group.length > page.first;
    const nodes = hasNextPage ? group.slice(0, page.first) : group;
    let counted: Promise<number> | undefined;
    pages.set(parent, {
      edges: nodes.map((node) => edgeOf(node, tag, keys)),
      hasNextPage,
      hasPreviousPage: Boolean(page.after),
      totalCount: () => (counted ??= count(parent)),
    });
  }
  return pages;
}

/** The page of a parent that has no row on it. */
export function emptyPage<T>(page: PageArgs, count: () => Promise<number>): Page<T> {
  let counted: Promise<number> | undefined;
  return { edges: [], hasNextPage: false, hasPreviousPage: Boolean(page.after), totalCount: () => (counted ??= count()) };
}
