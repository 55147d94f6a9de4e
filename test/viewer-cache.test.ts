import { Account } from '../src/access/entities/account';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { failure, withSqlCount } from './support/graphql';
import { overWs } from './support/hostile';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

/**
 * Each instance keeps the viewers of recently used tokens (src/access/viewer-cache.ts). A revocation or a disabled
 * account must still take effect on every instance, whoever makes it: the database NOTIFYs every instance.
 */
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({}, { db: a.db });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const VIEWER = '{ viewer { role } }';

async function newToken(email: string): Promise<{ secret: string; tokenId: number; accountId: number }> {
  const em = a.orm.em.fork();
  const account = await em.findOneOrFail(Account, { email });
  const { secret, token } = await issueToken(em, account, { label: 'viewer cache test' });
  return { secret, tokenId: token.id, accountId: account.id };
}

/** The code of the first error of `VIEWER` with `secret` on `server`, or 'ok'. */
async function outcome(server: TestServer, secret: string): Promise<string> {
  try {
    await server.client(secret).request(VIEWER);
    return 'ok';
  } catch {
    return (await failure(server.server.url, secret, VIEWER)).codes[0]!;
  }
}

/**
 * Waits until `secret` is refused on `server` (the NOTIFY takes a round trip), and returns the code; past 15 s, a
 * bound for a loaded machine rather than a performance assertion, returns what it still gets ('ok').
 */
async function refusedSoon(server: TestServer, secret: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const code = await outcome(server, secret);
    if (code !== 'ok' || Date.now() > deadline) return code;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('viewer cache', () => {
  it('serves a known token without an authentication statement', async () => {
    const { secret } = await newToken('portail@crepi-idf.example.org');
    const first = await withSqlCount(a.client(secret), VIEWER);
    const second = await withSqlCount(a.client(secret), VIEWER);
    expect(first.sqlStatements - second.sqlStatements).toBe(1);
  });

  it('forgets a token revoked by plain SQL on another connection, on every instance', async () => {
    const { secret, tokenId } = await newToken('portail@crepi-idf.example.org');
    expect([await outcome(a, secret), await outcome(b, secret)]).toEqual(['ok', 'ok']);
    await a.orm.em.fork().getConnection().execute('update api_token set revoked_at = now() where id = ?', [tokenId]);
    expect([await refusedSoon(a, secret), await refusedSoon(b, secret)]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('forgets the tokens of an account disabled through instance A, on instance B', async () => {
    const { secret, accountId } = await newToken('helene.baudin@tertre-rouge.example.org');
    expect(await outcome(b, secret)).toBe('ok');
    const admin = 'rls_demo_network_admin';
    await a.client(admin).request('mutation($i: AccountIdInput!) { disableAccount(input: $i) { account { id } } }', {
      i: { accountId: Buffer.from(`Account:${accountId}`).toString('base64url') },
    });
    expect(await refusedSoon(b, secret)).toBe('UNAUTHENTICATED');
  });

  it('forgets, before it answers, a token revoked or an account disabled by a request it serves, with no NOTIFY', async () => {
    const db = () => a.orm.em.fork().getConnection();
    // Without the triggers no NOTIFY is sent: only the instance's own note of the change (request-scope.ts) can clear
    // its cache, and the next request, sent right after the answer, must already be refused.
    await db().execute('alter table api_token disable trigger api_token_changed; alter table account disable trigger account_changed');
    try {
      const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
      // Over HTTP: a token revokes itself.
      const own = await newToken('portail@crepi-idf.example.org');
      expect([await outcome(a, own.secret), await outcome(a, own.secret)]).toEqual(['ok', 'ok']);
      await a.client(own.secret).request('mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { token { id } } }', { i: { tokenId: String(own.tokenId) } });
      expect(await outcome(a, own.secret)).toBe('UNAUTHENTICATED');
      // Over graphql-ws: a network admin disables an account whose token this instance holds.
      const staff = await newToken('rh@transports-est-francilien.example.org');
      expect([await outcome(a, staff.secret), await outcome(a, staff.secret)]).toEqual(['ok', 'ok']);
      const ws = a.wsClient('rls_demo_network_admin');
      try {
        const answer = await overWs(ws, 'mutation($i: AccountIdInput!) { disableAccount(input: $i) { account { id } } }', { i: { accountId: globalId('Account', staff.accountId) } });
        expect(answer).toEqual({ data: { disableAccount: { account: { id: globalId('Account', staff.accountId) } } } });
      } finally {
        await ws.dispose();
      }
      expect(await outcome(a, staff.secret)).toBe('UNAUTHENTICATED');
    } finally {
      await db().execute('alter table api_token enable trigger api_token_changed; alter table account enable trigger account_changed');
    }
  });

  it('never serves a token past its expiry', async () => {
    const { secret, tokenId } = await newToken('portail@crepi-idf.example.org');
    // Expires in 3 s: cached now, refused once the time has come, without any NOTIFY needed for it. (3 s, not less:
    // on a loaded machine the first request must still come before the expiry.)
    const db = () => a.orm.em.fork().getConnection();
    const cost = async (token: string) => (await withSqlCount(a.client(token), VIEWER)).sqlStatements;
    // A probe token of the same account, cached on A: when a request of it costs the authentication statement again,
    // A has cleared its cache, so the NOTIFY of the update below has arrived (it is the only one sent meanwhile).
    const probe = await newToken('portail@crepi-idf.example.org');
    await cost(probe.secret);
    const cached = await cost(probe.secret);
    await db().execute("update api_token set expires_at = now() + interval '3 seconds' where id = ?", [tokenId]);
    await eventually(async () => (await cost(probe.secret)) > cached);
    // Read from the database with its expiry, then served from the cache: what the expiry check below is about.
    expect(await cost(secret)).toBe(cached + 1);
    expect(await cost(secret)).toBe(cached);
    // Waits on the database's clock, not a fixed delay, until the token has expired.
    await eventually(async () => (await db().execute<{ expired: boolean }[]>('select expires_at <= now() as expired from api_token where id = ?', [tokenId]))[0]!.expired, 10_000);
    expect(await outcome(a, secret)).toBe('UNAUTHENTICATED');
  });
});
