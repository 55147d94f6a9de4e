import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/server/config';
import { createLogger } from '../src/server/logger';
import { ANONYMOUS, MAX_OPERATION_NAMES, OTHER, UNRESOLVED } from '../src/server/metrics';
import { sessionCourseJob } from '../src/server/session-course-job';
import { JobWorker } from '../src/server/worker';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { sql } from './support/fixtures';
import { overWs } from './support/hostile';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { todayInFrance } from '../src/common/local-date';
import { collect, eventually } from './support/subscriptions';

/**
 * What operators see of a running hub (README, "Running in production"): Prometheus metrics at /metrics, and a
 * request id on each request's log lines, in its errors and in `x-request-id`, the caller's trace id when it sends a
 * `traceparent`. Traces themselves: test/tracing.test.ts.
 */

interface LogLine {
  msg: string;
  requestId?: string;
  operation?: string | null;
  [key: string]: unknown;
}

let t: TestServer;
const logs: LogLine[] = [];

beforeAll(async () => {
  t = await startTestServer({ LOG_LEVEL: 'info' }, undefined, { log: (line) => void logs.push(JSON.parse(line) as LogLine) });
});
afterAll(async () => {
  await t?.stop();
});

const base = () => t.server.url.replace(/\/graphql$/, '');

/** Scrapes /metrics: each sample by its name and labels as written (`name{a="b"}`), and the whole text. */
async function scrape(headers: Record<string, string> = {}, url = base()): Promise<{ status: number; text: string; samples: Map<string, number> }> {
  const response = await fetch(`${url}/metrics`, { headers });
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return { status: response.status, text, samples };
}

const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

/** POSTs one GraphQL request; its status, body and headers. */
async function post(query: string, options: { token?: string; headers?: Record<string, string>; operationName?: string } = {}) {
  const response = await fetch(t.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    body: JSON.stringify({ query, operationName: options.operationName }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; requestId?: string } }[] };
  return { status: response.status, body, requestId: response.headers.get('x-request-id') };
}

