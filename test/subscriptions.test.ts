import { Account } from '../src/access/entities/account';
import { OutboxEventType } from '../src/events/entities/outbox-event';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { todayInFrance } from '../src/common/local-date';
import { followOffers, type OfferEvent } from '../schema/examples/mobile-offers';
import { inTransaction } from '../src/db/transaction';
import { emitEvent } from '../src/events/outbox';
import { resultSharing } from '../src/events/graphql/multiplex';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, LIBOURNE, SAINT_DENIS, sql, type SessionPlace } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { collect, eventually } from './support/subscriptions';

// Delivery must come from NOTIFY: the relays' fallback poll is set far beyond any test's length.
const ENV = { RELAIS_RELAY_POLL_MS: '3600000' };
let a: TestServer;
let b: TestServer;
let plie: number;
let crepi: number;

const SLOTS = /* GraphQL */ `
  subscription Slots($filter: OfferEventFilter, $after: String) {
    visitSlotPublished(filter: $filter, after: $after) { cursor reason session { id title departement { code } metiers { code } seatsLeft } }
  }`;
interface SlotEvent {
  visitSlotPublished: { cursor: string; reason: string; session: { id: string; departement: { code: string }; metiers: { code: string }[]; seatsLeft: number } };
}

async function structureOf(token: string): Promise<number> {
  const data = await a.client(token).request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }');
  return keyOf(data.viewer.structure.id);
}

async function latestCursor(t: TestServer): Promise<string> {
  return (await t.client(TOKENS.portal).request<{ latestEventCursor: string }>('{ latestEventCursor }')).latestEventCursor;
}

