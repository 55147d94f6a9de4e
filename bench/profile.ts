import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { cycle, graphqlRequest, runLoad, type LoadRequest } from './harness/http-load';
import { option, options, productionEnv } from './harness/production-env';
import { startServer } from './harness/process';
import { formatSummary, profileFiles, summarise, WINDOW_FILE, type CpuProfile, type SampleWindow } from './profile-summary';
import { findNearSearchParams, nearSearchRequests } from './workloads/near-search';
import { findPortalListParams, peerHttpRequest, portalListRequests } from './workloads/portal-list';
import { runWrites, writeTargets, type WriteFixture } from './workloads/writes';

/**
 * Where Relais's CPU goes under W1 or W2 (or W0, `{ __typename }`: what every request pays): starts the built server
 * under `node --cpu-prof`, in production configuration (harness/production-env.ts: rate limiter counting with its
 * refusal threshold raised, SQL statement count not exposed, no response cache), drives one workload at it (W1, W2 with autocannon; W4, the refer + accept writes, with its own clients: give it a
 * copy of the bench database, it writes), stops it with SIGTERM (the profile is written at exit) and prints the
 * summary of bench/profile-summary.ts over the load window only (after a warm-up; startup and shutdown left out).
 * One server process per workload, so each profile holds one workload.
 *
 *   node dist/bench/profile.js --only W1 [--duration 20] [--warmup 3] [--connections 16] [--relais-dist dist] [--label current]
 *                              [--out bench/results/profiles] [--env NAME=value]... [--match <regex>]...
 *
 * Reads bench/results/fixture.json (or `--fixture`) for the tokens, and BENCH_DATABASE_URL (else the fixture's
 * database), which it only reads. The profiles land in `<out>/<label>-<workload>/`.
 */

const PORT = 4410;

async function main(argv: string[]): Promise<void> {
  const workload = (option(argv, 'only') ?? 'W1').toUpperCase();
  if (!['W0', 'W1', 'W2', 'W4'].includes(workload)) throw new Error('--only W0, W1, W2 or W4');
  const durationS = Number(option(argv, 'duration') ?? 20);
  const warmupS = Number(option(argv, 'warmup') ?? 3);
  const connections = Number(option(argv, 'connections') ?? 16);
  const relaisDist = option(argv, 'relais-dist') ?? 'dist';
  const label = option(argv, 'label') ?? 'current';
  const out = path.resolve(option(argv, 'out') ?? 'bench/results/profiles', `${label}-${workload}`);
  const fixturePath = option(argv, 'fixture') ?? 'bench/results/fixture.json';
  if (!existsSync(fixturePath)) throw new Error(`${fixturePath} is missing: run \`npm run bench:generate\` first`);
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as { databaseUrl: string; tokens: { portal: { secret: string } }; w4: WriteFixture };
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? fixture.databaseUrl;

  /** One load of `seconds`: the requests (or mutations) it made. W4 writes into the database (use a copy of it). */
  let load: (baseUrl: string, seconds: number) => Promise<{ requests: number; figures: object }>;
  if (workload === 'W4') {
    const targets = writeTargets(fixture.w4);
    let offset = 0;
    load = async (baseUrl, seconds) => {
      const figures = await runWrites(`${baseUrl}/graphql`, targets, { clients: connections, durationS: seconds, offset });
      offset += figures.used;
      return { requests: Math.round(figures.mutationsPerSecond * figures.durationS), figures };
    };
  } else {
    const db = new Pool({ connectionString: databaseUrl, max: 1 });
    let requests: LoadRequest[];
    try {
      // W0: `{ __typename }`, what every request pays whatever it asks (cpu-compare.ts).
      if (workload === 'W0') requests = [graphqlRequest('/graphql', fixture.tokens.portal.secret, '{ __typename }', {})];
      else {
        const cases =
          workload === 'W1'
            ? (await findPortalListParams(db, { count: 12, partial: 12 })).slice(0, 12).map(portalListRequests)
            : (await findNearSearchParams(db, { count: 12, partial: 12 })).slice(0, 12).map(nearSearchRequests);
        requests = cases.map((c) => peerHttpRequest('relais', c, fixture.tokens.portal.secret));
      }
    } finally {
      await db.end();
    }
    const next = cycle(requests);
    load = async (baseUrl, seconds) => {
      const figures = await runLoad({ baseUrl, connections, durationS: seconds, next });
      return { requests: figures.requests, figures };
    };
  }

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const server = await startServer({
    name: 'relais',
    command: process.execPath,
    args: ['--cpu-prof', '--cpu-prof-dir', out, `${relaisDist}/src/server/main.js`],
    env: productionEnv(databaseUrl, PORT, options(argv, 'env')),
    port: PORT,
    readyPath: '/readyz',
  });
  let window: SampleWindow | undefined;
  try {
    // Warm-up (JIT, pools, caches) outside the window summarised.
    await load(server.baseUrl, warmupS);
    console.log(`${workload}: ${durationS} s at ${connections} connections, profile in ${out}`);
    const cpuBefore = server.cpuMs();
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const { requests, figures } = await load(server.baseUrl, durationS);
    window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    const cpuMsPerRequest = (server.cpuMs() - cpuBefore) / Math.max(1, requests);
    console.log(JSON.stringify({ ...figures, serverCpuMsPerRequest: Math.round(cpuMsPerRequest * 100) / 100 }));
  } finally {
    await server.stop();
  }
  if (window) writeFileSync(path.join(out, WINDOW_FILE), JSON.stringify(window));
  const files = profileFiles([out]);
  if (files.length === 0) throw new Error(`no profile was written in ${out}`);
  const profiles = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as CpuProfile);
  const loaded = window;
  const inWindow = loaded !== undefined && profiles.some((p) => p.startTime <= loaded.fromUs && p.endTime >= loaded.toUs);
  if (!inWindow) console.warn('the load window does not fall within the profile (another clock?): the whole profile is summarised');
  const match = options(argv, 'match');
  const summary = summarise(profiles, { top: Number(option(argv, 'top') ?? 25), match, window: inWindow ? loaded : undefined });
  console.log(formatSummary(summary, `${label} ${workload}, the load window only (${files.join(', ')})`));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
