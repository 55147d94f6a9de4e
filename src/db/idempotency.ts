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
 * A key row claimed by this transaction, handed to `create`: a use case that writes its result in one statement records
 * the result there too (idempotencyResultSql), which spares onceForKey its own update.
 */
export interface KeyClaim {
  readonly id: number;
  /** Set by idempotencyResultSql: the statement that writes the result also records it on the key row. */
  recorded: boolean;
}

/**
 * A CTE (to add to the WITH list of the statement writing the result) that records, on the claimed key row, the id
 * given by the SQL expression `resultId`, in that statement; `null` without a key. The caller runs it in the claim's
 * transaction; from then on, onceForKey does not update the row itself.
 */
export function idempotencyResultSql(claim: KeyClaim | null, resultId: string): string | null {
  if (!claim) return null;
  claim.recorded = true;
  return `idempotency_result as (update idempotency_key set result_id = ${resultId} where id = ${Number(claim.id)})`;
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
  create: (claim: KeyClaim | null) => Promise<number>,
): Promise<number> {
  if (!key) return create(null);
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
  const claim: KeyClaim = { id: inserted[0]!.id, recorded: false };
  const resultId = await create(claim);
  if (!claim.recorded) await conn.execute('update idempotency_key set result_id = ? where id = ?', [resultId, claim.id], 'run', ctx);
  return resultId;
}
