import type { ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Account } from '../src/access/entities/account';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION, WS_TOO_MANY_SOCKETS } from '../src/server/websocket';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { hashTokenSecret } from '../src/access/rules/token-secret';
import { sql } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

/** Runs one operation over graphql-ws and resolves with its single result, or rejects with the close event. */
function runOverWs(token: string | undefined, query: string): Promise<ExecutionResult> {
  return queryOn(t.wsClient(token), query);
}

/** Runs one query on an existing client (its socket) and resolves with its result. */
function queryOn(client: Client, query: string): Promise<ExecutionResult> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult | undefined;
    client.subscribe({ query }, {
      next: (value) => {
        result = value as ExecutionResult;
      },
      error: reject,
      complete: () => (result ? resolve(result) : reject(new Error('no result'))),
    });
  });
}

describe('graphql-ws on /graphql', () => {
  it('executes an operation for a client authenticated by connectionParams', async () => {
    const result = await runOverWs(TOKENS.portal, '{ viewer { role } sessions(first: 2) { edges { node { title } } } }');
    expect(result.errors).toBeUndefined();
    expect((result.data as { viewer: { role: string } }).viewer.role).toBe('PARTNER_INTEGRATION');
  });

  it('closes the socket with 4403 when the token is missing or unknown', async () => {
    await expect(runOverWs(undefined, '{ viewer { role } }')).rejects.toMatchObject({ code: 4403 });
    await expect(runOverWs('rls_unknown', '{ viewer { role } }')).rejects.toMatchObject({ code: 4403 });
  });

  it(`accepts ${MAX_SUBSCRIPTIONS_PER_CONNECTION} operations at once on one connection and refuses the next`, async () => {
    const client = t.wsClient(TOKENS.portal);
    const failures: unknown[] = [];
    const open = () => client.subscribe({ query: 'subscription { visitSlotPublished { cursor } }' }, { next: () => undefined, error: (e) => failures.push(e), complete: () => undefined });
    const unsubscribe: (() => void)[] = [];
    try {
      // A socket's operations are registered in the order their messages arrive: each query comes after the subscriptions.
      for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CONNECTION - 1; i++) unsubscribe.push(open());
      const twentieth = await queryOn(client, '{ viewer { role } }');
      expect(twentieth).toEqual({ data: { viewer: { role: 'PARTNER_INTEGRATION' } } });
      unsubscribe.push(open());
      await expect(queryOn(client, '{ viewer { role } }')).rejects.toEqual([
        { message: `at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} operations at once per connection`, extensions: { code: 'BAD_USER_INPUT', requestId: expect.stringMatching(/^[0-9a-f]{32}$/) } },
      ]);
      expect(failures).toEqual([]);
    } finally {
      for (const u of unsubscribe) u();
    }
  });

  it(`closes with ${WS_TOO_MANY_SOCKETS} a socket over its account's open sockets (RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT), whichever token it carries`, async () => {
    const capped = await startTestServer({ RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT: '2' }, { db: t.db });
    try {
      // Two more tokens of the portal's account.
      const [portal] = await sql<{ id: number }>(t, 'select account_id as id from api_token where token_hash = ?', [hashTokenSecret(TOKENS.portal)]);
      const em = t.orm.em.fork();
      const owner = await em.findOneOrFail(Account, portal!.id);
      const [second, third] = [(await issueToken(em, owner)).secret, (await issueToken(em, owner)).secret];
      /** Opens a socket holding a subscription: 'connected', or the code it was closed with. */
      const connect = (token: string) => {
        const client = capped.wsClient(token);
        const outcome = new Promise<'connected' | number>((resolve) => {
          client.on('connected', () => resolve('connected'));
          client.on('closed', (event) => resolve((event as { code: number }).code));
        });
        client.subscribe({ query: 'subscription { visitSlotPublished { cursor } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
        return { client, outcome };
      };
      const first = connect(TOKENS.portal);
      expect(await first.outcome).toBe('connected');
      expect(await connect(second).outcome).toBe('connected');
      expect(await connect(third).outcome).toBe(WS_TOO_MANY_SOCKETS);
      // Other accounts are counted on their own.
      expect(await connect(TOKENS.ml).outcome).toBe('connected');
      // A socket of the account closes: its place is free again.
      await first.client.dispose();
      await eventually(async () => (await connect(third).outcome) === 'connected');
    } finally {
      await capped.stop();
    }
  });

  it('answers bad input over the socket with the same error codes as HTTP', async () => {
    const result = await runOverWs(TOKENS.portal, '{ sessions(first: 5000) { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
  // server/graphql-ws-socket.ts writes each message's payload in place of a placeholder: an operation id chosen by
  // the client, even one spelling that placeholder, must come back as it was, with its own payload.
  it('sends each result under the operation id the client chose, whatever that id holds', async () => {
    const socket = new WebSocket(t.server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: { id?: string; type: string; payload?: unknown }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TOKENS.portal}` } }));
    await eventually(() => messages.some((m) => m.type === 'connection_ack'));
    const id = 'x","payload":"\u0000relais-payload"}';
    socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: '{ viewer { role } }' } }));
    await eventually(() => messages.some((m) => m.type === 'complete'));
    expect(messages.filter((m) => m.type !== 'connection_ack')).toEqual([
      { id, type: 'next', payload: { data: { viewer: { role: 'PARTNER_INTEGRATION' } } } },
      { id, type: 'complete' },
    ]);
    socket.close();
  });

  it('closes a socket that does not send connection_init within about 3 s (4408)', async () => {
    const socket = new WebSocket(t.server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    expect(await closed).toBe(4408);
  });
});
