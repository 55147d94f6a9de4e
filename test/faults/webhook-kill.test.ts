import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TOKENS } from '../support/graphql';
import { eventually } from '../support/subscriptions';
import { connect, post, startHubProcess, type HubProcess } from './support/hub';

/**
 * Issue 14's acceptance, at its size: two hub processes with webhook workers deliver 1,000 events (immersion offers
 * published through the API, so through the outbox as in production) to 10 endpoints on local receivers; one is
 * killed (SIGKILL) while POSTs of its are in flight; a restarted instance and the survivor finish. Nothing lost, each
 * endpoint in event order, no attempt sent twice, a message received twice only where the kill cut its attempt.
 */
const EVENTS = Number(process.env.RELAIS_FAULT_WEBHOOK_EVENTS ?? 1000);
const ENDPOINTS = 10;
/** The webhook workers' concurrency of each hub. */
const CONCURRENCY = 5;
/**
 * Deliveries one instance can have in flight: its runner's workers, the webhooks' plus the one the scheduled jobs add
 * (src/server/app.ts), which a webhook job takes when no scheduled job wants it. POSTs held above it must include the
 * other instance's; attempts cut by the kill are at most that many.
 */
const IN_FLIGHT_PER_INSTANCE = CONCURRENCY + 1;
const HUB = {
  RELAIS_WEBHOOK_WORKERS: 'true',
  RELAIS_WEBHOOK_ALLOW_HTTP: 'true',
  RELAIS_WEBHOOK_ALLOW_PRIVATE: 'true',
  RELAIS_WEBHOOK_CONCURRENCY: String(CONCURRENCY),
  RELAIS_WEBHOOK_POLL_MS: '500',
  // A dead instance's jobs are released after 20 s instead of 260 s (production: above the longest a live job runs).
  // Still well above a live job here (20 POSTs to a receiver answering at once), so no live job is taken for dead.
  RELAIS_WEBHOOK_STALE_LOCK_MS: '20000',
  RELAIS_WEBHOOK_RETRY_SCHEDULE_MS: '500,500,500',
  RELAIS_WEBHOOK_SECRET_KEY: 'fault-key-sealing-webhook-secrets-0123456789',
};

interface Arrival {
  endpoint: number;
  messageId: string;
  eventId: number;
  /** Verified with the endpoint's secret by the standardwebhooks library. */
  verified: boolean;
  offerId: string | null;
}

/**
 * Ten receivers on 127.0.0.1, one per endpoint: each verifies every POST's signature and records it, then answers 200
 * at once, or, while `hold` is on, keeps the answer back (the POST stays in flight on the sender) until `release`.
 */
class Receivers {
  readonly arrivals: Arrival[] = [];
  readonly secrets: string[] = [];
  private readonly servers: http.Server[] = [];
  private held: http.ServerResponse[] = [];
  private holding = false;

  async start(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const messageId = String(req.headers['webhook-id']);
          let verified = false;
          let offerId: string | null = null;
          try {
            const payload = new Webhook(this.secrets[i]!).verify(body, req.headers as Record<string, string>) as { data: { immersionOffer?: { id: string } } };
            verified = true;
            offerId = payload.data.immersionOffer?.id ?? null;
          } catch {
            // counted as unverified
          }
          this.arrivals.push({ endpoint: i, messageId, eventId: Number(messageId.split('_')[2]), verified, offerId });
          if (this.holding) this.held.push(res);
          else res.writeHead(200).end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.servers.push(server);
    }
  }

  url(i: number): string {
    return `http://127.0.0.1:${(this.servers[i]!.address() as AddressInfo).port}/hook`;
  }

  at(i: number): Arrival[] {
    return this.arrivals.filter((a) => a.endpoint === i);
  }

  hold(): void {
    this.holding = true;
  }

  /** POSTs held now: each is in flight on the instance that sent it. */
  get heldCount(): number {
    return this.held.length;
  }

  release(): void {
    this.holding = false;
    // A's POSTs died with A: their sockets are closed, nothing to answer.
    for (const res of this.held) if (!res.destroyed && res.socket && !res.socket.destroyed) res.writeHead(200).end('ok');
    this.held = [];
  }

  async stop(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const PUBLISH = 'mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { id status } } }';
const CREATE = 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }';

let db: TestDatabase;
const hubs: HubProcess[] = [];
const receivers = new Receivers();

beforeAll(async () => {
  db = await createTestDatabase();
  await receivers.start(ENDPOINTS);
  // One after the other: the first installs graphile-worker's schema.
  hubs.push(await startHubProcess(db.url, HUB));
  hubs.push(await startHubProcess(db.url, HUB));
}, 120_000);

