import type { Knex } from '@mikro-orm/postgresql';
import { BadInputError } from '../errors';

/** Forward pagination arguments of a Relay connection. */
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
 * A stable ordering: SQL expressions (with their bindings) and how to read each one back from a row. The last key
 * must be unique (the id) so that the order is total and keyset cursors never skip or repeat a row.
 */
export interface Ordering<T> {
  keys: { sql: string; bindings?: readonly Knex.Value[]; read: (row: T) => string | number | Date | null }[];
  direction: 'asc' | 'desc';
}

type CursorValue = string | number | null;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => v === null || ['string', 'number'].includes(typeof v))) {
      return values as CursorValue[];
    }
  } catch {
    // fall through to the error below
  }
  throw new BadInputError('after', 'is not a cursor of this list');
}

function toCursorValue(value: string | number | Date | null): CursorValue {
  return value instanceof Date ? value.toISOString() : value;
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
  if (page.after) {
    const values = decodeCursor(page.after, keys.length);
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
    edges: nodes.map((node) => ({ node, cursor: encodeCursor(keys.map((k) => toCursorValue(k.read(node)))) })),
    hasNextPage,
    hasPreviousPage: Boolean(page.after),
    totalCount: () => (counted ??= count()),
  };
}
