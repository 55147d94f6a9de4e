import type { ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../src/server/app';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

/** Runs one operation over graphql-ws and resolves with its single result, or rejects with the close event. */
function runOverWs(token: string | undefined, query: string): Promise<ExecutionResult> {
  const client = t.wsClient(token);
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
        { message: `at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} operations at once per connection`, extensions: { code: 'BAD_USER_INPUT' } },
      ]);
      expect(failures).toEqual([]);
    } finally {
      for (const u of unsubscribe) u();
    }
  });

  it('answers bad input over the socket with the same error codes as HTTP', async () => {
    const result = await runOverWs(TOKENS.portal, '{ sessions(first: 5000) { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
