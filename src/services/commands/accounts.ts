import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../domain/entities/account';
import { ApiToken } from '../../domain/entities/api-token';
import { Company } from '../../domain/entities/company';
import { Participant } from '../../domain/entities/participant';
import { Structure } from '../../domain/entities/structure';
import { AccountRole } from '../../domain/enums/account-role';
import { COMPANY_ROLES, STRUCTURE_ROLES } from '../../domain/rules/roles';
import { issueToken, revokeTokens } from '../auth/api-tokens';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { isNetworkAdmin, type Viewer } from '../viewer';
import { inTransaction } from './transaction';
import { parseInput, text, z } from './validate';

/** Roles each kind of admin may give (network admins: any). */
const GRANTABLE: Partial<Record<AccountRole, readonly AccountRole[]>> = {
  [AccountRole.STRUCTURE_ADMIN]: [AccountRole.STRUCTURE_ADMIN, AccountRole.STRUCTURE_STAFF, AccountRole.PARTNER_INTEGRATION, AccountRole.PARTICIPANT],
  [AccountRole.COMPANY_ADMIN]: [AccountRole.COMPANY_ADMIN, AccountRole.COMPANY_STAFF],
};

/** Whether `viewer` manages `account`: a network admin, or the admin of the account's structure or company. */
export function managesAccount(viewer: Viewer, account: { structureId: number | null; companyId: number | null }): boolean {
  if (isNetworkAdmin(viewer)) return true;
  if (viewer.role === AccountRole.STRUCTURE_ADMIN) return account.structureId !== null && account.structureId === viewer.structureId;
  if (viewer.role === AccountRole.COMPANY_ADMIN) return account.companyId !== null && account.companyId === viewer.companyId;
  return false;
}

const CreateAccountInput = z.object({
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
 */
export function createAccount(em: EntityManager, viewer: Viewer, raw: z.input<typeof CreateAccountInput>): Promise<number> {
  const input = parseInput(CreateAccountInput, raw);
  return inTransaction(
    em,
    async (tx) => {
      const admin = isNetworkAdmin(viewer);
      if (!admin && !GRANTABLE[viewer.role]?.includes(input.role)) throw new ForbiddenError(`you may not create ${input.role} accounts`, 'input.role');
      const structureId = admin ? input.structureId ?? null : STRUCTURE_ROLES.has(viewer.role) ? viewer.structureId : null;
      const companyId = admin ? input.companyId ?? null : COMPANY_ROLES.has(viewer.role) ? viewer.companyId : null;
      if (!admin && ((input.structureId != null && input.structureId !== structureId) || (input.companyId != null && input.companyId !== companyId))) {
        throw new ForbiddenError('you may create accounts only for your own structure or company');
      }
      // Checked before creating: a query would flush the new account first (MikroORM's auto-flush) and find it.
      if ((await tx.count(Account, { email: input.email })) > 0) throw new ConflictError('an account with this email exists', 'input.email');
      const account = tx.create(Account, { email: input.email, displayName: input.displayName, role: input.role });
      if (input.role === AccountRole.NETWORK_ADMIN) {
        if (structureId !== null || companyId !== null) throw new BadInputError('input.role', 'NETWORK_ADMIN accounts belong to no structure or company');
      } else if (input.role === AccountRole.PARTICIPANT) {
        if (input.participantId == null) throw new BadInputError('input.participantId', 'is required for a PARTICIPANT account');
        const participant = await tx.findOne(Participant, input.participantId);
        if (!participant || participant.erasedAt) throw new NotFoundError('input.participantId', 'participant');
        if (!admin && participant.referentStructure.id !== viewer.structureId) throw new ForbiddenError('you may create accounts only for participants your structure follows', 'input.participantId');
        account.participant = participant;
      } else if (COMPANY_ROLES.has(input.role)) {
        if (companyId === null) throw new BadInputError('input.companyId', `is required for a ${input.role} account`);
        account.company = (await tx.findOne(Company, companyId)) ?? notFound('input.companyId', 'company');
      } else {
        if (structureId === null) throw new BadInputError('input.structureId', `is required for a ${input.role} account`);
        account.structure = (await tx.findOne(Structure, structureId)) ?? notFound('input.structureId', 'structure');
      }
      await tx.flush();
      return account.id;
    },
    'input.email',
  );
}

function notFound(field: string, what: string): never {
  throw new NotFoundError(field, what);
}

async function managedAccount(tx: EntityManager, viewer: Viewer, accountId: number, what: string): Promise<Account> {
  const account = await tx.findOne(Account, accountId);
  if (!account) throw new NotFoundError('input.accountId', 'account');
  const self = account.id === viewer.accountId;
  if (!self && !managesAccount(viewer, { structureId: account.structure?.id ?? null, companyId: account.company?.id ?? null })) {
    throw new ForbiddenError(`only the account itself or its admin may ${what}`, 'input.accountId');
  }
  return account;
}

/** An admin disables an account of its structure or company: its tokens stop working at once. */
export function disableAccount(em: EntityManager, viewer: Viewer, raw: { accountId: number }): Promise<number> {
  const input = parseInput(z.object({ accountId: z.number().int().positive() }), raw);
  return inTransaction(em, async (tx) => {
    const account = await managedAccount(tx, viewer, input.accountId, 'disable it');
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

/** A token for an account (its own, or one its admin manages); the secret is returned once and never stored. */
export function issueApiToken(em: EntityManager, viewer: Viewer, raw: z.input<typeof IssueTokenInput>): Promise<{ tokenId: number; secret: string }> {
  const input = parseInput(IssueTokenInput, raw);
  return inTransaction(em, async (tx) => {
    const account = await managedAccount(tx, viewer, input.accountId, 'get a token');
    if (account.disabledAt) throw new BadInputError('input.accountId', 'is a disabled account');
    const { token, secret } = await issueToken(tx, account, {
      label: input.label ?? undefined,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : undefined,
    });
    return { tokenId: token.id, secret };
  });
}

/** Revokes a token of the viewer's own account, or of an account its admin manages. */
export function revokeApiToken(em: EntityManager, viewer: Viewer, raw: { tokenId: number }): Promise<number> {
  const input = parseInput(z.object({ tokenId: z.number().int().positive() }), raw);
  return inTransaction(em, async (tx) => {
    const token = await tx.findOne(ApiToken, input.tokenId, { populate: ['account'] });
    if (!token) throw new NotFoundError('input.tokenId', 'token');
    await managedAccount(tx, viewer, token.account.id, 'revoke its tokens').catch((error: unknown) => {
      throw error instanceof ForbiddenError ? new ForbiddenError('only the account itself or its admin may revoke its tokens', 'input.tokenId') : error;
    });
    await revokeTokens(tx, { tokenId: token.id });
    return token.id;
  });
}
