import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { BadInputError } from '../common/errors';

export type QueryBuilder = Knex.QueryBuilder;

/** The knex builder of the request's connection (reads go through the ORM connection, so they are counted). */
export function sql(em: EntityManager): Knex {
  return em.getKnex();
}

/** Runs a read and returns plain rows: hot read paths do not hydrate managed entities. */
export async function rows<T>(em: EntityManager, query: QueryBuilder | Knex.Raw): Promise<T[]> {
  return em.getConnection().execute<T[]>(query as unknown as Knex.QueryBuilder);
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
