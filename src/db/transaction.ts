import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, ServiceError } from '../common/errors';

/** PostgreSQL error codes a mutation can meet under concurrency. */
const UNIQUE_VIOLATION = '23505';

function pgCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs one mutation in one transaction (never a half-written change). Business errors roll back and
 * propagate; a unique-index race becomes a CONFLICT naming `conflictField`.
 */
export async function inTransaction<T>(em: EntityManager, fn: (tx: EntityManager) => Promise<T>, conflictField?: string): Promise<T> {
  try {
    return await em.fork().transactional(fn);
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    if (pgCode(error) === UNIQUE_VIOLATION) throw new ConflictError('this would duplicate an existing record', conflictField);
    throw error;
  }
}
