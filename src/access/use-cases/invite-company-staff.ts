import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountRole } from '../rules/account-role';
import { actingCompanyId } from '../rules/authorize';
import { isNetworkAdmin, type Viewer } from '../rules/viewer';
import { issueToken } from './api-tokens';
import { CreateAccountInput, DEFAULT_TOKEN_POLICY, insertAccount, type TokenPolicy } from './accounts';
import { ForbiddenError } from '../../common/errors';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, parseInput, z } from '../../common/validate';

const InviteInput = CreateAccountInput.pick({ email: true, displayName: true, companyId: true }).extend({ idempotencyKey });

export type InviteCompanyStaffInput = z.input<typeof InviteInput>;

export interface Invitation {
  accountId: number;
  tokenId: number;
  /** The token's secret, returned once: null when a replayed idempotency key finds the invitation already made. */
  secret: string | null;
}

/**
 * A company's admin (a network admin names the company) invites a member of its staff: a COMPANY_STAFF account of
 * the company and its first token, in one transaction, with createAccount's rules (emails unique, an address in use
 * told only to who may see its account) and createApiToken's lifetime. The secret is answered once; a replay of the
 * same idempotency key answers the same account and token without it (only its hash is stored).
 */
export function inviteCompanyStaff(em: EntityManager, viewer: Viewer, raw: InviteCompanyStaffInput, policy: TokenPolicy = DEFAULT_TOKEN_POLICY): Promise<Invitation> {
  const input = parseInput(InviteInput, raw);
  if (!isNetworkAdmin(viewer) && viewer.role !== AccountRole.COMPANY_ADMIN) throw new ForbiddenError("only a company's admin may invite its staff");
  const companyId = actingCompanyId(viewer, input.companyId, 'invite company staff');
  return inTransaction(
    em,
    async (tx) => {
      let secret: string | null = null;
      const accountId = await onceForKey(tx, viewer, 'inviteCompanyStaff', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
        const account = await insertAccount(tx, viewer, { email: input.email, displayName: input.displayName, role: AccountRole.COMPANY_STAFF, companyId });
        const issued = await issueToken(tx, account, { label: 'invitation', expiresAt: new Date(Date.now() + policy.maxLifetimeDays * 86_400_000) });
        secret = issued.secret;
        return account.id;
      });
      const [first] = await tx.getConnection().execute<{ id: number }[]>(
        'select id from api_token where account_id = ? order by id limit 1',
        [accountId],
        'all',
        tx.getTransactionContext(),
      );
      return { accountId, tokenId: first!.id, secret };
    },
    'input.email',
  );
}
