import path from 'node:path';
import { distanceKm } from '../src/territories/rules/geo';
import { importRome } from '../seeds/importers/rome';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

interface Edge<T> {
  cursor: string;
  node: T;
}
interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Edge<T>[];
}

const SESSIONS = /* GraphQL */ `
  query Sessions($filter: SessionFilter, $first: Int, $after: String) {
    sessions(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id kind title status startsAt capacity seatsTaken seatsLeft distanceKm
          organiser { name kind }
          hostCompany { name siret }
          metiers { code label }
          departement { code }
        }
      }
    }
  }
`;

interface SessionNode {
  id: string;
  kind: string;
  title: string;
  status: string;
  startsAt: string;
  capacity: number;
  seatsTaken: number;
  seatsLeft: number;
  distanceKm: number | null;
  organiser: { name: string; kind: string };
  hostCompany: { name: string; siret: string } | null;
  metiers: { code: string; label: string }[];
  departement: { code: string } | null;
}

async function sessions(token: string, variables: Record<string, unknown>): Promise<Connection<SessionNode>> {
  const data = await t.client(token).request<{ sessions: Connection<SessionNode> }>(SESSIONS, variables);
  return data.sessions;
}

describe('authentication', () => {
  it('refuses a request without a token with UNAUTHENTICATED and HTTP 401', async () => {
    const f = await failure(t.server.url, undefined, '{ viewer { email } }');
    expect(f.status).toBe(401);
    expect(f.codes).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an unknown token and a malformed header', async () => {
    expect((await failure(t.server.url, 'rls_not_a_token', '{ viewer { email } }')).codes).toEqual(['UNAUTHENTICATED']);
    const basic = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(basic.status).toBe(401);
    expect(JSON.stringify(await basic.json())).toContain('UNAUTHENTICATED');
  });

  it('tells the viewer who they are: account, role, structure or company', async () => {
    const data = await t.client(TOKENS.crepi).request<{ viewer: { role: string; structure: { kind: string; name: string }; company: null } }>(
      '{ viewer { id email role structure { kind name } company { name } } }',
    );
    expect(data.viewer.role).toBe('STRUCTURE_ADMIN');
    expect(data.viewer.structure.kind).toBe('CREPI');
    expect(data.viewer.company).toBeNull();
    const company = await t.client(TOKENS.company).request<{ viewer: { role: string; structure: null; company: { siret: string } } }>(
      '{ viewer { role structure { name } company { siret } } }',
    );
    expect(company.viewer.role).toBe('COMPANY_ADMIN');
    expect(company.viewer.company.siret).toMatch(/^\d{14}$/);
  });
});

