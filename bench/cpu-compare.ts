import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { cycle, graphqlRequest, runLoad, type LoadRequest } from './harness/http-load';
import { backendsCpuMs, backendsCpuSpent } from './harness/machine';
import { option, options, productionEnv } from './harness/production-env';
import { startServer, type ServerProcess } from './harness/process';
import { median, round } from './harness/stats';
import { findNearSearchParams, nearSearchRequests } from './workloads/near-search';
import { findPortalListParams, peerHttpRequest, portalListRequests } from './workloads/portal-list';

/**
 * Server CPU per request of two Relais builds or settings side by side (A and B), on W1, W2 and W0 (issue 16), measured
 * as CPU time read from /proc rather than wall time, so that the load of a shared machine (other processes taking the
 * cores) moves the figures less: both servers run side by side in production configuration (harness/production-env.ts), and short
 * loads alternate between them (A, B, B, A, A, B...), each reading the server's utime + stime before and after, and
 * the CPU of the PostgreSQL backends (both servers' pools; the idle one's cost nothing).
 *
 * W0 is `{ __typename }` with the portal's token: no resolver, no SQL of its own, so its CPU is what every request pays
 * whatever it asks (HTTP, admission, Apollo's pipeline, the operation's context). By default A is graphql-jit on and
 * B off (RELAIS_JIT), both from `dist`; each side can take another build and its own settings:
 *
 *   npm run bench:build && node dist/bench/cpu-compare.js [--only W1,W2,W0] [--alternations 5] [--duration 8] [--warmup 3]
 *       [--connections 8] [--a-dist dist] [--b-dist ../before/dist] [--a-label after] [--b-label before]
 *       [--a-env NAME=value]... [--b-env NAME=value]...
 *
 * Reads bench/results/fixture.json (or `--fixture`) for the tokens, and BENCH_DATABASE_URL (else the fixture's
 * database), which it only reads. Load in total: workloads × 2 × (warmup + alternations × duration) seconds.
 */

const PORTS = { a: 4421, b: 4422 } as const;
type Side = keyof typeof PORTS;

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
  const sides = {
    a: { dist: option(argv, 'a-dist') ?? option(argv, 'relais-dist') ?? 'dist', label: option(argv, 'a-label') ?? 'jit on', env: options(argv, 'a-env') },
    b: { dist: option(argv, 'b-dist') ?? option(argv, 'relais-dist') ?? 'dist', label: option(argv, 'b-label') ?? 'jit off', env: options(argv, 'b-env') },
  };
  // Without settings of their own, the sides are graphql-jit on and off.
  if (!argv.some((a) => /^--[ab]-(env|dist|label)$/.test(a))) {
    sides.a.env = ['RELAIS_JIT=true'];
    sides.b.env = ['RELAIS_JIT=false'];
  }
  const fixturePath = option(argv, 'fixture') ?? 'bench/results/fixture.json';
  if (!existsSync(fixturePath)) throw new Error(`${fixturePath} is missing: run \`npm run bench:generate\` first`);
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as { databaseUrl: string; tokens: { portal: { secret: string } } };
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? fixture.databaseUrl;

  const db = new Pool({ connectionString: databaseUrl, max: 1 });
  const servers: Partial<Record<Side, ServerProcess>> = {};
  try {
    for (const side of ['a', 'b'] as const) {
      servers[side] = await startServer({
        name: `relais-${side}`,
        command: process.execPath,
        args: [`${sides[side].dist}/src/server/main.js`],
        env: productionEnv(databaseUrl, PORTS[side], sides[side].env),
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
      if (!cases && workload !== 'W0') throw new Error(`unknown workload ${workload}: W0, W1 or W2`);
      const requests = cases
        ? cases.map((c) => peerHttpRequest('relais', c, fixture.tokens.portal.secret))
        : [graphqlRequest('/graphql', fixture.tokens.portal.secret, '{ __typename }', {})];
      // Both answer the same data, without errors.
      const answers: string[] = [];
      for (const side of ['a', 'b'] as const) {
        const r = requests[0]!;
        const body = (await (await fetch(servers[side]!.baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body })).json()) as { data?: unknown; errors?: unknown[] };
        if (body.errors?.length) throw new Error(`relais (${sides[side].label}) answered errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
        answers.push(JSON.stringify(body.data));
      }
      if (answers[0] !== answers[1]) throw new Error(`${workload}: ${sides.a.label} and ${sides.b.label} answered different data`);
      for (const side of ['a', 'b'] as const) await runLoad({ baseUrl: servers[side]!.baseUrl, connections, durationS: warmupS, next: cycle(requests) });
      const readings: Reading[] = [];
      for (let i = 0; i < alternations; i++) {
        // Alternate which side goes first, so that neither always follows the other.
        const order: Side[] = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
        for (const side of order) {
          const reading = await measure(servers[side]!, side, db, requests, connections, durationS);
          readings.push(reading);
          console.log(JSON.stringify({ workload, alternation: i + 1, ...reading }));
        }
      }
      for (const side of ['a', 'b'] as const) {
        const mine = readings.filter((r) => r.side === side);
        summary.push(
          `${workload} ${sides[side].label}: server CPU ms/request ${spread(mine.map((r) => r.serverCpuMsPerRequest))}, ` +
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
