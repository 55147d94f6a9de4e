import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { OutboxEventType } from '../src/events/entities/outbox-event';
import { emitEvent } from '../src/events/outbox';
import { inTransaction } from '../src/db/transaction';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { collect, eventually } from './support/subscriptions';

// Two instances with webhook workers on one database (a receiver on 127.0.0.1 over plain http is allowed here),
// retries after ~30 ms, an endpoint failing for 3 s disabled, secrets sealed; a third, strict instance without workers for refusals.
const WORKERS = {
  RELAIS_WEBHOOK_WORKERS: 'true',
  RELAIS_WEBHOOK_ALLOW_HTTP: 'true',
  RELAIS_WEBHOOK_ALLOW_PRIVATE: 'true',
  RELAIS_WEBHOOK_RETRY_SCHEDULE_MS: '30,30,30',
  RELAIS_WEBHOOK_DISABLE_AFTER_MS: '3000',
  RELAIS_WEBHOOK_POLL_MS: '100',
  RELAIS_WEBHOOK_SECRET_KEY: 'test-key-sealing-webhook-secrets-0123456789',
};
const STRICT = { RELAIS_WEBHOOK_WORKERS: 'false', RELAIS_WEBHOOK_ALLOW_HTTP: 'false', RELAIS_WEBHOOK_ALLOW_PRIVATE: 'false' };

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A local receiver: records every POST, answers what `answer(path, nth)` says (200 by default). */
class Receiver {
  readonly received: Received[] = [];
  private readonly server: http.Server;
  private readonly counts = new Map<string, number>();
  answer: (path: string, nth: number) => number = () => 200;

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const nth = (this.counts.get(path) ?? 0) + 1;
        this.counts.set(path, nth);
        this.received.push({ path, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.answer(path, nth);
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status < 300 ? 'ok' : `failing on purpose ${'x'.repeat(3000)}`);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let a: TestServer;
let b: TestServer;
let c: TestServer;
const receiver = new Receiver();
let offerId: number;

const ENDPOINT_FIELDS = 'id url events disabledAt disabledReason failingSince previousSecretExpiresAt';
const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`;

interface Endpoint {
  id: string;
  url: string;
  disabledAt: string | null;
  disabledReason: string | null;
}

async function createEndpoint(t: TestServer, token: string, input: Record<string, unknown>): Promise<{ endpoint: Endpoint; secret: string }> {
  const data = await t.client(token).request<{ createWebhookEndpoint: { endpoint: Endpoint; secret: string } }>(CREATE, { input });
  return data.createWebhookEndpoint;
}

async function deleteEndpoint(token: string, endpointId: string): Promise<void> {
  await a.client(token).request('mutation($input: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $input) { endpoint { id } } }', { input: { endpointId } });
}

/** `count` immersion-offer events in the outbox (the same published offer), in transactions of ten; their ids. */
async function emitOfferEvents(count: number): Promise<number[]> {
  const [{ max }] = await sql<{ max: string | null }>(a, 'select max(id) as max from event');
  for (let i = 0; i < count; i += 10) {
    await inTransaction(a.orm.em, async (tx) => {
      for (let j = i; j < Math.min(count, i + 10); j++) await emitEvent(tx, OutboxEventType.IMMERSION_OFFER_PUBLISHED, offerId, {});
    });
  }
  const rows = await sql<{ id: string }>(a, `select id from event where id > ? and type = 'IMMERSION_OFFER_PUBLISHED' order by id`, [Number(max ?? 0)]);
  return rows.map((r) => Number(r.id));
}

/** The SQL statements instance `a` sent (its ORM's, the webhook worker's included). */
const aStatements: string[] = [];

const eventIdOf = (r: Received) => Number(r.headers['webhook-id']!.split('_')[2]);

beforeAll(async () => {
  await receiver.start();
  a = await startTestServer(WORKERS, undefined, { onQuery: (text) => aStatements.push(text) });
  b = await startTestServer(WORKERS, { db: a.db });
  c = await startTestServer(STRICT, { db: a.db });
  const [offer] = await sql<{ id: number }>(a, `select id from immersion_offer where status = 'PUBLISHED' order by id limit 1`);
  offerId = offer!.id;
}, 120_000);

afterAll(async () => {
  await c?.stop();
  await b?.stop();
  await a?.stop();
  await receiver.stop();
});

describe('webhooks', () => {
  it('queues no dispatcher run for new events while no endpoint exists, and one once an endpoint exists', async () => {
    const [{ n }] = await sql<{ n: number }>(a, 'select count(*)::int as n from webhook_endpoint');
    expect(n).toBe(0);
    const checks = () => aStatements.filter((s) => s.includes('exists (select from webhook_endpoint)')).length;
    const queued = () => aStatements.filter((s) => s.includes('graphile_worker.add_job(')).length;
    // Events this instance's relay has read: it records each one's lag, then wakes the webhook worker for it.
    const dispatched = async () => {
      const text = await (await fetch(a.server.url.replace(/\/graphql$/, '/metrics'))).text();
      return Number(/^relais_outbox_dispatch_lag_seconds_count (\S+)$/m.exec(text)?.[1] ?? 0);
    };
    const before = await dispatched();
    await emitOfferEvents(3);
    await eventually(async () => (await dispatched()) >= before + 3);
    // The events' wake-ups are now called. Wake-ups run one after the other (a call during one makes one more after
    // it): two more checks mean the last of them has finished, and it would have queued its job before the next check
    // began (a job queued ends the wait too). The worker's sweep makes a check every second.
    const seen = checks();
    await eventually(() => checks() >= seen + 2 || queued() > 0);
    expect(queued()).toBe(0);
    const { endpoint } = await createEndpoint(a, TOKENS.plie, { url: receiver.url('/wake'), events: ['IMMERSION_OFFER_PUBLISHED'] });
    await emitOfferEvents(1);
    await eventually(() => queued() > 0);
    await eventually(() => receiver.at('/wake').length === 1);
    await deleteEndpoint(TOKENS.plie, endpoint.id);
  }, 60_000);

  it('signs each delivery with the Standard Webhooks scheme, verified by the same library; both secrets sign during a rotation', async () => {
    const { endpoint, secret } = await createEndpoint(a, TOKENS.plie, { url: receiver.url('/signed'), events: ['IMMERSION_OFFER_PUBLISHED'], description: 'signature' });
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown once: the list never carries it.
    const listed = await a.client(TOKENS.plie).request<{ webhookEndpoints: Record<string, unknown>[] }>(`{ webhookEndpoints { ${ENDPOINT_FIELDS} } }`);
    expect(listed.webhookEndpoints.find((e) => e.id === endpoint.id)).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    // Stored sealed (RELAIS_WEBHOOK_SECRET_KEY), never as given.
    const [stored] = await sql<{ secret: string }>(a, 'select secret from webhook_endpoint where id = ?', [Number(endpoint.id)]);
    expect(stored!.secret).toMatch(/^sealed:v1:/);

    const [eventId] = await emitOfferEvents(1);
    await eventually(() => receiver.at('/signed').length === 1);
    const [delivery] = receiver.at('/signed');
    const payload = new Webhook(secret).verify(delivery!.body, delivery!.headers) as { type: string; data: { immersionOffer: { id: string } } };
    expect(payload.type).toBe('IMMERSION_OFFER_PUBLISHED');
    expect(payload.data.immersionOffer.id).toBeTruthy();
    expect(delivery!.headers['webhook-id']).toBe(`msg_${endpoint.id}_${eventId}`);
    // Another secret does not verify it.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(delivery!.body, delivery!.headers)).toThrow();

    const rotated = await a.client(TOKENS.plie).request<{ rotateWebhookSecret: { secret: string; endpoint: { previousSecretExpiresAt: string | null } } }>(
      'mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret endpoint { previousSecretExpiresAt } } }',
      { input: { endpointId: endpoint.id, overlapHours: 1 } },
    );
    expect(rotated.rotateWebhookSecret.secret).not.toBe(secret);
    expect(rotated.rotateWebhookSecret.endpoint.previousSecretExpiresAt).not.toBeNull();
    await emitOfferEvents(1);
    await eventually(() => receiver.at('/signed').length === 2);
    const second = receiver.at('/signed')[1]!;
    expect(second.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(secret).verify(second.body, second.headers)).not.toThrow();
    expect(() => new Webhook(rotated.rotateWebhookSecret.secret).verify(second.body, second.headers)).not.toThrow();
    await deleteEndpoint(TOKENS.plie, endpoint.id);
  }, 60_000);

  it('retries a receiver failing three times: the event arrives once acknowledged, with the same webhook-id on each attempt, each attempt logged', async () => {
    receiver.answer = (path, nth) => (path === '/flaky' && nth <= 3 ? 503 : 200);
    const { endpoint, secret } = await createEndpoint(a, TOKENS.plie, { url: receiver.url('/flaky'), events: ['IMMERSION_OFFER_PUBLISHED'] });
    const [eventId] = await emitOfferEvents(1);
    await eventually(async () => (await sql(a, `select 1 from webhook_delivery where endpoint_id = ? and status = 'SUCCEEDED'`, [Number(endpoint.id)])).length === 1);
    const got = receiver.at('/flaky');
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([`msg_${endpoint.id}_${eventId}`]));
    for (const r of got) new Webhook(secret).verify(r.body, r.headers);

    const log = await a.client(TOKENS.plie).request<{ webhookDeliveries: { status: string; cursor: string; attempts: { attempt: number; statusCode: number; durationMs: number; responseBody: string; succeeded: boolean }[] }[] }>(
      'query($id: ID!) { webhookDeliveries(endpointId: $id) { status cursor attempts { attempt statusCode durationMs responseBody succeeded startedAt } } }',
      { id: endpoint.id },
    );
    const [delivery] = log.webhookDeliveries;
    expect(delivery!.status).toBe('SUCCEEDED');
    expect(delivery!.attempts.map((x) => [x.attempt, x.statusCode, x.succeeded])).toEqual([[1, 503, false], [2, 503, false], [3, 503, false], [4, 200, true]]);
    // The first kilobyte of the answer is kept, no more.
    expect(Buffer.byteLength(delivery!.attempts[0]!.responseBody)).toBeLessThanOrEqual(1024);
    expect(delivery!.attempts[0]!.responseBody).toMatch(/^failing on purpose x+/);
    expect(delivery!.attempts.every((x) => x.durationMs >= 0)).toBe(true);
    // Filters of the log.
    const dead = await a.client(TOKENS.plie).request<{ webhookDeliveries: unknown[] }>('query($id: ID!) { webhookDeliveries(endpointId: $id, filter: { status: DEAD }) { id } }', { id: endpoint.id });
    expect(dead.webhookDeliveries).toHaveLength(0);
    await deleteEndpoint(TOKENS.plie, endpoint.id);
    receiver.answer = () => 200;
  }, 60_000);

  it('makes a dead letter of a delivery that always fails, then disables the endpoint that keeps failing and tells its owner, once', async () => {
    receiver.answer = (path) => (path === '/down' ? 500 : 200);
    // The owner (ML) and another account (PLIE) listen from now on, on the instance without workers: the event
    // reaches them through the outbox, whichever instance disabled the endpoint.
    const { latestEventCursor: after } = await c.client(TOKENS.ml).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    const DISABLED = 'subscription($after: String) { webhookEndpointDisabled(after: $after) { cursor endpointId reason disabledAt failingSince endpoint { id disabledAt disabledReason } } }';
    type Disabled = { webhookEndpointDisabled: { endpointId: string; reason: string; disabledAt: string; failingSince: string | null; endpoint: Endpoint | null } };
    const owner = collect<Disabled>(c.wsClient(TOKENS.ml), DISABLED, { after });
    const other = collect<Disabled>(c.wsClient(TOKENS.plie), DISABLED, { after });
    const { endpoint } = await createEndpoint(a, TOKENS.ml, { url: receiver.url('/down'), events: ['IMMERSION_OFFER_PUBLISHED'] });
    const id = Number(endpoint.id);
    await emitOfferEvents(1);
    await eventually(async () => (await sql(a, `select 1 from webhook_delivery where endpoint_id = ? and status = 'DEAD'`, [id])).length === 1);
    const [first] = await sql<{ attempts: number }>(a, 'select attempts from webhook_delivery where endpoint_id = ? order by id limit 1', [id]);
    expect(first!.attempts).toBe(4); // the first attempt and the three retries of the schedule
    // It keeps failing, one event after another, until it has failed for longer than RELAIS_WEBHOOK_DISABLE_AFTER_MS.
    await eventually(async () => {
      const [row] = await sql<{ disabled_reason: string | null }>(a, 'select disabled_reason from webhook_endpoint where id = ?', [id]);
      if (row!.disabled_reason) return true;
      const [pending] = await sql(a, `select 1 from webhook_delivery where endpoint_id = ? and status = 'PENDING'`, [id]);
      if (!pending) await emitOfferEvents(1);
      return false;
    }, 30_000);
    const listed = await a.client(TOKENS.ml).request<{ webhookEndpoints: Endpoint[] }>(`{ webhookEndpoints { ${ENDPOINT_FIELDS} } }`);
    const disabled = listed.webhookEndpoints.find((e) => e.id === endpoint.id)!;
    expect(disabled.disabledReason).toBe('FAILING');
    expect(disabled.disabledAt).not.toBeNull();
    // Disabled: nothing more is sent.
    const before = receiver.at('/down').length;
    await emitOfferEvents(1);
    const [{ cursor }] = await sql<{ cursor: string }>(a, 'select cursor from webhook_endpoint where id = ?', [id]);
    await eventually(async () => Number((await sql<{ cursor: string }>(a, 'select cursor from webhook_endpoint where id = ?', [id]))[0]!.cursor) > Number(cursor));
    expect(receiver.at('/down').length).toBe(before);
    // Its owner was told once, with the endpoint, why and when; no one else was.
    const [told] = await owner.waitFor(1);
    expect(told!.webhookEndpointDisabled).toMatchObject({ endpointId: endpoint.id, reason: 'FAILING', disabledAt: disabled.disabledAt, endpoint: { id: endpoint.id, disabledReason: 'FAILING' } });
    expect(told!.webhookEndpointDisabled.failingSince).not.toBeNull();
    const [{ events }] = await sql<{ events: string }>(a, `select count(*) as events from event where type = 'WEBHOOK_ENDPOINT_DISABLED' and entity_id = ?`, [id]);
    expect(Number(events)).toBe(1);
    // One event in the outbox, one received (the stream neither repeats an event nor doubles it at the replay's seam).
    expect(owner.events).toHaveLength(1);
    expect(other.events.filter((e) => e.webhookEndpointDisabled.endpointId === endpoint.id)).toEqual([]);
    owner.stop();
    other.stop();
    await deleteEndpoint(TOKENS.ml, endpoint.id);
    receiver.answer = () => 200;
  }, 60_000);

  it('replays from a cursor: what came after it is sent again, in order, with the same webhook-ids', async () => {
    const { endpoint } = await createEndpoint(a, TOKENS.franceTravail, { url: receiver.url('/replay'), events: ['IMMERSION_OFFER_PUBLISHED'] });
    const eventIds = await emitOfferEvents(5);
    await eventually(() => receiver.at('/replay').length === 5);
    const log = await a.client(TOKENS.franceTravail).request<{ webhookDeliveries: { cursor: string; messageId: string }[] }>(
      'query($id: ID!) { webhookDeliveries(endpointId: $id) { cursor messageId } }',
      { id: endpoint.id },
    );
    // Newest first: the second event's cursor is the fourth row.
    const afterSecond = log.webhookDeliveries[3]!.cursor;
    const replay = await a.client(TOKENS.franceTravail).request<{ replayWebhookDeliveries: { queued: number } }>(
      'mutation($input: ReplayWebhookDeliveriesInput!) { replayWebhookDeliveries(input: $input) { queued } }',
      { input: { endpointId: endpoint.id, after: afterSecond } },
    );
    expect(replay.replayWebhookDeliveries.queued).toBe(3);
    await eventually(() => receiver.at('/replay').length === 8);
    const all = receiver.at('/replay').map(eventIdOf);
    expect(all).toEqual([...eventIds, ...eventIds.slice(2)]);

    // A test delivery goes out too.
    const test = await a.client(TOKENS.franceTravail).request<{ sendTestWebhook: { delivery: { eventType: string; status: string } } }>(
      'mutation($input: WebhookEndpointIdInput!) { sendTestWebhook(input: $input) { delivery { eventType status } } }',
      { input: { endpointId: endpoint.id } },
    );
    expect(test.sendTestWebhook.delivery.eventType).toBe('WEBHOOK_TEST');
    await eventually(() => receiver.at('/replay').length === 9);
    expect(JSON.parse(receiver.at('/replay')[8]!.body).type).toBe('WEBHOOK_TEST');
    await deleteEndpoint(TOKENS.franceTravail, endpoint.id);
  }, 60_000);

  // Scaled to this shared 2-core machine: 200 events to 5 endpoints (1,000 deliveries) through two instances.
  it('two instances deliver 200 events to 5 endpoints: none lost, each in order, no attempt sent twice', async () => {
    const EVENTS = 200;
    const ENDPOINTS = 5;
    const endpoints: { id: string; path: string; secret: string }[] = [];
    for (let i = 0; i < ENDPOINTS; i++) {
      const path = `/bulk/${i}`;
      const { endpoint, secret } = await createEndpoint(i % 2 ? b : a, TOKENS.crepi, { url: receiver.url(path), events: ['IMMERSION_OFFER_PUBLISHED'], filter: { offerKinds: ['IMMERSION_OFFER'] } });
      endpoints.push({ id: endpoint.id, path, secret });
    }
    const eventIds = await emitOfferEvents(EVENTS);
    // Bounded by the test's own timeout: on a loaded machine 1,000 deliveries took over 120 s.
    await eventually(() => endpoints.every((e) => receiver.at(e.path).length >= EVENTS), 290_000);
    for (const e of endpoints) {
      const got = receiver.at(e.path);
      expect(got).toHaveLength(EVENTS);
      expect(got.map(eventIdOf)).toEqual(eventIds);
      new Webhook(e.secret).verify(got[0]!.body, got[0]!.headers);
    }
    const [counts] = await sql<{ attempts: string; deliveries: string; firsts: string }>(
      a,
      `select count(*) as attempts, count(distinct a.delivery_id) as deliveries, count(*) filter (where a.attempt = 1) as firsts
       from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id where d.endpoint_id in (${endpoints.map((e) => Number(e.id)).join(', ')})`,
    );
    expect(Number(counts!.attempts)).toBe(EVENTS * ENDPOINTS);
    expect(Number(counts!.deliveries)).toBe(EVENTS * ENDPOINTS);
    for (const e of endpoints) await deleteEndpoint(TOKENS.crepi, e.id);
  }, 300_000);

  it('sends a referral update as the owner\'s subscription sees it: the same data, personal data to those who may read it (audited), nothing to others', async () => {
    const structureOf = async (token: string) => keyOf((await a.client(token).request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }')).viewer.structure.id);
    const plie = await structureOf(TOKENS.plie);
    const crepi = await structureOf(TOKENS.crepi);
    const prescriber = await createEndpoint(a, TOKENS.plie, { url: receiver.url('/referrals/plie'), events: ['REFERRAL_UPDATED'] });
    const outsider = await createEndpoint(a, TOKENS.franceTravail, { url: receiver.url('/referrals/ft'), events: ['REFERRAL_UPDATED'] });
    const { latestEventCursor } = await a.client(TOKENS.plie).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    // The same selection as the webhook body (src/webhooks/graphql/render.ts), through a live subscription.
    const selection = `cursor change status referral { id status createdAt updatedAt answeredAt motive outcome outcomeNote refusalReason cancellationReason
      session { id title startsAt } immersionOffer { id title } prescriberStructure { id name }
      participant { id ageBand departementCode personalData { firstName lastName email phone birthDate } }
      debriefs { side interests { metierCode interest } wishes comment sharedWithParticipant updatedAt } }`;
    const live = collect<{ referralUpdated: Record<string, unknown> }>(a.wsClient(TOKENS.plie), `subscription($after: String) { referralUpdated(after: $after) { ${selection} } }`, { after: latestEventCursor });
    const [{ max: auditBefore }] = await sql<{ max: string | null }>(a, 'select max(id) as max from audit_log');

    const session = await createPublishedSession(a, crepi, 5);
    const [participant] = await createParticipants(a, plie, 1);
    await a.client(TOKENS.plie).request('mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }', {
      i: { participantId: globalIdOf('Participant', participant!), sessionId: globalIdOf('Session', session), motive: 'visite webhook' },
    });
    await eventually(() => receiver.at('/referrals/plie').length >= 1);
    const events = await live.waitFor(1);
    live.stop();
    const body = JSON.parse(receiver.at('/referrals/plie')[0]!.body) as { type: string; data: { cursor: string; referral: { motive: string; participant: { personalData: unknown } } } };
    expect(body.type).toBe('REFERRAL_UPDATED');
    expect(body.data).toEqual(events[0]!.referralUpdated);
    expect(body.data.referral.motive).toBe('visite webhook');
    expect(body.data.referral.participant.personalData).not.toBeNull();
    // Audited as the subscription's read is: one entry for the webhook, one for the live subscription.
    const audits = await sql<{ operation: string; participant_id: number }>(a, `select operation, participant_id from audit_log where id > ? and participant_id = ? and operation = 'read:personalData'`, [Number(auditBefore ?? 0), participant]);
    expect(audits.filter((x) => x.participant_id === participant).length).toBeGreaterThanOrEqual(2);
    // Nothing for an account the referral does not concern, once the dispatcher is past the event.
    const [{ max }] = await sql<{ max: string }>(a, 'select max(id) as max from event');
    await eventually(async () => Number((await sql<{ cursor: string }>(a, 'select cursor from webhook_endpoint where id = ?', [Number(outsider.endpoint.id)]))[0]!.cursor) >= Number(max));
    expect(receiver.at('/referrals/ft')).toHaveLength(0);
    await deleteEndpoint(TOKENS.plie, prescriber.endpoint.id);
    await deleteEndpoint(TOKENS.franceTravail, outsider.endpoint.id);
  }, 60_000);

  it('updates, disables and enables an endpoint: the filter decides, deliveries made while disabled wait and go out in order', async () => {
    const { endpoint } = await createEndpoint(a, TOKENS.portal, { url: receiver.url('/manage/1'), events: ['IMMERSION_OFFER_PUBLISHED'], filter: { offerKinds: ['SESSION'] } });
    const id = Number(endpoint.id);
    const cursorPast = async (eventId: number) =>
      eventually(async () => Number((await sql<{ cursor: string }>(a, 'select cursor from webhook_endpoint where id = ?', [id]))[0]!.cursor) >= eventId);
    // Its filter keeps immersion offers out.
    const [filtered] = await emitOfferEvents(1);
    await cursorPast(filtered!);
    expect(receiver.at('/manage/1')).toHaveLength(0);

    const UPDATE = 'mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { url events } } }';
    const refused = await failure(c.server.url, TOKENS.portal, UPDATE, { input: { endpointId: endpoint.id, url: 'https://10.0.0.1/hook' } });
    expect([refused.codes[0], refused.fields[0]]).toEqual(['BAD_USER_INPUT', 'input.url']);
    const updated = await a.client(TOKENS.portal).request<{ updateWebhookEndpoint: { endpoint: { url: string } } }>(UPDATE, {
      input: { endpointId: endpoint.id, url: receiver.url('/manage/2'), filter: { offerKinds: ['IMMERSION_OFFER'] } },
    });
    expect(updated.updateWebhookEndpoint.endpoint.url).toBe(receiver.url('/manage/2'));
    await emitOfferEvents(1);
    await eventually(() => receiver.at('/manage/2').length === 1);

    const toggle = (name: string) => a.client(TOKENS.portal).request(`mutation($input: WebhookEndpointIdInput!) { ${name}(input: $input) { endpoint { disabledAt disabledReason } } }`, { input: { endpointId: endpoint.id } });
    await toggle('disableWebhookEndpoint');
    const waiting = await emitOfferEvents(2);
    await cursorPast(waiting[1]!);
    expect(receiver.at('/manage/2')).toHaveLength(1);
    await toggle('enableWebhookEndpoint');
    await eventually(() => receiver.at('/manage/2').length === 3);
    expect(receiver.at('/manage/2').slice(1).map(eventIdOf)).toEqual(waiting);
    await deleteEndpoint(TOKENS.portal, endpoint.id);
    expect(await sql(a, 'select 1 from webhook_delivery where endpoint_id = ?', [id])).toHaveLength(0);
  }, 60_000);

  it('goes on after an instance died holding an endpoint\'s job: its stale lock is released and the delivery made', async () => {
    const { endpoint } = await createEndpoint(a, TOKENS.admin, { url: receiver.url('/revive'), events: ['IMMERSION_OFFER_PUBLISHED'] });
    const key = `webhook-endpoint:${endpoint.id}`;
    // What a killed instance leaves: the endpoint's job and serial queue locked, by a worker that will never finish.
    await sql(a, `select graphile_worker.add_job('webhooks:deliver', json_build_object('endpointId', ?::int), queue_name => ?, job_key => ?, run_at => now() + interval '1 hour')`, [Number(endpoint.id), key, key]);
    await sql(a, `update graphile_worker._private_jobs set locked_at = now() - interval '1 hour', locked_by = 'dead-instance', run_at = now() - interval '1 hour' where key = ?`, [key]);
    await sql(a, `update graphile_worker._private_job_queues set locked_at = now() - interval '1 hour', locked_by = 'dead-instance' where queue_name = ?`, [key]);
    const [eventId] = await emitOfferEvents(1);
    await eventually(() => receiver.at('/revive').length === 1, 30_000);
    expect(eventIdOf(receiver.at('/revive')[0]!)).toBe(eventId);
    expect(await sql(a, `select 1 from graphile_worker.jobs where locked_by = 'dead-instance'`)).toHaveLength(0);
    await deleteEndpoint(TOKENS.admin, endpoint.id);
  }, 60_000);

  it('refuses, naming the field and storing nothing: a private address, plain http where not allowed, an unknown event kind, a filter a subscription would refuse', async () => {
    const [{ count: before }] = await sql<{ count: string }>(a, 'select count(*) as count from webhook_endpoint');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ url: 'https://127.0.0.1/hook', events: ['REFERRAL_UPDATED'] }, 'input.url', /private, loopback or link-local/],
      [{ url: 'https://169.254.169.254/latest/meta-data', events: ['REFERRAL_UPDATED'] }, 'input.url', /private/],
      [{ url: 'https://[::1]:8443/hook', events: ['REFERRAL_UPDATED'] }, 'input.url', /private/],
      [{ url: 'https://localhost/hook', events: ['REFERRAL_UPDATED'] }, 'input.url', /private|resolve/],
      [{ url: 'http://partner.example.org/hook', events: ['REFERRAL_UPDATED'] }, 'input.url', /https/],
      [{ url: 'not a url', events: ['REFERRAL_UPDATED'] }, 'input.url', /URL/],
      [{ url: 'https://93.184.215.14/hook', events: ['NO_SUCH_EVENT'] }, 'input.events', /not an event kind/],
      [{ url: 'https://93.184.215.14/hook', events: [] }, 'input.events', /at least one/],
      [{ url: 'https://93.184.215.14/hook', events: ['IMMERSION_OFFER_PUBLISHED'], filter: { departementCodes: ['999'] } }, 'input.filter.departementCodes', /département/],
      [{ url: 'https://93.184.215.14/hook', events: ['IMMERSION_OFFER_PUBLISHED'], filter: { romeCodes: ['nope'] } }, 'input.filter.romeCodes', /ROME/],
    ];
    for (const [input, field, message] of cases) {
      const refused = await failure(c.server.url, TOKENS.plie, CREATE, { input });
      expect({ input, code: refused.codes[0], field: refused.fields[0] }).toEqual({ input, code: 'BAD_USER_INPUT', field });
      expect(refused.messages[0]).toMatch(message);
    }
    const [{ count: after }] = await sql<{ count: string }>(a, 'select count(*) as count from webhook_endpoint');
    expect(after).toBe(before);
    // Someone else's endpoint is not found.
    const { endpoint } = await createEndpoint(a, TOKENS.plie, { url: receiver.url('/mine'), events: ['REFERRAL_UPDATED'] });
    const other = await failure(a.server.url, TOKENS.ml, 'mutation($input: WebhookEndpointIdInput!) { deleteWebhookEndpoint(input: $input) { endpoint { id } } }', { input: { endpointId: endpoint.id } });
    expect(other.codes).toEqual(['NOT_FOUND']);
    const log = await failure(a.server.url, TOKENS.ml, 'query($id: ID!) { webhookDeliveries(endpointId: $id) { id } }', { id: endpoint.id });
    expect([log.codes[0], log.fields[0]]).toEqual(['NOT_FOUND', 'endpointId']);
    await deleteEndpoint(TOKENS.plie, endpoint.id);
  }, 60_000);

  it('creates once per idempotency key: a retry returns the same endpoint, without showing the secret again', async () => {
    const input = { url: receiver.url('/once'), events: ['REFERRAL_UPDATED'], idempotencyKey: 'webhook-once-1' };
    const first = await createEndpoint(a, TOKENS.company, input);
    const again = await createEndpoint(b, TOKENS.company, input);
    expect(first.secret).toMatch(/^whsec_/);
    expect(again.endpoint.id).toBe(first.endpoint.id);
    expect(again.secret).toBeNull();
    const listed = await a.client(TOKENS.company).request<{ webhookEndpoints: Endpoint[] }>(`{ webhookEndpoints { ${ENDPOINT_FIELDS} } }`);
    expect(listed.webhookEndpoints.filter((e) => e.url === input.url)).toHaveLength(1);
    await deleteEndpoint(TOKENS.company, first.endpoint.id);
  }, 60_000);
});