describe('sessions', () => {
  it("lists the CRÉPI's Ambassadeurs des métiers sessions with host company, métiers and seats left", async () => {
    const page = await sessions(TOKENS.portal, { filter: { kinds: ['AMBASSADEURS_DES_METIERS'], hasSeatsLeft: true, statuses: ['PUBLISHED'] }, first: 50 });
    const crepi = page.edges.map((e) => e.node).filter((s) => s.organiser.kind === 'CREPI');
    expect(crepi.length).toBeGreaterThanOrEqual(3);
    for (const s of crepi) {
      expect(s.hostCompany?.siret).toMatch(/^\d{14}$/);
      expect(s.metiers.length).toBeGreaterThan(0);
      expect(s.seatsLeft).toBe(s.capacity - s.seatsTaken);
      expect(s.seatsLeft).toBeGreaterThan(0);
      expect(new Date(s.startsAt).getTime()).toBeGreaterThan(Date.now());
    }
    expect(crepi.flatMap((s) => s.metiers.map((m) => m.code))).toEqual(expect.arrayContaining(['F1701', 'F1612', 'N4103']));
  });

  it('pages with cursors: no item twice, none missed, totalCount agrees', async () => {
    const all = await sessions(TOKENS.admin, { first: 100 });
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBeGreaterThan(6);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: Connection<SessionNode> = await sessions(TOKENS.admin, { first: 3, after });
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));
    const starts = all.edges.map((e) => e.node.startsAt);
    expect([...starts].sort()).toEqual(starts);
  });

  it('filters by ROME code, domaine and département', async () => {
    const coffreur = await sessions(TOKENS.portal, { filter: { romeCodes: ['F1701'] }, first: 50 });
    expect(coffreur.edges.length).toBeGreaterThan(0);
    for (const e of coffreur.edges) expect(e.node.metiers.map((m) => m.code)).toContain('F1701');
    const domaine = await sessions(TOKENS.portal, { filter: { romeCodes: ['F17'] }, first: 50 });
    expect(domaine.totalCount).toBeGreaterThanOrEqual(coffreur.totalCount);
    for (const e of domaine.edges) expect(e.node.metiers.some((m) => m.code.startsWith('F17'))).toBe(true);
    const gironde = await sessions(TOKENS.portal, { filter: { departementCodes: ['33'] }, first: 50 });
    expect(gironde.edges.length).toBeGreaterThan(0);
    for (const e of gironde.edges) expect(e.node.departement?.code).toBe('33');
  });

  it('filters by distance from a point and orders by distance', async () => {
    const libourne = { latitude: 44.9153, longitude: -0.2439 };
    const near = await sessions(TOKENS.portal, { filter: { near: { ...libourne, radiusKm: 40 } }, first: 50 });
    expect(near.edges.length).toBeGreaterThan(0);
    const distances = near.edges.map((e) => e.node.distanceKm!);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    for (const d of distances) expect(d).toBeLessThanOrEqual(40);
    const all = await sessions(TOKENS.portal, { first: 100 });
    expect(all.edges.every((e) => e.node.departement?.code !== '93' || !near.edges.some((n) => n.node.id === e.node.id))).toBe(true);
    // the first page by distance continues after its cursor without repeating
    const first = await sessions(TOKENS.portal, { filter: { near: { ...libourne, radiusKm: 40 } }, first: 1 });
    const rest = await sessions(TOKENS.portal, { filter: { near: { ...libourne, radiusKm: 40 } }, first: 50, after: first.pageInfo.endCursor });
    expect([first.edges[0]!.node.id, ...rest.edges.map((e) => e.node.id)]).toEqual(near.edges.map((e) => e.node.id));
    expect(distanceKm(libourne, { latitude: 48.9362, longitude: 2.3574 })).toBeGreaterThan(400);
  });

  it('takes a subnormal coordinate (5e-324, found by test/fuzz.test.ts) as 0, on every located list, instead of an internal error', async () => {
    // PostgreSQL refuses a float8 underflow (radians(5e-324)): the point is rounded before it reaches SQL.
    for (const field of ['sessions', 'immersionOffers', 'companies', 'structures']) {
      for (const near of [{ latitude: 5e-324, longitude: -0.2439 }, { latitude: 44.9153, longitude: -5e-324 }]) {
        const data = await t.client(TOKENS.portal).request<Record<string, { totalCount: number; edges: { node: { distanceKm: number | null } }[] }>>(
          `query($near: NearInput!) { ${field}(first: 5, filter: { near: $near }) { totalCount edges { node { distanceKm } } } }`,
          { near: { ...near, radiusKm: 500 } },
        );
        for (const { node } of data[field]!.edges) expect(node.distanceKm).toBeLessThanOrEqual(500);
      }
    }
  });

  it('filters by date range and seats left', async () => {
    const now = new Date();
    const inTwoMonths = new Date(now.getTime() + 60 * 86_400_000);
    const upcoming = await sessions(TOKENS.portal, { filter: { startsFrom: now.toISOString(), startsBefore: inTwoMonths.toISOString(), hasSeatsLeft: true }, first: 100 });
    expect(upcoming.edges.length).toBeGreaterThan(0);
    for (const { node } of upcoming.edges) {
      expect(new Date(node.startsAt) >= now && new Date(node.startsAt) < inTwoMonths).toBe(true);
      expect(node.seatsLeft).toBeGreaterThan(0);
    }
    const full = await sessions(TOKENS.portal, { filter: { hasSeatsLeft: false }, first: 100 });
    for (const { node } of full.edges) expect(node.seatsLeft).toBe(0);
  });

  it('shows drafts only to their organiser', async () => {
    const asAdmin = await sessions(TOKENS.admin, { filter: { statuses: ['DRAFT'] }, first: 50 });
    expect(asAdmin.totalCount).toBeGreaterThan(0);
    const asPortalOfOtherStructure = await sessions(TOKENS.company, { filter: { statuses: ['DRAFT'] }, first: 50 });
    for (const { node } of asPortalOfOtherStructure.edges) expect(node.status).toBe('DRAFT');
    expect(asPortalOfOtherStructure.totalCount).toBeLessThan(asAdmin.totalCount + 1);
    const asParticipant = await sessions(TOKENS.participant, { filter: { statuses: ['DRAFT'] }, first: 50 });
    expect(asParticipant.totalCount).toBe(0);
  });
});

