import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { cycle, runLoad, type LoadRequest } from './harness/http-load';
import { backendsCpuMs, backendsCpuSpent } from './harness/machine';
import { startServer, type ServerProcess } from './harness/process';
import { median, round } from './harness/stats';
import { findNearSearchParams, nearSearchRequests } from './workloads/near-search';
import { findPortalListParams, peerHttpRequest, portalListRequests } from './workloads/portal-list';

/**
 * Server CPU per request of W1 and W2 with graphql-jit on and off (RELAIS_JIT, issue 16), measured as CPU time read
 * from /proc rather than wall time, so that the load of a shared machine (other processes taking the cores) moves
 * the figures less: both servers run side by side in production configuration (profile.ts's), and short loads
 * alternate between them (on, off, off, on, on, off...), each reading the server's utime + stime before and after,
 * and the CPU of the PostgreSQL backends (both servers' pools; the idle one's cost nothing).
 *
 *   npm run bench:build && node dist/bench/jit-cpu.js [--only W1,W2] [--alternations 5] [--duration 8] [--warmup 3]
 *                                                     [--connections 8] [--relais-dist dist]
 *
 * Reads bench/results/fixture.json (or `--fixture`) for the tokens, and BENCH_DATABASE_URL (else the fixture's
 * database), which it only reads. Load in total: workloads × 2 × (warmup + alternations × duration) seconds.
 */

const PORTS = { on: 4421, off: 4422 } as const;
type Side = keyof typeof PORTS;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** profile.ts's production configuration, with RELAIS_JIT set. */
function productionEnv(databaseUrl: string, side: Side): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(PORTS[side]),
    LOG_LEVEL: 'warn',
    RELAIS_SEED_DEMO: 'false',
    RELAIS_RATE_LIMIT: '1000000',
    RELAIS_EXPIRY_INTERVAL_MS: '0',
    RELAIS_RETENTION_INTERVAL_MS: '0',
    RELAIS_JIT: side === 'on' ? 'true' : 'false',
  };
  delete env.RELAIS_EXPOSE_SQL_COUNT;
  return env;
}

interface Reading {
  side: Side;
  requests: number;
  rps: number;
  serverCpuMsPerRequest: number;
  backendsCpuMsPerRequest: number | null;
  load1: number;
  failures: number;
}

async function measure(server: ServerProcess, side: Side, db: Pool, requests: LoadRequest[], connections: number, durationS: number): Promise<Reading> {
  const cpuBefore = server.cpuMs();
  const backendsBefore = await backendsCpuMs(db);
  const figures = await runLoad({ baseUrl: server.baseUrl, connections, durationS, next: cycle(requests) });
  const serverCpu = server.cpuMs() - cpuBefore;
  const backends = backendsCpuSpent(backendsBefore, await backendsCpuMs(db));
  const n = Math.max(1, figures.requests);
  return {
    side,
    requests: figures.requests,
    rps: round(figures.requestsPerSecond, 0),
    serverCpuMsPerRequest: round(serverCpu / n, 3),
    backendsCpuMsPerRequest: backends === null ? null : round(backends / n, 3),
    load1: round(loadavg()[0], 2),
    failures: figures.errors + figures.non2xx,
  };
}

const spread = (values: number[]) => `${round(median(values), 3)} (${round(Math.min(...values), 3)}–${round(Math.max(...values), 3)})`;

async function main(argv: string[]): Promise<void> {
  const workloads = (option(argv, 'only') ?? 'W1,W2').toUpperCase().split(',');
  const alternations = Number(option(argv, 'alternations') ?? 5);
  const durationS = Number(option(argv, 'duration') ?? 8);
  const warmupS = Number(option(argv, 'warmup') ?? 3);
  const connections = Number(option(argv, 'connections') ?? 8);
  const relaisDist = option(argv, 'relais-dist') ?? 'dist';
  const fixturePath = option(argv, 'fixture') ?? 'bench/results/fixture.json';
  if (!existsSync(fixturePath)) throw new Error(`${fixturePath} is missing: run \`npm run bench:generate\` first`);
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as { databaseUrl: string; tokens: { portal: { secret: string } } };
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? fixture.databaseUrl;

  const db = new Pool({ connectionString: databaseUrl, max: 1 });
  const servers: Partial<Record<Side, ServerProcess>> = {};
  try {
    for (const side of ['on', 'off'] as const) {
      servers[side] = await startServer({
        name: `relais-jit-${side}`,
        command: process.execPath,
        args: [`${relaisDist}/src/server/main.js`],
        env: productionEnv(databaseUrl, side),
        port: PORTS[side],
        readyPath: '/readyz',
      });
    }
    const summary: string[] = [];
    for (const workload of workloads) {
      const cases =
        workload === 'W1'
          ? (await findPortalListParams(db, { count: 12, partial: 12 })).slice(0, 12).map(portalListRequests)
          : workload === 'W2'
            ? (await findNearSearchParams(db, { count: 12, partial: 12 })).slice(0, 12).map(nearSearchRequests)
            : null;
      if (!cases) throw new Error(`unknown workload ${workload}: W1 or W2`);
      const requests = cases.map((c) => peerHttpRequest('relais', c, fixture.tokens.portal.secret));
      // Both answer the same data, without errors.
      const answers: string[] = [];
      for (const side of ['on', 'off'] as const) {
        const r = requests[0]!;
        const body = (await (await fetch(servers[side]!.baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body })).json()) as { data?: unknown; errors?: unknown[] };
        if (body.errors?.length) throw new Error(`relais (jit ${side}) answered errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
        answers.push(JSON.stringify(body.data));
      }
      if (answers[0] !== answers[1]) throw new Error(`${workload}: jit on and off answered different data`);
      for (const side of ['on', 'off'] as const) await runLoad({ baseUrl: servers[side]!.baseUrl, connections, durationS: warmupS, next: cycle(requests) });
      const readings: Reading[] = [];
      for (let i = 0; i < alternations; i++) {
        // Alternate which side goes first, so that neither always follows the other.
        const order: Side[] = i % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
        for (const side of order) {
          const reading = await measure(servers[side]!, side, db, requests, connections, durationS);
          readings.push(reading);
          console.log(JSON.stringify({ workload, alternation: i + 1, ...reading }));
        }
      }
      for (const side of ['on', 'off'] as const) {
        const mine = readings.filter((r) => r.side === side);
        summary.push(
          `${workload} jit ${side.padEnd(3)}: server CPU ms/request ${spread(mine.map((r) => r.serverCpuMsPerRequest))}, ` +
            `PostgreSQL backends ${mine.every((r) => r.backendsCpuMsPerRequest !== null) ? spread(mine.map((r) => r.backendsCpuMsPerRequest!)) : 'n/a'}, ` +
            `req/s ${spread(mine.map((r) => r.rps))}, failures ${mine.reduce((sum, r) => sum + r.failures, 0)}`,
        );
      }
    }
    console.log(`\nmedian (min–max) of ${alternations} alternations of ${durationS} s at ${connections} connections:`);
    for (const line of summary) console.log(line);
  } finally {
    await Promise.all(Object.values(servers).map((s) => s?.stop()));
    await db.end();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
