import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';

/**
 * The owner of endpoints as a viewer, as a token of theirs would make it (access/use-cases/api-tokens.ts), without
 * a token: deliveries act for the account. Disabled accounts have none.
 */
export async function ownerViewers(em: EntityManager, accountIds: readonly number[]): Promise<Map<number, Viewer>> {
  if (accountIds.length === 0) return new Map();
  const rows = await em.getConnection().execute<Viewer[]>(
    `select a.id as "accountId", 0 as "tokenId", a.email, a.display_name as "displayName", a.role,
            a.structure_id as "structureId", a.company_id as "companyId", a.participant_id as "participantId"
     from account a where a.id in (${accountIds.map(() => '?').join(', ')}) and a.disabled_at is null`,
    [...accountIds],
  );
  return new Map(rows.map((v) => [v.accountId, v]));
}
