import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, type Pool } from 'pg';
import { Webhook } from 'standardwebhooks';
import { toGlobalId } from '../../src/graphql/global-id';
import { EVENTS_CHANNEL } from '../../src/events/outbox';
import { GraphQLHttp } from '../fanout/http';
import { quantile, round } from '../harness/stats';

/**
 * W7: webhook delivery (issue 14). `endpoints` receivers on 127.0.0.1 (plain http, in this process), one endpoint
 * each, owned by `owners.length` accounts (IMMERSION_OFFER_PUBLISHED, no filter: every event goes to every endpoint);
 * immersion offers published through the API by the network admin, each one transaction and one outbox event, so
 * each event makes `endpoints` deliveries. Two stages:
 * - burst: `burstEvents` published back to back (one at a time): the backlog drains at the delivery throughput,
 *   measured from the first event's commit to the last arrival;
 * - paced: `pacedEvents` at one every `intervalMs` (open loop), below that throughput: the latency of a delivery
 *   from its event's commit to the receiver's arrival.
 * The commit of each event is timed by a LISTEN on the outbox channel: the hub's NOTIFY is sent by PostgreSQL at the
 * commit of the publishing transaction, in commit order, which is the events' id order (the outbox lock); so the
 * k-th notification of a stage is the k-th event of that stage. Every POST is verified (signature, with the
 * endpoint's secret), and each stage checks that every (event, endpoint) arrived, in event order per endpoint.
 */
export interface WebhookBenchOptions {
  graphqlUrl: string;
  /** The W7 database (writes: endpoints, offers, deliveries): never the one the other workloads read. */
  db: Pool;
  databaseUrl: string;
  adminToken: string;
  /** Tokens of the accounts owning the endpoints (at most 20 endpoints each). */
  owners: string[];
  endpoints: number;
  burstEvents: number;
  pacedEvents: number;
  intervalMs: number;
  /** Longest wait for a stage's deliveries after its last publish. */
  drainTimeoutMs: number;
  /** CPU time of the hub processes so far, in ms (harness/process.ts). */
  serverCpuMs: () => number;
}

export interface WebhookStageFigures {
  events: number;
  deliveries: number;
  /** (event, endpoint) pairs received, at least once. */
  received: number;
  missing: number;
  /** POSTs received beyond the first of their message (at least once delivery; none expected here). */
  duplicates: number;
  /** A message older than the previous one at the same endpoint. */
  outOfOrder: number;
  badSignatures: number;
  /** First commit to last first-arrival. */
  durationS: number;
  deliveriesPerSecond: number;
  /** From the event's commit (its NOTIFY) to the receiver; null if the notifications could not be matched. */
  latencyMs: { p50: number; p90: number; p99: number; max: number } | null;
  /** From the publish mutation sent (includes its transaction): an upper bound of the above. */
  latencyFromSendMs: { p50: number; p99: number };
  publishP50Ms: number;
  serverCpuMsPerDelivery: number;
}

export interface WebhookFigures {
  endpoints: number;
  owners: number;
  burst: WebhookStageFigures;
  paced: WebhookStageFigures & { intervalMs: number };
}

interface Arrival {
  endpoint: number;
  eventId: number;
  at: number;
  body: string;
  headers: Record<string, string>;
}

const now = () => performance.timeOrigin + performance.now();

class Receivers {
  readonly arrivals: Arrival[] = [];
  private readonly servers: http.Server[] = [];

  async start(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const at = now();
          const id = String(req.headers['webhook-id']);
          this.arrivals.push({ endpoint: i, eventId: Number(id.split('_')[2]), at, body: Buffer.concat(chunks).toString('utf8'), headers: req.headers as Record<string, string> });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.servers.push(server);
    }
  }

  url(i: number): string {
    return `http://127.0.0.1:${(this.servers[i]!.address() as AddressInfo).port}/w7/${i}`;
  }

  async stop(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

const DESCRIPTION = 'W7 bench';
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function createDrafts(admin: GraphQLHttp, db: Pool, count: number): Promise<string[]> {
  // Companies with a located offer already: the drafts take its place and métier.
  const { rows: places } = await db.query<{ company_id: number; metier_code: string; commune_code: string }>(
    `select distinct on (company_id) company_id, metier_code, commune_code from immersion_offer where commune_code is not null order by company_id limit 50`,
  );
  if (places.length === 0) throw new Error('W7: the database has no located immersion offer to take places from');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const place = places[i % places.length]!;
    const data = await admin.request<{ createImmersionOffer: { immersionOffer: { id: string } } }>(
      'mutation($i: CreateImmersionOfferInput!) { createImmersionOffer(input: $i) { immersionOffer { id } } }',
      {
        i: {
          companyId: toGlobalId('Company', place.company_id), metierCode: place.metier_code, objective: 'DISCOVER_METIER', title: `${DESCRIPTION} ${i}`,
          availableFrom: day(1), availableUntil: day(60), maxPresenceDays: 5, positions: 2, communeCode: place.commune_code,
        },
      },
    );
    ids.push(data.createImmersionOffer.immersionOffer.id);
  }
  return ids;
}

