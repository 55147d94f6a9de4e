import { globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, mutate, TOKENS, withSqlCount } from './support/graphql';
import { tableChecksums, viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
let crepi: number;
let plie: number;

const DAY = 86_400_000;
const inDays = (days: number, hours = 0) => new Date(Date.now() + days * DAY + hours * 3_600_000).toISOString();
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const PROGRAMME_FIELDS = 'id kind name description startsOn endsOn structure { id } targets { participants sessions immersionsCompleted durableOutcomes }';
const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { ${PROGRAMME_FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { programme { ${PROGRAMME_FIELDS} } } }`;
const CREATE_SESSION = 'mutation($input: CreateSessionInput!) { createSession(input: $input) { session { id programme { id name } } } }';
const CREATE_OFFER = 'mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { id programme { id } } } }';
const TABLES = ['programme', 'idempotency_key', 'session', 'immersion_offer'];

interface ProgrammeResult {
  id: string;
  kind: string;
  name: string;
  description: string | null;
  startsOn: string;
  endsOn: string;
  structure: { id: string };
  targets: { participants: number | null; sessions: number | null; immersionsCompleted: number | null; durableOutcomes: number | null };
}

const validInput = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'AMBASSADEURS_DES_METIERS',
  name: 'Ambassadeurs des métiers 2027',
  startsOn: day(-30),
  endsOn: day(300),
  targets: { participants: 40, sessions: 8 },
  ...extra,
});

const create = (token: string, extra: Record<string, unknown> = {}) => mutate<ProgrammeResult>(t.client(token), CREATE, validInput(extra));
const update = (token: string, input: Record<string, unknown>) => mutate<ProgrammeResult>(t.client(token), UPDATE, input);

const sessionInput = (extra: Record<string, unknown> = {}) => ({
  kind: 'AMBASSADEURS_DES_METIERS', title: 'Visite de chantier', metierCodes: ['F1701'], startsAt: inDays(10), endsAt: inDays(10, 3), capacity: 6, ...extra,
});
const offerInput = (extra: Record<string, unknown> = {}) => ({
  metierCode: 'F1701', objective: 'DISCOVER_METIER', title: 'Découvrir le coffrage', availableFrom: day(1), availableUntil: day(60), maxPresenceDays: 5, positions: 2, ...extra,
});

beforeAll(async () => {
  t = await startTestServer();
  crepi = (await viewerIds(t, TOKENS.crepi)).structureId!;
  plie = (await viewerIds(t, TOKENS.plie)).structureId!;
});
afterAll(async () => {
  await t?.stop();
});

describe('createProgramme', () => {
  it('creates a programme of the admin’s structure with its targets, read back by id, node and list', async () => {
    const programme = await create(TOKENS.crepi, { description: 'Groupes de 5 à 6, une visite par mois' });
    expect(programme).toMatchObject({
      kind: 'AMBASSADEURS_DES_METIERS', name: 'Ambassadeurs des métiers 2027', description: 'Groupes de 5 à 6, une visite par mois',
      startsOn: day(-30), endsOn: day(300), structure: { id: globalIdOf('Structure', crepi) },
      targets: { participants: 40, sessions: 8, immersionsCompleted: null, durableOutcomes: null },
    });
    const read = await t.client(TOKENS.portal).request<{ programme: { id: string }; node: { name: string }; programmes: { totalCount: number; edges: { node: { id: string } }[] } }>(
      `query($id: ID!, $crepi: ID!) { programme(id: $id) { id } node(id: $id) { ... on Programme { name } }
        programmes(filter: { structures: [$crepi], kinds: [AMBASSADEURS_DES_METIERS] }) { totalCount edges { node { id } } } }`,
      { id: programme.id, crepi: globalIdOf('Structure', crepi) },
    );
    expect(read.programme.id).toBe(programme.id);
    expect(read.node.name).toBe('Ambassadeurs des métiers 2027');
    expect(read.programmes.edges.map((e) => e.node.id)).toContain(programme.id);
  });

  it('lets a network admin create for a structure it names', async () => {
    const programme = await create(TOKENS.admin, { structureId: globalIdOf('Structure', plie), kind: 'SITE_VISITS', name: 'Visites BAM 2027' });
    expect(programme.structure.id).toBe(globalIdOf('Structure', plie));
  });

  it('replays the same idempotency key, and refuses it with another input', async () => {
    const first = await create(TOKENS.crepi, { name: 'Programme rejoué', idempotencyKey: 'programme-replay' });
    const again = await create(TOKENS.crepi, { name: 'Programme rejoué', idempotencyKey: 'programme-replay' });
    expect(again.id).toBe(first.id);
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput({ name: 'Autre', idempotencyKey: 'programme-replay' }) });
    expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});

describe('who may create and change programmes', () => {
  it('refuses structure staff, companies, participants and portals; an admin of another structure', async () => {
    const programme = await create(TOKENS.crepi);
    const before = await tableChecksums(t, TABLES);
    for (const token of [TOKENS.plie, TOKENS.ml, TOKENS.company, TOKENS.participant, TOKENS.portal]) {
      expect((await failure(t.server.url, token, CREATE, { input: validInput() })).codes).toEqual(['FORBIDDEN']);
      expect((await failure(t.server.url, token, UPDATE, { input: { programmeId: programme.id, name: 'Pris' } })).codes).toEqual(['FORBIDDEN']);
    }
    const elsewhere = await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput({ structureId: globalIdOf('Structure', plie) }) });
    expect(elsewhere).toMatchObject({ codes: ['FORBIDDEN'], fields: ['input.structureId'] });
    const plieProgramme = await create(TOKENS.admin, { structureId: globalIdOf('Structure', plie), name: 'Programme du PLIE' });
    const before2 = await tableChecksums(t, TABLES);
    expect((await failure(t.server.url, TOKENS.crepi, UPDATE, { input: { programmeId: plieProgramme.id, name: 'Pris' } })).codes).toEqual(['FORBIDDEN']);
    expect(await tableChecksums(t, TABLES)).toEqual(before2);
    expect(before2.programme).not.toEqual(before.programme);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['dates reversed', { startsOn: day(40), endsOn: day(10) }, 'BAD_USER_INPUT', 'input.endsOn'],
    ['a period over 5 years', { startsOn: day(0), endsOn: day(6 * 366) }, 'BAD_USER_INPUT', 'input.endsOn'],
    ['an empty name', { name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
    ['a negative target', { targets: { participants: -1 } }, 'BAD_USER_INPUT', 'input.targets.participants'],
    ['a target over 100,000', { targets: { immersionsCompleted: 100_001 } }, 'BAD_USER_INPUT', 'input.targets.immersionsCompleted'],
    ['a malformed day', { startsOn: '2027-02-30' }, 'BAD_USER_INPUT', undefined],
    ['an unknown kind', { kind: 'PICNIC' }, 'BAD_USER_INPUT', undefined],
  ])('createProgramme with %s', async (_what, extra, code, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput(extra) });
    expect(f.codes).toEqual([code]);
    if (field) expect(f.fields).toEqual([field]);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('createProgramme for an unknown structure (network admin), or without one', async () => {
    const before = await tableChecksums(t, TABLES);
    const unknown = await failure(t.server.url, TOKENS.admin, CREATE, { input: validInput({ structureId: globalIdOf('Structure', 999_999) }) });
    expect(unknown).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.structureId'] });
    const missing = await failure(t.server.url, TOKENS.admin, CREATE, { input: validInput() });
    expect(missing).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.structureId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('updateProgramme with dates reversed, an unknown programme, a negative target', async () => {
    const programme = await create(TOKENS.crepi);
    const before = await tableChecksums(t, TABLES);
    const reversed = await failure(t.server.url, TOKENS.crepi, UPDATE, { input: { programmeId: programme.id, endsOn: day(-60) } });
    expect(reversed).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.endsOn'] });
    const unknown = await failure(t.server.url, TOKENS.crepi, UPDATE, { input: { programmeId: globalIdOf('Programme', 999_999), name: 'x' } });
    expect(unknown).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.programmeId'] });
    const negative = await failure(t.server.url, TOKENS.crepi, UPDATE, { input: { programmeId: programme.id, targets: { sessions: -3 } } });
    expect(negative).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.targets.sessions'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});

describe('updateProgramme', () => {
  it('replaces what is given: a target set, a target removed, the others kept', async () => {
    const programme = await create(TOKENS.crepi, { targets: { participants: 40, sessions: 8 } });
    const updated = await update(TOKENS.crepi, { programmeId: programme.id, name: 'Ambassadeurs 2027 (révisé)', targets: { participants: 50, sessions: null, durableOutcomes: 10 } });
    expect(updated).toMatchObject({ name: 'Ambassadeurs 2027 (révisé)', kind: 'AMBASSADEURS_DES_METIERS', targets: { participants: 50, sessions: null, immersionsCompleted: null, durableOutcomes: 10 } });
    const byAdmin = await update(TOKENS.admin, { programmeId: programme.id, endsOn: day(320) });
    expect(byAdmin).toMatchObject({ endsOn: day(320), targets: { participants: 50 } });
  });

  it('keeps the period around the sessions already in the programme', async () => {
    const programme = await create(TOKENS.crepi);
    await mutate(t.client(TOKENS.crepi), CREATE_SESSION, sessionInput({ programmeId: programme.id, startsAt: inDays(100), endsAt: inDays(100, 3) }));
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.crepi, UPDATE, { input: { programmeId: programme.id, endsOn: day(50) } });
    expect(f.codes).toEqual(['BAD_USER_INPUT']);
    expect(f.fields).toEqual(['input.endsOn']);
    expect(f.messages[0]).toContain('1 session(s)');
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});

describe('sessions and offers in a programme', () => {
  it('links a session of the organiser within the period, and lists it under the programme', async () => {
    const programme = await create(TOKENS.crepi);
    const session = await mutate<{ id: string; programme: { id: string; name: string } }>(t.client(TOKENS.crepi), CREATE_SESSION, sessionInput({ programmeId: programme.id }));
    expect(session.programme).toEqual({ id: programme.id, name: 'Ambassadeurs des métiers 2027' });
    const read = await t.client(TOKENS.crepi).request<{ programme: { sessions: { totalCount: number; edges: { node: { id: string } }[] } } }>(
      'query($id: ID!) { programme(id: $id) { sessions(first: 10) { totalCount edges { node { id } } } } }',
      { id: programme.id },
    );
    expect(read.programme.sessions).toEqual({ totalCount: 1, edges: [{ node: { id: session.id } }] });
    // The draft is not the portal's to see, in the list nor in the count.
    const portal = await t.client(TOKENS.portal).request<{ programme: { sessions: { totalCount: number } } }>(
      'query($id: ID!) { programme(id: $id) { sessions { totalCount } } }',
      { id: programme.id },
    );
    expect(portal.programme.sessions.totalCount).toBe(0);
  });

  it('refuses a programme of another structure, one whose period does not hold the session, an unknown one', async () => {
    const programme = await create(TOKENS.crepi, { endsOn: day(20) });
    const before = await tableChecksums(t, TABLES);
    const other = await failure(t.server.url, TOKENS.plie, CREATE_SESSION, { input: sessionInput({ programmeId: programme.id }) });
    expect(other).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.programmeId'] });
    const late = await failure(t.server.url, TOKENS.crepi, CREATE_SESSION, { input: sessionInput({ programmeId: programme.id, startsAt: inDays(30), endsAt: inDays(30, 2) }) });
    expect(late).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.programmeId'] });
    const unknown = await failure(t.server.url, TOKENS.crepi, CREATE_SESSION, { input: sessionInput({ programmeId: globalIdOf('Programme', 999_999) }) });
    expect(unknown).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.programmeId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('links an offer of a member company to its club’s programme, and refuses a club it is not a member of', async () => {
    const programme = await create(TOKENS.crepi, { kind: 'IMMERSIONS', name: 'Immersions 2027', targets: { immersionsCompleted: 40 } });
    const offer = await mutate<{ id: string; programme: { id: string } }>(t.client(TOKENS.company), CREATE_OFFER, offerInput({ programmeId: programme.id }));
    expect(offer.programme.id).toBe(programme.id);
    const read = await t.client(TOKENS.company).request<{ programme: { immersionOffers: { totalCount: number; edges: { node: { id: string } }[] } } }>(
      'query($id: ID!) { programme(id: $id) { immersionOffers { totalCount edges { node { id } } } } }',
      { id: programme.id },
    );
    expect(read.programme.immersionOffers).toEqual({ totalCount: 1, edges: [{ node: { id: offer.id } }] });

    const plieProgramme = await create(TOKENS.admin, { structureId: globalIdOf('Structure', plie), kind: 'IMMERSIONS' });
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.company, CREATE_OFFER, { input: offerInput({ programmeId: plieProgramme.id }) });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.programmeId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('reads programmes with their sessions and each session’s programme in a fixed number of statements', async () => {
    for (let i = 0; i < 3; i++) {
      const programme = await create(TOKENS.crepi, { name: `Programme compté ${i}` });
      for (let j = 0; j < i + 1; j++) await mutate(t.client(TOKENS.crepi), CREATE_SESSION, sessionInput({ programmeId: programme.id, startsAt: inDays(10 + j), endsAt: inDays(10 + j, 2) }));
    }
    const query = `query($first: Int!) { programmes(first: $first, filter: { search: "Programme compté" }) { edges { node { id structure { name }
      sessions(first: 5) { totalCount pageInfo { hasNextPage } edges { cursor node { id programme { id } series { id } multiSiteEvent { id } } } } } } } }`;
    const one = await withSqlCount<{ programmes: { edges: unknown[] } }>(t.client(TOKENS.crepi), query, { first: 1 });
    const three = await withSqlCount<{ programmes: { edges: { node: { sessions: { totalCount: number } } }[] } }>(t.client(TOKENS.crepi), query, { first: 3 });
    expect(three.data.programmes.edges.map((e) => e.node.sessions.totalCount).sort()).toEqual([1, 2, 3]);
    expect(three.sqlStatements).toBe(one.sqlStatements);
  });

  it('pages a programme’s sessions with cursors', async () => {
    const programme = await create(TOKENS.crepi, { name: 'Programme paginé' });
    const ids: string[] = [];
    for (let j = 0; j < 3; j++) {
      ids.push((await mutate<{ id: string }>(t.client(TOKENS.crepi), CREATE_SESSION, sessionInput({ programmeId: programme.id, startsAt: inDays(20 + j), endsAt: inDays(20 + j, 2) }))).id);
    }
    const page = (after: string | null) => t.client(TOKENS.crepi).request<{ programme: { sessions: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } } }>(
      'query($id: ID!, $after: String) { programme(id: $id) { sessions(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } }',
      { id: programme.id, after },
    );
    const first = await page(null);
    expect(first.programme.sessions.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.programme.sessions.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.programme.sessions.pageInfo.endCursor);
    expect(second.programme.sessions.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect(second.programme.sessions.pageInfo.hasNextPage).toBe(false);
    expect(keyOf(ids[0]!)).toBeGreaterThan(0);
    const [row] = await sql<{ n: string }>(t, 'select count(*) n from session where programme_id = ?', [keyOf(programme.id)]);
    expect(Number(row!.n)).toBe(3);
  });
});
