import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/db/database';
import { createLogger } from '../src/server/logger';
import { cycle, runLoad, type LoadFigures, type LoadRequest } from './harness/http-load';
import { startServer, type ServerProcess } from './harness/process';
import { median, round } from './harness/stats';
import { backendsCpuMs, backendsCpuSpent, machineBusyMs, ownCpuMs, sampleLoad } from './harness/machine';
import { findNearSearchParams, nearSearchRequests } from './workloads/near-search';
import { nodeLookupRequests } from './workloads/node-lookup';
import { findPortalListParams, peerHttpRequest, portalListRequests, type Peer, type PeerRequests } from './workloads/portal-list';
import { runWrites, writeTargets, type WriteFigures, type WriteFixture } from './workloads/writes';
import { findIndicatorsParams, indicatorsRequests, W6_GROUPINGS } from './workloads/indicators';
import { runWebhooks, type WebhookFigures } from './workloads/webhooks';

/**
 * `npm run bench`: W1–W4 on the generated database (bench/generate.ts), Relais side by side with PostGraphile and
 * the raw-SQL floor for W1 and W2, the servers' runs interleaved (A, B, C, A, B, C...); each figure the median of
 * `--runs` runs, with its spread; a ratio is printed only when neither side's spread is over 15 %. W5 (fan-out) is bench/ws-fanout.ts. W6
 * (indicators of a région's year, one connection, each grouping measured on its own) runs with `--only W6`. W7
 * (webhook deliveries to local endpoints, on a database of its own: it writes) runs with `--only W7`.
 *
 *   npm run bench -- [--runs 5] [--duration 10] [--connections 16] [--only W1,W2,W3,W4] [--no-peers] [--no-response-cache]
 *                    [--relais-dist ../other-checkout/dist --label before]
 *                    [--w7-database <url>] [--w7-endpoints 100] [--w7-accounts 10] [--w7-instances 1]
 *                    [--w7-events 100] [--w7-paced-events 30] [--w7-interval-ms 1000]
 *
 * Needs bench/results/fixture.json (run `npm run bench:generate` first; see bench/README.md). Writes
 * bench/results/run-<time>.json and prints the tables that go into bench/RESULTS.md.
 */

interface Options {
  runs: number;
  durationS: number;
  warmupS: number;
  connections: number;
  only: Set<string>;
  peers: boolean;
  /** W1 and W2 also measure a second Relais with the response cache on (the row "relais + response cache"). */
  responseCache: boolean;
  fixturePath: string;
  /** The built Relais to measure (another checkout's dist/, for before/after figures). */
  relaisDist: string;
  label: string;
  w7: { databaseUrl: string | null; endpoints: number; accounts: number; instances: number; burstEvents: number; pacedEvents: number; intervalMs: number };
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    runs: Number(value('runs') ?? 5),
    durationS: Number(value('duration') ?? 10),
    warmupS: Number(value('warmup') ?? 3),
    connections: Number(value('connections') ?? 16),
    only: new Set((value('only') ?? 'W1,W2,W3,W4').split(',').map((w) => w.trim().toUpperCase())),
    peers: !argv.includes('--no-peers'),
    responseCache: !argv.includes('--no-response-cache'),
    fixturePath: value('fixture') ?? 'bench/results/fixture.json',
    relaisDist: value('relais-dist') ?? 'dist',
    label: value('label') ?? 'current',
    w7: {
      databaseUrl: value('w7-database') ?? process.env.W7_DATABASE_URL ?? null,
      endpoints: Number(value('w7-endpoints') ?? 100),
      accounts: Number(value('w7-accounts') ?? 10),
      instances: Number(value('w7-instances') ?? 1),
      burstEvents: Number(value('w7-events') ?? 100),
      pacedEvents: Number(value('w7-paced-events') ?? 30),
      intervalMs: Number(value('w7-interval-ms') ?? 1000),
    },
  };
}

/** What the bench reads of the generator's fixture. */
interface Fixture {
  databaseUrl: string;
  /** Set when the generator used the embedded PostgreSQL (stopped since): the runner starts it again. */
  embedded: { dataDir: string; port: number; database: string } | null;
  seed: number;
  scale: number;
  counts: Record<string, number>;
  tokens: { networkAdmin: { secret: string }; portal: { secret: string }; prescribers: { secret: string }[] };
  w3: { ids: { id: string }[] };
  w4: WriteFixture;
}

