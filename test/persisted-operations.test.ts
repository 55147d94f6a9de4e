import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'graphql-ws';
import { Account } from '../src/access/entities/account';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { tokenCommands } from '../src/cli/token-commands';
import { UsageError } from '../src/common/cli-command';
import { sha256Hex, splitOperations } from '../src/graphql/persisted-operations';
import { createLogger } from '../src/server/logger';
import { TOKENS } from './support/graphql';
import { deepSelection, type FormattedError } from './support/hostile';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

/**
 * Persisted operations (README, "Persisted operations"): Apollo's automatic persisted queries over POST and GET,
 * HTTP caching of GET answers, the operation limits on persisted documents, and the safelists of integration tokens
 * (CLI `token-operations`) over HTTP and graphql-ws.
 */
let t: TestServer;
let scratch: string;
beforeAll(async () => {
  t = await startTestServer();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'relais-pq-'));
});
afterAll(async () => {
  await t?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Headers;
  data?: Record<string, unknown> | null;
  errors?: FormattedError[];
}

const codes = (answer: Answer) => (answer.errors ?? []).map((e) => e.extensions?.code);
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

async function answerOf(response: Response): Promise<Answer> {
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: FormattedError[] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

async function post(token: string, body: Record<string, unknown>): Promise<Answer> {
  return answerOf(await fetch(t.server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }));
}

/** A GET as a mobile app sends it: the request's fields in the URL, and the header Apollo's CSRF prevention asks for. */
async function get(token: string, params: Record<string, unknown>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }): Promise<Answer> {
  const url = new URL(t.server.url);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return answerOf(await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...headers } }));
}

const METIERS = 'query PqMetiers($first: Int!) { metiers(first: $first) { edges { node { code label appellations(first: 2) { label } } } } }';

