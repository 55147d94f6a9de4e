import { ConfigError, loadConfig } from '../src/server/config';
import { sql } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { codesOf, deepSelection, overWs, rawRequests, STACK_FRAME } from './support/hostile';
import { startTestServer, type TestServer } from './support/server';

/**
 * The server's settings (src/server/config.ts) as a client meets them: production hides introspection, suggestions
 * and details; body limit, CORS origins; never a stack trace or SQL in an answer; every setting read and checked at
 * start.
 */

let t: TestServer;
const { gql, expectHealthy } = rawRequests(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('production settings', () => {
  let p: TestServer;
  beforeAll(async () => {
    p = await startTestServer({ NODE_ENV: 'production', RELAIS_BODY_LIMIT: '4kb', RELAIS_CORS_ORIGINS: 'https://portail.crepi.example.org, http://localhost:5173' }, { db: t.db });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('turns introspection off and hides suggestions and limits', async () => {
    const introspection = await gql('{ __schema { types { name } } }', undefined, { url: p.server.url });
    expect(codesOf(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const typo = await gql('{ viewr { id } }', undefined, { url: p.server.url });
    expect(typo.body?.errors?.[0]?.message).toBe('Cannot query field "viewr" on type "Query".');
    const enumTypo = await gql('query($f: SessionFilter) { sessions(filter: $f) { totalCount } }', { f: { kinds: ['COMPANY_VISITT'] } }, { url: p.server.url });
    expect(codesOf(enumTypo)).toEqual(['BAD_USER_INPUT']);
    expect(enumTypo.text).not.toMatch(/Did you mean|COMPANY_VISIT"/);
    const deep = await gql(`{ metier(code: "F1701") { ${deepSelection(50)} } }`, undefined, { url: p.server.url });
    expect(deep.body?.errors?.[0]?.message).not.toMatch(/\d/);
    const ws = p.wsClient(TOKENS.portal);
    expect((await overWs(ws, 'subscription { visitSlotPublishd { cursor } }')).errors?.[0]?.message).toBe('Cannot query field "visitSlotPublishd" on type "Subscription".');
    expect(new Set((await overWs(ws, '{ __schema { types { name } } }')).errors?.map((e) => e.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    // outside production, introspection works over both transports
    expect((await overWs(t.wsClient(TOKENS.portal), '{ __type(name: "Session") { name } }')).data).toEqual({ __type: { name: 'Session' } });
  });

  it('applies RELAIS_BODY_LIMIT', async () => {
    const answer = await gql(`{ viewer { id } } # ${'x'.repeat(5000)}`, undefined, { url: p.server.url });
    expect(answer.status).toBe(413);
    expect(answer.body?.errors?.[0]?.message).toBe('the request body must be at most 4096 bytes');
  });

  it('gives CORS headers to the configured origins only, and none by default', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const allowed = await preflight(p.server.url, 'https://portail.crepi.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portail.crepi.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect((await preflight(p.server.url, 'https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(t.server.url, 'https://portail.crepi.example.org')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never sends a stack trace or SQL, even for an unexpected error, in production or not', async () => {
    await sql(t, 'alter table commitment rename to commitment_away');
    try {
      for (const url of [t.server.url, p.server.url]) {
        const answer = await gql('{ commitments(first: 5) { totalCount } }', undefined, { url });
        expect(codesOf(answer)).toEqual(['INTERNAL_SERVER_ERROR']);
        expect(answer.body?.errors?.[0]?.message).toBe('Internal server error');
        expect(answer.text).not.toMatch(STACK_FRAME);
        expect(answer.text).not.toMatch(/commitment_away|relation|select |from /i);
      }
    } finally {
      await sql(t, 'alter table commitment_away rename to commitment');
    }
    await expectHealthy();
  });
});

describe('configuration', () => {
  it('defaults: introspection and details on, no CORS, 100 kB bodies, 600 requests a minute; production turns details off', () => {
    const dev = loadConfig({});
    expect(dev).toMatchObject({ production: false, introspection: true, errorDetails: true, corsOrigins: [], bodyLimitBytes: 102_400, rateLimitPerMinute: 600 });
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ introspection: false, errorDetails: false });
    // Tokens: the account's rate limit binds each token too unless lowered; 20 live per account, 90 days, 20 sockets.
    expect(dev).toMatchObject({ tokenRateLimitPerMinute: 600, maxTokensPerAccount: 20, tokenMaxDays: 90, wsMaxSocketsPerAccount: 20 });
    expect(loadConfig({ RELAIS_RATE_LIMIT: '100', RELAIS_TOKEN_RATE_LIMIT: '30', RELAIS_MAX_TOKENS_PER_ACCOUNT: '5', RELAIS_TOKEN_MAX_DAYS: '30', RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT: '3' }))
      .toMatchObject({ rateLimitPerMinute: 100, tokenRateLimitPerMinute: 30, maxTokensPerAccount: 5, tokenMaxDays: 30, wsMaxSocketsPerAccount: 3 });
    expect(loadConfig({ NODE_ENV: 'production', RELAIS_INTROSPECTION: 'true', RELAIS_ERROR_DETAILS: '1' })).toMatchObject({ introspection: true, errorDetails: true });
    expect(loadConfig({ RELAIS_BODY_LIMIT: '1mb', RELAIS_CORS_ORIGINS: 'https://a.example.org,http://localhost:5173', RELAIS_RATE_LIMIT: '0' })).toMatchObject({
      bodyLimitBytes: 1_048_576,
      corsOrigins: ['https://a.example.org', 'http://localhost:5173'],
      rateLimitPerMinute: 0,
    });
  });

  it.each([
    ['RELAIS_BODY_LIMIT', 'lots'],
    ['RELAIS_BODY_LIMIT', '100gb'],
    ['RELAIS_BODY_LIMIT', '20mb'],
    ['RELAIS_CORS_ORIGINS', 'portail.example.org'],
    ['RELAIS_CORS_ORIGINS', 'https://portail.example.org/app'],
    ['RELAIS_RATE_LIMIT', '-1'],
    ['RELAIS_TOKEN_RATE_LIMIT', 'many'],
    ['RELAIS_MAX_TOKENS_PER_ACCOUNT', '0'],
    ['RELAIS_TOKEN_MAX_DAYS', '3651'],
    ['RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT', '0'],
    ['RELAIS_ERROR_DETAILS', 'yes'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
