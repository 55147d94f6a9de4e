import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../common/errors';
import type { Viewer } from '../access/rules/viewer';

/** Canonical JSON (sorted keys), so that the same input hashes the same whatever the key order. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs `create` once per (account, key), inside the caller's transaction. The key row is inserted first: a
 * concurrent request with the same key blocks on the unique index until the first commits, then finds the row and
 * returns the first result. The same key with another input (or another operation) is a CONFLICT.
 */
export async function onceForKey(
  tx: EntityManager,
  viewer: Viewer,
  operation: string,
  key: string | null | undefined,
  input: unknown,
  create: () => Promise<number>,
): Promise<number> {
  if (!key) return create();
  const requestHash = createHash('sha256').update(`${operation}\n${canonical(input)}`).digest('hex');
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const inserted = await conn.execute<{ id: number }[]>(
    `insert into idempotency_key (account_id, key, operation, request_hash) values (?, ?, ?, ?)
     on conflict (account_id, key) do nothing returning id`,
    [viewer.accountId, key, operation, requestHash],
    'all',
    ctx,
  );
  if (inserted.length === 0) {
    const [first] = await conn.execute<{ operation: string; request_hash: string; result_id: number | null }[]>(
      'select operation, request_hash, result_id from idempotency_key where account_id = ? and key = ?',
      [viewer.accountId, key],
      'all',
      ctx,
    );
    if (!first || first.operation !== operation || first.request_hash !== requestHash || first.result_id === null) {
      throw new ConflictError('this idempotencyKey was already used with a different request', 'input.idempotencyKey');
    }
    return first.result_id;
  }
  const resultId = await create();
  await conn.execute('update idempotency_key set result_id = ? where id = ?', [resultId, inserted[0]!.id], 'run', ctx);
  return resultId;
}
