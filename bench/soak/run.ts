import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { renderSoakSvg } from './svg';

/**
 * `npm run bench:soak -- [--minutes 30]`: issue 17's soak. Two hub processes (src/server/main.ts from the sources,
 * as the fault suite starts them) on a dedicated database of the external PostgreSQL, migrated and demo-seeded by
 * the first one at its start; a steady mixed load spread over both, as a load balancer would:
 *   - portal reads: `sessions` / `immersionOffers` lists, `--reads` per second, open loop;
 *   - mobile subscribers over graphql-ws: `--subscribers` (a third each on visitSlotPublished, immersionOfferPublished
 *     and offerFeed), reconnecting with their last cursor if a socket ends (none should);
 *   - prescriber writes: every `--pair-every` s a France Travail counsellor registers a participant, refers them to
 *     a CRÉPI session and the CRÉPI accepts (a new session created and published every 5 pairs: a visit slot
 *     event); every `--offer-every` s the company publishes an immersion offer; every `--deliberate-every` s a
 *     referral of an unknown participant, answered NOT_FOUND on purpose (counted apart).
 * Every `--sample` s: each hub's RSS (/proc) and V8 heap (bench/soak/heap-probe.cjs), its sockets (/proc: clients on
 * its port, connections to PostgreSQL), the pool (pg_stat_activity by application_name), the outbox lag (events not
 * yet received by the slowest subscriber and the age of the oldest, publish-to-receipt latency), errors by kind.
 * Writes bench/results/soak-<time>.csv and .md, and the plot (--svg, default bench/soak/soak.svg).
 */

interface Options {
  minutes: number;
  warmupMinutes: number;
  sampleS: number;
  reads: number;
  subscribers: number;
  pairEveryS: number;
  offerEveryS: number;
  deliberateEveryS: number;
  adminUrl: string;
  database: string;
  svg: string;
  ports: [number, number];
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const minutes = Number(value('minutes') ?? 30);
  return {
    minutes,
    warmupMinutes: Number(value('warmup') ?? Math.min(5, minutes / 3)),
    sampleS: Number(value('sample') ?? 10),
    reads: Number(value('reads') ?? 10),
    subscribers: Number(value('subscribers') ?? 60),
    pairEveryS: Number(value('pair-every') ?? 2),
    offerEveryS: Number(value('offer-every') ?? 30),
    deliberateEveryS: Number(value('deliberate-every') ?? 60),
    adminUrl: value('admin-url') ?? process.env.SOAK_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    database: value('database') ?? 'relais_soak',
    svg: value('svg') ?? 'bench/soak/soak.svg',
    ports: [Number(value('port-a') ?? 4611), Number(value('port-b') ?? 4612)],
  };
}