const PORTS = { relais: 4400, relaisCache: 4401, relaisSqlCounter: 4402, relaisCacheSqlCounter: 4403, postgraphile: 5200, rawSql: 5300 } as const;

/**
 * The rows of W1 and W2: the peers, and Relais again with its response cache of public lists on (issue 16: measured
 * as a row of its own; the goal must hold without it). That row sends Relais's requests.
 */
type Row = Peer | 'relaisCache';
const ROWS: readonly Row[] = ['relais', 'relaisCache', 'postgraphile', 'rawSql'];
const ROW_NAMES: Record<Row, string> = { relais: 'relais', relaisCache: 'relais + response cache', postgraphile: 'postgraphile', rawSql: 'rawSql' };
const requestsOf = (row: Row): Peer => (row === 'relaisCache' ? 'relais' : row);
/** Megabytes of the cache row's response cache: far more than W1's and W2's 12 pages each. */
const RESPONSE_CACHE_MB = '64';

/**
 * The bench's Relais: built code, the generated database, nothing moving underneath (no expiry nor retention job),
 * in production configuration: the rate limiter counts every request as in production, its refusal threshold only
 * raised out of the load's reach (issue 16).
 */
function relaisEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(PORTS.relais),
    LOG_LEVEL: 'warn',
    RELAIS_SEED_DEMO: 'false',
    RELAIS_RATE_LIMIT: '1000000',
    RELAIS_EXPIRY_INTERVAL_MS: '0',
    RELAIS_RETENTION_INTERVAL_MS: '0',
    // Off whatever the environment says: the goal is measured without it (its own row: relaisCacheEnv).
    RELAIS_RESPONSE_CACHE_MB: '0',
  };
}

/** The bench's Relais with the response cache of public lists on (RELAIS_RESPONSE_CACHE_MB), on a port of its own. */
function relaisCacheEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return { ...relaisEnv(databaseUrl), PORT: String(PORTS.relaisCache), RELAIS_RESPONSE_CACHE_MB: RESPONSE_CACHE_MB };
}

/**
 * Another Relais per Relais row, the only ones that add their statement count to their answers (RELAIS_EXPOSE_SQL_COUNT,
 * which production leaves off): they answer the "SQL/request" column, so that the Relais measured answer as production
 * does. Idle while the others are measured.
 */
const sqlCounters: { relais?: ServerProcess; relaisCache?: ServerProcess } = {};

/**
 * W7's Relais: the bench's settings (production, nothing moving underneath) with webhook workers at their production
 * settings (concurrency, 10 s timeout, retries, poll), except the receivers' plain http on 127.0.0.1 allowed, and
 * secrets sealed as production does.
 */
function webhookRelaisEnv(databaseUrl: string, port: number): NodeJS.ProcessEnv {
  return {
    ...relaisEnv(databaseUrl),
    PORT: String(port),
    RELAIS_SESSION_COURSE_INTERVAL_MS: '0',
    RELAIS_FOLLOW_UP_INTERVAL_MS: '0',
    RELAIS_WEBHOOK_WORKERS: 'true',
    RELAIS_WEBHOOK_ALLOW_HTTP: 'true',
    RELAIS_WEBHOOK_ALLOW_PRIVATE: 'true',
    RELAIS_WEBHOOK_SECRET_KEY: 'w7-bench-key-sealing-webhook-secrets-0123456789',
  };
}

/**
 * A port nobody listens on now, from the system: startServer takes whatever answers on its port for the server it
 * started, so a fixed port another bench already uses would measure (and write through) that other server.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `url` with another database name. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * W7 on its own database (default: `relais_w7` beside the bench database, a copy of it made once with
 * `createdb -T relais_bench relais_w7`): it creates endpoints, offers and deliveries, which the other workloads must
 * not see. Relais instances of their own, on free ports.
 */