describe('automatic persisted queries', () => {
  it('answers an unknown hash PERSISTED_QUERY_NOT_FOUND, registers the query sent with its hash, then serves the hash alone over POST', async () => {
    const hash = sha256Hex(METIERS);
    expect(codes(await post(TOKENS.portal, { extensions: apq(hash), variables: { first: 2 } }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await post(TOKENS.portal, { query: METIERS, extensions: apq(hash), variables: { first: 2 } });
    expect(registered.errors).toBeUndefined();
    const hit = await post(TOKENS.portal, { extensions: apq(hash), variables: { first: 2 } });
    expect(hit.errors).toBeUndefined();
    expect(hit.data).toEqual(registered.data);
    expect((hit.data!.metiers as { edges: unknown[] }).edges).toHaveLength(2);
  });

  it('serves a hash over GET, cacheable by shared caches when the query reads only public reference data', async () => {
    const hash = sha256Hex(METIERS);
    await post(TOKENS.portal, { query: METIERS, extensions: apq(hash), variables: { first: 3 } });
    const answer = await get(TOKENS.crepi, { operationName: 'PqMetiers', variables: { first: 3 }, extensions: apq(hash) });
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect((answer.data!.metiers as { edges: unknown[] }).edges).toHaveLength(3);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('marks GET answers that depend on the token, or hold errors, private and not stored', async () => {
    const viewer = '{ viewer { role } }';
    const own = await get(TOKENS.crepi, { query: viewer });
    expect(own.errors).toBeUndefined();
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    // Métiers, but through the sessions under them: those depend on who asks.
    const sessions = await get(TOKENS.crepi, { query: '{ metiers(first: 1) { edges { node { code sessions(first: 1) { id } } } } }' });
    expect(sessions.errors).toBeUndefined();
    expect(sessions.headers.get('cache-control')).toBe('private, no-store');
    const unknown = await get(TOKENS.crepi, { extensions: apq('0'.repeat(64)) });
    expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(unknown.headers.get('cache-control')).toMatch(/private/);
  });

  it('refuses a GET without a preflighted header (CSRF prevention), and a query whose hash does not match', async () => {
    const csrf = await get(TOKENS.crepi, { query: '{ metiers(first: 1) { totalCount } }' }, {});
    expect(csrf.status).toBe(400);
    expect(csrf.errors![0]!.message).toMatch(/Cross-Site Request Forgery/);
    const mismatch = await post(TOKENS.crepi, { query: '{ metiers(first: 1) { totalCount } }', extensions: apq(sha256Hex('{ viewer { role } }')) });
    expect(mismatch.status).toBe(400);
    expect(codes(mismatch)).toEqual(['BAD_REQUEST']);
    expect(mismatch.errors![0]!.message).toMatch(/provided sha does not match query/);
    expect((await post(TOKENS.crepi, { extensions: { persistedQuery: { version: 2, sha256Hash: '0'.repeat(64) } } })).status).toBe(400);
  });

  it('never runs a mutation over GET, sent as text or as the hash of a registered one', async () => {
    const mutation = 'mutation PqCancel($i: CancelSessionInput!) { cancelSession(input: $i) { session { id } } }';
    const variables = { i: { sessionId: Buffer.from('Session:99999999').toString('base64url') } };
    const asText = await get(TOKENS.crepi, { query: mutation, variables });
    expect(asText.status).toBe(405);
    expect(asText.headers.get('allow')).toBe('POST');
    const hash = sha256Hex(mutation);
    const registered = await post(TOKENS.crepi, { query: mutation, extensions: apq(hash), variables });
    // Run (and refused: no such session), hence registered: APQ registers what passed validation and the limits.
    expect(registered.errors?.length).toBeGreaterThan(0);
    expect(registered.data?.cancelSession ?? null).toBeNull();
    const byHash = await get(TOKENS.crepi, { extensions: apq(hash), variables });
    expect(byHash.status).toBe(405);
    expect(byHash.data ?? null).toBeNull();
  });

  it('applies the operation limits to persisted documents: a hostile one is neither run nor registered, a registered one is bounded by its variables', async () => {
    const deep = `query PqDeep { ${deepSelection(30)} }`;
    const refused = await post(TOKENS.crepi, { query: deep, extensions: apq(sha256Hex(deep)) });
    expect(refused.status).toBe(400);
    expect(new Set(codes(refused))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(refused.errors!.map((e) => e.message).join(' ')).toMatch(/depth/i);
    expect(codes(await post(TOKENS.crepi, { extensions: apq(sha256Hex(deep)) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    // Registered while cheap, then asked by its hash for a page that its estimated cost refuses.
    const hash = sha256Hex(METIERS);
    await post(TOKENS.crepi, { query: METIERS, extensions: apq(hash), variables: { first: 1 } });
    const costly = await get(TOKENS.crepi, { extensions: apq(hash), variables: { first: 40_000 } });
    expect(costly.status).toBe(400);
    expect(codes(costly)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(costly.errors![0]!.message).toMatch(/cost/i);
    expect(costly.headers.get('cache-control')).toBe('private, no-store');
    // The operation name is checked against the persisted document as against any other.
    const misnamed = await get(TOKENS.crepi, { operationName: 'NotThere', extensions: apq(hash), variables: { first: 1 } });
    expect(misnamed.status).toBe(400);
    expect(codes(misnamed)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });
});

describe('safelists of integration tokens', () => {
  const ctx = () => ({ em: t.orm.em.fork(), logger: createLogger('silent') });
  const command = tokenCommands.find((c) => c.name === 'token-operations')!;
  const FILE = `
    # The mobile app's operations.
    query AppMetiers($first: Int!) { metiers(first: $first) { edges { node { ...MetierBits } } } }
    query AppViewer { viewer { role } }
    fragment MetierBits on Metier { code label }
  `;

  /** Runs `token-operations` in this process; what it printed. */
  async function cli(...args: string[]): Promise<string[]> {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await command.run(args, ctx());
      return log.mock.calls.map((c) => String(c[0]));
    } finally {
      log.mockRestore();
    }
  }

  async function newToken(): Promise<{ secret: string; tokenId: number }> {
    const em = t.orm.em.fork();
    const account = await em.findOneOrFail(Account, { email: 'portail@crepi-idf.example.org' });
    const { secret, token } = await issueToken(em, account, { label: 'persisted operations test' });
    return { secret, tokenId: token.id };
  }

  function overWs(client: Client, payload: { query: string; operationName?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }): Promise<{ data?: unknown; errors?: FormattedError[] }> {
    return new Promise((resolve) => {
      let data: unknown;
      client.subscribe(payload, {
        next: (result) => {
          if (result.errors) resolve({ errors: result.errors as FormattedError[] });
          else data = result.data;
        },
        error: (error) => resolve({ errors: Array.isArray(error) ? (error as FormattedError[]) : [{ message: String(error) } as FormattedError] }),
        complete: () => resolve({ data }),
      });
    });
  }

  let restricted: { secret: string; tokenId: number };
  let sibling: { secret: string; tokenId: number };
  let file: string;

  beforeAll(async () => {
    restricted = await newToken();
    sibling = await newToken();
    file = path.join(scratch, 'app.graphql');
    await writeFile(file, FILE, 'utf8');
    // Used once before registration: its empty list is cached, and must be forgotten when the list is written.
    expect((await post(restricted.secret, { query: '{ viewer { role } }' })).errors).toBeUndefined();
    const printed = await cli('--token-id', String(restricted.tokenId), '--from', file);
    expect(printed.at(-1)).toMatch(/^2 operation\(s\) added, 0 already registered/);
    await eventually(async () => codes(await post(restricted.secret, { query: '{ latestEventCursor }' })).includes('PERSISTED_QUERY_NOT_ALLOWED'));
  });

  it('runs the registered operations over HTTP, whitespace and comments aside, and refuses any other document with 403', async () => {
    const ok = await post(restricted.secret, { query: 'query AppViewer {\n  # who am I\n  viewer { role }\n}' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ viewer: { role: expect.any(String) } });
    // The same file as the client holds it, several operations in one document, one chosen by name.
    const chosen = await post(restricted.secret, { query: FILE, operationName: 'AppMetiers', variables: { first: 2 } });
    expect(chosen.errors).toBeUndefined();
    const other = await post(restricted.secret, { query: 'query AppViewer { viewer { role email } }' });
    expect(other.status).toBe(403);
    expect(codes(other)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const mutation = await post(restricted.secret, { query: 'mutation { revokeApiToken(input: { tokenId: "x" }) { token { id } } }' });
    expect(codes(mutation)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('serves a registered operation by its hash alone over GET, without an APQ registration first, and registers nothing else through APQ', async () => {
    const [metiers] = splitOperations(FILE);
    expect(metiers!.operationName).toBe('AppMetiers');
    const answer = await get(restricted.secret, { operationName: 'AppMetiers', variables: { first: 2 }, extensions: apq(metiers!.sha256Hash) });
    expect(answer.errors).toBeUndefined();
    expect((answer.data!.metiers as { edges: unknown[] }).edges).toHaveLength(2);
    const other = '{ latestEventCursor }';
    const refused = await post(restricted.secret, { query: other, extensions: apq(sha256Hex(other)) });
    expect(refused.status).toBe(403);
    expect(codes(await post(TOKENS.crepi, { extensions: apq(sha256Hex(other)) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('holds over graphql-ws: registered operations run, by text or by hash, others are refused', async () => {
    const client = t.wsClient(restricted.secret);
    expect(await overWs(client, { query: 'query AppViewer { viewer { role } }' })).toEqual({ data: { viewer: { role: expect.any(String) } } });
    const [, viewerOp] = splitOperations(FILE);
    expect(await overWs(client, { query: '', extensions: apq(viewerOp!.sha256Hash) })).toEqual({ data: { viewer: { role: expect.any(String) } } });
    const refused = await overWs(client, { query: '{ latestEventCursor }' });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const subscription = await overWs(client, { query: 'subscription { immersionOfferPublished { cursor } }' });
    expect(subscription.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });

  it('leaves the other tokens of the same account as they were', async () => {
    const answer = await post(sibling.secret, { query: '{ latestEventCursor }' });
    expect(answer.errors).toBeUndefined();
    expect(await overWs(t.wsClient(sibling.secret), { query: '{ latestEventCursor }' })).toEqual({ data: { latestEventCursor: expect.any(String) } });
  });

  it('lists the registered operations, keeps a registration idempotent, refuses bad files, and lifts the restriction with --clear', async () => {
    const listed = await cli('--token-id', String(restricted.tokenId), '--list');
    const hashes = splitOperations(FILE).map((o) => o.sha256Hash);
    expect(listed.slice(0, 2).map((line) => line.split('\t').slice(0, 2))).toEqual([
      [hashes[0], 'AppMetiers'],
      [hashes[1], 'AppViewer'],
    ]);
    expect((await cli('--token-id', String(restricted.tokenId), '--from', file)).at(-1)).toMatch(/^0 operation\(s\) added, 2 already registered/);
    const bad = path.join(scratch, 'bad.graphql');
    await writeFile(bad, '{ viewer { role } }', 'utf8');
    await expect(command.run(['--token-id', String(restricted.tokenId), '--from', bad], ctx())).rejects.toThrow(/must be named/);
    await writeFile(bad, 'query Nope { noSuchField }', 'utf8');
    await expect(command.run(['--token-id', String(restricted.tokenId), '--from', bad], ctx())).rejects.toBeInstanceOf(UsageError);
    await expect(command.run(['--token-id', '99999999', '--list'], ctx())).rejects.toThrow(/no token with id/);
    await expect(command.run(['--token-id', String(restricted.tokenId), '--list', '--clear'], ctx())).rejects.toBeInstanceOf(UsageError);

    expect((await cli('--token-id', String(restricted.tokenId), '--clear')).at(-1)).toMatch(/^2 operation\(s\) removed/);
    await eventually(async () => (await post(restricted.secret, { query: '{ latestEventCursor }' })).errors === undefined);
    expect((await cli('--token-id', String(restricted.tokenId), '--list')).at(-1)).toMatch(/is not restricted/);
  });
});
