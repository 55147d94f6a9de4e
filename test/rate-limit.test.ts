import { Account } from '../src/access/entities/account';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { hashTokenSecret } from '../src/access/rules/token-secret';
import { sql } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { codesOf, overWs, rawRequests } from './support/hostile';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

/**
 * What each request counts against its account and token, shared by every instance on one database: the rate limit
 * (HTTP and graphql-ws) and a token's last use. Instances of their own, beside the main one (whose rate limit no test
 * reaches), so that their counters start at zero.
 */

let t: TestServer;
const { gql } = rawRequests(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('rate limit, shared by every instance', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // Two more instances on the same database, 3 requests a minute per token.
    [a, b] = await Promise.all([startTestServer({ RELAIS_RATE_LIMIT: '3' }, { db: t.db }), startTestServer({ RELAIS_RATE_LIMIT: '3' }, { db: t.db })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('answers the 4th request of a minute with 429, RATE_LIMITED and Retry-After, whichever instance it reaches', async () => {
    const query = '{ viewer { role } }';
    for (const server of [a, b, a]) expect((await gql(query, undefined, { token: TOKENS.participant, url: server.server.url })).status).toBe(200);
    const refused = await gql(query, undefined, { token: TOKENS.participant, url: b.server.url });
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body?.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
    // other tokens are counted on their own
    expect((await gql(query, undefined, { token: TOKENS.ml, url: a.server.url })).status).toBe(200);
  });

  it('counts requests without a valid token by address, so guessing tokens is limited too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5 && !statuses.includes(429); i++) statuses.push((await gql('{ viewer { role } }', undefined, { token: `rls_guess_${i}`, url: a.server.url })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
  });

  /** A new account of the CRÉPI (a portal) and `count` tokens of it, made outside the API: counters of their own. */
  async function portalTokens(count: number): Promise<string[]> {
    const [structure] = await sql<{ id: number }>(t, `select structure_id as id from account where role = 'PARTNER_INTEGRATION' and structure_id is not null limit 1`);
    const [account] = await sql<{ id: number }>(t, `insert into account (email, display_name, role, structure_id) values (?, 'Portail', 'PARTNER_INTEGRATION', ?) returning id`, [`portail-${Math.random().toString(36).slice(2)}@example.org`, structure!.id]);
    const em = t.orm.em.fork();
    const owner = await em.findOneOrFail(Account, account!.id);
    const secrets: string[] = [];
    for (let i = 0; i < count; i++) secrets.push((await issueToken(em, owner, { label: `clé ${i}` })).secret);
    return secrets;
  }

  it('counts an account\'s requests together, whichever of its tokens they carry: minting tokens buys no budget', async () => {
    const tokens = await portalTokens(4);
    const query = '{ viewer { role } }';
    for (const [i, server] of [a, b, a].entries()) expect((await gql(query, undefined, { token: tokens[i], url: server.server.url })).status).toBe(200);
    const refused = await gql(query, undefined, { token: tokens[3], url: b.server.url });
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body?.errors?.[0]?.message).toMatch(/^too many requests: at most 3 a minute; retry in \d+ s$/);
  });

  it('also counts each token, within its account, when RELAIS_TOKEN_RATE_LIMIT is lower', async () => {
    const c = await startTestServer({ RELAIS_RATE_LIMIT: '5', RELAIS_TOKEN_RATE_LIMIT: '2' }, { db: t.db });
    try {
      const [first, second, third] = await portalTokens(3);
      const status = async (token: string) => {
        const answer = await gql('{ viewer { role } }', undefined, { token, url: c.server.url });
        return answer.status === 429 ? String(answer.body?.errors?.[0]?.message).replace(/; retry in \d+ s$/, '') : answer.status;
      };
      expect([await status(first!), await status(first!), await status(first!)]).toEqual([200, 200, 'too many requests: at most 2 a minute for this token']);
      expect([await status(second!), await status(second!), await status(third!)]).toEqual([200, 200, 200]);
      // five for the account (what the token's own limit refused is not counted against it): the sixth is refused
      expect(await status(third!)).toBe('too many requests: at most 5 a minute');
    } finally {
      await c.stop();
    }
  });

  it('counts graphql-ws operations against the token too', async () => {
    const client = b.wsClient(TOKENS.franceTravail);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await overWs(client, '{ viewer { role } }'));
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? r.closed ?? 'ok');
    expect(codes).toContain('RATE_LIMITED');
  });
});

describe('tokens', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // Instances of their own: each remembers which tokens it wrote in the last minute.
    [a, b] = await Promise.all([startTestServer({}, { db: t.db }), startTestServer({}, { db: t.db })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('records when a token was last used, at most once a minute, whichever instance serves it', async () => {
    const hash = hashTokenSecret(TOKENS.company);
    const lastUsed = async () => {
      const [row] = await sql<{ lastUsedAt: string | null }>(t, 'select last_used_at::text as "lastUsedAt" from api_token where token_hash = ?', [hash]);
      return row?.lastUsedAt ?? null;
    };
    await sql(t, 'update api_token set last_used_at = null where token_hash = ?', [hash]);
    await a.client(TOKENS.company).request('{ viewer { role } }');
    await eventually(async () => (await lastUsed()) !== null);
    const first = await lastUsed();
    // The same instance does not write again within the minute; another one tries, and its update's condition holds.
    // B's write is not awaited by its request: rather than pause for it (a slow machine could outlast any pause),
    // every UPDATE statement on api_token is counted by a statement-level trigger, which fires even when no row
    // changes, and the check waits for B's.
    await sql(t, 'create table token_update_probe (at timestamptz not null default clock_timestamp())');
    await sql(t, 'create function token_update_probe() returns trigger language plpgsql as $$ begin insert into token_update_probe default values; return null; end $$');
    await sql(t, 'create trigger token_update_probe after update on api_token for each statement execute function token_update_probe()');
    try {
      await a.client(TOKENS.company).request('{ viewer { role } }');
      await b.client(TOKENS.company).request('{ viewer { role } }');
      await eventually(async () => Number((await sql<{ n: string }>(t, 'select count(*) as n from token_update_probe'))[0]!.n) >= 1);
      expect(await lastUsed()).toBe(first);
    } finally {
      await sql(t, 'drop trigger token_update_probe on api_token');
      await sql(t, 'drop function token_update_probe');
      await sql(t, 'drop table token_update_probe');
    }
  });
});
