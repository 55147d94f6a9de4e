import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { GraphQLError, parse, validate } from 'graphql';
import { Account } from '../access/entities/account';
import { ApiToken } from '../access/entities/api-token';
import { issueToken, revokeTokens } from '../access/use-cases/api-tokens';
import { TokenOperation } from '../access/entities/token-operation';
import { clearTokenOperations, registerTokenOperations } from '../access/use-cases/token-operations';
import { UsageError, type CliCommand } from '../common/cli-command';
import { splitOperations, type OperationDocument } from '../graphql/persisted-operations';
import { buildRelaisSchema } from '../graphql/schema';

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

/** The operations of a `.graphql` file, each valid against the schema: registering an invalid one is a mistake. */
async function operationsOfFile(file: string): Promise<OperationDocument[]> {
  const source = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  let operations: OperationDocument[];
  try {
    operations = splitOperations(source);
  } catch (error) {
    throw new UsageError(`${file}: ${error instanceof GraphQLError ? error.message : error instanceof Error ? error.message : String(error)}`);
  }
  const schema = await buildRelaisSchema();
  for (const operation of operations) {
    const [problem] = validate(schema, parse(operation.document));
    if (problem) throw new UsageError(`${file}: operation ${operation.operationName}: ${problem.message}`);
  }
  return operations;
}

/**
 * `token-operations --token-id <n> (--from <file.graphql> | --list | --clear)`: the safelist of an integration token
 * (README, "Persisted operations"). From its first registered operation on, the token runs only those.
 */
const tokenOperationsCommand: CliCommand = {
  name: 'token-operations',
  summary: 'Registers the operations of a .graphql file as the only ones a token may run (--from), lists them (--list), or lifts the restriction (--clear).',
  usage: 'token-operations --token-id <n> (--from <file.graphql> | --list | --clear)',
  async run(args, { em }) {
    let o: { 'token-id'?: string; from?: string; list?: boolean; clear?: boolean };
    try {
      o = parseArgs({ args, options: { 'token-id': { type: 'string' }, from: { type: 'string' }, list: { type: 'boolean' }, clear: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const tokenId = Number(o['token-id']);
    if (!Number.isInteger(tokenId) || tokenId <= 0) throw new UsageError('--token-id must be a token id (a positive whole number)');
    if ([o.from !== undefined, o.list === true, o.clear === true].filter(Boolean).length !== 1) throw new UsageError('give exactly one of --from, --list and --clear');
    if (!(await em.findOne(ApiToken, { id: tokenId }))) throw new UsageError(`no token with id ${tokenId}`);
    if (o.list) {
      const listed = await em.find(TokenOperation, { token: tokenId }, { orderBy: { operationName: 'asc', sha256Hash: 'asc' } });
      for (const operation of listed) console.log(`${operation.sha256Hash}\t${operation.operationName}\t${operation.createdAt.toISOString()}`);
      console.log(listed.length === 0 ? `token ${tokenId} is not restricted: it may run any operation` : `${listed.length} operation(s): token ${tokenId} may run only these`);
      return;
    }
    if (o.clear) {
      const removed = await clearTokenOperations(em, tokenId);
      console.log(`${removed} operation(s) removed: token ${tokenId} may run any operation`);
      return;
    }
    const operations = await operationsOfFile(String(o.from));
    const added = await registerTokenOperations(em, { tokenId, operations });
    for (const operation of operations) console.log(`${operation.sha256Hash}\t${operation.operationName}`);
    console.log(`${added} operation(s) added, ${operations.length - added} already registered: token ${tokenId} may run only its registered operations`);
  },
};

export const tokenCommands: CliCommand[] = [createToken, revokeToken, listTokens, tokenOperationsCommand];