describe('/metrics', () => {
  it('counts operations by name, errors by code, and times them', async () => {
    const before = await scrape();
    expect(before.status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post('query MetricsViewer { viewer { displayName } }', { token: TOKENS.crepi })).status).toBe(200);
    await post('{ viewer { displayName } }', { token: TOKENS.crepi });
    // Not valid: never resolves to an operation, whatever name it gives itself.
    expect((await post('query MetricsTypo { viewr { id } }', { token: TOKENS.crepi })).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await post('query MetricsNoToken { viewer { id } }')).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await fetch(t.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
    const after = await scrape();

    const delta = (key: string) => value(after.samples, key) - value(before.samples, key);
    expect(delta('relais_graphql_operations_total{operation="MetricsViewer",transport="http"}')).toBe(3);
    expect(delta(`relais_graphql_operations_total{operation="${ANONYMOUS}",transport="http"}`)).toBe(1);
    // The invalid one, the one refused for its token, and the body that is not JSON.
    expect(delta(`relais_graphql_operations_total{operation="${UNRESOLVED}",transport="http"}`)).toBe(3);
    expect(after.text).not.toMatch(/MetricsTypo|MetricsNoToken/);
    expect(delta('relais_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(delta('relais_graphql_errors_total{code="UNAUTHENTICATED"}')).toBe(1);
    expect(delta('relais_graphql_errors_total{code="BAD_REQUEST"}')).toBe(1);
    expect(delta('relais_graphql_operation_duration_seconds_count{operation="MetricsViewer"}')).toBe(3);
    expect(value(after.samples, 'relais_graphql_operation_duration_seconds_bucket{le="+Inf",operation="MetricsViewer"}')).toBe(3);
    expect(after.text).toMatch(/^# TYPE relais_graphql_operation_duration_seconds histogram$/m);
  });

  it('shows the open sockets and subscriptions, and WebSocket operations', async () => {
    const before = await scrape();
    const ws = t.wsClient(TOKENS.crepi);
    const stop = ws.subscribe({ query: 'subscription WatchReferrals { referralUpdated { cursor } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    await eventually(async () => value((await scrape()).samples, 'relais_graphql_subscriptions') === 1);
    const open = await scrape();
    expect(value(open.samples, 'relais_websocket_sockets')).toBe(1);
    expect(value(open.samples, 'relais_http_connections')).toBeGreaterThanOrEqual(1);
    expect(value(open.samples, 'relais_graphql_operations_total{operation="WatchReferrals",transport="ws"}') - value(before.samples, 'relais_graphql_operations_total{operation="WatchReferrals",transport="ws"}')).toBe(1);
    stop();
    await eventually(async () => value((await scrape()).samples, 'relais_graphql_subscriptions') === 0);
    await ws.dispose();
    await eventually(async () => value((await scrape()).samples, 'relais_websocket_sockets') === 0);
  });

  it('measures the outbox lag of each event dispatched', async () => {
    const before = value((await scrape()).samples, 'relais_outbox_dispatch_lag_seconds_count');
    await sql(t, `insert into event (type, entity_id, data) values ('REFERRAL_UPDATED', 0, '{}'), ('REFERRAL_UPDATED', 0, '{}')`);
    await sql(t, `select pg_notify('relais_events', '')`);
    await eventually(async () => value((await scrape()).samples, 'relais_outbox_dispatch_lag_seconds_count') === before + 2);
    const { samples } = await scrape();
    expect(value(samples, 'relais_outbox_dispatch_lag_seconds_sum')).toBeGreaterThanOrEqual(0);
  });

  it('shows the pool, the webhook queues and the scheduled jobs', async () => {
    // One run, asked of the job queue (the cron's next tick would be an hour away at most).
    const logger = createLogger('silent');
    const job = sessionCourseJob(t.orm, loadConfig({ RELAIS_SESSION_COURSE_INTERVAL_MS: '3600000' }), logger);
    const worker = await JobWorker.start({ databaseUrl: t.db.url, logger, jobs: [job], concurrency: 1, pollMs: 100, metrics: t.server.metrics });
    try {
      await worker.runNow(job.task);
      await eventually(async () => value((await scrape()).samples, 'relais_job_runs_total{job="session course",outcome="ok"}') === 1);
    } finally {
      await worker.stop();
    }
    const { samples, text } = await scrape();
    // test/support/server.ts opens a pool of 5.
    expect(value(samples, 'relais_db_pool_max')).toBe(5);
    expect(value(samples, 'relais_db_pool_connections{state="used"}') + value(samples, 'relais_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(1);
    expect(samples.has('relais_db_pool_connections{state="waiting"}')).toBe(true);
    expect(value(samples, 'relais_webhook_pending_deliveries')).toBe(0);
    expect(samples.has('relais_webhook_oldest_pending_seconds')).toBe(true);
    expect(value(samples, 'relais_job_runs_total{job="session course",outcome="ok"}')).toBe(1);
    expect(value(samples, 'relais_job_last_success_timestamp_seconds{job="session course"}')).toBeGreaterThan(Date.now() / 1000 - 3600);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('requires the bearer token when RELAIS_METRICS_TOKEN is set; counts the errors of the answer as sent', async () => {
    const token = 'metrics-secret-0123456789';
    const guarded = await startTestServer({ RELAIS_METRICS_TOKEN: token, RELAIS_MAX_RESPONSE_OBJECTS: '10' }, { db: t.db });
    try {
      const url = guarded.server.url.replace(/\/graphql$/, '');
      expect((await scrape({}, url)).status).toBe(401);
      expect((await scrape({ authorization: 'Bearer metrics-secret-wrong' }, url)).status).toBe(401);
      expect((await scrape({ authorization: `Bearer ${TOKENS.admin}` }, url)).status).toBe(401);
      const allowed = await scrape({ authorization: `Bearer ${token}` }, url);
      expect(allowed.status).toBe(200);
      expect(allowed.samples.has('relais_db_pool_max')).toBe(true);
      // An answer the execution budget stopped: its one error (not one per field stopped), with the request id.
      const response = await fetch(guarded.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.portal}` },
        body: JSON.stringify({ query: '{ metiers(first: 10) { edges { node { code } } } }' }),
      });
      const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors.map((e) => e.extensions)).toEqual([{ code: 'RESPONSE_TOO_LARGE', requestId: response.headers.get('x-request-id') }]);
      const after = await scrape({ authorization: `Bearer ${token}` }, url);
      expect(value(after.samples, 'relais_graphql_errors_total{code="RESPONSE_TOO_LARGE"}')).toBe(1);
    } finally {
      await guarded.stop();
    }
    expect(() => loadConfig({ RELAIS_METRICS_TOKEN: 'short' })).toThrow('RELAIS_METRICS_TOKEN');
  });

  // Last: it uses up the names this instance labels.
  it(`labels at most ${MAX_OPERATION_NAMES} operation names; the others as ${OTHER}`, async () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) await post(`query Many${i} { viewer { id } }`, { token: TOKENS.crepi });
    const { samples } = await scrape();
    const names = [...samples.keys()].filter((k) => k.startsWith('relais_graphql_operations_total{')).map((k) => /operation="([^"]*)"/.exec(k)![1]!);
    expect(names.filter((n) => !n.startsWith('('))).toHaveLength(MAX_OPERATION_NAMES);
    expect(value(samples, `relais_graphql_operations_total{operation="${OTHER}",transport="http"}`)).toBeGreaterThanOrEqual(5);
  });
});

describe('request ids', () => {
  it("takes the caller's trace id from traceparent, and puts it in x-request-id, the errors and every log line of the request", async () => {
    const traceId = randomBytes(16).toString('hex');
    await sql(t, 'alter table commitment rename to commitment_away');
    let answer: Awaited<ReturnType<typeof post>>;
    try {
      answer = await post('query FailingCommitments { commitments(first: 5) { totalCount } }', {
        token: TOKENS.crepi,
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
    } finally {
      await sql(t, 'alter table commitment_away rename to commitment');
    }
    expect(answer.requestId).toBe(traceId);
    expect(answer.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'INTERNAL_SERVER_ERROR', requestId: traceId }]);
    const mine = logs.filter((l) => l.requestId === traceId);
    // The unexpected error's own line (with the cause, for the operator) and the operation's line, both with the id.
    expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(['unexpected error', 'graphql operation']));
    expect(mine.find((l) => l.msg === 'graphql operation')?.operation).toBe('FailingCommitments');
    // Every line about this request carries it: none without.
    expect(logs.filter((l) => l.operation === 'FailingCommitments' || (l.msg === 'unexpected error' && JSON.stringify(l).includes('commitment_away'))).every((l) => l.requestId === traceId)).toBe(true);
  });

  it('makes one up without a valid traceparent, different for each request, and the same in the header, errors and logs', async () => {
    const first = await post('query NoSuchField { nope }', { token: TOKENS.crepi, headers: { traceparent: '00-00000000000000000000000000000000-0000000000000000-01' } });
    const second = await post('query NoSuchField { nope }', { token: TOKENS.crepi, headers: { traceparent: 'garbage' } });
    for (const answer of [first, second]) {
      expect(answer.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.requestId).not.toBe('00000000000000000000000000000000');
      expect(answer.body.errors?.[0]?.extensions?.requestId).toBe(answer.requestId);
      expect(logs.filter((l) => l.requestId === answer.requestId).map((l) => l.msg)).toContain('graphql operation');
    }
    expect(first.requestId).not.toBe(second.requestId);
    // Answers without errors carry it in the header too, and so do the other routes.
    expect((await post('{ viewer { id } }', { token: TOKENS.crepi })).requestId).toMatch(/^[0-9a-f]{32}$/);
    expect((await fetch(`${base()}/healthz`)).headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives each graphql-ws operation one: the trace id of the socket's traceparent, else a new one, in its errors", async () => {
    const traceId = randomBytes(16).toString('hex');
    class Traced extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
      }
    }
    const traced = createClient({ url: t.server.url.replace(/^http/, 'ws'), webSocketImpl: Traced, connectionParams: { authorization: `Bearer ${TOKENS.crepi}` }, retryAttempts: 0, lazy: true });
    try {
      expect((await overWs(traced, 'query WsTypo { viewr { id } }')).errors?.map((e) => e.extensions)).toEqual([{ code: 'GRAPHQL_VALIDATION_FAILED', requestId: traceId }]);
    } finally {
      await traced.dispose();
    }
    const plain = t.wsClient(TOKENS.crepi);
    // An unexpected error: its log line, with the cause, carries the id the client got.
    await sql(t, 'alter table commitment rename to commitment_away');
    let failed: Awaited<ReturnType<typeof overWs>>;
    try {
      failed = await overWs(plain, '{ commitments(first: 5) { totalCount } }');
    } finally {
      await sql(t, 'alter table commitment_away rename to commitment');
    }
    const failedId = (failed.errors?.[0]?.extensions as Record<string, unknown> | undefined)?.requestId;
    expect(failed.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(failedId).toMatch(/^[0-9a-f]{32}$/);
    expect(logs.filter((l) => l.requestId === failedId).map((l) => l.msg)).toContain('unexpected error');
    const ids: unknown[] = [];
    // A client each: a lazy client closing its idle socket may drop the next operation sent meanwhile.
    for (const client of [plain, t.wsClient(TOKENS.crepi)]) ids.push(((await overWs(client, 'query WsTypo { viewr { id } }')).errors?.[0]?.extensions as Record<string, unknown> | undefined)?.requestId);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('carries it on every log line of a graphql-ws subscription, each event pushed included, and on its closing line', async () => {
    const traceId = randomBytes(16).toString('hex');
    const lines: LogLine[] = [];
    // At debug level: the line of each event pushed is a debug line (one per subscriber and event would swamp info).
    const verbose = await startTestServer({ LOG_LEVEL: 'debug' }, { db: t.db }, { log: (line) => void lines.push(JSON.parse(line) as LogLine) });
    class Traced extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
      }
    }
    const client = createClient({ url: verbose.server.url.replace(/^http/, 'ws'), webSocketImpl: Traced, connectionParams: { authorization: `Bearer ${TOKENS.portal}` }, retryAttempts: 0, lazy: true });
    try {
      const admin = verbose.client(TOKENS.admin);
      const { latestEventCursor: after } = await verbose.client(TOKENS.portal).request<{ latestEventCursor: string }>('{ latestEventCursor }');
      const { companies } = await admin.request<{ companies: { edges: { node: { id: string } }[] } }>('{ companies(first: 1, filter: { search: "Fournil" }) { edges { node { id } } } }');
      const day = (days: number) => new Date(Date.parse(`${todayInFrance()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      // Subscribed from the cursor before the offers: whether an offer comes replayed or live, none is missed.
      const offers = collect<{ immersionOfferPublished: { cursor: string } }>(client, 'subscription TwoOffers($after: String) { immersionOfferPublished(after: $after) { cursor } }', { after });
      for (const title of ['Immersion au fournil, matin', 'Immersion au fournil, soir']) {
        const created = await admin.request<{ createImmersionOffer: { immersionOffer: { id: string } } }>(
          'mutation CreateOffer($i: CreateImmersionOfferInput!) { createImmersionOffer(input: $i) { immersionOffer { id } } }',
          { i: { companyId: companies.edges[0]!.node.id, metierCode: 'D1102', objective: 'DISCOVER_METIER', title, availableFrom: day(1), availableUntil: day(40), maxPresenceDays: 5, positions: 1 } },
        );
        await admin.request('mutation PublishOffer($i: ImmersionOfferIdInput!) { publishImmersionOffer(input: $i) { immersionOffer { status } } }', { i: { immersionOfferId: created.createImmersionOffer.immersionOffer.id } });
      }
      await offers.waitFor(2);
      offers.stop();
      await eventually(() => lines.some((l) => l.msg === 'graphql operation' && l.operation === 'TwoOffers'));
    } finally {
      await client.dispose();
      await verbose.stop();
    }
    const mine = lines.filter((l) => l.operation === 'TwoOffers');
    expect(mine.map((l) => [l.msg, l.requestId])).toEqual([['subscription event', traceId], ['subscription event', traceId], ['graphql operation', traceId]]);
    expect(mine[2]).toMatchObject({ transport: 'ws', results: 2 });
    // The mutations that published the offers have ids of their own.
    expect(lines.filter((l) => l.operation === 'PublishOffer').map((l) => l.requestId)).not.toContain(traceId);
  });

  it('puts it in the errors of refused bodies too', async () => {
    const response = await fetch(t.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(response.status).toBe(400);
    expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_REQUEST', requestId: response.headers.get('x-request-id') });
  });

  // POST /graphql exactly is served without express (server/http.ts); express serves the same handlers at /graphql/.
  it('answers POST /graphql, served without express, as express answers the same handlers at /graphql/', async () => {
    /** Status, headers (less those that differ by request or by design) and body, request ids taken out. */
    const answer = async (path: string, init: { body: string; token?: string; type?: string }) => {
      const response = await fetch(`${base()}${path}`, {
        method: 'POST',
        headers: { 'content-type': init.type ?? 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        body: init.body,
      });
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f]{32}$/);
      const headers = Object.fromEntries([...response.headers].filter(([name]) => !['date', 'x-request-id', 'keep-alive'].includes(name)));
      return { status: response.status, headers, body: (await response.text()).replaceAll(requestId!, '<id>') };
    };
    const bodies = [
      { body: JSON.stringify({ query: '{ viewer { displayName } }' }), token: TOKENS.crepi },
      { body: JSON.stringify({ query: '{ viewer { id } }' }) },
      { body: JSON.stringify({ query: '{ nope }' }), token: TOKENS.crepi },
      { body: '{not json' },
      { body: JSON.stringify({ query: `{ ${'__typename '.repeat(20_000)}}` }) },
      { body: '{"query":"{ __typename }"}', type: 'text/plain' },
    ];
    for (const init of bodies) {
      // Once before, so that both answers find the token's viewer cached (the SQL count in the answer is the same).
      await answer('/graphql', init);
      expect(await answer('/graphql', init)).toEqual(await answer('/graphql/', init));
    }
  });
});
