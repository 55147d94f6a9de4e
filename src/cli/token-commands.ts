import { parseArgs } from 'node:util';
import { Account } from '../access/entities/account';
import { ApiToken } from '../access/entities/api-token';
import { issueToken, revokeTokens } from '../access/use-cases/api-tokens';
import { UsageError, type CliCommand } from '../common/cli-command';

function options(args: string[], spec: Record<string, { type: 'string' }>): Record<string, string | undefined> {
  try {
    return parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `token-create --account <email> [--label <text>] [--expires-in-days <n>]`: prints the secret once. */
const createToken: CliCommand = {
  name: 'token-create',
  summary: 'Creates a bearer token for an account and prints it once (only its hash is stored).',
  usage: 'token-create --account <email> [--label <text>] [--expires-in-days <n>]',
  async run(args, { em }) {
    const o = options(args, { account: { type: 'string' }, label: { type: 'string' }, 'expires-in-days': { type: 'string' } });
    if (!o.account) throw new UsageError('--account is required');
    const days = o['expires-in-days'] === undefined ? undefined : Number(o['expires-in-days']);
    if (days !== undefined && !(Number.isInteger(days) && days > 0 && days <= 3650)) throw new UsageError('--expires-in-days must be a whole number of days between 1 and 3650');
    const account = await em.findOne(Account, { email: o.account });
    if (!account) throw new UsageError(`no account with email ${o.account}`);
    const { token, secret } = await issueToken(em, account, {
      label: o.label,
      expiresAt: days === undefined ? undefined : new Date(Date.now() + days * 86_400_000),
    });
    console.log(`token ${token.id} for ${account.email} (${account.role})${token.expiresAt ? `, expires ${token.expiresAt.toISOString()}` : ''}`);
    console.log(secret);
  },
};

/** `token-revoke --id <n>` or `token-revoke --account <email>` (all of its tokens). */
const revokeToken: CliCommand = {
  name: 'token-revoke',
  summary: 'Revokes one token, or every token of an account.',
  usage: 'token-revoke (--id <token id> | --account <email>)',
  async run(args, { em }) {
    const o = options(args, { id: { type: 'string' }, account: { type: 'string' } });
    if (Boolean(o.id) === Boolean(o.account)) throw new UsageError('give exactly one of --id and --account');
    let revoked: number;
    if (o.id) {
      const id = Number(o.id);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError('--id must be a token id (a positive whole number)');
      revoked = await revokeTokens(em, { tokenId: id });
    } else {
      const account = await em.findOne(Account, { email: o.account! });
      if (!account) throw new UsageError(`no account with email ${o.account}`);
      revoked = await revokeTokens(em, { accountId: account.id });
    }
    console.log(`${revoked} token(s) revoked`);
  },
};

/** `token-list --account <email>`: ids, prefixes and states, never secrets. */
const listTokens: CliCommand = {
  name: 'token-list',
  summary: "Lists an account's tokens (id, prefix, label, created, expires, revoked, last used).",
  usage: 'token-list --account <email>',
  async run(args, { em }) {
    const o = options(args, { account: { type: 'string' } });
    if (!o.account) throw new UsageError('--account is required');
    const tokens = await em.find(ApiToken, { account: { email: o.account } }, { orderBy: { id: 'asc' } });
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : t.expiresAt && t.expiresAt < new Date() ? 'expired' : 'active';
      console.log(`${t.id}\t${t.prefix}…\t${t.label ?? ''}\t${t.createdAt.toISOString()}\t${state}`);
    }
  },
};

export const tokenCommands: CliCommand[] = [createToken, revokeToken, listTokens];
