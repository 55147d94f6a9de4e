/**
 * W5 memory per idle socket (bench/README.md, "W5 fan-out", "Memory per idle socket"): starts the built hub with the
 * W5 settings and the memory probe (bench/fanout/memory-probe.cjs), opens N idle graphql-ws sockets holding one
 * subscription each (the W5 selections, filters in turn), and reports the memory the hub holds after full garbage
 * collections, (at N − at 0) / N, for each N (cumulative: 1,000 then 5,000 by default).
 *
 *   npm run build && npm run bench:build
 *   node dist/bench/ws-idle-memory.js --database-url postgresql://postgres@127.0.0.1:5432/relais_w5_dev [--sockets 1000,5000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { perSocketKB, probeMemory, type ProbedMemory } from './fanout/memory';
import { QUERIES } from './fanout/plan';

const log = (line: string) => process.stderr.write(line + '\n');

const USAGE = `W5 memory per idle socket: the hub's memory after GC with N idle graphql-ws subscriptions, per socket.

  node dist/bench/ws-idle-memory.js --database-url <url> [--sockets 1000,5000] [--port 4310] [--relais-dist dist]
     [--tokens t1,t2,...] [--out bench/results/w5-idle-memory.json]

The hub is started here: node --expose-gc -r bench/fanout/memory-probe.cjs <relais-dist>/src/server/main.js, with
NODE_ENV=production and the W5 settings (RELAIS_RATE_LIMIT=0, RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT=100000, jobs off).
Tokens: the demo ones by default (demo database); --tokens (or RELAIS_SUBSCRIBER_TOKENS) otherwise.`;

interface Options {
  databaseUrl: string;
  stages: number[];
  port: number;
  dist: string;
  tokens: string[];
  out: string | null;
}

function parse(argv: string[]): Options {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      log(USAGE);
      process.exit(0);
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n\n${USAGE}`);
    args.set(a.slice(2), argv[++i] ?? '');
  }
  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const databaseUrl = args.get('database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`--database-url (or DATABASE_URL) is required\n\n${USAGE}`);
  const tokens = list(args.get('tokens') ?? process.env.RELAIS_SUBSCRIBER_TOKENS);
  return {
    databaseUrl,
    stages: list(args.get('sockets') ?? '1000,5000').map(Number).sort((a, b) => a - b),
    port: Number(args.get('port') ?? 4310),
    dist: resolve(args.get('relais-dist') ?? 'dist'),
    tokens: tokens.length ? tokens : ['rls_demo_crepi_portal', 'rls_demo_company_admin', 'rls_demo_ft_counsellor', 'rls_demo_crepi_animator'],
    out: args.get('out') ?? null,
  };
}

class Hub {
  private constructor(
    readonly child: ChildProcess,
    readonly probeFile: string,
  ) {}

  static async start(o: Options): Promise<Hub> {
    const probe = resolve(__dirname, '../../bench/fanout/memory-probe.cjs');
    const probeFile = join(tmpdir(), `relais-memory-${process.pid}.json`);
    rmSync(probeFile, { force: true });
    const child = spawn(process.execPath, ['--expose-gc', '-r', probe, join(o.dist, 'src/server/main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'production', DATABASE_URL: o.databaseUrl, PORT: String(o.port), LOG_LEVEL: 'warn',
        RELAIS_SEED_DEMO: 'false', RELAIS_RATE_LIMIT: '0', RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT: '100000',
        RELAIS_EXPIRY_INTERVAL_MS: '0', RELAIS_RETENTION_INTERVAL_MS: '0', RELAIS_MEMORY_PROBE_FILE: probeFile,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const hub = new Hub(child, probeFile);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${o.port}/readyz`).then((r) => r.ok, () => false);
      if (ready) return hub;
      await sleep(250);
    }
    throw new Error('the hub did not become ready within 60 s');
  }

  /** The memory after GC, from the probe (bench/fanout/memory-probe.cjs). */
  async memory(): Promise<ProbedMemory> {
    const m = this.child.pid === undefined ? null : await probeMemory(this.child.pid, this.probeFile);
    if (!m) throw new Error('the memory probe did not answer (is bench/fanout/memory-probe.cjs preloaded?)');
    return m;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    rmSync(this.probeFile, { force: true });
  }
}

/** Open subscriptions on the hub, from its /metrics. */
async function subscriptions(port: number): Promise<number> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
  const match = /^relais_graphql_subscriptions (\d+)/m.exec(text);
  return match ? Number(match[1]) : -1;
}