const ROOT = path.resolve(__dirname, '../..');
const TOKENS = {
  portal: 'rls_demo_crepi_portal',
  crepi: 'rls_demo_crepi_animator',
  franceTravail: 'rls_demo_ft_counsellor',
  company: 'rls_demo_company_admin',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Errors and counters

const errors = new Map<string, number>();
const deliberate = new Map<string, number>();
const bump = (map: Map<string, number>, kind: string) => map.set(kind, (map.get(kind) ?? 0) + 1);

interface Window {
  reads: number;
  readMs: number[];
  writes: number;
  events: number;
  deliveryMs: number[];
}
let window: Window = { reads: 0, readMs: [], writes: 0, events: 0, deliveryMs: [] };
const totals = { reads: 0, writes: 0, pairs: 0, sessions: 0, offers: 0, events: 0, lateTicks: 0, readsSkipped: 0 };
const allDeliveryMs: number[] = [];

// ---------------------------------------------------------------------------------------------------------------
// HTTP

interface Answer<T> {
  status: number;
  data: T | null;
  codes: string[];
}

async function post<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let body: { data?: T | null; errors?: { extensions?: { code?: string } }[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { status: response.status, data: null, codes: ['NOT_JSON'] };
    }
    return { status: response.status, data: body.data ?? null, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)) };
  } catch (error) {
    return { status: 0, data: null, codes: [(error as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK'] };
  }
}

/** Records a failed answer under `what` (HTTP status and GraphQL codes); true when it failed. */
function failed(what: string, answer: Answer<unknown>): boolean {
  if (answer.status === 200 && answer.codes.length === 0 && answer.data) return false;
  bump(errors, `${what}: ${answer.status === 200 ? '' : `HTTP ${answer.status} `}${answer.codes.join(',') || 'no data'}`);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// The hubs

interface Hub {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  heapFile: string;
  /** Log lines at warn level or above, by message. */
  logged: Map<string, number>;
  exited: boolean;
}

async function startHub(name: string, port: number, databaseUrl: string, seed: boolean, resultsDir: string): Promise<Hub> {
  const heapFile = path.join(resultsDir, `.soak-heap-${name}.json`);
  const child = spawn(
    process.execPath,
    ['-r', path.join(ROOT, 'test/faults/support/register-ts.cjs'), '-r', path.join(__dirname, 'heap-probe.cjs'), path.join(ROOT, 'src/server/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        PGAPPNAME: `soak-hub-${name}`,
        SOAK_HEAP_FILE: heapFile,
        RELAIS_SEED_DEMO: seed ? 'true' : 'false',
        // The load comes from a handful of demo accounts: per-account limits would answer it 429 (not what is soaked).
        RELAIS_RATE_LIMIT: '0',
        RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const hub: Hub = { name, url: `http://127.0.0.1:${port}/graphql`, port, child, heapFile, logged: new Map(), exited: false };
  let tail = '';
  const onLine = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        if ((entry.level ?? 0) >= 40) bump(hub.logged, `${entry.level! >= 50 ? 'error' : 'warn'}: ${entry.msg ?? '?'}`);
      } catch {
        // the production banner about the demo tokens (stderr, plain text): expected, see bench/RESULTS.md
      }
    }
  };
  child.stdout!.on('data', onLine);
  child.stderr!.on('data', onLine);
  child.once('exit', (code, signal) => {
    hub.exited = true;
    if (!stopping) {
      bump(errors, `hub ${name} exited (${signal ?? code})`);
      console.error(`hub ${name} exited (${signal ?? code}):\n${tail}`);
    }
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (hub.exited) throw new Error(`hub ${name} exited before it was ready:\n${tail}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`hub ${name} not ready in 180 s:\n${tail}`);
    await sleep(300);
  }
  return hub;
}

let stopping = false;

// ---------------------------------------------------------------------------------------------------------------
// Subscribers

const idOfCursor = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^event:/, ''));
const cursorOf = (id: number) => Buffer.from(`event:${id}`, 'utf8').toString('base64url');

/** When each published session / offer (by global id) was answered to its publisher: delivery latency's start. */
const publishedAt = new Map<string, number>();

type Kind = 'visitSlotPublished' | 'immersionOfferPublished' | 'offerFeed';
const SUBSCRIPTIONS: Record<Kind, string> = {
  visitSlotPublished: 'subscription($after: String) { visitSlotPublished(after: $after) { cursor session { id title startsAt } } }',
  immersionOfferPublished: 'subscription($after: String) { immersionOfferPublished(after: $after) { cursor immersionOffer { id title } } }',
  offerFeed: 'subscription($after: String) { offerFeed(after: $after) { cursor matchedSubscriptions session { id } immersionOffer { id } } }',
};

interface Subscriber {
  kind: Kind;
  ids: number[];
  subscriptions: number;
  stop(): Promise<void>;
}

function subscribe(kind: Kind, url: string, token: string, after: number): Subscriber {
  const ids: number[] = [];
  let stopped = false;
  let generation = 0;
  let current: { dispose: () => unknown; unsubscribe: () => void } | null = null;
  const state: Subscriber = {
    kind,
    ids,
    subscriptions: 0,
    async stop() {
      stopped = true;
      current?.unsubscribe();
      await current?.dispose();
    },
  };
  const open = () => {
    const mine = ++generation;
    state.subscriptions++;
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
      on: {
        closed: (event) => {
          if (!stopped) bump(errors, `ws ${kind}: closed ${(event as { code?: number }).code ?? '?'}`);
        },
      },
    });
    const ended = (why: string) => {
      if (mine !== generation || stopped) return;
      bump(errors, `ws ${kind}: ${why}`);
      generation++;
      setTimeout(() => {
        if (stopped) return;
        current?.unsubscribe();
        void current?.dispose();
        open();
      }, 500);
    };
    const unsubscribe = client.subscribe<Record<string, { cursor: string; session?: { id: string } | null; immersionOffer?: { id: string } | null }>>(
      { query: SUBSCRIPTIONS[kind], variables: { after: cursorOf(ids.at(-1) ?? after) } },
      {
        next: (result) => {
          if (mine !== generation) return;
          const event = result.data?.[kind];
          if (result.errors?.length || !event) return ended(`error ${result.errors?.map((e) => String(e.extensions?.code)).join(',') ?? 'no data'}`);
          ids.push(idOfCursor(event.cursor));
          window.events++;
          totals.events++;
          const at = publishedAt.get(event.session?.id ?? event.immersionOffer?.id ?? '');
          if (at !== undefined) {
            const ms = Math.max(0, Date.now() - at);
            window.deliveryMs.push(ms);
            allDeliveryMs.push(ms);
          }
        },
        error: (e) => ended(`error ${(e as Error)?.message ?? 'socket'}`),
        complete: () => ended('completed'),
      },
    );
    current = { dispose: () => client.dispose(), unsubscribe };
  };
  open();
  return state;
}

// ---------------------------------------------------------------------------------------------------------------
// Load

const READS = [
  'query { sessions(first: 20) { edges { node { id title kind startsAt capacity } } pageInfo { hasNextPage endCursor } } }',
  'query { immersionOffers(first: 20) { edges { node { id title } } pageInfo { hasNextPage endCursor } } }',
];

const REGISTER = 'mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }';
const CREATE_SESSION = 'mutation($input: CreateSessionInput!) { createSession(input: $input) { session { id } } }';
const PUBLISH_SESSION = 'mutation($input: SessionIdInput!) { publishSession(input: $input) { session { id status } } }';
const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }';
const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }';
const CREATE_OFFER = 'mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { id } } }';
const PUBLISH_OFFER = 'mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { id status } } }';

const SEATS = 5;
const run = Date.now().toString(36);

/** Round-robin over the instances, as a load balancer. */
function balancer(hubs: Hub[]): () => string {
  let i = 0;
  return () => hubs[i++ % hubs.length]!.url;
}

/** Runs `tick` every `everyMs` on a fixed schedule (not after the previous one): a steady rate, late ticks counted. */
async function steady(everyMs: number, until: number, tick: (n: number) => Promise<void>): Promise<void> {
  const start = Date.now();
  for (let n = 0; ; n++) {
    const due = start + n * everyMs;
    if (due >= until) return;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    else if (wait < -everyMs) {
      totals.lateTicks++;
      continue;
    }
    await tick(n);
  }
}

async function write<T>(what: string, url: string, token: string, query: string, input: Record<string, unknown>): Promise<T | null> {
  const answer = await post<T>(url, token, query, { input });
  window.writes++;
  totals.writes++;
  return failed(what, answer) ? null : answer.data;
}

const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function publishSession(pick: () => string, n: number): Promise<string | null> {
  const created = await write<{ createSession: { session: { id: string } } }>('createSession', pick(), TOKENS.crepi, CREATE_SESSION, {
    kind: 'AMBASSADEURS_DES_METIERS',
    title: `Soak ${run} visite ${n}`,
    metierCodes: ['F1701'],
    capacity: SEATS,
    communeCode: '93066',
    startsAt: inDays(14, n % 48),
    endsAt: inDays(14, (n % 48) + 3),
    idempotencyKey: `soak-${run}-session-${n}`,
  });
  if (!created) return null;
  const id = created.createSession.session.id;
  const published = await write<unknown>('publishSession', pick(), TOKENS.crepi, PUBLISH_SESSION, { sessionId: id });
  if (!published) return null;
  publishedAt.set(id, Date.now());
  totals.sessions++;
  return id;
}

async function pairs(pick: () => string, until: number, everyS: number): Promise<void> {
  let session: string | null = null;
  let seatsUsed = SEATS;
  let sessionNo = 0;
  await steady(everyS * 1000, until, async (n) => {
    if (seatsUsed >= SEATS || !session) {
      session = await publishSession(pick, sessionNo++);
      seatsUsed = 0;
      if (!session) return;
    }
    const registered = await write<{ registerParticipant: { participant: { id: string } } }>('registerParticipant', pick(), TOKENS.franceTravail, REGISTER, {
      firstName: 'Endurance',
      lastName: `Participant ${n}`,
      birthDate: '1994-03-11',
      communeCode: '93066',
      idempotencyKey: `soak-${run}-participant-${n}`,
    });
    if (!registered) return;
    seatsUsed++;
    const referred = await write<{ referParticipant: { referral: { id: string } } }>('referParticipant', pick(), TOKENS.franceTravail, REFER, {
      participantId: registered.registerParticipant.participant.id,
      sessionId: session,
      motive: 'Découvrir le gros œuvre (soak)',
      idempotencyKey: `soak-${run}-referral-${n}`,
    });
    if (!referred) return;
    const accepted = await write<unknown>('acceptReferral', pick(), TOKENS.crepi, ACCEPT, { referralId: referred.referParticipant.referral.id });
    if (accepted) totals.pairs++;
  });
}

async function offers(pick: () => string, until: number, everyS: number): Promise<void> {
  await steady(everyS * 1000, until, async (n) => {
    const created = await write<{ createImmersionOffer: { immersionOffer: { id: string } } }>('createImmersionOffer', pick(), TOKENS.company, CREATE_OFFER, {
      metierCode: 'F1701',
      objective: 'DISCOVER_METIER',
      title: `Soak ${run} immersion ${n}`,
      availableFrom: day(1),
      availableUntil: day(40),
      maxPresenceDays: 5,
      positions: 1,
      idempotencyKey: `soak-${run}-offer-${n}`,
    });
    if (!created) return;
    const id = created.createImmersionOffer.immersionOffer.id;
    if (!(await write<unknown>('publishImmersionOffer', pick(), TOKENS.company, PUBLISH_OFFER, { immersionOfferId: id }))) return;
    publishedAt.set(id, Date.now());
    totals.offers++;
  });
}

/** A referral of a participant that does not exist: answered NOT_FOUND (or BAD_USER_INPUT) on purpose. */
async function deliberateErrors(pick: () => string, until: number, everyS: number, sessionOf: () => Promise<string | null>): Promise<void> {
  const session = await sessionOf();
  await steady(everyS * 1000, until, async () => {
    const answer = await post(pick(), TOKENS.franceTravail, REFER, {
      input: { participantId: Buffer.from('Participant:999999999').toString('base64url'), sessionId: session, motive: 'erreur voulue (soak)' },
    });
    if (answer.status === 200 && answer.codes.length === 1 && ['NOT_FOUND', 'BAD_USER_INPUT'].includes(answer.codes[0]!)) bump(deliberate, `referParticipant of an unknown participant: ${answer.codes[0]}`);
    else bump(errors, `deliberate referral answered otherwise: HTTP ${answer.status} ${answer.codes.join(',') || 'no error'}`);
  });
}

async function reads(pick: () => string, until: number, perSecond: number): Promise<void> {
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  await steady(1000 / perSecond, until, async (n) => {
    if (inFlight >= 50) {
      totals.readsSkipped++;
      return;
    }
    inFlight++;
    const started = performance.now();
    const p = post(pick(), TOKENS.portal, READS[n % READS.length]!).then((answer) => {
      inFlight--;
      window.reads++;
      totals.reads++;
      window.readMs.push(performance.now() - started);
      failed(n % 2 ? 'read immersionOffers' : 'read sessions', answer);
      pending.delete(p);
    });
    pending.add(p);
  });
  await Promise.all(pending);
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling

interface HubSample {
  rssMiB: number;
  heapUsedMiB: number | null;
  cpuPct: number;
  sockets: number;
  clientSockets: number;
  pgSockets: number;
}

export interface Sample {
  t: number;
  hubs: HubSample[];
  pg: Record<string, { active: number; idle: number; total: number }>;
  reads: number;
  readP99Ms: number;
  writes: number;
  events: number;
  deliveryP50Ms: number;
  deliveryMaxMs: number;
  behindSlots: number;
  behindOffers: number;
  oldestUnreceivedS: number;
  errors: number;
  load1: number;
}

function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Local port → and remote port of each TCP socket inode (IPv4 and IPv6). */
function tcpTable(): Map<string, { local: number; remote: number; state: string }> {
  const table = new Map<string, { local: number; remote: number; state: string }>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      table.set(f[9]!, { local: parseInt(f[1]!.split(':')[1]!, 16), remote: parseInt(f[2]!.split(':')[1]!, 16), state: f[3]! });
    }
  }
  return table;
}

const lastCpu = new Map<number, { at: number; ticks: number }>();

function sampleHub(hub: Hub, table: ReturnType<typeof tcpTable>, pgPort: number): HubSample {
  const pid = hub.child.pid!;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const previous = lastCpu.get(pid);
  const now = Date.now();
  lastCpu.set(pid, { at: now, ticks });
  const cpuPct = previous ? (((ticks - previous.ticks) / 100) * 1000 * 100) / (now - previous.at) : 0;
  let sockets = 0;
  let clientSockets = 0;
  let pgSockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let link = '';
    try {
      link = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (!inode) continue;
    sockets++;
    const tcp = table.get(inode);
    if (!tcp || tcp.state !== '01') continue; // established only
    if (tcp.local === hub.port) clientSockets++;
    else if (tcp.remote === pgPort) pgSockets++;
  }
  let heapUsedMiB: number | null = null;
  try {
    heapUsedMiB = (JSON.parse(readFileSync(hub.heapFile, 'utf8')) as { heapUsed: number }).heapUsed / 2 ** 20;
  } catch {
    // not written yet
  }
  return { rssMiB: rssKiB / 1024, heapUsedMiB, cpuPct, sockets, clientSockets, pgSockets };
}

async function takeSample(t: number, hubs: Hub[], db: Client, database: string, pgPort: number, subscribers: Subscriber[], startId: number): Promise<Sample> {
  const table = tcpTable();
  const hubSamples = hubs.map((h) => sampleHub(h, table, pgPort));
  const pg: Sample['pg'] = {};
  const activity = await db.query<{ app: string; state: string | null; n: string }>(
    `select application_name app, state, count(*) n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() group by 1, 2`,
    [database],
  );
  for (const row of activity.rows) {
    const entry = (pg[row.app || '(none)'] ??= { active: 0, idle: 0, total: 0 });
    entry.total += Number(row.n);
    if (row.state === 'active') entry.active += Number(row.n);
    else if (row.state?.startsWith('idle')) entry.idle += Number(row.n);
  }
  const slowest = (kind: Kind) => Math.min(...subscribers.filter((s) => s.kind === kind).map((s) => s.ids.at(-1) ?? startId));
  const behind = async (type: string, after: number) =>
    (
      await db.query<{ n: string; age: number | null }>(
        `select count(*) n, extract(epoch from now() - min(created_at))::float8 age from event where type = $1 and id > $2`,
        [type, after],
      )
    ).rows[0]!;
  const slots = await behind('SESSION_SLOT_PUBLISHED', slowest('visitSlotPublished'));
  const offers = await behind('IMMERSION_OFFER_PUBLISHED', slowest('immersionOfferPublished'));
  const w = window;
  window = { reads: 0, readMs: [], writes: 0, events: 0, deliveryMs: [] };
  return {
    t,
    hubs: hubSamples,
    pg,
    reads: w.reads,
    readP99Ms: quantile(w.readMs, 0.99),
    writes: w.writes,
    events: w.events,
    deliveryP50Ms: quantile(w.deliveryMs, 0.5),
    deliveryMaxMs: w.deliveryMs.length ? Math.max(...w.deliveryMs) : 0,
    behindSlots: Number(slots.n),
    behindOffers: Number(offers.n),
    oldestUnreceivedS: Math.max(slots.age ?? 0, offers.age ?? 0),
    errors: [...errors.values()].reduce((a, b) => a + b, 0),
    load1: loadavg()[0]!,
  };
}

function csvOf(samples: Sample[], hubs: Hub[]): string {
  const apps = [...new Set(samples.flatMap((s) => Object.keys(s.pg)))].sort();
  const head = [
    't_s',
    ...hubs.flatMap((h) => [`${h.name}_rss_mib`, `${h.name}_heap_used_mib`, `${h.name}_cpu_pct`, `${h.name}_sockets`, `${h.name}_client_sockets`, `${h.name}_pg_sockets`]),
    ...apps.flatMap((a) => [`pg_${a}_active`, `pg_${a}_idle`, `pg_${a}_total`]),
    'reads',
    'read_p99_ms',
    'writes',
    'events_received',
    'delivery_p50_ms',
    'delivery_max_ms',
    'behind_slot_events',
    'behind_offer_events',
    'oldest_unreceived_s',
    'errors_cumulative',
    'load1',
  ];
  const f = (n: number | null | undefined, digits = 1) => (n == null ? '' : n.toFixed(digits));
  const rows = samples.map((s) =>
    [
      s.t.toFixed(0),
      ...s.hubs.flatMap((h) => [f(h.rssMiB), f(h.heapUsedMiB), f(h.cpuPct), h.sockets, h.clientSockets, h.pgSockets]),
      ...apps.flatMap((a) => [s.pg[a]?.active ?? 0, s.pg[a]?.idle ?? 0, s.pg[a]?.total ?? 0]),
      s.reads,
      f(s.readP99Ms),
      s.writes,
      s.events,
      f(s.deliveryP50Ms, 0),
      f(s.deliveryMaxMs, 0),
      s.behindSlots,
      s.behindOffers,
      f(s.oldestUnreceivedS, 2),
      s.errors,
      f(s.load1, 2),
    ].join(','),
  );
  return [head.join(','), ...rows].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// End: delivery check and summary

async function deliveryCheck(db: Client, subscribers: Subscriber[], startId: number): Promise<string[]> {
  const problems: string[] = [];
  const idsOf = async (types: string[]) => (await db.query<{ id: string }>('select id from event where type = any($1) and id > $2 order by id', [types, startId])).rows.map((r) => Number(r.id));
  const expected: Record<Kind, number[]> = {
    visitSlotPublished: await idsOf(['SESSION_SLOT_PUBLISHED']),
    immersionOfferPublished: await idsOf(['IMMERSION_OFFER_PUBLISHED']),
    offerFeed: [],
  };
  for (const s of subscribers) {
    const distinct = new Set(s.ids).size;
    const ordered = s.ids.every((id, i) => i === 0 || id > s.ids[i - 1]!);
    if (distinct !== s.ids.length) problems.push(`${s.kind}: ${s.ids.length - distinct} duplicates`);
    if (!ordered) problems.push(`${s.kind}: out of order`);
    if (s.kind !== 'offerFeed' && JSON.stringify(s.ids) !== JSON.stringify(expected[s.kind]))
      problems.push(`${s.kind}: received ${s.ids.length} of ${expected[s.kind].length} events`);
  }
  return problems;
}

function summary(options: Options, samples: Sample[], hubs: Hub[], problems: string[], startedAt: Date, endedAt: Date, command: string): string {
  const warmupT = options.warmupMinutes * 60;
  const around = (t: number) => samples.filter((s) => Math.abs(s.t - t) <= options.sampleS * 1.5);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const last = samples.slice(-3);
  const after = samples.filter((s) => s.t >= warmupT);
  const lines: string[] = [];
  lines.push(`- Started ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ended ${endedAt.toISOString().slice(11, 16)} UTC; load ran ${options.minutes} min, ${samples.length} samples every ${options.sampleS} s.`);
  lines.push(`- Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; 1-min load average during the run ${Math.min(...samples.map((s) => s.load1)).toFixed(1)}–${Math.max(...samples.map((s) => s.load1)).toFixed(1)}.`);
  lines.push(`- Command: \`${command}\``);
  lines.push(
    `- Load: ${options.reads} portal reads/s, ${options.subscribers} subscribers, a register+refer+accept every ${options.pairEveryS} s (a session published every ${SEATS}), an immersion offer every ${options.offerEveryS} s, a deliberate NOT_FOUND every ${options.deliberateEveryS} s; round-robin over 2 instances.`,
  );
  lines.push(
    `- Done: ${totals.reads} reads (${totals.readsSkipped} skipped at 50 in flight), ${totals.writes} mutations (${totals.pairs} accepted referrals, ${totals.sessions} sessions, ${totals.offers} offers), ${totals.events} events received; ${totals.lateTicks} late ticks.`,
  );
  lines.push('');
  lines.push('| instance | RSS at warm-up (MiB) | RSS at end (MiB) | growth | max RSS after warm-up | heap used at warm-up → end (MiB) | client sockets (max) | PostgreSQL connections (max) |');
  lines.push('|---|---|---|---|---|---|---|---|');
  hubs.forEach((h, i) => {
    const w = mean(around(warmupT).map((s) => s.hubs[i]!.rssMiB));
    const e = mean(last.map((s) => s.hubs[i]!.rssMiB));
    const hw = mean(around(warmupT).map((s) => s.hubs[i]!.heapUsedMiB ?? 0));
    const he = mean(last.map((s) => s.hubs[i]!.heapUsedMiB ?? 0));
    lines.push(
      `| ${h.name} | ${w.toFixed(1)} | ${e.toFixed(1)} | ${(((e - w) / w) * 100).toFixed(1)} % | ${Math.max(...after.map((s) => s.hubs[i]!.rssMiB)).toFixed(1)} | ${hw.toFixed(1)} → ${he.toFixed(1)} | ${Math.max(...samples.map((s) => s.hubs[i]!.clientSockets))} | ${Math.max(...samples.map((s) => s.hubs[i]!.pgSockets))} |`,
    );
  });
  lines.push('');
  const pgMax = (app: string, key: 'active' | 'total') => Math.max(0, ...samples.map((s) => s.pg[app]?.[key] ?? 0));
  lines.push(`- Pool (pg_stat_activity, max over samples): ${hubs.map((h) => `soak-hub-${h.name} ${pgMax(`soak-hub-${h.name}`, 'total')} connections, ${pgMax(`soak-hub-${h.name}`, 'active')} active`).join('; ')}.`);
  lines.push(
    `- Outbox lag: at most ${Math.max(...samples.map((s) => s.behindSlots))} visit-slot and ${Math.max(...samples.map((s) => s.behindOffers))} offer events not yet received by the slowest subscriber at a sample, oldest ${Math.max(...samples.map((s) => s.oldestUnreceivedS)).toFixed(2)} s; publish-to-receipt p50 ${quantile(allDeliveryMs, 0.5).toFixed(0)} ms, p99 ${quantile(allDeliveryMs, 0.99).toFixed(0)} ms, max ${Math.max(0, ...allDeliveryMs).toFixed(0)} ms (${allDeliveryMs.length} deliveries).`,
  );
  lines.push(`- Read p99 per 10 s window: median ${quantile(samples.map((s) => s.readP99Ms), 0.5).toFixed(0)} ms, worst ${Math.max(...samples.map((s) => s.readP99Ms)).toFixed(0)} ms.`);
  lines.push(`- Errors: ${errors.size ? [...errors].map(([k, n]) => `${k} × ${n}`).join('; ') : 'none'}.`);
  lines.push(`- Deliberate errors: ${deliberate.size ? [...deliberate].map(([k, n]) => `${k} × ${n}`).join('; ') : 'none'}.`);
  lines.push(`- Hub log lines at warn or above: ${hubs.map((h) => `${h.name}: ${h.logged.size ? [...h.logged].map(([k, n]) => `${k} × ${n}`).join('; ') : 'none'}`).join(' — ')}.`);
  lines.push(`- Delivery check at the end (each subscriber's cursors against the outbox): ${problems.length ? problems.slice(0, 10).join('; ') : 'every subscriber received every event once, in order'}.`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const command = `npm run bench:soak -- ${process.argv.slice(2).join(' ')}`.trim();
  const resultsDir = path.join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

  // A fresh database: the first hub migrates and seeds the demo network on it, the second only migrates (nothing).
  const admin = new Client({ connectionString: options.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${options.database} with (force)`);
  await admin.query(`create database ${options.database}`);
  await admin.end();
  const dbUrl = new URL(options.adminUrl);
  dbUrl.pathname = `/${options.database}`;
  const databaseUrl = dbUrl.toString();
  const pgPort = Number(dbUrl.port || 5432);

  console.log(`soak: database ${options.database}; starting hub A (migrations, demo network)…`);
  const a = await startHub('A', options.ports[0], databaseUrl, true, resultsDir);
  console.log('soak: starting hub B…');
  const b = await startHub('B', options.ports[1], databaseUrl, false, resultsDir);
  const hubs = [a, b];
  const pick = balancer(hubs);

  const db = new Client({ connectionString: databaseUrl, application_name: 'soak-sampler' });
  await db.connect();

  // The portal's stored subscription for offerFeed: everything in Seine-Saint-Denis, where the soak publishes.
  const stored = await post(a.url, TOKENS.portal, 'mutation($i: SubscribeToOffersInput!) { subscribeToOffers(input: $i) { subscription { id } } }', {
    i: { name: `Soak ${run} 93`, filter: { departementCodes: ['93'] } },
  });
  if (failed('subscribeToOffers', stored)) throw new Error(`subscribeToOffers failed: ${JSON.stringify(stored)}`);
  const startId = Number((await db.query<{ id: string | null }>('select max(id) id from event')).rows[0]!.id ?? 0);

  const kinds: Kind[] = ['visitSlotPublished', 'immersionOfferPublished', 'offerFeed'];
  const subscribers = Array.from({ length: options.subscribers }, (_, i) => subscribe(kinds[i % 3]!, hubs[Math.floor(i / 3) % 2]!.url, TOKENS.portal, startId));

  const startedAt = new Date();
  const t0 = Date.now();
  const until = t0 + options.minutes * 60_000;
  console.log(`soak: load for ${options.minutes} min from ${startedAt.toISOString()}`);
  const samples: Sample[] = [];
  const csvPath = path.join(resultsDir, `soak-${stamp}.csv`);
  const sampler = (async () => {
    lastCpu.clear();
    for (const h of hubs) sampleHub(h, tcpTable(), pgPort); // CPU baseline
    await steady(options.sampleS * 1000, until + 1, async (n) => {
      if (n === 0) return;
      const s = await takeSample((Date.now() - t0) / 1000, hubs, db, options.database, pgPort, subscribers, startId);
      samples.push(s);
      writeFileSync(csvPath, csvOf(samples, hubs));
      console.log(
        `t=${s.t.toFixed(0)}s rss ${s.hubs.map((h) => h.rssMiB.toFixed(0)).join('/')} MiB heap ${s.hubs.map((h) => h.heapUsedMiB?.toFixed(0) ?? '?').join('/')} clients ${s.hubs.map((h) => h.clientSockets).join('/')} pg ${s.hubs.map((h) => h.pgSockets).join('/')} reads ${s.reads} writes ${s.writes} events ${s.events} deliv p50/max ${s.deliveryP50Ms.toFixed(0)}/${s.deliveryMaxMs.toFixed(0)} ms behind ${s.behindSlots}/${s.behindOffers} errors ${s.errors} load ${s.load1.toFixed(1)}`,
      );
    });
  })();
  let firstSession: string | null = null;
  const writers = pairs(pick, until, options.pairEveryS);
  await Promise.all([
    sampler,
    writers,
    offers(pick, until, options.offerEveryS),
    reads(pick, until, options.reads),
    deliberateErrors(pick, until, options.deliberateEveryS, async () => {
      // A real session, so that the only thing wrong is the participant (NOT_FOUND on input.participantId).
      for (let i = 0; i < 120 && !firstSession; i++) {
        await sleep(500);
        firstSession = [...publishedAt.keys()].find((k) => Buffer.from(k, 'base64url').toString().startsWith('Session:')) ?? null;
      }
      return firstSession;
    }),
  ]);
  const endedAt = new Date();

  // Let the subscribers catch up (the relay's poll fallback is 5 s), then compare what they got with the outbox.
  const lastOf = async (type: string) => Number((await db.query<{ id: string | null }>('select max(id) id from event where type = $1 and id > $2', [type, startId])).rows[0]!.id ?? startId);
  const lastSlot = await lastOf('SESSION_SLOT_PUBLISHED');
  const lastOffer = await lastOf('IMMERSION_OFFER_PUBLISHED');
  const caughtUp = (s: Subscriber) =>
    s.kind === 'offerFeed' || (s.ids.at(-1) ?? startId) >= (s.kind === 'visitSlotPublished' ? lastSlot : lastOffer);
  for (let i = 0; i < 60 && !subscribers.every(caughtUp); i++) await sleep(500);
  await sleep(2000); // a late duplicate would show now
  const problems = await deliveryCheck(db, subscribers, startId);

  stopping = true;
  await Promise.all(subscribers.map((s) => s.stop()));
  for (const h of hubs) h.child.kill('SIGTERM');
  await Promise.all(hubs.map((h) => (h.exited ? Promise.resolve() : new Promise((r) => h.child.once('exit', r)))));
  await db.end();

  const svg = renderSoakSvg(samples, hubs.map((h) => h.name), options.warmupMinutes * 60, `Relais soak, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${options.minutes} min, 2 instances`);
  writeFileSync(path.join(ROOT, options.svg), svg);
  const text = summary(options, samples, hubs, problems, startedAt, endedAt, command);
  writeFileSync(path.join(resultsDir, `soak-${stamp}.md`), `${text}\n`);
  console.log(`\n${text}\n\nCSV: ${path.relative(ROOT, csvPath)}; plot: ${options.svg}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
