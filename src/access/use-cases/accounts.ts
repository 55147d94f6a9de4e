import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../entities/account';
import { ApiToken } from '../entities/api-token';
import { Company, Structure } from '../../network';
import { Participant } from '../../participants';
import { AccountRole } from '../rules/account-role';
import { COMPANY_ROLES, STRUCTURE_ROLES } from '../rules/roles';
import { issueToken, revokeTokens } from './api-tokens';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors';
import { isNetworkAdmin, type Viewer } from '../rules/viewer';
import { inTransaction } from '../../db/transaction';
import { parseInput, text, z } from '../../common/validate';

/** Roles each kind of admin may give (network admins: any). */
const GRANTABLE: Partial<Record<AccountRole, readonly AccountRole[]>> = {
  [AccountRole.STRUCTURE_ADMIN]: [AccountRole.STRUCTURE_ADMIN, AccountRole.STRUCTURE_STAFF, AccountRole.PARTNER_INTEGRATION, AccountRole.PARTICIPANT],
  [AccountRole.COMPANY_ADMIN]: [AccountRole.COMPANY_ADMIN, AccountRole.COMPANY_STAFF],
};

/** What decides who manages an account: its structure, its company, or for a participant's the referent structure. */
export interface ManagedAccountKeys {
  structureId: number | null;
  companyId: number | null;
  /** For the account of a participant: the participant's referent structure. */
  referentStructureId: number | null;
}

/**
 * Whether `viewer` manages `account`: a network admin, the admin of the account's structure or company, or for a
 * participant's account the admin of the participant's referent structure. The same rule as the accounts a viewer
 * may read (read/accounts.ts): what it may not manage, it does not see.
 */
export function managesAccount(viewer: Viewer, account: ManagedAccountKeys): boolean {
  if (isNetworkAdmin(viewer)) return true;
  if (viewer.role === AccountRole.STRUCTURE_ADMIN) {
    return viewer.structureId !== null && (account.structureId === viewer.structureId || account.referentStructureId === viewer.structureId);
  }
  if (viewer.role === AccountRole.COMPANY_ADMIN) return account.companyId !== null && account.companyId === viewer.companyId;
  return false;
}

export const CreateAccountInput = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address').max(200),
  displayName: text(200),
  role: z.nativeEnum(AccountRole),
  structureId: z.number().int().positive().nullish(),
  companyId: z.number().int().positive().nullish(),
  participantId: z.number().int().positive().nullish(),
});

/**
 * An admin creates an account of its own structure or company (a network admin: of any, or another network admin).
 * The account belongs to what its role needs: a structure, a company, a participant (with its referent structure), or
 * nothing for network admins.
 *
 * Emails are unique across the network, and an address in use must not tell who uses it: the email is checked last,
 * after every other rule, and a duplicate answers CONFLICT only when the viewer may see the account that holds it;
 * otherwise a BAD_USER_INPUT that does not say whether the address exists (README, "Who may see and do what").
 */
export function createAccount(em: EntityManager, viewer: Viewer, raw: z.input<typeof CreateAccountInput>): Promise<number> {
  const input = parseInput(CreateAccountInput, raw);
  return inTransaction(em, async (tx) => (await insertAccount(tx, viewer, input)).id, 'input.email');
}

/**
 * createAccount's checks and insert, inside the caller's transaction (inviteCompanyStaff creates the account and its
 * first token in one). Flushes.
 */
export async function insertAccount(tx: EntityManager, viewer: Viewer, input: z.output<typeof CreateAccountInput>): Promise<Account> {
  const admin = isNetworkAdmin(viewer);
  if (!admin && !GRANTABLE[viewer.role]?.includes(input.role)) throw new ForbiddenError(`you may not create ${input.role} accounts`, 'input.role');
  const structureId = admin ? input.structureId ?? null : STRUCTURE_ROLES.has(viewer.role) ? viewer.structureId : null;
  const companyId = admin ? input.companyId ?? null : COMPANY_ROLES.has(viewer.role) ? viewer.companyId : null;
  if (!admin && ((input.structureId != null && input.structureId !== structureId) || (input.companyId != null && input.companyId !== companyId))) {
    throw new ForbiddenError('you may create accounts only for your own structure or company');
  }
  // What the account belongs to, found before anything is created (a query would auto-flush a new entity).
  const owner: { structure?: Structure; company?: Company; participant?: Participant } = {};
  if (input.role === AccountRole.NETWORK_ADMIN) {
    if (structureId !== null || companyId !== null) throw new BadInputError('input.role', 'NETWORK_ADMIN accounts belong to no structure or company');
  } else if (input.role === AccountRole.PARTICIPANT) {
    if (input.participantId == null) throw new BadInputError('input.participantId', 'is required for a PARTICIPANT account');
    const participant = await tx.findOne(Participant, input.participantId);
    // A participant the structure does not follow is one it may not see: answered as if it did not exist.
    if (!participant || participant.erasedAt || (!admin && participant.referentStructure.id !== viewer.structureId)) throw new NotFoundError('input.participantId', 'participant');
    owner.participant = participant;
  } else if (COMPANY_ROLES.has(input.role)) {
    if (companyId === null) throw new BadInputError('input.companyId', `is required for a ${input.role} account`);
    owner.company = (await tx.findOne(Company, companyId)) ?? notFound('input.companyId', 'company');
  } else {
    if (structureId === null) throw new BadInputError('input.structureId', `is required for a ${input.role} account`);
    owner.structure = (await tx.findOne(Structure, structureId)) ?? notFound('input.structureId', 'structure');
  }
  const existing = await tx.findOne(Account, { email: input.email }, { populate: ['participant'] });
  if (existing) {
    if (existing.id === viewer.accountId || managesAccount(viewer, accountKeys(existing))) throw new ConflictError('an account you manage has this email', 'input.email');
    throw new BadInputError('input.email', 'cannot be used for a new account: choose another address');
  }
  const account = tx.create(Account, { email: input.email, displayName: input.displayName, role: input.role, ...owner });
  await tx.flush();
  return account;
}