afterAll(async () => {
  receivers.release();
  for (const hub of hubs) if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGTERM');
  await Promise.all(hubs.map((h) => h.exited));
  await receivers.stop();
  await db?.drop();
});

/** Publishes the drafts through `url`, `concurrency` at a time; each publish is one transaction and one outbox event. */
async function publishAll(url: string, offerIds: number[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < offerIds.length) {
        const id = offerIds[next++]!;
        const answer = await post<{ publishImmersionOffer: { immersionOffer: { status: string } } }>(url, TOKENS.company, PUBLISH, { input: { immersionOfferId: globalId('ImmersionOffer', id) } });
        if (answer.data?.publishImmersionOffer?.immersionOffer.status !== 'PUBLISHED') throw new Error(`publish of offer ${id} failed: ${JSON.stringify(answer)}`);
      }
    }),
  );
}

it(`delivers ${EVENTS} events to ${ENDPOINTS} endpoints through two instances, one killed (SIGKILL) mid-POST: none lost, in order, no attempt sent twice`, async () => {
  const started = Date.now();
  const [a, b] = hubs as [HubProcess, HubProcess];
  const sql = await connect(db.url);
  try {
    // Endpoints of two accounts (each payload is rendered for its owner), created through both instances.
    const endpointIds: number[] = [];
    for (let i = 0; i < ENDPOINTS; i++) {
      const answer = await post<{ createWebhookEndpoint: { secret: string; endpoint: { id: string } } }>((i % 2 ? b : a).url, i < ENDPOINTS / 2 ? TOKENS.crepi : TOKENS.plie, CREATE, {
        input: { url: receivers.url(i), events: ['IMMERSION_OFFER_PUBLISHED'], description: `fault ${i}` },
      });
      if (!answer.data) throw new Error(`endpoint ${i}: ${JSON.stringify(answer)}`);
      receivers.secrets[i] = answer.data.createWebhookEndpoint.secret;
      endpointIds.push(Number(answer.data.createWebhookEndpoint.endpoint.id));
    }

    // The demo company's drafts, made in SQL (setup); publishing them is what goes through the API.
    const { rows: company } = await sql.query<{ id: number }>(`select company_id as id from account where email = 'nadia.ferreira@gros-oeuvre-plaine.example.org'`);
    const { rows: drafts } = await sql.query<{ id: number }>(
      `insert into immersion_offer (address, postal_code, commune_code, departement_code, latitude, longitude, company_id, metier_code, objective, title,
                                    available_from, available_until, max_presence_days, positions, status)
       select o.address, o.postal_code, o.commune_code, o.departement_code, o.latitude, o.longitude, $1, o.metier_code, o.objective, 'Immersion sous panne ' || g,
              current_date + 7, current_date + 60, 5, 2, 'DRAFT'
       from (select * from immersion_offer order by id limit 1) o, generate_series(1, $2::int) g
       returning id`,
      [company[0]!.id, EVENTS],
    );
    const offerIds = drafts.map((d) => d.id).sort((x, y) => x - y);
    const [{ max: before }] = (await sql.query<{ max: string | null }>('select max(id) as max from event')).rows as [{ max: string | null }];

    // Through B (the survivor), 4 at a time, while both instances dispatch and deliver.
    const publishing = publishAll(b.url, offerIds, 4);
    publishing.catch(() => undefined); // awaited below; a failure must not surface as an unhandled rejection first
    const total = EVENTS * ENDPOINTS;
    await eventually(() => receivers.arrivals.length >= total / 5, 180_000);
    const published = Date.now();

    // POSTs held by the receivers: more than one instance's concurrency, so some are A's. Then A is killed with them
    // in flight: attempts claimed, sent, received, never recorded.
    receivers.hold();
    await eventually(() => receivers.heldCount > IN_FLIGHT_PER_INSTANCE, 60_000);
    a.child.kill('SIGKILL');
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const { rows: killed } = await sql.query<{ at: Date }>('select clock_timestamp() as at');
    const arrivedBeforeKill = receivers.arrivals.length;
    receivers.release();
    // Restarted, as a supervisor would: the new instance and the survivor finish (A's jobs come back once stale).
    hubs.push(await startHubProcess(db.url, HUB));
    await publishing;

    const { rows: events } = await sql.query<{ id: string; entity_id: number }>(
      `select id, entity_id from event where id > $1 and type = 'IMMERSION_OFFER_PUBLISHED' and entity_id = any($2) order by id`,
      [Number(before ?? 0), offerIds],
    );
    expect(events).toHaveLength(EVENTS);
    const expected = events.map((e) => Number(e.id));
    const offerOf = new Map(events.map((e) => [Number(e.id), globalId('ImmersionOffer', e.entity_id)]));
    const firstArrivals = (i: number) => [...new Set(receivers.at(i).map((r) => r.eventId))];
    await eventually(() => endpointIds.every((_, i) => firstArrivals(i).length >= EVENTS), 300_000);
    // Every delivery recorded as made (the last answers are recorded after the receiver has them).
    await eventually(async () => Number((await sql.query<{ n: string }>(`select count(*) as n from webhook_delivery where endpoint_id = any($1) and status = 'SUCCEEDED'`, [endpointIds])).rows[0]!.n) === total, 60_000);
    const done = Date.now();

    // At the receivers: each endpoint got every event, first arrivals in event order, and any repeat right after
    // the first (never an older event after a newer one); every POST verified, carrying its event's offer.
    for (let i = 0; i < ENDPOINTS; i++) {
      const got = receivers.at(i);
      expect(firstArrivals(i)).toEqual(expected);
      const backwards = got.findIndex((r, k) => k > 0 && r.eventId < got[k - 1]!.eventId);
      expect({ endpoint: i, backwards }).toEqual({ endpoint: i, backwards: -1 });
      expect(got.every((r) => r.messageId === `msg_${endpointIds[i]}_${r.eventId}`)).toBe(true);
    }
    expect(receivers.arrivals.filter((r) => !r.verified)).toEqual([]);
    expect(receivers.arrivals.filter((r) => r.offerId !== offerOf.get(r.eventId))).toEqual([]);

    // In the delivery log: one delivery per (event, endpoint), succeeded once, attempts numbered 1..n without a gap
    // (an attempt number is claimed once: unique per delivery), none failed (the receivers never refuse); attempts
    // left unrecorded ("cut") are the killed instance's: started before the kill, at most one per worker of it.
    const { rows: deliveries } = await sql.query<{ message_id: string; status: string; attempts: number; made: string; numbered: string; ok: string; failed: string; cut: string; last_cut: Date | null }>(
      `select d.message_id, d.status, d.attempts, count(a.id) as made, count(distinct a.attempt) filter (where a.attempt between 1 and d.attempts) as numbered,
              count(a.id) filter (where a.succeeded) as ok, count(a.id) filter (where a.succeeded = false) as failed,
              count(a.id) filter (where a.succeeded is null) as cut, max(a.started_at) filter (where a.succeeded is null) as last_cut
       from webhook_delivery d left join webhook_attempt a on a.delivery_id = d.id where d.endpoint_id = any($1) group by d.id`,
      [endpointIds],
    );
    expect(deliveries).toHaveLength(total);
    expect(new Set(deliveries.map((d) => d.message_id)).size).toBe(total);
    const wrong = deliveries.filter((d) => d.status !== 'SUCCEEDED' || d.ok !== '1' || d.failed !== '0' || Number(d.made) !== d.attempts || Number(d.numbered) !== d.attempts);
    expect(wrong).toEqual([]);
    const cut = deliveries.filter((d) => d.cut !== '0');
    const cutAttempts = cut.reduce((n, d) => n + Number(d.cut), 0);
    expect(cutAttempts).toBeGreaterThanOrEqual(1);
    expect(cutAttempts).toBeLessThanOrEqual(IN_FLIGHT_PER_INSTANCE);
    expect(cut.filter((d) => d.last_cut! > killed[0]!.at)).toEqual([]);

    // Received more often than attempted would be an attempt sent twice; received twice is allowed only for a
    // message whose attempt the kill cut (the receiver had it, the sender never heard the answer).
    const log = new Map(deliveries.map((d) => [d.message_id, d]));
    const times = new Map<string, number>();
    for (const r of receivers.arrivals) times.set(r.messageId, (times.get(r.messageId) ?? 0) + 1);
    const sentTwice = [...times].filter(([id, n]) => n > Number(log.get(id)?.made ?? 0));
    expect(sentTwice).toEqual([]);
    const repeats = [...times].filter(([, n]) => n > 1);
    expect(repeats.filter(([id, n]) => n - 1 > Number(log.get(id)!.cut))).toEqual([]);
    // The held POSTs of A reached the receivers and were sent again: the case the kill is about did happen.
    expect(repeats.length).toBeGreaterThanOrEqual(1);

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `webhook-kill: ${EVENTS} events × ${ENDPOINTS} endpoints: ${receivers.arrivals.length} POSTs received (${repeats.length} messages twice, ${cutAttempts} attempts cut by the kill, ` +
        `${arrivedBeforeKill} before it); setup+publish until 1/5 delivered ${s(published - started)}, kill to all delivered ${s(done - published)}, total ${s(done - started)}`,
    );
  } finally {
    await sql.end();
  }
}, 600_000);