async function runW7(databaseUrl: string, fixture: Fixture, options: Options): Promise<WebhookFigures> {
  const url = options.w7.databaseUrl ?? withDatabase(databaseUrl, 'relais_w7');
  const db = new Pool({ connectionString: url, max: 2 });
  try {
    await db.query('select 1');
  } catch (error) {
    await db.end();
    throw new Error(`W7 needs its own database ${url} (${(error as Error).message}): make it once with \`createdb -T relais_bench relais_w7\` (see bench/README.md, "W7")`);
  }
  const hubs: ServerProcess[] = [];
  try {
    const main = `${options.relaisDist}/src/server/main.js`;
    for (let i = 0; i < options.w7.instances; i++) {
      const port = await freePort();
      hubs.push(await startServer({ name: `relais W7 ${i + 1}`, command: process.execPath, args: [main], env: webhookRelaisEnv(url, port), port, readyPath: '/readyz' }));
    }
    const owners = fixture.tokens.prescribers.slice(0, options.w7.accounts).map((p) => p.secret);
    if (owners.length < options.w7.accounts) throw new Error(`W7: the fixture has ${owners.length} prescriber tokens, ${options.w7.accounts} asked`);
    return await runWebhooks({
      graphqlUrl: `${hubs[0]!.baseUrl}/graphql`,
      db,
      databaseUrl: url,
      adminToken: fixture.tokens.networkAdmin.secret,
      owners,
      endpoints: options.w7.endpoints,
      burstEvents: options.w7.burstEvents,
      pacedEvents: options.w7.pacedEvents,
      intervalMs: options.w7.intervalMs,
      drainTimeoutMs: 600_000,
      serverCpuMs: () => hubs.reduce((sum, h) => sum + h.cpuMs(), 0),
    });
  } finally {
    for (const hub of hubs) await hub.stop();
    await db.end();
  }
}

