import { hash } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { BadInputError } from '../common/errors';

export type QueryBuilder = Knex.QueryBuilder;

/** The knex builder of the request's connection (reads go through the ORM connection, so they are counted). */
export function sql(em: EntityManager): Knex {
  return em.getKnex();
}

/** What `rows` needs of knex's client: a connection of the pool (or the transaction's), given back after. */
interface ConnectionSource {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown> | unknown;
}
interface PgConnection {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Most statements one connection keeps prepared. The texts of the hot reads are few (one per selection shape and list
 * length), but a client could vary them (long `ids` lists): past this bound a statement runs unnamed, as before.
 */
const MAX_PREPARED_PER_CONNECTION = 256;
/** Per connection, the texts it has prepared and their names (the name hashed once per text, not per run). */
const prepared = new WeakMap<PgConnection, Map<string, string>>();

export function statementName(connection: PgConnection, text: string): string | undefined {
  let names = prepared.get(connection);
  if (!names) prepared.set(connection, (names = new Map()));
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= MAX_PREPARED_PER_CONNECTION) return undefined;
  const name = `relais_${hash('sha1', text, 'base64url')}`;
  names.set(text, name);
  return name;
}

/**
 * The type PostgreSQL gives the value written as a literal (`1` an integer, `1.5` a numeric, `true` a boolean; a quoted
 * text, date or JSON takes the type its place asks): a parameter without it would be text in `array[$1]`, where the
 * literal `array[1]` was an integer array.
 */
function literalType(value: unknown): string {
  if (typeof value === 'boolean') return '::boolean';
  if (typeof value === 'bigint') return '::bigint';
  if (typeof value !== 'number') return '';
  if (!Number.isInteger(value)) return '::numeric';
  return value >= -(2 ** 31) && value < 2 ** 31 ? '::int' : '::bigint';
}

/**
 * `?` placeholders to `$n` parameters, with the ORM's reading of the values (MikroORM's `formatQuery`, which wrote them
 * into the text before): an array stands for a list of values (`any(array[?])`, `in (?)`), a date for its instant, an
 * object for its JSON, a number or a boolean keeps the type of its literal; `\\?` is a literal question mark.
 */
export function parameterised(sqlText: string, bindings: readonly unknown[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  let next = 0;
  const parameter = (value: unknown) => {
    values.push(value instanceof Date ? value.toISOString() : value !== null && typeof value === 'object' && !Buffer.isBuffer(value) ? JSON.stringify(value) : value);
    return `$${values.length}${literalType(value)}`;
  };
  const text = sqlText.replace(/\\\?|\?\??/g, (found) => {
    if (found === '\\?') return '?';
    if (found === '??') throw new Error('rows(): identifier bindings (??) are not supported; write the identifier');
    if (next >= bindings.length) throw new Error(`rows(): more placeholders than the ${bindings.length} bindings`);
    const value = bindings[next++];
    return Array.isArray(value) ? value.map(parameter).join(', ') : parameter(value);
  });
  if (next !== bindings.length) throw new Error(`rows(): ${bindings.length} bindings for ${next} placeholders`);
  return { text, values };
}

/**
 * Runs a read and returns plain rows: hot read paths do not hydrate managed entities.
 *
 * As a named prepared statement with its values as parameters (the extended protocol), not as the ORM runs SQL (the
 * values written into the text, parsed and planned anew every time): the connection parses a statement once, and
 * PostgreSQL may keep a generic plan of it. On the W1 page, 2.9 ms of database time became 2.1 ms (pgbench, the same
 * statement; bench/RESULTS.md, 2026-12-03). Same connection (the pool's, or the query's transaction), same type
 * parsers, same statement counter and same error conversion as the ORM's `execute`.
 */
export async function rows<T>(em: EntityManager, query: QueryBuilder | Knex.Raw): Promise<T[]> {
  const compiled = query.toSQL();
  const { text, values } = parameterised(compiled.sql, compiled.bindings ?? []);
  em.config.get('onQuery')(text, values);
  const source = (query as unknown as { client: ConnectionSource }).client;
  let connection: PgConnection | undefined;
  try {
    connection = await source.acquireConnection();
    const result = await connection.query({ name: statementName(connection, text), text, values });
    return result.rows as T[];
  } catch (error) {
    throw error instanceof Error ? em.getDriver().convertException(error) : error;
  } finally {
    if (connection) await source.releaseConnection(connection);
  }
}

/** Escapes LIKE metacharacters so that user text is matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A timestamptz as PostgreSQL prints it ("2026-11-24 08:00:00+00"): MikroORM's pg type parser keeps it text. */
export type Timestamp = string;

/** Longest free-text search a list accepts. */
export const MAX_SEARCH_LENGTH = 200;

/** Name search of structures and companies: every word, case-insensitive, metacharacters taken literally. */
export function whereNameContains(q: QueryBuilder, column: string, search: string | null | undefined): void {
  if (search == null) return;
  if (search.length > MAX_SEARCH_LENGTH) throw new BadInputError('filter.search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
  for (const word of search.trim().toLowerCase().split(/\s+/).filter(Boolean)) {
    q.whereRaw(`lower(${column}) like ?`, [likePattern(word)]);
  }
}