describe('métiers, companies, offers, commitments', () => {
  it('finds métiers by words of their appellations, accents and case ignored', async () => {
    const data = await t.client(TOKENS.portal).request<{ metiers: Connection<{ code: string; appellations: { label: string }[]; domaine: { code: string; grandDomaine: { code: string } } }> }>(
      `{ metiers(search: "COFFREUSE bancheuse", first: 10) { totalCount edges { node { code appellations { label } domaine { code grandDomaine { code } } } } } }`,
    );
    const codes = data.metiers.edges.map((e) => e.node.code);
    expect(codes).toContain('F1701');
    const f1701 = data.metiers.edges.find((e) => e.node.code === 'F1701')!.node;
    expect(f1701.domaine).toEqual({ code: 'F17', grandDomaine: { code: 'F' } });
    expect(f1701.appellations.length).toBeGreaterThan(0);
    const none = await t.client(TOKENS.portal).request<{ metiers: Connection<unknown> }>('{ metiers(search: "zzyzx", first: 5) { totalCount } }');
    expect(none.metiers.totalCount).toBe(0);
    // LIKE metacharacters are matched literally: no structure name contains "%" or "_"
    const literal = await t.client(TOKENS.portal).request<{ a: Connection<unknown>; b: Connection<unknown> }>(
      '{ a: structures(filter: { search: "%" }) { totalCount } b: companies(filter: { search: "_" }) { totalCount } }',
    );
    expect([literal.a.totalCount, literal.b.totalCount]).toEqual([0, 0]);
  });

  it('gives a métier by code with its sessions', async () => {
    const data = await t.client(TOKENS.portal).request<{ metier: { label: string; sessions: { title: string; metiers: { code: string }[] }[] } | null; unknown: null }>(
      '{ metier(code: "f1701") { label sessions(first: 5) { title metiers { code } } } unknown: metier(code: "Z9999") { label } }',
    );
    expect(data.metier?.label).toBe('Coffreur / Coffreuse');
    expect(data.metier!.sessions.length).toBeGreaterThan(0);
    for (const s of data.metier!.sessions) expect(s.metiers.map((m) => m.code)).toContain('F1701');
    expect(data.unknown).toBeNull();
  });

  it('shows a company with its commitments, sessions, offers and clubs', async () => {
    const data = await t.client(TOKENS.portal).request<{ companies: Connection<{ name: string; commitmentsCount: number; commitments: { axis: string; progress: { achieved: number; target: number; ratio: number } }[]; sessions: unknown[]; memberOf: { kind: string }[] }> }>(
      `{ companies(first: 50) { totalCount edges { node { name siret nafCode commitmentsCount
          commitments { axis status progress { achieved target ratio } }
          sessions(first: 3) { title } immersionOffers(first: 3) { title objective }
          memberOf { kind } } } } }`,
    );
    const withCommitments = data.companies.edges.filter((e) => e.node.commitmentsCount > 0);
    expect(withCommitments.length).toBeGreaterThan(0);
    for (const { node } of data.companies.edges) {
      expect(node.commitments).toHaveLength(node.commitmentsCount);
      expect(node.sessions.length).toBeLessThanOrEqual(3);
      for (const c of node.commitments) expect(c.progress.ratio).toBeCloseTo(Math.min(1, c.progress.achieved / c.progress.target));
    }
    expect(data.companies.edges.some((e) => e.node.memberOf.some((m) => m.kind === 'CREPI'))).toBe(true);
  });

  it('lists immersion offers by objective and near a point', async () => {
    const data = await t.client(TOKENS.portal).request<{ immersionOffers: Connection<{ objective: string; status: string; company: { name: string }; metier: { code: string }; distanceKm: number | null }> }>(
      `{ immersionOffers(first: 50, filter: { near: { latitude: 44.55, longitude: -0.25, radiusKm: 60 } }) {
          totalCount edges { node { objective status distanceKm company { name } metier { code } appellation { label } } } } }`,
    );
    expect(data.immersionOffers.edges.length).toBeGreaterThan(0);
    for (const { node } of data.immersionOffers.edges) {
      expect(node.distanceKm).toBeLessThanOrEqual(60);
      expect(['PUBLISHED', 'CLOSED']).toContain(node.status);
    }
    const all = await t.client(TOKENS.portal).request<{ immersionOffers: Connection<{ objective: string }> }>('{ immersionOffers(first: 100) { edges { node { objective } } } }');
    expect(new Set(all.immersionOffers.edges.map((e) => e.node.objective))).toEqual(new Set(['DISCOVER_METIER', 'CONFIRM_PROJECT', 'START_RECRUITMENT']));
  });

  it('lists commitments by axis with their company and animator', async () => {
    const data = await t.client(TOKENS.portal).request<{ commitments: Connection<{ axis: string; company: { name: string }; animator: { kind: string } | null }> }>(
      '{ commitments(first: 50) { totalCount edges { node { axis pledge status company { name } animator { kind } publicPartners } } } }',
    );
    expect(new Set(data.commitments.edges.map((e) => e.node.axis))).toEqual(new Set(['SENSIBILISER', 'FORMER', 'RECRUTER', 'ACHETER']));
  });
});