async function lastEventId(db: Pool): Promise<number> {
  return Number((await db.query<{ id: string | null }>('select max(id) as id from event')).rows[0]!.id ?? 0);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stage(
  options: WebhookBenchOptions,
  receivers: Receivers,
  secrets: Webhook[],
  endpointIds: number[],
  drafts: string[],
  intervalMs: number,
  commits: number[],
): Promise<WebhookStageFigures> {
  const { db } = options;
  const admin = new GraphQLHttp(options.graphqlUrl, options.adminToken);
  const after = await lastEventId(db);
  const firstArrival = receivers.arrivals.length;
  const firstCommit = commits.length;
  const cpuBefore = options.serverCpuMs();
  const sent: number[] = [];
  const publishMs: number[] = [];
  const publish = async (id: string) => {
    const at = now();
    sent.push(at);
    await admin.request('mutation($i: ImmersionOfferIdInput!) { publishImmersionOffer(input: $i) { immersionOffer { id } } }', { i: { immersionOfferId: id } });
    publishMs.push(now() - at);
  };
  if (intervalMs === 0) {
    for (const id of drafts) await publish(id);
  } else {
    // Open loop: each publish at its time, whether the previous one has returned or not.
    const start = now();
    const inFlight: Promise<void>[] = [];
    for (const [k, id] of drafts.entries()) {
      const wait = start + k * intervalMs - now();
      if (wait > 0) await pause(wait);
      inFlight.push(publish(id));
    }
    await Promise.all(inFlight);
  }
  const expected = drafts.length * endpointIds.length;
  const pairs = () => {
    const seen = new Set<string>();
    for (let k = firstArrival; k < receivers.arrivals.length; k++) {
      const a = receivers.arrivals[k]!;
      if (a.eventId > after) seen.add(`${a.endpoint}:${a.eventId}`);
    }
    return seen.size;
  };
  const deadline = Date.now() + options.drainTimeoutMs;
  while (pairs() < expected && Date.now() < deadline) await pause(50);
  const cpuMs = options.serverCpuMs() - cpuBefore;

  const { rows } = await db.query<{ id: string }>(`select id from event where id > $1 and type = 'IMMERSION_OFFER_PUBLISHED' order by id`, [after]);
  const eventIds = rows.map((r) => Number(r.id));
  const stageCommits = commits.slice(firstCommit);
  // One NOTIFY per publishing transaction: matched by order only if nothing else wrote events meanwhile.
  const commitOf = stageCommits.length === eventIds.length ? new Map(eventIds.map((id, k) => [id, stageCommits[k]!])) : null;
  if (!commitOf) console.warn(`W7: ${stageCommits.length} notifications for ${eventIds.length} events: latency from commit not computed`);
  const sentOf = new Map(eventIds.map((id, k) => [id, sent[k]!]));

  const arrivals = receivers.arrivals.slice(firstArrival).filter((a) => a.eventId > after);
  const first = new Map<string, Arrival>();
  let duplicates = 0;
  let outOfOrder = 0;
  let badSignatures = 0;
  const lastAt = new Map<number, number>();
  for (const a of arrivals) {
    const key = `${a.endpoint}:${a.eventId}`;
    if (first.has(key)) duplicates++;
    else first.set(key, a);
    if ((lastAt.get(a.endpoint) ?? 0) > a.eventId) outOfOrder++;
    lastAt.set(a.endpoint, Math.max(lastAt.get(a.endpoint) ?? 0, a.eventId));
    try {
      secrets[a.endpoint]!.verify(a.body, a.headers);
    } catch {
      badSignatures++;
    }
  }
  const fromCommit: number[] = [];
  const fromSend: number[] = [];
  let lastArrival = 0;
  for (const a of first.values()) {
    lastArrival = Math.max(lastArrival, a.at);
    if (commitOf?.has(a.eventId)) fromCommit.push(a.at - commitOf.get(a.eventId)!);
    if (sentOf.has(a.eventId)) fromSend.push(a.at - sentOf.get(a.eventId)!);
  }
  const start = commitOf ? Math.min(...commitOf.values()) : Math.min(...sent);
  const durationS = (lastArrival - start) / 1000;
  const r = (v: number) => round(v, 1);
  return {
    events: eventIds.length,
    deliveries: expected,
    received: first.size,
    missing: expected - first.size,
    duplicates,
    outOfOrder,
    badSignatures,
    durationS: round(durationS, 2),
    deliveriesPerSecond: round(first.size / durationS, 1),
    latencyMs: commitOf ? { p50: r(quantile(fromCommit, 0.5)), p90: r(quantile(fromCommit, 0.9)), p99: r(quantile(fromCommit, 0.99)), max: r(Math.max(...fromCommit)) } : null,
    latencyFromSendMs: { p50: r(quantile(fromSend, 0.5)), p99: r(quantile(fromSend, 0.99)) },
    publishP50Ms: r(quantile(publishMs, 0.5)),
    serverCpuMsPerDelivery: round(cpuMs / Math.max(1, first.size), 3),
  };
}

export async function runWebhooks(options: WebhookBenchOptions): Promise<WebhookFigures> {
  const { db } = options;
  const perOwner = Math.ceil(options.endpoints / options.owners.length);
  if (perOwner > 20) throw new Error(`W7: ${options.endpoints} endpoints need at least ${Math.ceil(options.endpoints / 20)} owners (20 endpoints per account)`);
  // A previous run's endpoints (and, by cascade, their deliveries) go: each run starts from none.
  await db.query('delete from webhook_endpoint where description = $1', [DESCRIPTION]);
  const receivers = new Receivers();
  await receivers.start(options.endpoints);
  const listener = new Client({ connectionString: options.databaseUrl });
  const commits: number[] = [];
  try {
    const endpointIds: number[] = [];
    const secrets: Webhook[] = [];
    for (let i = 0; i < options.endpoints; i++) {
      const owner = new GraphQLHttp(options.graphqlUrl, options.owners[Math.floor(i / perOwner)]!);
      const data = await owner.request<{ createWebhookEndpoint: { secret: string; endpoint: { id: string } } }>(
        'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }',
        { input: { url: receivers.url(i), events: ['IMMERSION_OFFER_PUBLISHED'], description: DESCRIPTION } },
      );
      endpointIds.push(Number(data.createWebhookEndpoint.endpoint.id));
      secrets.push(new Webhook(data.createWebhookEndpoint.secret));
    }
    const admin = new GraphQLHttp(options.graphqlUrl, options.adminToken);
    const drafts = await createDrafts(admin, db, options.burstEvents + options.pacedEvents);
    await listener.connect();
    listener.on('notification', () => commits.push(now()));
    await listener.query(`listen ${EVENTS_CHANNEL}`);

    console.log(`W7 burst: ${options.burstEvents} events to ${options.endpoints} endpoints (${options.owners.length} accounts)...`);
    const burst = await stage(options, receivers, secrets, endpointIds, drafts.slice(0, options.burstEvents), 0, commits);
    console.log(`  ${JSON.stringify(burst)}`);
    const offered = (options.endpoints * 1000) / options.intervalMs;
    if (burst.deliveriesPerSecond < offered) {
      console.warn(`W7: the paced stage offers ${offered} deliveries/s, above the ${burst.deliveriesPerSecond}/s measured: its latency will be queueing (raise --w7-interval-ms)`);
    }
    console.log(`W7 paced: ${options.pacedEvents} events, one every ${options.intervalMs} ms...`);
    const paced = await stage(options, receivers, secrets, endpointIds, drafts.slice(options.burstEvents), options.intervalMs, commits);
    console.log(`  ${JSON.stringify(paced)}`);
    return { endpoints: options.endpoints, owners: options.owners.length, burst, paced: { ...paced, intervalMs: options.intervalMs } };
  } finally {
    await listener.end().catch(() => undefined);
    await receivers.stop();
    // The endpoints go (their deliveries with them); the published offers stay in the W7 database.
    await db.query('delete from webhook_endpoint where description = $1', [DESCRIPTION]);
  }
}