async function startPeers(databaseUrl: string, options: Options): Promise<Partial<Record<Row, ServerProcess>>> {
  const servers: Partial<Record<Row, ServerProcess>> = {};
  const main = `${options.relaisDist}/src/server/main.js`;
  const relais = (name: string, env: NodeJS.ProcessEnv, port: number) =>
    startServer({ name, command: process.execPath, args: [main], env: { ...env, PORT: String(port) }, port, readyPath: '/readyz' });
  const counting = (env: NodeJS.ProcessEnv) => ({ ...env, RELAIS_EXPOSE_SQL_COUNT: 'true' });
  servers.relais = await relais('relais', relaisEnv(databaseUrl), PORTS.relais);
  sqlCounters.relais = await relais('relais (SQL counter)', counting(relaisEnv(databaseUrl)), PORTS.relaisSqlCounter);
  if (options.responseCache && (options.only.has('W1') || options.only.has('W2'))) {
    servers.relaisCache = await relais('relais + response cache', relaisCacheEnv(databaseUrl), PORTS.relaisCache);
    sqlCounters.relaisCache = await relais('relais + response cache (SQL counter)', counting(relaisCacheEnv(databaseUrl)), PORTS.relaisCacheSqlCounter);
  }
  if (!options.peers) return servers;
  const peerEnv = (port: number) => ({ ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production' });
  servers.postgraphile = await startServer({
    name: 'postgraphile',
    command: process.execPath,
    args: ['-r', './bench/postgraphile/polyfill.cjs', 'bench/postgraphile/server.mjs'],
    env: peerEnv(PORTS.postgraphile),
    port: PORTS.postgraphile,
    readyPath: '/healthz',
  });
  servers.rawSql = await startServer({ name: 'raw SQL', command: process.execPath, args: ['dist/bench/raw-sql-server.js'], env: peerEnv(PORTS.rawSql), port: PORTS.rawSql, readyPath: '/healthz' });
  return servers;
}

/** Installs PostGraphile (its own package) and applies its SQL functions to the database. */
async function preparePostGraphile(db: Pool): Promise<void> {
  if (!existsSync('bench/postgraphile/node_modules/postgraphile')) {
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', 'bench/postgraphile'], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error('could not install bench/postgraphile');
  }
  // One simple-protocol query runs the whole (idempotent) script.
  await db.query(readFileSync('bench/postgraphile/setup.sql', 'utf8'));
}

interface Figures extends RunFigures {
  /** SQL statements per request: each server's own count. */
  sqlPerRequest: number | null;
  rssMiB: number;
}

/**
 * Statements one request costs, as counted by Relais (extensions.sqlStatements), in the steady state: the request is
 * sent twice and the second counted (the first of a token also pays its lookup, before the viewer cache holds it).
 */
async function relaisSqlCount(request: LoadRequest, row: 'relais' | 'relaisCache' = 'relais'): Promise<number | null> {
  const server = sqlCounters[row]!;
  await fetch(server.baseUrl + request.path, { method: request.method, headers: request.headers, body: request.body }).then((r) => r.arrayBuffer());
  const response = await fetch(server.baseUrl + request.path, { method: request.method, headers: request.headers, body: request.body });
  const body = (await response.json()) as { errors?: unknown[]; extensions?: { sqlStatements?: number } };
  if (body.errors?.length) throw new Error(`relais answered errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.extensions?.sqlStatements ?? null;
}

/** SQL statements per request of a peer, from its own counter (GET /stats), over `n` sequential requests. */
async function peerStatementsPerRequest(server: ServerProcess, next: () => LoadRequest, n = 50): Promise<number> {
  const statements = async () => ((await (await fetch(`${server.baseUrl}/stats`)).json()) as { statements: number }).statements;
  const before = await statements();
  for (let i = 0; i < n; i++) {
    const r = next();
    const response = await fetch(server.baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
    await response.arrayBuffer();
  }
  return round(((await statements()) - before) / n, 2);
}

/**
 * One run's figures, with the CPU it cost per request (robust on a shared 2-core machine): the server process's, the
 * PostgreSQL backends' that served it, and their sum; and what else the machine was doing meanwhile.
 */
interface RunFigures extends LoadFigures {
  serverCpuMsPerRequest: number;
  /** The database backends' CPU per request; null when the database is not on this machine. */
  databaseCpuMsPerRequest: number | null;
  /** Server + database CPU per request: what a request costs, wherever the work is done. */
  totalCpuMsPerRequest: number | null;
  /** Highest 1-minute load average seen during the run. */
  loadAverageMax: number;
  /** Cores busy during the run with anything but the server, its backends and the load generator (other processes). */
  otherCores: number;
}

async function warmUp(server: ServerProcess, next: () => LoadRequest, options: Options): Promise<void> {
  await runLoad({ baseUrl: server.baseUrl, connections: options.connections, durationS: options.warmupS, next });
}

async function oneRun(server: ServerProcess, next: () => LoadRequest, options: Options, db: Pool): Promise<RunFigures> {
  const cpuBefore = server.cpuMs();
  const backendsBefore = await backendsCpuMs(db);
  const machineBefore = machineBusyMs();
  const ownBefore = ownCpuMs();
  const started = performance.now();
  const load = sampleLoad();
  const figures = await runLoad({ baseUrl: server.baseUrl, connections: options.connections, durationS: options.durationS, next });
  const loadAverageMax = load.stop();
  const elapsedMs = performance.now() - started;
  const serverMs = server.cpuMs() - cpuBefore;
  const databaseMs = backendsCpuSpent(backendsBefore, await backendsCpuMs(db));
  const othersMs = machineBusyMs() - machineBefore - serverMs - (databaseMs ?? 0) - (ownCpuMs() - ownBefore);
  const perRequest = (ms: number) => round(ms / Math.max(1, figures.requests), 2);
  return {
    ...figures,
    serverCpuMsPerRequest: perRequest(serverMs),
    databaseCpuMsPerRequest: databaseMs === null ? null : perRequest(databaseMs),
    totalCpuMsPerRequest: databaseMs === null ? null : perRequest(serverMs + databaseMs),
    loadAverageMax: round(loadAverageMax, 2),
    otherCores: round(Math.max(0, othersMs) / elapsedMs, 2),
  };
}

async function measure(server: ServerProcess, next: () => LoadRequest, options: Options, db: Pool): Promise<RunFigures[]> {
  await warmUp(server, next, options);
  const runs: RunFigures[] = [];
  for (let run = 0; run < options.runs; run++) runs.push(await oneRun(server, next, options, db));
  return runs;
}

function medianFigures(runs: RunFigures[]): RunFigures {
  const m = (f: (r: RunFigures) => number) => median(runs.map(f));
  return {
    requestsPerSecond: m((r) => r.requestsPerSecond),
    p50Ms: m((r) => r.p50Ms),
    p99Ms: m((r) => r.p99Ms),
    requests: m((r) => r.requests),
    errors: m((r) => r.errors),
    non2xx: m((r) => r.non2xx),
    serverCpuMsPerRequest: m((r) => r.serverCpuMsPerRequest),
    databaseCpuMsPerRequest: runs.some((r) => r.databaseCpuMsPerRequest === null) ? null : m((r) => r.databaseCpuMsPerRequest!),
    totalCpuMsPerRequest: runs.some((r) => r.totalCpuMsPerRequest === null) ? null : m((r) => r.totalCpuMsPerRequest!),
    loadAverageMax: Math.max(...runs.map((r) => r.loadAverageMax)),
    otherCores: m((r) => r.otherCores),
  };
}

/**
 * The servers measured in turn, run after run (A, B, C, A, B, C...), so that a change of the machine's state during
 * the bench (another process, the page cache, a thermal limit) falls on every server alike.
 */
async function sideBySide(
  name: string,
  servers: Partial<Record<Row, ServerProcess>>,
  cases: PeerRequests[],
  token: string,
  options: Options,
  db: Pool,
): Promise<Partial<Record<Row, Figures & { runs: RunFigures[] }>>> {
  const measured = [];
  for (const peer of ROWS) {
    const server = servers[peer];
    if (!server) continue;
    const next = cycle(cases.map((c) => peerHttpRequest(requestsOf(peer), c, token)));
    // The cache row's count is that of a hit (the request is sent twice, the second counted).
    const sqlPerRequest = requestsOf(peer) === 'relais' ? await relaisSqlCount(next(), peer === 'relaisCache' ? 'relaisCache' : 'relais') : await peerStatementsPerRequest(server, next);
    await warmUp(server, next, options);
    measured.push({ peer, server, next, sqlPerRequest, runs: [] as RunFigures[] });
  }
  console.log(`${name}: ${options.runs} rounds of ${measured.map((m) => m.peer).join(', ')}, ${options.durationS} s each at ${options.connections} connections...`);
  for (let run = 0; run < options.runs; run++) {
    for (const m of measured) {
      const figures = await oneRun(m.server, m.next, options, db);
      m.runs.push(figures);
      console.log(`  round ${run + 1} ${m.peer}: ${round(figures.requestsPerSecond)} req/s, p99 ${figures.p99Ms} ms, CPU ms/request server ${figures.serverCpuMsPerRequest} + database ${figures.databaseCpuMsPerRequest ?? '?'}, load ≤ ${figures.loadAverageMax}, other processes ${figures.otherCores} cores`);
    }
  }
  const result: Partial<Record<Row, Figures & { runs: RunFigures[] }>> = {};
  for (const m of measured) result[m.peer] = { ...medianFigures(m.runs), sqlPerRequest: m.sqlPerRequest, rssMiB: round(m.server.rssMiB()), runs: m.runs };
  return result;
}

/** How far apart a server's runs are: (max − min) / median of their throughput. */
function spreadOf(runs: RunFigures[]): number {
  const values = runs.map((r) => r.requestsPerSecond);
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

/** Most spread at which a ratio between two servers is printed: beyond, the run was too noisy to compare them. */
const MAX_SPREAD = 0.15;

function table(rows: (string | number | null)[][]): string {
  const [head, ...body] = rows;
  const line = (r: (string | number | null)[]) => `| ${r.map((c) => (c === null ? '–' : String(c))).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loadBefore = loadavg().map((l) => round(l, 2));
  const commit = commitOf(options.relaisDist);
  if (!existsSync(options.fixturePath)) throw new Error(`${options.fixturePath} is missing: run \`npm run bench:generate\` first`);
  const fixture = JSON.parse(readFileSync(options.fixturePath, 'utf8')) as Fixture;
  const embedded = !process.env.BENCH_DATABASE_URL && fixture.embedded ? await openDatabase(
    loadConfig({ RELAIS_DATA_DIR: path.resolve(fixture.embedded.dataDir), RELAIS_EMBEDDED_PG_PORT: String(fixture.embedded.port), LOG_LEVEL: 'warn' }),
    createLogger('warn'),
  ) : null;
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? fixture.databaseUrl;
  const db = new Pool({ connectionString: databaseUrl, max: 2 });
  // W7 alone needs none of the servers on the bench database (it starts its own, on its own database).
  const onBenchDatabase = ['W1', 'W2', 'W3', 'W4', 'W6'].some((w) => options.only.has(w));
  if (options.peers && onBenchDatabase) await preparePostGraphile(db);
  const servers: Partial<Record<Row, ServerProcess>> = onBenchDatabase ? await startPeers(databaseUrl, options) : {};
  const results: Record<string, unknown> = {};
  const markdown: string[] = [];
  try {
    const token = fixture.tokens.portal.secret;
    if (options.only.has('W1')) {
      // Pages that fill up first; on a small database (a low --scale) partial pages make up the 12.
      const params = (await findPortalListParams(db, { count: 12, partial: 12 })).slice(0, 12);
      results.W1 = { params, figures: await sideBySide('W1', servers, params.map(portalListRequests), token, options, db) };
    }
    if (options.only.has('W2')) {
      const params = (await findNearSearchParams(db, { count: 12, partial: 12 })).slice(0, 12);
      results.W2 = { params, figures: await sideBySide('W2', servers, params.map(nearSearchRequests), token, options, db) };
    }
    if (servers.relaisCache) {
      // What the cache row served from the cache, then its server is stopped: W3 and after measure Relais alone.
      results.responseCache = await responseCacheCounts(servers.relaisCache);
      await servers.relaisCache.stop();
      delete servers.relaisCache;
      await sqlCounters.relaisCache?.stop();
      delete sqlCounters.relaisCache;
    }
    if (options.only.has('W3')) {
      const relais = servers.relais!;
      const next = nodeLookupRequests(fixture.w3.ids.map((i) => i.id), fixture.tokens.networkAdmin.secret);
      const sqlPerRequest = await relaisSqlCount(next());
      console.log('W3 relais...');
      const runs = await measure(relais, next, options, db);
      results.W3 = { relais: { ...medianFigures(runs), sqlPerRequest, rssMiB: round(relais.rssMiB()), runs } };
    }
    if (options.only.has('W6')) {
      // One connection: the latency of one funder's table alone; each grouping on its own, then all cycled.
      const relais = servers.relais!;
      const params = await findIndicatorsParams(db);
      const { byGrouping } = indicatorsRequests(params, fixture.tokens.networkAdmin.secret);
      const single = { ...options, connections: 1 };
      const groupings: Record<string, Figures & { runs: RunFigures[] }> = {};
      for (const [i, request] of byGrouping.entries()) {
        const name = W6_GROUPINGS[i]!.join('+') || 'none';
        const sqlPerRequest = await relaisSqlCount(request);
        console.log(`W6 relais ${name}: ${options.runs} × ${options.durationS} s at 1 connection...`);
        const runs = await measure(relais, () => request, single, db);
        groupings[name] = { ...medianFigures(runs), sqlPerRequest, rssMiB: round(relais.rssMiB()), runs };
        console.log(`  ${JSON.stringify(groupings[name], (k, v) => (k === 'runs' ? undefined : v))}`);
      }
      results.W6 = { params, groupings };
    }
    if (options.only.has('W4')) {
      const targets = writeTargets(fixture.w4);
      const runs: (WriteFigures & { used: number })[] = [];
      let offset = 0;
      console.log(`W4 relais: ${options.runs} × ${options.durationS} s at 32 clients...`);
      for (let run = 0; run < options.runs; run++) {
        const figures = await runWrites(`${servers.relais!.baseUrl}/graphql`, targets, { clients: 32, durationS: options.durationS, offset });
        offset += figures.used;
        runs.push(figures);
        console.log(`  ${JSON.stringify(figures)}`);
      }
      const overbooked = await db.query<{ n: string }>(
        `select count(*)::text as n from session s
         where (select count(*) from referral r where r.session_id = s.id and r.status in ('ACCEPTED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')) > s.capacity`,
      );
      const m = (f: (r: WriteFigures) => number) => round(median(runs.map(f)));
      results.W4 = {
        relais: {
          pairsPerSecond: m((r) => r.pairsPerSecond),
          mutationsPerSecond: m((r) => r.mutationsPerSecond),
          referP50Ms: m((r) => r.referP50Ms),
          referP99Ms: m((r) => r.referP99Ms),
          acceptP50Ms: m((r) => r.acceptP50Ms),
          acceptP99Ms: m((r) => r.acceptP99Ms),
          errors: runs.map((r) => r.errorCodes),
          sessionsOverCapacity: Number(overbooked.rows[0].n),
          runs,
        },
      };
    }
    if (options.only.has('W7')) {
      // After the others: its hubs would otherwise share the cores with their measures.
      for (const server of Object.values(servers)) await server?.stop();
      results.W7 = await runW7(databaseUrl, fixture, options);
    }
  } finally {
    for (const server of Object.values(servers)) await server?.stop();
    for (const counter of Object.values(sqlCounters)) await counter?.stop();
    await db.end();
    await embedded?.stop();
  }

  const machine = { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30), node: process.version, loadBefore, loadAfter: loadavg().map((l) => round(l, 2)) };
  const report = { at: new Date().toISOString(), label: options.label, commit, machine, options: { ...options, only: [...options.only] }, database: { seed: fixture.seed, scale: fixture.scale, counts: fixture.counts }, results };
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/run-${options.label}-${report.at.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2));

  markdown.unshift(
    `Relais measured: ${commit}. Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `load average (1, 5, 15 min) ${machine.loadBefore.join(', ')} before the runs, ${machine.loadAfter.join(', ')} after. ` +
      'Each row: the median of its runs; "load ≤" the highest 1-minute load average during them; "others" the cores busy with other processes than the server, its database backends and the load generator (median).',
  );
  for (const workload of ['W1', 'W2'] as const) {
    const figures = (results[workload] as { figures: Partial<Record<Row, Figures & { runs: RunFigures[] }>> } | undefined)?.figures;
    if (!figures) continue;
    const relais = figures.relais!;
    const pct = (x: number) => `${round(x * 100)} %`;
    // A ratio only between two steady servers: otherwise the noise of the machine, not the servers, would be compared.
    const ratio = (mine: Figures & { runs: RunFigures[] }, peer: Figures & { runs: RunFigures[] }, of: (f: Figures) => number) => {
      const noisy = [mine, peer].map((f) => spreadOf(f.runs)).find((x) => x > MAX_SPREAD);
      return noisy === undefined ? round(of(mine) / of(peer), 2) : `not printed: spread ${pct(noisy)} > ${pct(MAX_SPREAD)}`;
    };
    markdown.push(
      `### ${workload}`,
      table([
        ['server', 'req/s', 'req/s min–max (spread)', 'p50 ms', 'p99 ms', 'CPU ms/request: server', 'database', 'total', 'SQL/request', 'RSS MiB', 'errors', 'load ≤', 'others (cores)', 'Relais/peer req/s', 'Relais/peer p99'],
        ...ROWS.filter((p) => figures[p]).map((p) => {
          const f = figures[p]!;
          const rps = f.runs.map((r) => r.requestsPerSecond);
          // The ratios are Relais's (without the cache) to each peer; the cache row's own come below the table.
          const peer = p !== 'relais' && p !== 'relaisCache';
          return [
            ROW_NAMES[p], round(f.requestsPerSecond), `${round(Math.min(...rps))}–${round(Math.max(...rps))} (${pct(spreadOf(f.runs))})`, f.p50Ms, f.p99Ms,
            f.serverCpuMsPerRequest, f.databaseCpuMsPerRequest, f.totalCpuMsPerRequest, f.sqlPerRequest, f.rssMiB, f.errors + f.non2xx, f.loadAverageMax, f.otherCores,
            peer ? ratio(relais, f, (x) => x.requestsPerSecond) : null, peer ? ratio(relais, f, (x) => x.p99Ms) : null,
          ];
        }),
      ]),
    );
    const cached = figures.relaisCache;
    if (cached) {
      const against = (['relais', 'postgraphile', 'rawSql'] as const).filter((p) => figures[p]);
      markdown.push(
        `relais + response cache (RELAIS_RESPONSE_CACHE_MB=${RESPONSE_CACHE_MB}, otherwise the same settings; no write during the runs, so every request after the first of each page is a hit): ` +
          against.map((p) => `/${ROW_NAMES[p]} req/s ${ratio(cached, figures[p]!, (x) => x.requestsPerSecond)}, p99 ${ratio(cached, figures[p]!, (x) => x.p99Ms)}`).join('; ') + '.',
      );
    }
  }
  const cacheCounts = results.responseCache as Record<string, number> | undefined;
  if (cacheCounts) markdown.push(`Response cache lookups of the cache row's server over W1 and W2 (warm-ups included): ${JSON.stringify(cacheCounts)}.`);
  const w3 = (results.W3 as { relais: Figures } | undefined)?.relais;
  if (w3) markdown.push('### W3', table([['server', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/request', 'SQL/request', 'errors'], ['relais', round(w3.requestsPerSecond), w3.p50Ms, w3.p99Ms, w3.serverCpuMsPerRequest, w3.sqlPerRequest, w3.errors + w3.non2xx]]));
  const w4 = (results.W4 as { relais: Record<string, unknown> } | undefined)?.relais;
  if (w4) {
    markdown.push(
      '### W4',
      table([
        ['clients', 'refer+accept pairs/s', 'mutations/s', 'refer p50/p99 ms', 'accept p50/p99 ms', 'sessions over capacity', 'errors (every run)'],
        [32, w4.pairsPerSecond as number, w4.mutationsPerSecond as number, `${w4.referP50Ms as number} / ${w4.referP99Ms as number}`, `${w4.acceptP50Ms as number} / ${w4.acceptP99Ms as number}`, w4.sessionsOverCapacity as number, JSON.stringify(w4.errors)],
      ]),
    );
  }
  const w6 = (results.W6 as { params: { regionCode: string; year: number }; groupings: Record<string, Figures & { runs: RunFigures[] }> } | undefined);
  if (w6) {
    markdown.push(
      `### W6 (région ${w6.params.regionCode}, ${w6.params.year}, network admin, 1 connection)`,
      table([
        ['groupBy', 'req/s', 'p50 ms', 'p99 ms', 'p50 min–max over runs', 'CPU ms/request: server', 'database', 'SQL/request', 'errors', 'load ≤', 'others (cores)'],
        ...Object.entries(w6.groupings).map(([name, f]) => {
          const p50s = f.runs.map((r) => r.p50Ms);
          return [name, round(f.requestsPerSecond), f.p50Ms, f.p99Ms, `${Math.min(...p50s)}–${Math.max(...p50s)}`, f.serverCpuMsPerRequest, f.databaseCpuMsPerRequest, f.sqlPerRequest, f.errors + f.non2xx, f.loadAverageMax, f.otherCores];
        }),
      ]),
    );
  }
  const w7 = results.W7 as WebhookFigures | undefined;
  if (w7) {
    const latency = (l: WebhookFigures['burst']['latencyMs']) => (l ? `${l.p50} / ${l.p90} / ${l.p99} / ${l.max}` : null);
    markdown.push(
      `### W7 (${w7.endpoints} endpoints of ${w7.owners} accounts, ${options.w7.instances} instance(s), production settings)`,
      table([
        ['stage', 'events', 'deliveries', 'deliveries/s', 'from commit p50 / p90 / p99 / max ms', 'from publish sent p99 ms', 'server CPU ms/delivery', 'missing', 'duplicates', 'out of order', 'bad signatures'],
        ...(['burst', 'paced'] as const).map((name) => {
          const f = w7[name];
          const label = name === 'paced' ? `paced (1 per ${w7.paced.intervalMs} ms)` : 'burst (back to back)';
          return [label, f.events, f.deliveries, f.deliveriesPerSecond, latency(f.latencyMs), f.latencyFromSendMs.p99, f.serverCpuMsPerDelivery, f.missing, f.duplicates, f.outOfOrder, f.badSignatures];
        }),
      ]),
    );
  }
  console.log(`\n${markdown.join('\n\n')}\n\nwritten ${file}`);
}

/** The response cache counter of a Relais (GET /metrics: relais_response_cache_total), by result. */
async function responseCacheCounts(server: ServerProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^relais_response_cache_total\{result="(\w+)"\} (\d+)/gmu)) counts[match[1]!] = Number(match[2]);
  return counts;
}

/** The commit of the checkout whose build is measured, marked when its tracked files differ from it. */
function commitOf(dist: string): string {
  const checkout = path.dirname(path.resolve(dist));
  const head = spawnSync('git', ['-C', checkout, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return `unknown (${checkout} is not a git checkout)`;
  const dirty = spawnSync('git', ['-C', checkout, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' with uncommitted changes' : ''}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