function notFound(field: string, what: string): never {
  throw new NotFoundError(field, what);
}

/** The keys managesAccount decides on, of an account entity loaded with its participant. */
function accountKeys(account: Account): ManagedAccountKeys {
  return { structureId: account.structure?.id ?? null, companyId: account.company?.id ?? null, referentStructureId: account.participant?.referentStructure.id ?? null };
}

/**
 * The account `accountId` if it is the viewer's own or one it manages. Any other answers NOT_FOUND naming `field`,
 * as if it did not exist: the viewer may not see it (a FORBIDDEN would confirm it exists).
 */
async function managedAccount(tx: EntityManager, viewer: Viewer, accountId: number, field = 'input.accountId', what = 'account'): Promise<Account> {
  const account = await tx.findOne(Account, accountId, { populate: ['participant'] });
  if (!account || (account.id !== viewer.accountId && !managesAccount(viewer, accountKeys(account)))) throw new NotFoundError(field, what);
  return account;
}

/** An admin disables an account of its structure or company: its tokens stop working at once. */
export function disableAccount(em: EntityManager, viewer: Viewer, raw: { accountId: number }): Promise<number> {
  const input = parseInput(z.object({ accountId: z.number().int().positive() }), raw);
  return inTransaction(em, async (tx) => {
    const account = await managedAccount(tx, viewer, input.accountId);
    if (account.id === viewer.accountId) throw new BadInputError('input.accountId', 'is your own account: ask another admin');
    account.disabledAt ??= new Date();
    await tx.flush();
    await revokeTokens(tx, { accountId: account.id });
    return account.id;
  });
}

const IssueTokenInput = z.object({
  accountId: z.number().int().positive(),
  label: z.string().trim().max(100).nullish(),
  expiresInDays: z.number().int().min(1, 'must be at least 1').max(3650, 'must be at most 3650').nullish(),
});

/** What createApiToken allows, from the configuration (RELAIS_MAX_TOKENS_PER_ACCOUNT, RELAIS_TOKEN_MAX_DAYS). */
export interface TokenPolicy {
  /** Live (neither revoked nor expired) tokens an account may hold. */
  maxLivePerAccount: number;
  /** Longest life of a token made by anyone but a network admin; also its default. */
  maxLifetimeDays: number;
}

export const DEFAULT_TOKEN_POLICY: TokenPolicy = { maxLivePerAccount: 20, maxLifetimeDays: 90 };

/**
 * A token for an account (its own, or one its admin manages); the secret is returned once and never stored. Tokens
 * cannot multiply an account's reach: the rate limit counts the account, an account holds at most
 * `maxLivePerAccount` live tokens, and tokens made by anyone but a network admin expire within `maxLifetimeDays`.
 */
export function issueApiToken(em: EntityManager, viewer: Viewer, raw: z.input<typeof IssueTokenInput>, policy: TokenPolicy = DEFAULT_TOKEN_POLICY): Promise<{ tokenId: number; secret: string }> {
  const input = parseInput(IssueTokenInput, raw);
  let days = input.expiresInDays ?? null;
  if (!isNetworkAdmin(viewer)) {
    days ??= policy.maxLifetimeDays;
    if (days > policy.maxLifetimeDays) throw new BadInputError('input.expiresInDays', `must be at most ${policy.maxLifetimeDays}: only network admins make longer-lived tokens`);
  }
  return inTransaction(em, async (tx) => {
    const account = await managedAccount(tx, viewer, input.accountId);
    if (account.disabledAt) throw new BadInputError('input.accountId', 'is a disabled account');
    // The account's row is locked until commit: two concurrent requests cannot both take its last place.
    const [{ live }] = await tx.getConnection().execute<{ live: number }[]>(
      `select count(*)::int as live from api_token
       where account_id = (select id from account where id = ? for update) and revoked_at is null and (expires_at is null or expires_at > now())`,
      [account.id],
    );
    if (live >= policy.maxLivePerAccount) {
      throw new ConflictError(`this account already holds ${policy.maxLivePerAccount} live tokens, the most it may: revoke one first (revokeApiToken)`, 'input.accountId');
    }
    const { token, secret } = await issueToken(tx, account, {
      label: input.label ?? undefined,
      expiresAt: days === null ? undefined : new Date(Date.now() + days * 86_400_000),
    });
    return { tokenId: token.id, secret };
  });
}

/** Revokes a token of the viewer's own account, or of an account its admin manages. */
export function revokeApiToken(em: EntityManager, viewer: Viewer, raw: { tokenId: number }): Promise<number> {
  const input = parseInput(z.object({ tokenId: z.number().int().positive() }), raw);
  return inTransaction(em, async (tx) => {
    const token = await tx.findOne(ApiToken, input.tokenId);
    if (!token) throw new NotFoundError('input.tokenId', 'token');
    // A token of an account the viewer may not see answers as a token that does not exist.
    await managedAccount(tx, viewer, token.account.id, 'input.tokenId', 'token');
    await revokeTokens(tx, { tokenId: token.id });
    return token.id;
  });
}
