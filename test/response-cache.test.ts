import { createParticipants, globalIdOf, sql } from './support/fixtures';
import { mutate, TOKENS } from './support/graphql';
import { viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

/**
 * The response cache of public lists (src/server/response-cache.ts, RELAIS_RESPONSE_CACHE_MB), end to end: two
 * instances with the cache on, sharing one database, and one without it. Every read right after a write's answer,
 * with no wait: a write that committed is never served stale, on the instance that made it or on the other.
 */
let a: TestServer;
let b: TestServer;
let off: TestServer;
let crepi: number;
let plie: number;
let company: number;

const DAY = 86_400_000;
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const inDays = (days: number, hours = 0) => new Date(Date.now() + days * DAY + hours * 3_600_000).toISOString();

const LIST = /* GraphQL */ `
  query CacheList($organisers: [ID!], $statuses: [SessionStatus!]) {
    sessions(first: 50, filter: { organisers: $organisers, statuses: $statuses }) {
      totalCount
      edges { node { id title status seatsLeft organiser { name } hostCompany { name commitmentsCount } metiers { code label } } }
    }
  }
`;
const CREATE = `mutation($input: CreateSessionInput!) { createSession(input: $input) { session { id } } }`;
const PUBLISH = `mutation($input: SessionIdInput!) { publishSession(input: $input) { session { id status } } }`;
const CANCEL = `mutation($input: CancelSessionInput!) { cancelSession(input: $input) { session { id status } } }`;
const OFFERS = /* GraphQL */ `
  query CacheOffers($companies: [ID!]) {
    immersionOffers(first: 50, filter: { companies: $companies, statuses: [PUBLISHED] }) {
      edges { node { id title objective availableFrom availableUntil company { name } metier { code label } } }
    }
  }
`;
const CREATE_OFFER = `mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { id } } }`;
const PUBLISH_OFFER = `mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { id } } }`;
const CLOSE_OFFER = `mutation($input: CloseImmersionOfferInput!) { closeImmersionOffer(input: $input) { immersionOffer { id status } } }`;
const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }';
const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { status } } }';

interface ListNode {
  id: string;
  title: string;
  status: string;
  seatsLeft: number;
}
interface Answer {
  status: number;
  cache: string | null;
  requestId: string | null;
  body: { data?: { sessions?: { totalCount: number; edges: { node: ListNode }[] } } & Record<string, unknown>; errors?: { extensions?: { code?: string } }[]; extensions?: { sqlStatements?: number } };
}

/** POSTs `query` to `server` with `token`; the answer's status, body and cache header. */
async function post(server: TestServer, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(server.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cache: response.headers.get('x-relais-response-cache'), requestId: response.headers.get('x-request-id'), body: (await response.json()) as Answer['body'] };
}

const list = (server: TestServer, token: string, statuses = ['PUBLISHED', 'FULL']) => post(server, token, LIST, { organisers: [globalIdOf('Structure', crepi)], statuses });
const nodes = (answer: Answer) => answer.body.data!.sessions!.edges.map((e) => e.node);
const node = (answer: Answer, id: string) => nodes(answer).find((n) => n.id === id);

