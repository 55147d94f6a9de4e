import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../common/errors';
import { parseInput, z } from '../../common/validate';
import { inTransaction } from '../../db/transaction';
import { ApiToken } from '../entities/api-token';
import { TokenOperation } from '../entities/token-operation';

/** Operations one registration may bring, and the size of one: far above a real client's, far below a flood. */
const MAX_OPERATIONS = 500;
const MAX_DOCUMENT_LENGTH = 100_000;

const registration = z.object({
  tokenId: z.number().int().positive(),
  operations: z
    .array(
      z.object({
        operationName: z.string().min(1).max(200),
        document: z.string().min(1).max(MAX_DOCUMENT_LENGTH, `must be at most ${MAX_DOCUMENT_LENGTH} characters`),
        sha256Hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
      }),
    )
    .min(1, 'must hold at least one operation')
    .max(MAX_OPERATIONS, `must hold at most ${MAX_OPERATIONS} operations`),
});

/**
 * Adds operations to a token's safelist (src/graphql/persisted-operations.ts splits and hashes a file), in one
 * transaction; an operation already listed (same hash) is kept as it is. From the first one on, the token runs
 * only listed operations. Returns how many were added. The token may be revoked: its list goes with it anyway.
 */
export async function registerTokenOperations(em: EntityManager, input: { tokenId: number; operations: { operationName: string; document: string; sha256Hash: string }[] }): Promise<number> {
  const { tokenId, operations } = parseInput(registration, input);
  return inTransaction(em, async (tx) => {
    // Locked: two registrations for one token count what they add without racing.
    const token = await tx.findOne(ApiToken, { id: tokenId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!token) throw new NotFoundError('input.tokenId', `no token with id ${tokenId}`);
    const known = new Set((await tx.find(TokenOperation, { token }, { fields: ['sha256Hash'] })).map((o) => o.sha256Hash));
    let added = 0;
    for (const operation of operations) {
      if (known.has(operation.sha256Hash)) continue;
      known.add(operation.sha256Hash);
      tx.create(TokenOperation, { token, ...operation });
      added++;
    }
    await tx.flush();
    return added;
  });
}

/** Empties a token's safelist: it runs any operation again. Returns how many were removed. */
export async function clearTokenOperations(em: EntityManager, tokenId: number): Promise<number> {
  return inTransaction(em, async (tx) => tx.nativeDelete(TokenOperation, { token: tokenId }));
}