/** The filters of the idle subscribers, in turn: département, domaine, commune, near, several départements, none. */
const FILTERS: (Record<string, unknown> | null)[] = [
  { departementCodes: ['93'] }, { romeCodes: ['F17'] }, { communeCodes: ['93066'] },
  { near: { latitude: 48.9, longitude: 2.35, radiusKm: 20 } }, { departementCodes: ['93', '95'], romeCodes: ['H'] }, null,
];

function specOf(i: number, tokens: string[]): { token: string; query: string; variables: Record<string, unknown> } {
  const token = tokens[i % tokens.length]!;
  const kind = i % 20 < 9 ? 'offer' : i % 20 < 17 ? 'slot' : 'feed';
  const filter = FILTERS[Math.floor(i / 3) % FILTERS.length];
  return { token, query: QUERIES[kind], variables: kind !== 'feed' && filter ? { filter } : {} };
}

function openSocket(url: string, spec: ReturnType<typeof specOf>, failures: string[]): Promise<Client> {
  return new Promise((resolveOpen, reject) => {
    let settled = false;
    const client = createClient({
      url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, keepAlive: 0,
      connectionParams: { authorization: `Bearer ${spec.token}` },
      on: {
        connected: () => {
          settled = true;
          resolveOpen(client);
        },
        closed: (event) => {
          if (!settled) {
            settled = true;
            reject(new Error(`closed ${(event as { code?: number }).code ?? ''}`));
          }
        },
      },
    });
    client.subscribe(
      { query: spec.query, variables: spec.variables },
      { next: () => undefined, error: (e) => failures.push(String((e as Error).message ?? JSON.stringify(e))), complete: () => undefined },
    );
  });
}

async function openMany(url: string, from: number, to: number, tokens: string[], clients: Client[], failures: string[]): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) {
      const i = next++;
      clients.push(await openSocket(url, specOf(i, tokens), failures));
    }
  };
  await Promise.all(Array.from({ length: 32 }, lane));
}

async function waitForSubscriptions(port: number, n: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = await subscriptions(port);
    if (seen === n) return;
    await sleep(250);
  }
  throw new Error(`the hub holds ${seen} subscriptions, expected ${n}`);
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const url = `ws://127.0.0.1:${o.port}/graphql`;
  log(`W5 idle memory: hub ${o.dist}, sockets ${o.stages.join(', ')}`);
  const hub = await Hub.start(o);
  const clients: Client[] = [];
  const failures: string[] = [];
  try {
    // Warm-up: each kind of subscription once, then closed, so that what every socket shares (code paths, parsed
    // documents, sharing plans, viewers of the tokens) is in the baseline, not counted per socket.
    const warm: Client[] = [];
    await openMany(url, 0, 40, o.tokens, warm, failures);
    await waitForSubscriptions(o.port, 40);
    await Promise.all(warm.map((c) => c.dispose()));
    await waitForSubscriptions(o.port, 0);
    await sleep(1000);
    const base = await hub.memory();
    log(`  0 sockets: RSS ${mib(base.rss)} MiB, heap used ${mib(base.heapUsed)} MiB, external ${mib(base.external)} MiB (after GC)`);
    const stages: Record<string, unknown>[] = [];
    let open = 0;
    for (const n of o.stages) {
      await openMany(url, open, n, o.tokens, clients, failures);
      open = n;
      await waitForSubscriptions(o.port, n);
      await sleep(2000);
      const m = await hub.memory();
      const per = perSocketKB(base, m, n);
      log(`  ${n} sockets: RSS ${mib(m.rss)} MiB, heap used ${mib(m.heapUsed)} MiB, external ${mib(m.external)} MiB; per socket: RSS ${per.rssKB} KB, heap ${per.heapUsedKB} KB, external ${per.externalKB} KB`);
      stages.push({ sockets: n, memory: m, perSocket: per });
    }
    if (failures.length) log(`  ${failures.length} subscriptions failed, e.g. ${failures.slice(0, 3).join(' | ')}`);
    const result = { workload: 'W5 idle memory', at: new Date().toISOString(), dist: o.dist, baseline: base, stages, failures: failures.length };
    const json = JSON.stringify(result, null, 2);
    if (o.out) writeFileSync(o.out, json + '\n');
    process.stdout.write(json + '\n');
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await hub.stop();
  }
}

main().catch((error: unknown) => {
  log(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