/** The response cache counter of `server`, by result. */
async function counted(server: TestServer): Promise<Record<string, number>> {
  const metric = await server.server.metrics.registry.getSingleMetric('relais_response_cache_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.result), v.value]));
}

/** A published session of the CRÉPI with `capacity` seats, made and published through the API. */
async function publishedSession(capacity: number, title = 'Visite de chantier : coffrage-banche'): Promise<string> {
  const input = { kind: 'COMPANY_VISIT', title, metierCodes: ['F1701'], startsAt: inDays(10), endsAt: inDays(10, 3), capacity };
  const { id } = await mutate<{ id: string }>(a.client(TOKENS.crepi), CREATE, input);
  await mutate(a.client(TOKENS.crepi), PUBLISH, { sessionId: id });
  return id;
}

beforeAll(async () => {
  a = await startTestServer({ RELAIS_RESPONSE_CACHE_MB: '8' });
  b = await startTestServer({ RELAIS_RESPONSE_CACHE_MB: '8' }, { db: a.db });
  off = await startTestServer({}, { db: a.db });
  crepi = (await viewerIds(a, TOKENS.crepi)).structureId!;
  plie = (await viewerIds(a, TOKENS.plie)).structureId!;
  company = (await viewerIds(a, TOKENS.company)).companyId!;
});
afterAll(async () => {
  await off?.stop();
  await b?.stop();
  await a?.stop();
});

it('answers a hit with the same data as the miss that filled it, in fewer statements, and counts both', async () => {
  const before = await counted(a);
  const miss = await list(a, TOKENS.portal);
  const hit = await list(a, TOKENS.portal);
  expect(miss.status).toBe(200);
  expect(miss.body.errors).toBeUndefined();
  expect(nodes(miss).length).toBeGreaterThan(0);
  expect([miss.cache, hit.cache]).toEqual(['miss', 'hit']);
  expect(hit.body.data).toEqual(miss.body.data);
  // A hit reads the catalogue version, and nothing else of the catalogue.
  expect(hit.body.extensions!.sqlStatements).toBeLessThan(miss.body.extensions!.sqlStatements!);
  expect(hit.body.extensions!.sqlStatements).toBeLessThanOrEqual(2);
  const after = await counted(a);
  expect((after.hit ?? 0) - (before.hit ?? 0)).toBe(1);
  expect((after.miss ?? 0) + (after.stale ?? 0) - (before.miss ?? 0) - (before.stale ?? 0)).toBe(1);
  // Exposed on /metrics too.
  const scrape = await (await fetch(a.server.url.replace('/graphql', '/metrics'))).text();
  expect(scrape).toMatch(/relais_response_cache_total\{result="hit"\} [1-9]/);
});

it('is off by default: no header, nothing held', async () => {
  const first = await list(off, TOKENS.portal);
  const second = await list(off, TOKENS.portal);
  expect([first.cache, second.cache]).toEqual([null, null]);
  expect(second.body.data).toEqual(first.body.data);
  expect(await counted(off)).toEqual({});
});

it('serves a session filled, and one cancelled, at once, on the instance that wrote and on another one', async () => {
  const filled = await publishedSession(1, 'Visite à remplir');
  const cancelled = await publishedSession(4, 'Visite à annuler');
  // Both instances hold the list with the sessions as they are now.
  for (const server of [a, b]) {
    await list(server, TOKENS.portal);
    const held = await list(server, TOKENS.portal);
    expect(held.cache).toBe('hit');
    expect(node(held, filled)).toMatchObject({ status: 'PUBLISHED', seatsLeft: 1 });
    expect(node(held, cancelled)).toMatchObject({ status: 'PUBLISHED', seatsLeft: 4 });
  }

  // Filled through instance B (referred by the PLIE, accepted by the CRÉPI): FULL, no seat left, on both.
  const [participant] = await createParticipants(a, plie, 1);
  const { id: referralId } = await mutate<{ id: string }>(b.client(TOKENS.plie), REFER, {
    participantId: globalIdOf('Participant', participant!),
    sessionId: filled,
    motive: 'Découvrir le gros œuvre',
  });
  for (const server of [a, b]) await list(server, TOKENS.portal); // held again between the referral and its acceptance
  await mutate(b.client(TOKENS.crepi), ACCEPT, { referralId });
  for (const server of [b, a]) {
    const read = await list(server, TOKENS.portal);
    expect(read.cache).toBe('miss');
    expect(node(read, filled)).toMatchObject({ status: 'FULL', seatsLeft: 0 });
    expect(node(await list(server, TOKENS.portal, ['PUBLISHED']), filled)).toBeUndefined();
  }

  // Cancelled through instance A (no referral: no outbox event at all): gone from the list on both.
  for (const server of [a, b]) expect((await list(server, TOKENS.portal)).cache).toBe('hit');
  const lastEvent = async () => (await sql<{ id: string | null }>(a, 'select max(id)::text as id from event'))[0]!.id;
  const eventBefore = await lastEvent();
  await mutate(a.client(TOKENS.crepi), CANCEL, { sessionId: cancelled, reason: 'Chantier fermé' });
  // The outbox says nothing of it: a check of the latest event id alone would have served the list as it was.
  expect(await lastEvent()).toBe(eventBefore);
  for (const server of [a, b]) {
    const read = await list(server, TOKENS.portal);
    expect(read.cache).toBe('miss');
    expect(node(read, cancelled)).toBeUndefined();
  }
  expect((await counted(a)).stale).toBeGreaterThan(0);
  expect((await counted(b)).stale).toBeGreaterThan(0);
});

it('serves an immersion offer published, then closed, through one instance at once on the other', async () => {
  const companies = [globalIdOf('Company', company)];
  const offers = (server: TestServer) => post(server, TOKENS.portal, OFFERS, { companies });
  const offerIds = (answer: Answer) => (answer.body.data as { immersionOffers: { edges: { node: { id: string } }[] } }).immersionOffers.edges.map((e) => e.node.id);
  const { id } = await mutate<{ id: string }>(a.client(TOKENS.company), CREATE_OFFER, {
    metierCode: 'F1701', objective: 'START_RECRUITMENT', title: 'Immersion coffreur', availableFrom: day(1), availableUntil: day(60), maxPresenceDays: 10, positions: 2,
  });
  await offers(b);
  const held = await offers(b);
  expect(held.cache).toBe('hit');
  expect(offerIds(held)).not.toContain(id);
  await mutate(a.client(TOKENS.company), PUBLISH_OFFER, { immersionOfferId: id });
  const published = await offers(b);
  expect(published.cache).toBe('miss');
  expect(offerIds(published)).toContain(id);
  expect((await offers(b)).cache).toBe('hit');
  await mutate(a.client(TOKENS.company), CLOSE_OFFER, { immersionOfferId: id });
  const closed = await offers(b);
  expect(closed.cache).toBe('miss');
  expect(offerIds(closed)).not.toContain(id);
});

it('serves a draft published through one instance at once on the other', async () => {
  const { id } = await mutate<{ id: string }>(a.client(TOKENS.crepi), CREATE, {
    kind: 'RALLYE', title: 'Rallye des métiers du béton', metierCodes: ['F1701'], startsAt: inDays(12), endsAt: inDays(12, 3), capacity: 12,
  });
  await list(b, TOKENS.portal);
  expect(node(await list(b, TOKENS.portal), id)).toBeUndefined();
  await mutate(a.client(TOKENS.crepi), PUBLISH, { sessionId: id });
  const read = await list(b, TOKENS.portal);
  expect(read.cache).toBe('miss');
  expect(node(read, id)).toMatchObject({ status: 'PUBLISHED', seatsLeft: 12 });
});

it('sees a change made in plain SQL (no mutation, no outbox event) at the next read', async () => {
  const held = await list(b, TOKENS.portal);
  const withHost = nodes(held).length;
  expect(withHost).toBeGreaterThan(0);
  expect((await list(b, TOKENS.portal)).cache).toBe('hit');
  const [organiser] = await sql<{ name: string }>(a, 'select name from structure where id = ?', [crepi]);
  await sql(a, 'update structure set name = ? where id = ?', [`${organiser!.name} (renommé)`, crepi]);
  const read = await list(b, TOKENS.portal);
  expect(read.cache).toBe('miss');
  expect(nodes(read).every((n) => (n as unknown as { organiser: { name: string } }).organiser.name.endsWith('(renommé)'))).toBe(true);
  await sql(a, 'update structure set name = ? where id = ?', [organiser!.name, crepi]);
});

it('never shares an answer between visibility classes: the organiser sees its draft, the portal does not', async () => {
  const { id: draft } = await mutate<{ id: string }>(a.client(TOKENS.crepi), CREATE, {
    kind: 'COMPANY_VISIT', title: 'Brouillon du CRÉPI', metierCodes: ['F1701'], startsAt: inDays(15), endsAt: inDays(15, 2), capacity: 5,
  });
  const everyStatus = ['DRAFT', 'PUBLISHED', 'FULL'];
  await list(a, TOKENS.portal, everyStatus);
  const portal = await list(a, TOKENS.portal, everyStatus);
  expect(portal.cache).toBe('hit');
  expect(node(portal, draft)).toBeUndefined();
  // Same document, same variables, another class: computed for it, with the draft.
  const organiser = await list(a, TOKENS.crepi, everyStatus);
  expect(organiser.cache).toBe('miss');
  expect(node(organiser, draft)).toMatchObject({ status: 'DRAFT' });
  expect((await list(a, TOKENS.crepi, everyStatus)).cache).toBe('hit');
  // A network admin is a class of its own, and so is a company's staff.
  for (const token of [TOKENS.admin, TOKENS.company, TOKENS.participant]) expect((await list(a, token, everyStatus)).cache).toBe('miss');
  expect(node(await list(a, TOKENS.admin, everyStatus), draft)).toMatchObject({ status: 'DRAFT' });
  // The portal's entry is still its own.
  const again = await list(a, TOKENS.portal, everyStatus);
  expect(again.cache).toBe('hit');
  expect(node(again, draft)).toBeUndefined();
});

it('never holds a query with personal data, nor a list beside a personal field, nor a mutation', async () => {
  const before = await counted(a);
  const personal = `{ participants(first: 5) { edges { node { id personalData { firstName lastName } } } } }`;
  const mixed = `{ sessions(first: 5) { edges { node { id title } } } participants(first: 1) { edges { node { id } } } }`;
  const viewerField = `{ sessions(first: 5) { edges { node { id hostDeclineReason counsellorAccountIds } } } }`;
  const clock = `{ sessions(first: 5, filter: { underMinimum: true }) { edges { node { id } } } }`;
  for (const query of [personal, mixed, viewerField, clock]) {
    for (let i = 0; i < 2; i += 1) {
      const answer = await post(a, TOKENS.plie, query);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.cache).toBeNull();
    }
  }
  const answer = await post(a, TOKENS.plie, personal);
  expect((answer.body.data as { participants: { edges: { node: { personalData: unknown } }[] } }).participants.edges[0]!.node.personalData).not.toBeNull();
  expect(await counted(a)).toEqual(before);
});

it('checks the limits before the cache: a page over the maximum is refused every time', async () => {
  const query = `{ sessions(first: 100000) { edges { node { id } } } }`;
  for (let i = 0; i < 2; i += 1) {
    const answer = await post(a, TOKENS.portal, query);
    expect(answer.body.errors?.[0]?.extensions?.code).toBeDefined();
    expect(answer.cache).toBeNull();
  }
});

it('counts a cached answer against the rate limit, and gives it a request id, as any other', async () => {
  // Its own instance, with a limit of 3 a minute (the count is shared by the instances: an account no other test uses).
  const limited = await startTestServer({ RELAIS_RESPONSE_CACHE_MB: '8', RELAIS_RATE_LIMIT: '3' }, { db: a.db });
  try {
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i += 1) answers.push(await list(limited, TOKENS.ml));
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200, 429]);
    expect(answers.slice(0, 3).map((x) => x.cache)).toEqual(['miss', 'hit', 'hit']);
    expect(answers[3]!.cache).toBeNull();
    const ids = answers.map((x) => x.requestId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(4);
  } finally {
    await limited.stop();
  }
});