/** Through instance A's API: a one-seat session fills up, then the seat is given back, which reopens the slot. */
async function reopenSlot(place: SessionPlace): Promise<number> {
  const session = await createPublishedSession(a, crepi, 1, 16, place);
  const [participant] = await createParticipants(a, plie, 1);
  const c = a.client;
  const refer = await c(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(
    'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
    { i: { participantId: globalIdOf('Participant', participant!), sessionId: globalIdOf('Session', session), motive: 'visite' } },
  );
  const referralId = refer.referParticipant.referral.id;
  await c(TOKENS.crepi).request('mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { status } } }', { i: { referralId } });
  await c(TOKENS.plie).request('mutation($i: CancelReferralInput!) { cancelReferral(input: $i) { referral { status } } }', { i: { referralId } });
  return session;
}

beforeAll(async () => {
  a = await startTestServer(ENV);
  b = await startTestServer(ENV, { db: a.db });
  plie = await structureOf(TOKENS.plie);
  crepi = await structureOf(TOKENS.crepi);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('visit slots across instances', () => {
  it('delivers a slot reopened through instance A to a subscriber on instance B', async () => {
    const events = collect<SlotEvent>(b.wsClient(TOKENS.portal), SLOTS, { after: await latestCursor(b) });
    const session = await reopenSlot(SAINT_DENIS);
    const [event] = await events.waitFor(1);
    expect(event!.visitSlotPublished.reason).toBe('REOPENED');
    expect(keyOf(event!.visitSlotPublished.session.id)).toBe(session);
    expect(event!.visitSlotPublished.session.seatsLeft).toBe(1);
    events.stop();
  });

  it('filters by ROME code and département', async () => {
    const filter = { romeCodes: ['F1701'], departementCodes: ['93'] };
    const f17 = collect<SlotEvent>(b.wsClient(TOKENS.portal), SLOTS, { filter: { romeCodes: ['F17'] }, after: await latestCursor(b) });
    const coffreur93 = collect<SlotEvent>(b.wsClient(TOKENS.portal), SLOTS, { filter, after: await latestCursor(b) });
    const inGironde = await reopenSlot(LIBOURNE);
    const inSeineSaintDenis = await reopenSlot(SAINT_DENIS);
    const bakery = await reopenSlot({ ...LIBOURNE, metierCode: 'D1102' });
    await f17.waitFor(2);
    const [first] = await coffreur93.waitFor(1);
    // Events arrive in cursor order: the 93 slot came second, so the Gironde one was filtered out, not late.
    expect(keyOf(first!.visitSlotPublished.session.id)).toBe(inSeineSaintDenis);
    expect(f17.events.map((e) => keyOf(e.visitSlotPublished.session.id))).toEqual([inGironde, inSeineSaintDenis]);
    // The bakery (D1102) slot came last: once the F17 subscriber has seen a later event, it has skipped it.
    const later = await reopenSlot(SAINT_DENIS);
    await f17.waitFor(3);
    expect(f17.events.map((e) => keyOf(e.visitSlotPublished.session.id))).toEqual([inGironde, inSeineSaintDenis, later]);
    expect(f17.events.some((e) => keyOf(e.visitSlotPublished.session.id) === bakery)).toBe(false);
    f17.stop();
    coffreur93.stop();
  });

  it('replays on reconnect exactly what was missed, in order, once, then continues live', async () => {
    const first = collect<SlotEvent>(b.wsClient(TOKENS.portal), SLOTS, { after: await latestCursor(b) });
    await reopenSlot(SAINT_DENIS);
    const [seen] = await first.waitFor(1);
    first.stop(); // the phone enters a tunnel
    const missed: number[] = [];
    for (let i = 0; i < 20; i++) missed.push(await reopenSlot(i % 2 ? SAINT_DENIS : LIBOURNE));
    const again = collect<SlotEvent>(b.wsClient(TOKENS.portal), SLOTS, { after: seen!.visitSlotPublished.cursor });
    await again.waitFor(20);
    expect(again.events.map((e) => keyOf(e.visitSlotPublished.session.id))).toEqual(missed);
    const live = await reopenSlot(LIBOURNE);
    await again.waitFor(21);
    expect(keyOf(again.events[20]!.visitSlotPublished.session.id)).toBe(live);
    const cursors = again.events.map((e) => e.visitSlotPublished.cursor);
    expect(new Set(cursors).size).toBe(21);
    again.stop();
  });
});

/** Through instance A's API: an immersion offer created and published (a network admin may name the company). */
async function publishOffer(companyId: string, metierCode: string, title: string): Promise<number> {
  const day = (days: number) => new Date(Date.parse(`${todayInFrance()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const created = await a.client(TOKENS.admin).request<{ createImmersionOffer: { immersionOffer: { id: string } } }>(
    'mutation($i: CreateImmersionOfferInput!) { createImmersionOffer(input: $i) { immersionOffer { id } } }',
    { i: { companyId, metierCode, objective: 'DISCOVER_METIER', title, availableFrom: day(1), availableUntil: day(40), maxPresenceDays: 5, positions: 1 } },
  );
  const id = created.createImmersionOffer.immersionOffer.id;
  await a.client(TOKENS.admin).request('mutation($i: ImmersionOfferIdInput!) { publishImmersionOffer(input: $i) { immersionOffer { status } } }', { i: { immersionOfferId: id } });
  return keyOf(id);
}

async function companyNamed(search: string): Promise<string> {
  const data = await a.client(TOKENS.portal).request<{ companies: { edges: { node: { id: string } }[] } }>(
    'query($s: String) { companies(first: 1, filter: { search: $s }) { edges { node { id } } } }',
    { s: search },
  );
  return data.companies.edges[0]!.node.id;
}

describe('immersion offers', () => {
  const OFFERS = 'subscription($filter: OfferEventFilter, $after: String) { immersionOfferPublished(filter: $filter, after: $after) { cursor immersionOffer { id title departement { code } } } }';
  interface OfferEventData {
    immersionOfferPublished: { immersionOffer: { id: string; departement: { code: string } } };
  }

  it('gives a subscriber for F1701 in the 93 the coffreur offer of Saint-Denis, not a bakery offer in the 33', async () => {
    const events = collect<OfferEventData>(b.wsClient(TOKENS.portal), OFFERS, { filter: { romeCodes: ['F1701'], departementCodes: ['93'] }, after: await latestCursor(b) });
    const bakery = await publishOffer(await companyNamed('Fournil'), 'D1102', 'Découvrir la boulangerie');
    const coffreur = await publishOffer(await companyNamed('Gros Œuvre'), 'F1701', 'Découvrir le coffrage');
    const [first] = await events.waitFor(1);
    expect(keyOf(first!.immersionOfferPublished.immersionOffer.id)).toBe(coffreur);
    expect(first!.immersionOfferPublished.immersionOffer.departement.code).toBe('93');
    expect(bakery).toBeLessThan(coffreur); // published first, and skipped
    events.stop();
  });

  it('reaches a partner through its stored filter, pushed by NOTIFY (the relays do not poll here)', async () => {
    await a.client(TOKENS.crepi).request('mutation($i: SubscribeToOffersInput!) { subscribeToOffers(input: $i) { subscription { id } } }', {
      i: { name: 'Boulangerie en Gironde', filter: { romeCodes: ['D11'], departementCodes: ['33'], offerKinds: ['IMMERSION_OFFER'] } },
    });
    const feed = collect<{ offerFeed: { matchedSubscriptions: string[]; immersionOffer: { id: string } | null } }>(
      b.wsClient(TOKENS.crepi),
      'subscription($after: String) { offerFeed(after: $after) { cursor matchedSubscriptions immersionOffer { id } } }',
      { after: await latestCursor(b) },
    );
    const bakery = await publishOffer(await companyNamed('Fournil'), 'D1102', 'Immersion au fournil');
    const [event] = await feed.waitFor(1);
    expect(event!.offerFeed.matchedSubscriptions).toContain('Boulangerie en Gironde');
    expect(keyOf(event!.offerFeed.immersionOffer!.id)).toBe(bakery);
    feed.stop();
  });

  it('lets the mobile app example follow offers near Langon', async () => {
    const received: OfferEvent[] = [];
    const app = followOffers({
      url: b.server.url.replace(/^http/, 'ws'),
      token: TOKENS.portal,
      near: { latitude: 44.5531, longitude: -0.2492, radiusKm: 20 },
      after: await latestCursor(b),
      onEvent: (e) => received.push(e),
    });
    const bakery = await publishOffer(await companyNamed('Fournil'), 'D1102', 'Immersion à Langon');
    await eventually(() => received.length > 0);
    expect(keyOf(received[0]!.immersionOffer!.id)).toBe(bakery);
    await app.stop();
  });
});

describe('fan-out', () => {
  const OFFERS = 'subscription($filter: OfferEventFilter, $after: String) { immersionOfferPublished(filter: $filter, after: $after) { cursor immersionOffer { id title metier { code } company { name } } } }';

  it('executes an event once per selection and authorization class, and shares the result with the others', async () => {
    const after = await latestCursor(b);
    // Four portal subscribers with different filters that all match, and one company admin: two classes.
    const portal = [{ romeCodes: ['F17'] }, { romeCodes: ['F1701'], departementCodes: ['93'] }, { romeCodes: ['F'] }, null].map((filter) =>
      collect<{ immersionOfferPublished: { immersionOffer: { id: string; title: string } } }>(b.wsClient(TOKENS.portal), OFFERS, { filter, after }),
    );
    const company = collect<{ immersionOfferPublished: { immersionOffer: { id: string; title: string } } }>(b.wsClient(TOKENS.company), OFFERS, { after });
    const before = { ...resultSharing };
    const offer = await publishOffer(await companyNamed('Gros Œuvre'), 'F1701', 'Coffrage, pour tous');
    const received = await Promise.all([...portal, company].map(async (c) => (await c.waitFor(1))[0]!.immersionOfferPublished.immersionOffer));
    expect(received.map((o) => keyOf(o.id))).toEqual([offer, offer, offer, offer, offer]);
    expect(resultSharing.computed - before.computed).toBe(2);
    expect(resultSharing.shared - before.shared).toBe(3);
    [...portal, company].forEach((c) => c.stop());
  });

  it('shares an offerFeed result within an account only: each account sees its own stored subscriptions, sent serialised once', async () => {
    const store = async (token: string, name: string, filter: Record<string, unknown>) =>
      (await a.client(token).request<{ subscribeToOffers: { subscription: { id: string } } }>('mutation($i: SubscribeToOffersInput!) { subscribeToOffers(input: $i) { subscription { id } } }', { i: { name, filter } }))
        .subscribeToOffers.subscription.id;
    const stored = [
      [TOKENS.portal, await store(TOKENS.portal, 'Portail : coffrage', { romeCodes: ['F17'], offerKinds: ['IMMERSION_OFFER'] })],
      [TOKENS.company, await store(TOKENS.company, 'Entreprise : coffrage', { romeCodes: ['F1701'], offerKinds: ['IMMERSION_OFFER'] })],
    ] as const;
    const FEED = 'subscription($after: String) { offerFeed(after: $after) { cursor matchedSubscriptions immersionOffer { id } } }';
    type Feed = { offerFeed: { matchedSubscriptions: string[]; immersionOffer: { id: string } | null } };
    const after = await latestCursor(b);
    // Two sockets per account: the second of each takes the first's result (shared), never the other account's.
    const portal = [1, 2].map(() => collect<Feed>(b.wsClient(TOKENS.portal), FEED, { after }));
    const company = [1, 2].map(() => collect<Feed>(b.wsClient(TOKENS.company), FEED, { after }));
    const before = { ...resultSharing };
    const offer = await publishOffer(await companyNamed('Gros Œuvre'), 'F1701', 'Coffrage, pour deux comptes');
    const firstOf = async (c: (typeof portal)[number]) => (await c.waitFor(1)).find((e) => e.offerFeed.immersionOffer && keyOf(e.offerFeed.immersionOffer.id) === offer)!.offerFeed;
    const [p1, p2, c1, c2] = await Promise.all([...portal, ...company].map(firstOf));
    expect(p1).toEqual(p2);
    expect(c1).toEqual(c2);
    expect(p1!.matchedSubscriptions).toContain('Portail : coffrage');
    expect(p1!.matchedSubscriptions).not.toContain('Entreprise : coffrage');
    expect(c1!.matchedSubscriptions).toContain('Entreprise : coffrage');
    expect(c1!.matchedSubscriptions).not.toContain('Portail : coffrage');
    expect(resultSharing.computed - before.computed).toBe(2);
    expect(resultSharing.shared - before.shared).toBe(2);
    [...portal, ...company].forEach((c) => c.stop());
    for (const [token, subscriptionId] of stored) {
      await a.client(token).request('mutation($i: UnsubscribeFromOffersInput!) { unsubscribeFromOffers(input: $i) { subscription { id } } }', { i: { subscriptionId } });
    }
  });

  it('resolves personal data for each subscriber, never shared (each read is audited for its reader)', async () => {
    const after = await latestCursor(a);
    const QUERY = 'subscription($after: String) { referralUpdated(after: $after) { cursor status referral { id participant { personalData { firstName } } } } }';
    const plieA = collect<{ referralUpdated: { status: string } }>(b.wsClient(TOKENS.plie), QUERY, { after });
    const plieB = collect<{ referralUpdated: { status: string } }>(b.wsClient(TOKENS.plie), QUERY, { after });
    const before = { ...resultSharing };
    await reopenSlot(SAINT_DENIS); // three moves of a PLIE referral
    await plieA.waitFor(3);
    await plieB.waitFor(3);
    expect(resultSharing.shared - before.shared).toBe(0);
    plieA.stop();
    plieB.stop();
  });

  it('resolves the free texts of referrals (motive) for each subscriber too, audited as personal data', async () => {
    const after = await latestCursor(a);
    const QUERY = 'subscription($after: String) { referralUpdated(after: $after) { status referral { id motive } } }';
    const plieAccount = keyOf((await a.client(TOKENS.plie).request<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id);
    const reads = async () => Number((await sql<{ n: string }>(a, `select count(*) n from audit_log where operation = 'read:personalData' and account_id = ?`, [plieAccount]))[0]!.n);
    const plieA = collect<{ referralUpdated: { referral: { motive: string | null } } }>(b.wsClient(TOKENS.plie), QUERY, { after });
    const plieB = collect<{ referralUpdated: { referral: { motive: string | null } } }>(b.wsClient(TOKENS.plie), QUERY, { after });
    const [before, auditedBefore] = [{ ...resultSharing }, await reads()];
    await reopenSlot(SAINT_DENIS); // three moves of a PLIE referral, motive 'visite'
    for (const c of [plieA, plieB]) expect((await c.waitFor(3)).map((e) => e.referralUpdated.referral.motive)).toEqual(['visite', 'visite', 'visite']);
    expect(resultSharing.shared - before.shared).toBe(0);
    await eventually(async () => (await reads()) === auditedBefore + 6);
    plieA.stop();
    plieB.stop();
  });
});

describe('referral events', () => {
  const REFERRALS = 'subscription($after: String) { referralUpdated(after: $after) { cursor status referral { id prescriberStructure { id } } } }';
  interface ReferralEvent {
    referralUpdated: { status: string; referral: { id: string; prescriberStructure: { id: string } } };
  }

  it('reach only the accounts allowed to see the referral', async () => {
    const after = await latestCursor(a);
    const ml = collect<ReferralEvent>(b.wsClient(TOKENS.ml), REFERRALS, { after });
    const plieEvents = collect<ReferralEvent>(b.wsClient(TOKENS.plie), REFERRALS, { after });
    await reopenSlot(SAINT_DENIS); // three moves of a PLIE referral: PENDING, ACCEPTED, CANCELLED
    await plieEvents.waitFor(3);
    expect(plieEvents.events.map((e) => e.referralUpdated.status)).toEqual(['PENDING', 'ACCEPTED', 'CANCELLED']);
    // Then a referral of the mission locale itself: the first event it receives is its own.
    const mlStructure = await structureOf(TOKENS.ml);
    const [own] = await createParticipants(a, mlStructure, 1);
    const session = await createPublishedSession(a, crepi, 3);
    await a.client(TOKENS.ml).request('mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }', {
      i: { participantId: globalIdOf('Participant', own!), sessionId: globalIdOf('Session', session), motive: 'visite' },
    });
    const [first] = await ml.waitFor(1);
    expect(keyOf(first!.referralUpdated.referral.prescriberStructure.id)).toBe(mlStructure);
    expect(ml.events).toHaveLength(1);
    ml.stop();
    plieEvents.stop();
  });

  it('share a referral event within an authorization class only: two sockets of the prescriber get it, two of another structure do not', async () => {
    const after = await latestCursor(a);
    const plieSockets = [1, 2].map(() => collect<ReferralEvent>(b.wsClient(TOKENS.plie), REFERRALS, { after }));
    const mlSockets = [1, 2].map(() => collect<ReferralEvent>(b.wsClient(TOKENS.ml), REFERRALS, { after }));
    const before = { ...resultSharing };
    await reopenSlot(SAINT_DENIS); // three moves of a PLIE referral
    const [first, second] = await Promise.all(plieSockets.map((c) => c.waitFor(3)));
    expect(first!.map((e) => e.referralUpdated.status)).toEqual(['PENDING', 'ACCEPTED', 'CANCELLED']);
    expect(second).toEqual(first);
    // One execution per event for the PLIE's class, taken by its second socket; none for the mission locale's.
    expect(resultSharing.computed - before.computed).toBe(3);
    expect(resultSharing.shared - before.shared).toBe(3);
    // A later event of the mission locale's own referral reaches it first: nothing of the PLIE's came before.
    const mlStructure = await structureOf(TOKENS.ml);
    const [own] = await createParticipants(a, mlStructure, 1);
    const session = await createPublishedSession(a, crepi, 3);
    await a.client(TOKENS.ml).request('mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }', {
      i: { participantId: globalIdOf('Participant', own!), sessionId: globalIdOf('Session', session), motive: 'visite' },
    });
    for (const c of mlSockets) {
      const [event] = await c.waitFor(1);
      expect(keyOf(event!.referralUpdated.referral.prescriberStructure.id)).toBe(mlStructure);
      expect(c.events).toHaveLength(1);
    }
    [...plieSockets, ...mlSockets].forEach((c) => c.stop());
  });

  it('keep a refusal not shared with the participant from them, and give it to the professionals', async () => {
    const { viewer } = await a.client(TOKENS.participant).request<{ viewer: { participant: { id: string } } }>('{ viewer { participant { id } } }');
    const QUERY = 'subscription($after: String) { referralUpdated(after: $after) { status referral { id refusalReason refusalDetail transitions { toStatus reason } } } }';
    type Event = { referralUpdated: { status: string; referral: { id: string; refusalReason: string | null; refusalDetail: string | null; transitions: { toStatus: string; reason: string | null }[] } } };
    const after = await latestCursor(a);
    const participant = collect<Event>(b.wsClient(TOKENS.participant), QUERY, { after });
    const prescriber = collect<Event>(b.wsClient(TOKENS.franceTravail), QUERY, { after });
    const session = await createPublishedSession(a, crepi, 3, 16, SAINT_DENIS);
    const referred = await a.client(TOKENS.franceTravail).request<{ referParticipant: { referral: { id: string } } }>(
      'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
      { i: { participantId: viewer.participant.id, sessionId: globalIdOf('Session', session), motive: 'visite' } },
    );
    await a.client(TOKENS.crepi).request('mutation($i: RefuseReferralInput!) { refuseReferral(input: $i) { referral { id } } }', {
      i: { referralId: referred.referParticipant.referral.id, reason: 'OTHER', detail: 'Absences répétées signalées', sharedWithParticipant: false },
    });
    const refusedFor = async (c: typeof participant) => (await c.waitFor(2)).map((e) => e.referralUpdated).find((e) => e.status === 'REFUSED')!.referral;
    expect(await refusedFor(participant)).toEqual({
      id: referred.referParticipant.referral.id, refusalReason: null, refusalDetail: null,
      transitions: [{ toStatus: 'PENDING', reason: 'visite' }, { toStatus: 'REFUSED', reason: null }],
    });
    expect(await refusedFor(prescriber)).toMatchObject({ refusalReason: 'OTHER', refusalDetail: 'Absences répétées signalées', transitions: [{}, { reason: 'Absences répétées signalées' }] });
    participant.stop();
    prescriber.stop();
  });
});

describe('the outbox', () => {
  it('emits nothing for a change that rolls back', async () => {
    const [before] = await sql<{ n: string }>(a, 'select count(*) n from event');
    const events = collect<SlotEvent>(b.wsClient(TOKENS.portal), SLOTS, { after: await latestCursor(b) });
    await expect(
      inTransaction(a.orm.em, async (tx) => {
        await emitEvent(tx, OutboxEventType.SESSION_SLOT_PUBLISHED, 1, { reason: 'PUBLISHED', metierCodes: ['F1701'] });
        throw new Error('the change fails after writing its event');
      }),
    ).rejects.toThrow('the change fails');
    const [after] = await sql<{ n: string }>(a, 'select count(*) n from event');
    expect(after!.n).toBe(before!.n);
    const real = await reopenSlot(SAINT_DENIS);
    const [first] = await events.waitFor(1);
    expect(keyOf(first!.visitSlotPublished.session.id)).toBe(real);
    events.stop();
  });
});

describe('stored partner subscriptions', () => {
  it('feeds what matches any stored filter, and lists them on the viewer', async () => {
    const client = a.client(TOKENS.portal);
    const SUBSCRIBE = 'mutation($i: SubscribeToOffersInput!) { subscribeToOffers(input: $i) { subscription { id name } subscriptions { name } } }';
    const stored = await client.request<{ subscribeToOffers: { subscription: { id: string; name: string } } }>(SUBSCRIBE, {
      i: { name: 'BTP Seine-Saint-Denis', filter: { romeCodes: ['F17'], departementCodes: ['93'], offerKinds: ['SESSION'] } },
    });
    await client.request(SUBSCRIBE, { i: { name: 'Boulangerie', filter: { romeCodes: ['D1102'] } } });
    const viewer = await client.request<{ viewer: { offerSubscriptions: { name: string; filter: { romeCodes: string[] } }[] } }>('{ viewer { offerSubscriptions { name filter { romeCodes departementCodes } } } }');
    expect(viewer.viewer.offerSubscriptions.map((s) => s.name)).toEqual(['BTP Seine-Saint-Denis', 'Boulangerie']);

    const feed = collect<{ offerFeed: { matchedSubscriptions: string[]; session: { id: string } | null } }>(
      b.wsClient(TOKENS.portal),
      'subscription($after: String) { offerFeed(after: $after) { cursor matchedSubscriptions session { id } immersionOffer { id } } }',
      { after: await latestCursor(b) },
    );
    await reopenSlot(LIBOURNE); // F1701 in 33: no stored filter matches
    const wanted = await reopenSlot(SAINT_DENIS);
    const [event] = await feed.waitFor(1);
    expect(event!.offerFeed.matchedSubscriptions).toEqual(['BTP Seine-Saint-Denis']);
    expect(keyOf(event!.offerFeed.session!.id)).toBe(wanted);
    feed.stop();

    const removed = await client.request<{ unsubscribeFromOffers: { subscriptions: { name: string }[] } }>(
      'mutation($i: UnsubscribeFromOffersInput!) { unsubscribeFromOffers(input: $i) { subscriptions { name } } }',
      { i: { subscriptionId: stored.subscribeToOffers.subscription.id } },
    );
    expect(removed.unsubscribeFromOffers.subscriptions.map((s) => s.name)).toEqual(['Boulangerie']);
  });

  it('refuses a bad stored filter naming the field', async () => {
    const f = await failure(a.server.url, TOKENS.portal, 'mutation($i: SubscribeToOffersInput!) { subscribeToOffers(input: $i) { subscription { id } } }', {
      i: { name: 'x', filter: { romeCodes: ['NOPE'] } },
    });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.filter.romeCodes'] });
  });
});

describe('connections', () => {
  it('closes the socket of a token revoked while connected (4403)', async () => {
    const [account] = await sql<{ id: number }>(a, `select id from account where email = 'portail@crepi-idf.example.org'`);
    const em = a.orm.em.fork();
    const { secret, token } = await issueToken(em, await em.findOneOrFail(Account, account!.id), { label: 'revoked in test' });
    // From the latest cursor: the reopened slot is replayed if the subscription is not live yet when it is published,
    // so its arrival proves the socket open and subscribed before the revocation (no bound to outwait).
    const events = collect<SlotEvent>(b.wsClient(secret), SLOTS, { after: await latestCursor(b) });
    await reopenSlot(SAINT_DENIS);
    await events.waitFor(1);
    await sql(a, 'update api_token set revoked_at = now() where id = ?', [token.id]);
    const reason = (await events.ended) as { code?: number };
    expect(reason.code).toBe(4403);
  });

  it('refuses more than 20 operations at once on one connection', async () => {
    const client = b.wsClient(TOKENS.portal);
    const subs = Array.from({ length: 20 }, () => collect<SlotEvent>(client, SLOTS, {}));
    const extra = collect<SlotEvent>(client, SLOTS, {});
    const reason = (await extra.ended) as { message: string; extensions?: { code?: string } }[];
    expect(reason[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    subs.forEach((s) => s.stop());
  });
});