describe('participants and referrals', () => {
  const PARTICIPANTS = '{ participants(first: 100) { totalCount edges { node { id ageBand referentStructure { id name } personalData { firstName lastName } } } } }';
  type ParticipantsData = { participants: Connection<{ id: string; referentStructure: { id: string; name: string }; personalData: { firstName: string } | null }> };

  it('shows a counsellor only the participants of their structure, with their personal data', async () => {
    const viewer = await t.client(TOKENS.plie).request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }');
    const mine = await t.client(TOKENS.plie).request<ParticipantsData>(PARTICIPANTS);
    expect(mine.participants.totalCount).toBeGreaterThan(0);
    for (const { node } of mine.participants.edges) {
      expect(node.referentStructure.id).toBe(viewer.viewer.structure.id);
      expect(node.personalData?.firstName).toBeTruthy();
    }
    const all = await t.client(TOKENS.admin).request<ParticipantsData>(PARTICIPANTS);
    expect(all.participants.totalCount).toBeGreaterThan(mine.participants.totalCount);
    const company = await t.client(TOKENS.company).request<ParticipantsData>(PARTICIPANTS);
    expect(company.participants.totalCount).toBe(0);
  });

  it("gives a participant only their own record and referrals", async () => {
    const me = await t.client(TOKENS.participant).request<ParticipantsData>(PARTICIPANTS);
    expect(me.participants.totalCount).toBe(1);
    expect(me.participants.edges[0]!.node.personalData?.firstName).toBe('Yacine');
    const refs = await t.client(TOKENS.participant).request<{ referrals: Connection<{ participant: { id: string } }> }>(
      '{ referrals(first: 50) { totalCount edges { node { status participant { id } } } } }',
    );
    expect(refs.referrals.totalCount).toBeGreaterThan(0);
    for (const { node } of refs.referrals.edges) expect(node.participant.id).toBe(me.participants.edges[0]!.node.id);
  });

  it("lets a host see referrals to its sessions with only what it needs of the participants", async () => {
    type HostView = { status: string; participant: { personalData: { firstName: string; lastName: string; birthDate: string | null; notes: string | null; address: string | null; rqth: boolean | null; phone: string | null } | null } };
    const data = await t.client(TOKENS.company).request<{ referrals: Connection<HostView> }>(
      '{ referrals(first: 50) { totalCount edges { node { status participant { ageBand personalData { firstName lastName birthDate notes address rqth phone } } } } } }',
    );
    expect(data.referrals.totalCount).toBeGreaterThan(0);
    for (const { node } of data.referrals.edges) {
      const p = node.participant.personalData!;
      expect(p.lastName).toMatch(/^\p{Lu}\.$/u);
      expect([p.birthDate, p.notes, p.address, p.rqth]).toEqual([null, null, null, null]);
    }
  });

  it('shows every referral status with a transition log ending at it', async () => {
    const data = await t.client(TOKENS.admin).request<{ referrals: Connection<{ status: string; transitions: { fromStatus: string | null; toStatus: string }[] }> }>(
      '{ referrals(first: 100) { edges { node { status transitions { fromStatus toStatus at } } } } }',
    );
    const statuses = new Set(data.referrals.edges.map((e) => e.node.status));
    expect(statuses).toEqual(new Set(['PENDING', 'ACCEPTED', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED']));
    for (const { node } of data.referrals.edges) {
      expect(node.transitions[0]).toMatchObject({ fromStatus: null, toStatus: 'PENDING' });
      expect(node.transitions[node.transitions.length - 1]!.toStatus).toBe(node.status);
    }
  });

  it('hides from a prescriber the referrals of other structures', async () => {
    const data = await t.client(TOKENS.ml).request<{ viewer: { structure: { id: string } }; referrals: Connection<{ prescriberStructure: { id: string }; participant: { referentStructure: { id: string } } }> }>(
      '{ viewer { structure { id } } referrals(first: 100) { edges { node { prescriberStructure { id } participant { referentStructure { id } } } } } }',
    );
    const mine = data.viewer.structure.id;
    for (const { node } of data.referrals.edges) {
      expect([node.prescriberStructure.id, node.participant.referentStructure.id]).toContain(mine);
    }
  });
});

describe('node(id) and clear errors', () => {
  it('round-trips global ids of every kind', async () => {
    const list = await t.client(TOKENS.admin).request<Record<string, Connection<{ id: string }>>>(
      '{ sessions(first: 1) { edges { node { id } } } structures(first: 1) { edges { node { id } } } companies(first: 1) { edges { node { id } } } metiers(first: 1) { edges { node { id } } } referrals(first: 1) { edges { node { id } } } commitments(first: 1) { edges { node { id } } } immersionOffers(first: 1) { edges { node { id } } } participants(first: 1) { edges { node { id } } } }',
    );
    const ids = Object.values(list).map((c) => c.edges[0]!.node.id);
    const data = await t.client(TOKENS.admin).request<{ nodes: ({ id: string; __typename: string } | null)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', { ids });
    expect(data.nodes.map((n) => n?.id)).toEqual(ids);
    expect(data.nodes.map((n) => n?.__typename)).toEqual(['Session', 'Structure', 'Company', 'Metier', 'Referral', 'Commitment', 'ImmersionOffer', 'Participant']);
  });

  it('answers null for a participant the viewer may not see', async () => {
    const list = await t.client(TOKENS.admin).request<{ participants: Connection<{ id: string; referentStructure: { kind: string } }> }>(
      '{ participants(first: 100) { edges { node { id referentStructure { kind } } } } }',
    );
    const other = list.participants.edges.find((e) => e.node.referentStructure.kind !== 'PLIE')!.node.id;
    const data = await t.client(TOKENS.plie).request<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: other });
    expect(data.node).toBeNull();
  });

  it.each([
    ['a malformed id', '{ node(id: "not-an-id") { id } }', 'id'],
    ['an id of the wrong type', `{ sessions(filter: { organisers: ["${Buffer.from('Session:1').toString('base64url')}"] }) { totalCount } }`, 'filter.organisers'],
    ['a page too large', '{ sessions(first: 1000) { totalCount } }', 'first'],
    ['a page of zero', '{ metiers(first: 0) { totalCount } }', 'first'],
    ['a forged cursor', '{ sessions(after: "bm9wZQ") { totalCount } }', 'after'],
    ['a bad ROME code', '{ sessions(filter: { romeCodes: ["XYZ"] }) { totalCount } }', 'filter.romeCodes'],
    ['a radius too large', '{ sessions(filter: { near: { latitude: 45, longitude: 0, radiusKm: 10000 } }) { totalCount } }', 'filter.near.radiusKm'],
    ['a latitude out of range', '{ immersionOffers(filter: { near: { latitude: 95, longitude: 0, radiusKm: 10 } }) { totalCount } }', 'filter.near.latitude'],
    ['a reversed date range', '{ sessions(filter: { startsFrom: "2030-01-02T00:00:00Z", startsBefore: "2030-01-01T00:00:00Z" }) { totalCount } }', 'filter.startsBefore'],
    ['a too-long search', `{ metiers(search: "${'a'.repeat(300)}") { totalCount } }`, 'search'],
  ])('answers %s with BAD_USER_INPUT naming the field', async (_what, query, field) => {
    const f = await failure(t.server.url, TOKENS.portal, query);
    expect(f.codes).toEqual(['BAD_USER_INPUT']);
    expect(f.fields).toEqual([field]);
    expect(f.messages[0]).toContain(field);
  });

  it('answers a wrong variable type with a GraphQL validation error, not a 500', async () => {
    const f = await failure(t.server.url, TOKENS.portal, 'query($n: Int) { sessions(first: $n) { totalCount } }', { n: 'many' });
    expect(f.status).toBe(400);
    expect(f.codes).toEqual(['BAD_USER_INPUT']);
  });
});

describe('operability', () => {
  it('answers /healthz and /readyz', async () => {
    const base = t.server.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
  });
});

describe('cursors and dates: checked before any statement (issue 9)', () => {
  const NEAR = { latitude: 48.9362, longitude: 2.3574, radiusKm: 50 };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: string; k: unknown[] };

  /** The first cursor of `field(args)` (a root connection), as the admin sees it. */
  async function firstCursor(field: string, args = ''): Promise<string> {
    const data = await t.client(TOKENS.admin).request<Record<string, Connection<unknown>>>(`{ ${field}${args ? `(${args})` : ''} { edges { cursor } } }`);
    const cursor = data[field]!.edges[0]?.cursor;
    if (!cursor) throw new Error(`${field}(${args}) is empty`);
    return cursor;
  }

  async function expectBadAfter(field: string, args: string, after: string): Promise<void> {
    const f = await failure(t.server.url, TOKENS.admin, `query($after: String) { ${field}(${args ? `${args}, ` : ''}after: $after) { totalCount edges { cursor } } }`, { after });
    expect({ field, args, codes: f.codes, fields: f.fields }).toEqual({ field, args, codes: ['BAD_USER_INPUT'], fields: ['after'] });
  }

  it.each([
    ['sessions by distance, then by date', 'sessions', `filter: { near: { latitude: ${NEAR.latitude}, longitude: ${NEAR.longitude}, radiusKm: ${NEAR.radiusKm} } }`, 'sessions', ''],
    ['sessions by date, then by distance', 'sessions', '', 'sessions', `filter: { near: { latitude: ${NEAR.latitude}, longitude: ${NEAR.longitude}, radiusKm: ${NEAR.radiusKm} } }`],
    ['sessions by distance from another point', 'sessions', `filter: { near: { latitude: ${NEAR.latitude}, longitude: ${NEAR.longitude}, radiusKm: ${NEAR.radiusKm} } }`, 'sessions', `filter: { near: { latitude: ${NEAR.latitude}, longitude: 2.4, radiusKm: ${NEAR.radiusKm} } }`],
    ['companies by distance, then by name', 'companies', `filter: { near: { latitude: ${NEAR.latitude}, longitude: ${NEAR.longitude}, radiusKm: 500 } }`, 'companies', ''],
    ['structures by distance, then by name', 'structures', `filter: { near: { latitude: ${NEAR.latitude}, longitude: ${NEAR.longitude}, radiusKm: 500 } }`, 'structures', ''],
    ['structures by name, given to companies', 'structures', '', 'companies', ''],
    ['sessions, given to the audit log', 'sessions', '', 'auditLog', ''],
    ['referrals, given to métiers', 'referrals', '', 'metiers', ''],
    ['métiers, given to immersion offers', 'metiers', '', 'immersionOffers', ''],
    ['commitments, given to participants', 'commitments', '', 'participants', ''],
  ])('refuses a cursor of another ordering: %s', async (_what, fromField, fromArgs, toField, toArgs) => {
    await expectBadAfter(toField, toArgs, await firstCursor(fromField, fromArgs));
  });

  it('refuses tampered cursors: values of the wrong type, out of range, year 0, another arity', async () => {
    // reading personal data writes audit entries
    await t.client(TOKENS.admin).request('{ participants(first: 3) { edges { node { personalData { firstName } } } } }');
    const sessions = decode(await firstCursor('sessions'));
    const audit = decode(await firstCursor('auditLog'));
    const near = decode(await firstCursor('sessions', `filter: { near: { latitude: ${NEAR.latitude}, longitude: ${NEAR.longitude}, radiusKm: ${NEAR.radiusKm} } }`));
    const companies = decode(await firstCursor('companies'));
    const [startsAt, sessionId] = sessions.k;
    const tampered: [string, string, string][] = [
      ['sessions', '', encode({ ...sessions, k: ['not a date', sessionId] })],
      ['sessions', '', encode({ ...sessions, k: ['0000-01-01 00:00:00+00', sessionId] })],
      ['sessions', '', encode({ ...sessions, k: ['2030-02-30 00:00:00+00', sessionId] })],
      ['sessions', '', encode({ ...sessions, k: [startsAt, String(sessionId)] })],
      ['sessions', '', encode({ ...sessions, k: [startsAt, 1.5] })],
      ['sessions', '', encode({ ...sessions, k: [startsAt, 2 ** 40] })],
      ['sessions', '', encode({ ...sessions, k: [startsAt] })],
      ['sessions', '', encode({ ...sessions, k: [null, sessionId] })],
      ['sessions', '', encode({ ...sessions, k: [{ a: 1 }, sessionId] })],
      ['sessions', `filter: { near: { latitude: ${NEAR.latitude}, longitude: ${NEAR.longitude}, radiusKm: ${NEAR.radiusKm} } }`, encode({ ...near, k: ['2030-01-01 00:00:00+00', near.k[1]] })],
      ['auditLog', '', encode({ ...audit, k: [audit.k[0], '12a'] })],
      ['auditLog', '', encode({ ...audit, k: [audit.k[0], '99999999999999999999'] })],
      ['companies', '', encode({ ...companies, k: [123, companies.k[1]] })],
      ['companies', '', encode({ ...companies, k: ['a\u0000b', companies.k[1]] })],
      // cursors of the earlier format (a bare array of values), as a client may still hold
      ['sessions', '', encode(['0000-01-01 00:00:00+00', 1])],
      ['sessions', '', encode([1.5, 'x'])],
      ['companies', '', encode([12, 1])],
      ['sessions', '', 'x'.repeat(5000)],
    ];
    for (const [field, args, after] of tampered) await expectBadAfter(field, args, after);
  });

  it('still pages with its own cursors, the audit log by instant and id included', async () => {
    await t.client(TOKENS.admin).request('{ participants(first: 5) { edges { node { personalData { firstName } } } } }');
    const first = await t.client(TOKENS.admin).request<{ auditLog: Connection<unknown> }>('{ auditLog(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor } } }');
    const next = await t.client(TOKENS.admin).request<{ auditLog: Connection<unknown> }>('query($after: String) { auditLog(first: 2, after: $after) { edges { cursor } } }', { after: first.auditLog.pageInfo.endCursor });
    const cursors = [...first.auditLog.edges, ...next.auditLog.edges].map((e) => e.cursor);
    expect(cursors).toHaveLength(4);
    expect(new Set(cursors).size).toBe(4);
    const near = { near: NEAR };
    const a = await sessions(TOKENS.admin, { filter: near, first: 2 });
    const b = await sessions(TOKENS.admin, { filter: near, first: 2, after: a.pageInfo.endCursor });
    expect(b.edges.map((e) => e.node.id)).not.toContain(a.edges[0]!.node.id);
  });

  it.each([
    ['a DateTime in year 0', 'query($d: DateTime) { sessions(filter: { startsFrom: $d }) { totalCount } }', { d: '0000-01-01T00:00:00Z' }, 'filter.startsFrom'],
    ['a year-1 DateTime that is year 0 in UTC', 'query($d: DateTime) { sessions(filter: { startsBefore: $d }) { totalCount } }', { d: '0001-01-01T00:00:00+02:00' }, 'filter.startsBefore'],
    ['an audit log bound in year 0', 'query($f: AuditLogFilter) { auditLog(filter: $f) { totalCount } }', { f: { from: '0000-06-01T00:00:00Z' } }, 'filter.from'],
    ['a LocalDate in year 0', 'query($f: ImmersionOfferFilter) { immersionOffers(filter: $f) { totalCount } }', { f: { availableFrom: '0000-01-01' } }, 'filter.availableFrom'],
    ['a DateTime that is no date', 'query($d: DateTime) { sessions(filter: { startsFrom: $d }) { totalCount } }', { d: '2030-02-30T00:00:00Z' }, 'filter.startsFrom'],
  ])('answers %s with BAD_USER_INPUT naming the argument', async (_what, query, variables, field) => {
    const f = await failure(t.server.url, TOKENS.admin, query, variables);
    expect({ status: f.status, codes: f.codes, fields: f.fields }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'], fields: [field] });
  });

  it('answers a literal DateTime in year 0 with a validation error, not a 500', async () => {
    const f = await failure(t.server.url, TOKENS.admin, '{ sessions(filter: { startsFrom: "0000-01-01T00:00:00Z" }) { totalCount } }');
    expect({ status: f.status, codes: f.codes }).toEqual({ status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'] });
  });
});

describe('ROME codes and métier search (issue 9)', () => {
  const codes = async (search: string, first = 10) =>
    (await t.client(TOKENS.portal).request<{ metiers: Connection<{ code: string }> }>('query($s: String, $n: Int!) { metiers(search: $s, first: $n) { totalCount edges { node { code } } } }', { s: search, n: first })).metiers;

  it('takes a well-formed but unknown code (Z9999) as unknown: no match in filters', async () => {
    const data = await t.client(TOKENS.portal).request<Record<string, { totalCount: number }>>(
      '{ s: sessions(filter: { romeCodes: ["Z9999"] }) { totalCount } o: immersionOffers(filter: { romeCodes: ["Z99", "Z"] }) { totalCount } m: metiers(romeCodes: ["Z9999", "F9999"]) { totalCount } }',
    );
    expect(Object.values(data).map((c) => c.totalCount)).toEqual([0, 0, 0]);
    const malformed = await failure(t.server.url, TOKENS.portal, '{ sessions(filter: { romeCodes: ["Z999"] }) { totalCount } }');
    expect(malformed.fields).toEqual(['filter.romeCodes']);
  });

  it('matches nothing for a search without letters or digits, like companies and structures', async () => {
    const data = await t.client(TOKENS.portal).request<Record<string, { totalCount: number }>>(
      '{ a: metiers(search: "%") { totalCount } b: metiers(search: "_") { totalCount } c: metiers(search: "\\\\") { totalCount } d: companies(filter: { search: "%" }) { totalCount } e: structures(filter: { search: "%" }) { totalCount } all: metiers(search: "  ") { totalCount } none: metiers { totalCount } }',
    );
    expect([data.a, data.b, data.c, data.d, data.e].map((c) => c!.totalCount)).toEqual([0, 0, 0, 0, 0]);
    expect(data.all!.totalCount).toBe(data.none!.totalCount);
  });

  describe('on the real ROME 4.0', () => {
    beforeAll(async () => {
      await importRome(t.orm.em.fork(), path.resolve(__dirname, '../../shared/data/rome'));
    });

    it('ranks the fiche whose label is the search first, then label prefixes, then the rest (by similarity, then code)', async () => {
      expect((await codes('maçon')).edges[0]!.node.code).toBe('F1703');
      expect((await codes('Macon')).edges[0]!.node.code).toBe('F1703');
      expect((await codes('maçonne')).edges[0]!.node.code).toBe('F1703');
      expect((await codes('boulanger')).edges[0]!.node.code).toBe('D1102');
      // every match is still there, each once
      const all = await codes('maçon', 100);
      expect(all.edges.length).toBe(all.totalCount);
      expect(new Set(all.edges.map((e) => e.node.code)).size).toBe(all.totalCount);
      expect(all.edges.map((e) => e.node.code)).toEqual(expect.arrayContaining(['F1701', 'F1702', 'F1703', 'F1704']));
    });

    it('pages a ranked search with its cursors: the same order, none twice, none missed', async () => {
      const all = (await codes('macon', 100)).edges.map((e) => e.node.code);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: Connection<{ code: string }> = (
          await t.client(TOKENS.portal).request<{ metiers: Connection<{ code: string }> }>('query($after: String) { metiers(search: "macon", first: 3, after: $after) { pageInfo { hasNextPage endCursor } edges { node { code } } } }', { after })
        ).metiers;
        seen.push(...page.edges.map((e) => e.node.code));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(all);
      // a cursor of one search is not a cursor of another
      const other = await failure(t.server.url, TOKENS.portal, 'query($after: String) { metiers(search: "boulanger", after: $after) { totalCount } }', { after: (await t.client(TOKENS.portal).request<{ metiers: Connection<unknown> }>('{ metiers(search: "macon", first: 1) { edges { cursor } } }')).metiers.edges[0]!.cursor });
      expect(other.fields).toEqual(['after']);
    });
  });
});
