import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startHubProcess, type HubProcess } from './faults/support/hub';
import { createTestDatabase, type TestDatabase } from './support/database';
import { TOKENS } from './support/graphql';
import { eventually } from './support/subscriptions';

/**
 * Traces (src/server/telemetry.ts), the way operators get them: the hub in a process of its own, started as
 * `npm start` starts it (main.ts, tracing first), exporting OTLP over HTTP to a small collector in this test.
 * A child process rather than an in-memory exporter in Jest: Jest loads modules through its own loader, which the
 * instrumentations' require hooks never see, and only a real process shows that tracing starts before http, express,
 * pg and graphql load and that the OTLP path works.
 */

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

const SERVER_KIND = 2;

/** A minimal OTLP/HTTP (JSON) trace receiver: every span posted to /v1/traces. */
function startCollector(): Promise<{ url: string; spans: OtlpSpan[]; posts: string[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const posts: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      posts.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
        for (const resource of payload.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        spans,
        posts,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
};

const ROOT = path.resolve(__dirname, '..');

let db: TestDatabase;
let collector: Awaited<ReturnType<typeof startCollector>>;
let hub: HubProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  collector = await startCollector();
  // Spans leave in batches: every 50 ms here instead of 5 s, so that the test waits less.
  hub = await startHubProcess(db.url, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '50', OTEL_SERVICE_NAME: 'relais-test' });
});
afterAll(async () => {
  if (hub) {
    hub.child.kill('SIGTERM');
    await hub.exited;
  }
  await collector?.close();
  await db?.drop();
});

it('traces one request: the HTTP span, the GraphQL operation under it, the SQL statements under that, in the caller\'s trace', async () => {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.crepi}`, traceparent: `00-${traceId}-${callerSpanId}-01` },
    body: JSON.stringify({ query: 'query TracedSessions { sessions(first: 1) { totalCount } }' }),
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { data?: unknown }).data).toEqual({ sessions: { totalCount: expect.any(Number) } });
  expect(response.headers.get('x-request-id')).toBe(traceId);

  const ofTrace = () => collector.spans.filter((s) => s.traceId === traceId);
  const isOperation = (s: OtlpSpan) => attribute(s, 'graphql.operation.name') === 'TracedSessions' && /execute|^query/.test(s.name);
  const isSql = (s: OtlpSpan) => attribute(s, 'db.system') === 'postgresql' || attribute(s, 'db.system.name') === 'postgresql';
  await eventually(() => ofTrace().some((s) => s.kind === SERVER_KIND) && ofTrace().some(isOperation) && ofTrace().some(isSql), 30_000).catch(() => {
    throw new Error(`spans missing; collector got ${JSON.stringify(collector.posts)}: ${JSON.stringify(collector.spans.map((s) => [s.name, s.traceId, s.spanId, s.parentSpanId]))}\n${hub.output()}`);
  });

  const spans = ofTrace();
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const ancestors = (span: OtlpSpan): OtlpSpan[] => {
    const chain: OtlpSpan[] = [];
    for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) chain.push(parent);
    return chain;
  };
  // The HTTP server span is the root of the hub's part, a child of the caller's span (traceparent honoured).
  const serverSpans = spans.filter((s) => s.kind === SERVER_KIND);
  expect(serverSpans).toHaveLength(1);
  const httpSpan = serverSpans[0]!;
  expect(httpSpan.parentSpanId).toBe(callerSpanId);
  expect(attribute(httpSpan, 'http.request.method') ?? attribute(httpSpan, 'http.method')).toBe('POST');
  // The GraphQL operation under it (through express's spans), and the SQL of the operation under the operation.
  const operation = spans.find(isOperation)!;
  expect(operation.name).toBe('query TracedSessions');
  expect(ancestors(operation)).toContain(httpSpan);
  // The statements the operation runs are its direct children (the viewer's token check, before it, is not).
  const sqlUnderOperation = spans.filter((s) => isSql(s) && s.parentSpanId === operation.spanId);
  expect(sqlUnderOperation.length).toBeGreaterThan(0);
  expect(spans.filter((s) => isSql(s) && ancestors(s).includes(operation))).toEqual(sqlUnderOperation);
  expect(sqlUnderOperation.some((s) => /select/i.test(String(attribute(s, 'db.query.text') ?? attribute(s, 'db.statement') ?? '')))).toBe(true);
  // Every span of the hub in this trace hangs from the HTTP span: no orphan.
  for (const span of spans.filter((s) => s !== httpSpan)) expect(ancestors(span)).toContain(httpSpan);
});

it('costs nothing without OTEL_EXPORTER_OTLP_ENDPOINT: the SDK and the instrumentations are not even loaded', () => {
  // In a plain process (Jest's loader would hide what Node loads): which OpenTelemetry modules are loaded after
  // startTelemetry, without and with the variable.
  const probe = (env: Record<string, string>) => {
    const script = `const t = require('./src/server/telemetry.ts');
      const started = t.startTelemetry(process.env);
      const loaded = Object.keys(require.cache).filter((f) => /@opentelemetry[\\\\/](sdk-node|instrumentation-(http|express|pg|graphql))[\\\\/]/.test(f)).length;
      t.stopTelemetry().then(() => console.log(JSON.stringify({ started, loaded })));`;
    const { OTEL_EXPORTER_OTLP_ENDPOINT: _unset, ...inherited } = process.env;
    const run = spawnSync(process.execPath, ['-r', path.join(ROOT, 'test/faults/support/register-ts.cjs'), '-e', script], { cwd: ROOT, env: { ...inherited, ...env }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as { started: boolean; loaded: number };
  };
  expect(probe({})).toEqual({ started: false, loaded: 0 });
  const on = probe({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
  expect(on.started).toBe(true);
  expect(on.loaded).toBeGreaterThan(0);
});
