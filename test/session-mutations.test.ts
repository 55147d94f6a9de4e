import { createParticipants, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, listedIds, mutate, TOKENS } from './support/graphql';
import { tableChecksums, viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
let crepi: number;
let plie: number;
let company: number;

const DAY = 86_400_000;
const inDays = (days: number, hours = 0) => new Date(Date.now() + days * DAY + hours * 3_600_000).toISOString();

const SESSION_FIELDS = `
  id kind title description status startsAt endsAt capacity seatsTaken minimumAge publishedAt
  address postalCode latitude longitude commune { code } departement { code }
  organiser { id } hostCompany { id } metiers { code }`;
const CREATE = `mutation($input: CreateSessionInput!) { createSession(input: $input) { session { ${SESSION_FIELDS} } } }`;
const PUBLISH = `mutation($input: SessionIdInput!) { publishSession(input: $input) { session { ${SESSION_FIELDS} } } }`;
const CANCEL = `mutation($input: CancelSessionInput!) { cancelSession(input: $input) { session { ${SESSION_FIELDS} } } }`;

interface SessionResult {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  status: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  seatsTaken: number;
  minimumAge: number;
  publishedAt: string | null;
  address: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  commune: { code: string } | null;
  departement: { code: string } | null;
  organiser: { id: string };
  hostCompany: { id: string } | null;
  metiers: { code: string }[];
}

const validInput = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'COMPANY_VISIT',
  title: 'Visite de chantier : coffrage-banche',
  metierCodes: ['F1701'],
  startsAt: inDays(10),
  endsAt: inDays(10, 3),
  capacity: 8,
  ...extra,
});

const create = (token: string, extra: Record<string, unknown> = {}) => mutate<SessionResult>(t.client(token), CREATE, validInput(extra));
const publish = (token: string, sessionId: string) => mutate<SessionResult>(t.client(token), PUBLISH, { sessionId });
const cancel = (token: string, sessionId: string, reason?: string) => mutate<SessionResult>(t.client(token), CANCEL, { sessionId, reason });
const listedSessionIds = (token: string, organiser: number) =>
  listedIds(t.client(token), 'sessions', 'SessionFilter', { organisers: [globalIdOf('Structure', organiser)] });

beforeAll(async () => {
  t = await startTestServer();
  crepi = (await viewerIds(t, TOKENS.crepi)).structureId!;
  plie = (await viewerIds(t, TOKENS.plie)).structureId!;
  company = (await viewerIds(t, TOKENS.company)).companyId!;
});
afterAll(async () => {
  await t?.stop();
});

describe('createSession', () => {
  it('creates a DRAFT for the viewer’s structure, located from the commune, visible to its organiser only', async () => {
    const session = await create(TOKENS.crepi, {
      kind: 'AMBASSADEURS_DES_METIERS',
      description: 'Rendez-vous devant le chantier, visite, puis débriefing.',
      hostCompanyId: globalIdOf('Company', company),
      metierCodes: ['F1701', 'f1703', 'F1701'],
      capacity: 6,
      minimumAge: 18,
      address: '12 rue du Landy',
      communeCode: '93066',
    });
    expect(session).toMatchObject({
      kind: 'AMBASSADEURS_DES_METIERS',
      status: 'DRAFT',
      capacity: 6,
      seatsTaken: 0,
      minimumAge: 18,
      publishedAt: null,
      address: '12 rue du Landy',
      // Saint-Denis has three postal codes: none is guessed.
      postalCode: null,
      commune: { code: '93066' },
      departement: { code: '93' },
      latitude: 48.929565,
      longitude: 2.359243,
      organiser: { id: globalIdOf('Structure', crepi) },
      hostCompany: { id: globalIdOf('Company', company) },
    });
    expect(session.metiers.map((m) => m.code).sort()).toEqual(['F1701', 'F1703']);

    expect(await listedSessionIds(TOKENS.crepi, crepi)).toContain(session.id);
    expect(await listedSessionIds(TOKENS.ml, crepi)).not.toContain(session.id);
    const node = await t.client(TOKENS.ml).request<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: session.id });
    expect(node.node).toBeNull();
  });

  it('defaults the minimum age to 16 and the place to the host company’s address; a one-postcode commune gives its postcode', async () => {
    const atCompany = await create(TOKENS.crepi, { hostCompanyId: globalIdOf('Company', company) });
    expect(atCompany).toMatchObject({ minimumAge: 16, address: '45 avenue du Président Wilson', postalCode: '93210', commune: { code: '93066' }, departement: { code: '93' } });
    const nowhere = await create(TOKENS.crepi);
    expect(nowhere).toMatchObject({ address: null, postalCode: null, commune: null, departement: null, latitude: null, longitude: null, hostCompany: null });
    const aubervilliers = await create(TOKENS.crepi, { communeCode: '93001' });
    expect(aubervilliers).toMatchObject({ postalCode: '93300', departement: { code: '93' } });
  });

  it('lets a network admin create for a structure it names, and only then', async () => {
    const session = await create(TOKENS.admin, { organiserId: globalIdOf('Structure', plie) });
    expect(session.organiser.id).toBe(globalIdOf('Structure', plie));
    const f = await failure(t.server.url, TOKENS.admin, CREATE, { input: validInput() });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.organiserId'] });
    const unknown = await failure(t.server.url, TOKENS.admin, CREATE, { input: validInput({ organiserId: globalIdOf('Structure', 999999) }) });
    expect(unknown).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.organiserId'] });
  });

  it('creates one session for the same idempotency key, and refuses the key with another title (CONFLICT)', async () => {
    const key = `create-session-${Date.now()}`;
    const input = validInput({ title: 'Job dating BTP', kind: 'JOB_DATING', idempotencyKey: key });
    const results = await Promise.all(Array.from({ length: 5 }, () => t.client(TOKENS.crepi).request<{ createSession: { session: SessionResult } }>(CREATE, { input })));
    expect(new Set(results.map((r) => r.createSession.session.id)).size).toBe(1);
    const again = await create(TOKENS.crepi, { title: 'Job dating BTP', kind: 'JOB_DATING', idempotencyKey: key, startsAt: input.startsAt, endsAt: input.endsAt });
    expect(again.id).toBe(results[0]!.createSession.session.id);
    const [count] = await sql<{ n: string }>(t, `select count(*) n from session where title = 'Job dating BTP'`);
    expect(Number(count!.n)).toBe(1);

    const before = await tableChecksums(t, ['session', 'session_metier', 'idempotency_key']);
    const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input: { ...input, title: 'Job dating BTP (bis)' } });
    expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
    // Another instant is another request too.
    const moved = await failure(t.server.url, TOKENS.crepi, CREATE, { input: { ...input, startsAt: inDays(11), endsAt: inDays(11, 2) } });
    expect(moved).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
    expect(await tableChecksums(t, ['session', 'session_metier', 'idempotency_key'])).toEqual(before);
  });
});

describe('publishSession', () => {
  it('publishes a draft: PUBLISHED, publishedAt, listed for the portal, an event for subscribers; a second time is INVALID_TRANSITION', async () => {
    const draft = await create(TOKENS.crepi, { title: 'Rallye des métiers du béton', kind: 'RALLYE', capacity: 20 });
    expect(await listedSessionIds(TOKENS.ml, crepi)).not.toContain(draft.id);
    const published = await publish(TOKENS.crepi, draft.id);
    expect(published.status).toBe('PUBLISHED');
    expect(Date.now() - Date.parse(published.publishedAt!)).toBeLessThan(60_000);
    expect(await listedSessionIds(TOKENS.portal, crepi)).toContain(draft.id);
    expect(await listedSessionIds(TOKENS.ml, crepi)).toContain(draft.id);
    const events = await sql<{ n: string }>(t, `select count(*) n from event where type = 'SESSION_SLOT_PUBLISHED' and entity_id = ?`, [keyOf(draft.id)]);
    expect(Number(events[0]!.n)).toBe(1);

    const f = await failure(t.server.url, TOKENS.crepi, PUBLISH, { input: { sessionId: draft.id } });
    expect(f).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.sessionId'] });
    expect(f.messages[0]).toContain('PUBLISHED');
  });

  it('publishes a draft without seats left as FULL', async () => {
    const draft = await create(TOKENS.crepi, { capacity: 2 });
    await sql(t, 'update session set seats_taken = capacity where id = ?', [keyOf(draft.id)]);
    expect((await publish(TOKENS.crepi, draft.id)).status).toBe('FULL');
  });

  it('lets a network admin publish any structure’s draft', async () => {
    const draft = await create(TOKENS.plie);
    expect((await publish(TOKENS.admin, draft.id)).status).toBe('PUBLISHED');
  });
});

describe('cancelSession', () => {
  const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }';
  const ANSWER = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { status } } }';
  const REFUSE = 'mutation($input: RefuseReferralInput!) { refuseReferral(input: $input) { referral { status } } }';

  it('cancels every open referral with SESSION_CANCELLED and a line in its log the prescriber sees, and frees all seats', async () => {
    const session = await publish(TOKENS.crepi, (await create(TOKENS.crepi, { capacity: 2 })).id);
    const participants = await createParticipants(t, plie, 5);
    const referralIds: string[] = [];
    for (const p of participants) {
      const data = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(REFER, {
        input: { participantId: globalIdOf('Participant', p), sessionId: session.id, motive: 'Découvrir le gros œuvre' },
      });
      referralIds.push(data.referParticipant.referral.id);
    }
    const [a, b, c, , refused] = referralIds as [string, string, string, string, string];
    for (const id of [a, b, c]) await t.client(TOKENS.crepi).request(ANSWER, { input: { referralId: id } });
    await t.client(TOKENS.crepi).request(REFUSE, { input: { referralId: refused, reason: 'NOT_MOBILE', sharedWithParticipant: true } });
    const [seats] = await sql<{ seats_taken: number; status: string }>(t, 'select seats_taken, status from session where id = ?', [keyOf(session.id)]);
    expect(seats).toEqual({ seats_taken: 2, status: 'FULL' });

    const cancelled = await cancel(TOKENS.crepi, session.id, 'Chantier fermé par arrêté');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', seatsTaken: 0, capacity: 2 });

    const { referrals } = await t.client(TOKENS.plie).request<{
      referrals: { edges: { node: { id: string; status: string; cancellationReason: string | null; transitions: { fromStatus: string | null; toStatus: string; reason: string | null }[] } }[] };
    }>(
      'query($filter: ReferralFilter) { referrals(filter: $filter, first: 50) { edges { node { id status cancellationReason transitions { fromStatus toStatus reason } } } } }',
      { filter: { sessions: [session.id] } },
    );
    const byId = new Map(referrals.edges.map((e) => [e.node.id, e.node]));
    expect(byId.size).toBe(5);
    for (const [id, from] of [[a, 'ACCEPTED'], [b, 'ACCEPTED'], [c, 'WAITLISTED'], [referralIds[3]!, 'PENDING']] as const) {
      const referral = byId.get(id)!;
      expect(referral).toMatchObject({ status: 'CANCELLED', cancellationReason: 'SESSION_CANCELLED' });
      expect(referral.transitions.at(-1)).toEqual({ fromStatus: from, toStatus: 'CANCELLED', reason: 'SESSION_CANCELLED: Chantier fermé par arrêté' });
    }
    expect(byId.get(refused)!.status).toBe('REFUSED');
    const events = await sql<{ n: string }>(
      t,
      `select count(*) n from event where type = 'REFERRAL_UPDATED' and data->>'status' = 'CANCELLED' and entity_id in (${[a, b, c, referralIds[3]!].map(keyOf).join(',')})`,
    );
    expect(Number(events[0]!.n)).toBe(4);

    const again = await failure(t.server.url, TOKENS.crepi, CANCEL, { input: { sessionId: session.id } });
    expect(again).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.sessionId'] });
  });

  it('stays consistent when hosts answer while the session is being cancelled (no deadlock, no seat left held)', async () => {
    const session = await publish(TOKENS.crepi, (await create(TOKENS.crepi, { capacity: 3 })).id);
    const referralIds: string[] = [];
    for (const p of await createParticipants(t, plie, 10)) {
      const data = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(REFER, {
        input: { participantId: globalIdOf('Participant', p), sessionId: session.id, motive: 'Découvrir le gros œuvre' },
      });
      referralIds.push(data.referParticipant.referral.id);
    }
    const answers = referralIds.map((referralId) =>
      fetch(t.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.crepi}` },
        body: JSON.stringify({ query: ANSWER, variables: { input: { referralId } } }),
      }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>),
    );
    const cancelled = cancel(TOKENS.crepi, session.id, 'Intempéries');
    const results = await Promise.all(answers);
    expect((await cancelled).status).toBe('CANCELLED');
    // An answer either went through before the cancellation or is refused as a business error, never a 500.
    for (const result of results) {
      for (const error of result.errors ?? []) expect(['INVALID_TRANSITION', 'BAD_USER_INPUT']).toContain(error.extensions?.code);
    }
    const rows = await sql<{ status: string; n: string }>(t, 'select status, count(*) n from referral where session_id = ? group by status', [keyOf(session.id)]);
    expect(rows).toEqual([{ status: 'CANCELLED', n: '10' }]);
    const [seats] = await sql<{ seats_taken: number; status: string }>(t, 'select seats_taken, status from session where id = ?', [keyOf(session.id)]);
    expect(seats).toEqual({ seats_taken: 0, status: 'CANCELLED' });
  });

  it('cancels a draft, and a network admin cancels any session', async () => {
    expect((await cancel(TOKENS.crepi, (await create(TOKENS.crepi)).id)).status).toBe('CANCELLED');
    const published = await publish(TOKENS.plie, (await create(TOKENS.plie)).id);
    expect((await cancel(TOKENS.admin, published.id, 'Doublon')).status).toBe('CANCELLED');
  });
});

describe('authorization', () => {
  it('forbids another structure’s staff to publish or cancel, and non-staff to create; a draft they may not see is NOT_FOUND', async () => {
    const draft = await create(TOKENS.crepi);
    const published = await publish(TOKENS.crepi, (await create(TOKENS.crepi)).id);
    const before = await tableChecksums(t, ['session', 'session_metier', 'referral', 'event']);
    for (const token of [TOKENS.plie, TOKENS.ml, TOKENS.company, TOKENS.portal, TOKENS.participant]) {
      // the draft is not theirs to see, the portal's own structure's included: NOT_FOUND, as if it did not exist
      expect((await failure(t.server.url, token, PUBLISH, { input: { sessionId: draft.id } })).codes).toEqual(['NOT_FOUND']);
      expect((await failure(t.server.url, token, CANCEL, { input: { sessionId: draft.id } })).codes).toEqual(['NOT_FOUND']);
      expect((await failure(t.server.url, token, CANCEL, { input: { sessionId: published.id } })).codes).toEqual(['FORBIDDEN']);
    }
    for (const token of [TOKENS.company, TOKENS.portal, TOKENS.participant]) {
      expect((await failure(t.server.url, token, CREATE, { input: validInput() })).codes).toEqual(['FORBIDDEN']);
    }
    // Staff create only for their own structure.
    const other = await failure(t.server.url, TOKENS.plie, CREATE, { input: validInput({ organiserId: globalIdOf('Structure', crepi) }) });
    expect(other.codes).toEqual(['FORBIDDEN']);
    expect(await tableChecksums(t, ['session', 'session_metier', 'referral', 'event'])).toEqual(before);
  });
});

describe('bad input changes nothing', () => {
  const TABLES = ['session', 'session_metier', 'referral', 'referral_transition', 'idempotency_key', 'event'];

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an empty title', { title: '   ' }, 'BAD_USER_INPUT', 'input.title'],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'input.title'],
    ['a description over 5,000 characters', { description: 'x'.repeat(5001) }, 'BAD_USER_INPUT', 'input.description'],
    ['no métier', { metierCodes: [] }, 'BAD_USER_INPUT', 'input.metierCodes'],
    ['11 métiers', { metierCodes: ['F1701', 'F1703', 'F1612', 'A1418', 'D1102', 'K2205', 'N1101', 'N1103', 'N4103', 'F1702', 'F1704'] }, 'BAD_USER_INPUT', 'input.metierCodes'],
    ['a malformed ROME code', { metierCodes: ['F1701', 'F17'] }, 'BAD_USER_INPUT', 'input.metierCodes'],
    ['an unknown ROME code', { metierCodes: ['F1701', 'F9999'] }, 'BAD_USER_INPUT', 'input.metierCodes'],
    ['a start in the past', { startsAt: inDays(-1), endsAt: inDays(-1, 2) }, 'BAD_USER_INPUT', 'input.startsAt'],
    ['an end before the start', { endsAt: inDays(9) }, 'BAD_USER_INPUT', 'input.endsAt'],
    ['an end equal to the start', { startsAt: inDays(5), endsAt: inDays(5) }, 'BAD_USER_INPUT', 'input.endsAt'],
    ['a session over 14 days', { startsAt: inDays(5), endsAt: inDays(19, 1) }, 'BAD_USER_INPUT', 'input.endsAt'],
    ['no seat', { capacity: 0 }, 'BAD_USER_INPUT', 'input.capacity'],
    ['501 seats', { capacity: 501 }, 'BAD_USER_INPUT', 'input.capacity'],
    ['a minimum age of 13 (14 is the lowest: school discovery visits)', { minimumAge: 13 }, 'BAD_USER_INPUT', 'input.minimumAge'],
    ['a minimum age of 100', { minimumAge: 100 }, 'BAD_USER_INPUT', 'input.minimumAge'],
    ['a malformed commune code', { communeCode: '9306' }, 'BAD_USER_INPUT', 'input.communeCode'],
    ['an unknown commune', { communeCode: '75056' }, 'BAD_USER_INPUT', 'input.communeCode'],
    ['a postal code of another commune', { communeCode: '93066', postalCode: '93300' }, 'BAD_USER_INPUT', 'input.postalCode'],
    ['an address without its commune', { address: '1 rue de Paris' }, 'BAD_USER_INPUT', 'input.communeCode'],
    ['an unknown host company', { hostCompanyId: globalIdOf('Company', 999999) }, 'NOT_FOUND', 'input.hostCompanyId'],
    ['a malformed host company id', { hostCompanyId: 'not-an-id' }, 'BAD_USER_INPUT', 'input.hostCompanyId'],
    ['a structure id as host company', { hostCompanyId: globalIdOf('Structure', 1) }, 'BAD_USER_INPUT', 'input.hostCompanyId'],
    ['a malformed organiser id', { organiserId: '' }, 'BAD_USER_INPUT', 'input.organiserId'],
    ['a bad idempotency key', { idempotencyKey: 'with space' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
  ])('createSession with %s', async (_what, extra, code, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput(extra) });
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(f.messages[0]).toContain(field);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('says what is wrong in plain words', async () => {
    const messages = async (extra: Record<string, unknown>) => (await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput(extra) })).messages;
    expect(await messages({ capacity: 0 })).toEqual(['input.capacity must be at least 1']);
    expect(await messages({ metierCodes: ['F9999'] })).toEqual(['input.metierCodes names an unknown ROME fiche: F9999']);
    // well formed, whatever the letter: unknown, not malformed
    expect(await messages({ metierCodes: ['Z9999'] })).toEqual(['input.metierCodes names an unknown ROME fiche: Z9999']);
    expect(await messages({ startsAt: inDays(1), endsAt: inDays(16) })).toEqual(['input.endsAt must be at most 14 days after input.startsAt']);
  });

  it('createSession with values GraphQL itself refuses (unknown kind, malformed instant)', async () => {
    const before = await tableChecksums(t, TABLES);
    for (const [extra, field] of [[{ kind: 'PICNIC' }, 'kind'], [{ startsAt: 'next tuesday' }, 'startsAt'], [{ capacity: 2.5 }, 'capacity']] as const) {
      const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput(extra) });
      expect(f.codes).toEqual(['BAD_USER_INPUT']);
      expect(f.messages[0]).toContain(field);
    }
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  describe('publishSession and cancelSession', () => {
    let published: string;
    let started: string;
    let cancelled: string;
    beforeAll(async () => {
      published = (await publish(TOKENS.crepi, (await create(TOKENS.crepi)).id)).id;
      cancelled = (await cancel(TOKENS.crepi, (await create(TOKENS.crepi)).id)).id;
      const startedDraft = await create(TOKENS.crepi);
      await sql(t, `update session set starts_at = now() - interval '1 hour', ends_at = now() + interval '2 hours' where id = ?`, [keyOf(startedDraft.id)]);
      started = startedDraft.id;
    });

    it.each<[string, 'publish' | 'cancel', () => Record<string, unknown>, string, string]>([
      ['publishSession of an unknown session', 'publish', () => ({ sessionId: globalIdOf('Session', 999999) }), 'NOT_FOUND', 'input.sessionId'],
      ['publishSession of a malformed id', 'publish', () => ({ sessionId: '%%%' }), 'BAD_USER_INPUT', 'input.sessionId'],
      ['publishSession of a referral id', 'publish', () => ({ sessionId: globalIdOf('Referral', 1) }), 'BAD_USER_INPUT', 'input.sessionId'],
      ['publishSession of a published session', 'publish', () => ({ sessionId: published }), 'INVALID_TRANSITION', 'input.sessionId'],
      ['publishSession of a cancelled session', 'publish', () => ({ sessionId: cancelled }), 'INVALID_TRANSITION', 'input.sessionId'],
      ['publishSession of a session that has started', 'publish', () => ({ sessionId: started }), 'BAD_USER_INPUT', 'input.sessionId'],
      ['cancelSession of an unknown session', 'cancel', () => ({ sessionId: globalIdOf('Session', 999999) }), 'NOT_FOUND', 'input.sessionId'],
      ['cancelSession of a malformed id', 'cancel', () => ({ sessionId: 'U2Vzc2lvbjphYmM' }), 'BAD_USER_INPUT', 'input.sessionId'],
      ['cancelSession of a cancelled session', 'cancel', () => ({ sessionId: cancelled }), 'INVALID_TRANSITION', 'input.sessionId'],
      ['cancelSession of a session that has started', 'cancel', () => ({ sessionId: started }), 'BAD_USER_INPUT', 'input.sessionId'],
      ['cancelSession with a reason over 2,000 characters', 'cancel', () => ({ sessionId: published, reason: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'input.reason'],
    ])('%s', async (_what, mutation, input, code, field) => {
      const before = await tableChecksums(t, TABLES);
      const f = await failure(t.server.url, TOKENS.crepi, mutation === 'publish' ? PUBLISH : CANCEL, { input: input() });
      expect(f.codes).toEqual([code]);
      expect(f.fields).toEqual([field]);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });
  });
});

describe('host confirmation (issue 9): naming a company as host commits it to nothing', () => {
  const HOSTING = 'id status hostConfirmation hostRespondedAt hostDeclineReason hostCompany { id }';
  const CREATE_HOSTED = `mutation($input: CreateSessionInput!) { createSession(input: $input) { session { ${HOSTING} } } }`;
  const PUBLISH_HOSTED = `mutation($input: SessionIdInput!) { publishSession(input: $input) { session { ${HOSTING} } } }`;
  const CONFIRM = `mutation($input: SessionIdInput!) { confirmSessionHosting(input: $input) { session { ${HOSTING} } } }`;
  const DECLINE = `mutation($input: DeclineSessionHostingInput!) { declineSessionHosting(input: $input) { session { ${HOSTING} } } }`;
  const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }';
  const TABLES = ['session', 'session_metier', 'referral', 'referral_transition', 'event'];

  interface Hosted {
    id: string;
    status: string;
    hostConfirmation: string;
    hostRespondedAt: string | null;
    hostDeclineReason: string | null;
    hostCompany: { id: string } | null;
  }
  const createHosted = (token: string, extra: Record<string, unknown> = {}) =>
    mutate<Hosted>(t.client(token), CREATE_HOSTED, validInput({ hostCompanyId: globalIdOf('Company', company), ...extra }));
  const publishHosted = (token: string, sessionId: string) => mutate<Hosted>(t.client(token), PUBLISH_HOSTED, { sessionId });
  const confirm = (token: string, sessionId: string) => mutate<Hosted>(t.client(token), CONFIRM, { sessionId });
  const decline = (token: string, sessionId: string, reason?: string) => mutate<Hosted>(t.client(token), DECLINE, { sessionId, reason });
  const read = async (token: string, id: string) =>
    (await t.client(token).request<{ node: Hosted | null }>(`query($id: ID!) { node(id: $id) { ... on Session { ${HOSTING} } } }`, { id })).node;

  /** What the company's demo SESSIONS_HOSTED commitment (period around today) measures. */
  async function sessionsHosted(): Promise<number> {
    const { commitments } = await t.client(TOKENS.portal).request<{ commitments: { edges: { node: { measure: string; progress: { achieved: number } } }[] } }>(
      'query($filter: CommitmentFilter) { commitments(filter: $filter, first: 50) { edges { node { measure progress { achieved } } } } }',
      { filter: { companies: [globalIdOf('Company', company)] } },
    );
    const hosted = commitments.edges.filter((e) => e.node.measure === 'SESSIONS_HOSTED');
    expect(hosted).toHaveLength(1);
    return hosted[0]!.node.progress.achieved;
  }

  it('keeps the demo coherent: sessions held or published with a host are CONFIRMED, the draft waits for its host', async () => {
    const rows = await sql<{ status: string; host_confirmation: string; n: string }>(
      t,
      // The demo's sessions were created days before the seed day; this file's, now.
      `select status, host_confirmation, count(*) n from session where host_company_id is not null and created_at < now() - interval '1 day' group by 1, 2 order by 1, 2`,
    );
    for (const row of rows) expect(row.host_confirmation).toBe(row.status === 'DRAFT' ? 'PENDING' : 'CONFIRMED');
    expect(rows.find((r) => r.status === 'DRAFT')).toBeDefined();
    expect(rows.find((r) => r.status === 'PUBLISHED')).toBeDefined();
  });

  it('leaves the session PENDING and unpublishable until the host confirms: INVALID_TRANSITION naming the host, nothing counted', async () => {
    const counted = await sessionsHosted();
    const draft = await createHosted(TOKENS.crepi);
    expect(draft).toMatchObject({ status: 'DRAFT', hostConfirmation: 'PENDING', hostRespondedAt: null, hostCompany: { id: globalIdOf('Company', company) } });
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.crepi, PUBLISH_HOSTED, { input: { sessionId: draft.id } });
    expect(f).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.sessionId'] });
    expect(f.messages[0]).toBe('this session cannot be published: its host company "Gros Œuvre de la Plaine" has not confirmed hosting it yet (hostConfirmation PENDING)');
    // Not even a network admin publishes for the company.
    expect((await failure(t.server.url, TOKENS.admin, PUBLISH_HOSTED, { input: { sessionId: draft.id } })).codes).toEqual(['INVALID_TRANSITION']);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
    expect(await sessionsHosted()).toBe(counted);
  });

  it('counts the session in the host’s SESSIONS_HOSTED commitment once the host confirmed and the organiser published it', async () => {
    const counted = await sessionsHosted();
    const draft = await createHosted(TOKENS.crepi);
    const confirmed = await confirm(TOKENS.company, draft.id);
    expect(confirmed).toMatchObject({ status: 'DRAFT', hostConfirmation: 'CONFIRMED', hostDeclineReason: null });
    expect(Date.now() - Date.parse(confirmed.hostRespondedAt!)).toBeLessThan(60_000);
    expect(await sessionsHosted()).toBe(counted);
    expect(await publishHosted(TOKENS.crepi, draft.id)).toMatchObject({ status: 'PUBLISHED', hostConfirmation: 'CONFIRMED' });
    expect(await sessionsHosted()).toBe(counted + 1);
  });

  it('lets the company decline a session another structure named it host of: the draft is never published, nothing counts', async () => {
    const counted = await sessionsHosted();
    const draft = await createHosted(TOKENS.plie, { communeCode: '93066' });
    expect(draft.hostConfirmation).toBe('PENDING');
    const declined = await decline(TOKENS.company, draft.id, '  Pas de visite possible ce mois-ci  ');
    expect(declined).toMatchObject({ status: 'DRAFT', hostConfirmation: 'DECLINED', hostDeclineReason: 'Pas de visite possible ce mois-ci' });
    // The reason is for the organiser (and the host), not for everyone who may read the session.
    expect((await read(TOKENS.plie, draft.id))!.hostDeclineReason).toBe('Pas de visite possible ce mois-ci');
    const f = await failure(t.server.url, TOKENS.plie, PUBLISH_HOSTED, { input: { sessionId: draft.id } });
    expect(f).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.sessionId'] });
    expect(f.messages[0]).toContain('"Gros Œuvre de la Plaine" has declined hosting it');
    expect(await sessionsHosted()).toBe(counted);
    // It may change its mind while the session is a draft.
    expect(await confirm(TOKENS.company, draft.id)).toMatchObject({ hostConfirmation: 'CONFIRMED', hostDeclineReason: null });
    expect((await publishHosted(TOKENS.plie, draft.id)).status).toBe('PUBLISHED');
  });

  it('cancels a published session whose host withdraws, with its open referrals, and stops counting it', async () => {
    const draft = await createHosted(TOKENS.crepi);
    await confirm(TOKENS.company, draft.id);
    const session = await publishHosted(TOKENS.crepi, draft.id);
    const [participant] = await createParticipants(t, plie, 1);
    const referral = await mutate<{ id: string }>(t.client(TOKENS.plie), REFER, {
      participantId: globalIdOf('Participant', participant!),
      sessionId: session.id,
      motive: 'Découvrir le gros œuvre',
    });
    const counted = await sessionsHosted();

    const withdrawn = await decline(TOKENS.company, session.id, 'Chantier arrêté');
    expect(withdrawn).toMatchObject({ status: 'CANCELLED', hostConfirmation: 'DECLINED', hostDeclineReason: 'Chantier arrêté' });
    expect(await sessionsHosted()).toBe(counted - 1);
    // A cancelled session is public: its host's reason is not.
    expect((await read(TOKENS.portal, session.id))).toMatchObject({ status: 'CANCELLED', hostConfirmation: 'DECLINED', hostDeclineReason: null });
    const [row] = await sql<{ status: string; cancellation_reason: string }>(t, 'select status, cancellation_reason from referral where id = ?', [keyOf(referral.id)]);
    expect(row).toEqual({ status: 'CANCELLED', cancellation_reason: 'SESSION_CANCELLED' });
    const [log] = await sql<{ reason: string }>(t, `select reason from referral_transition where referral_id = ? and to_status = 'CANCELLED'`, [keyOf(referral.id)]);
    expect(log!.reason).toBe('SESSION_CANCELLED: the host company withdrew: Chantier arrêté');
    // Cancelled is final.
    const again = await failure(t.server.url, TOKENS.company, CONFIRM, { input: { sessionId: session.id } });
    expect(again).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.sessionId'] });
  });

  it('confirms from the start the club’s sessions at a member with a standing hosting agreement (and only the club’s)', async () => {
    const [member] = await sql<{ company_id: number }>(t, 'select company_id from company_membership where structure_id = ? and hosting_agreement order by company_id limit 1', [crepi]);
    const hostCompanyId = globalIdOf('Company', member!.company_id);
    const byClub = await createHosted(TOKENS.crepi, { hostCompanyId });
    expect(byClub).toMatchObject({ hostConfirmation: 'CONFIRMED', hostRespondedAt: null });
    expect((await publishHosted(TOKENS.crepi, byClub.id)).status).toBe('PUBLISHED');
    expect((await createHosted(TOKENS.plie, { hostCompanyId })).hostConfirmation).toBe('PENDING');
    expect((await createHosted(TOKENS.crepi, { hostCompanyId: null })).hostConfirmation).toBe('NOT_REQUIRED');
  });

  it('lets only the host company (and network admins) answer: the organiser may not confirm for it, others do not see the draft', async () => {
    const draft = await createHosted(TOKENS.crepi);
    const published = await publishHosted(TOKENS.crepi, (await confirm(TOKENS.company, (await createHosted(TOKENS.crepi)).id)).id);
    const before = await tableChecksums(t, TABLES);
    expect((await failure(t.server.url, TOKENS.crepi, CONFIRM, { input: { sessionId: draft.id } })).codes).toEqual(['FORBIDDEN']);
    expect((await failure(t.server.url, TOKENS.crepi, DECLINE, { input: { sessionId: draft.id } })).codes).toEqual(['FORBIDDEN']);
    for (const token of [TOKENS.plie, TOKENS.ml, TOKENS.participant]) {
      expect((await failure(t.server.url, token, CONFIRM, { input: { sessionId: draft.id } })).codes).toEqual(['NOT_FOUND']);
      expect((await failure(t.server.url, token, DECLINE, { input: { sessionId: draft.id } })).codes).toEqual(['NOT_FOUND']);
    }
    // A published session everyone sees: only its host may withdraw.
    for (const token of [TOKENS.crepi, TOKENS.plie, TOKENS.portal, TOKENS.participant]) {
      expect((await failure(t.server.url, token, DECLINE, { input: { sessionId: published.id } })).codes).toEqual(['FORBIDDEN']);
    }
    expect(await tableChecksums(t, TABLES)).toEqual(before);
    expect((await confirm(TOKENS.admin, draft.id)).hostConfirmation).toBe('CONFIRMED');
  });

  it.each<[string, 'confirm' | 'decline', () => Promise<Record<string, unknown>>, string, string]>([
    ['confirmSessionHosting of a session without a host', 'confirm', async () => ({ sessionId: (await create(TOKENS.admin, { organiserId: globalIdOf('Structure', crepi) })).id }), 'BAD_USER_INPUT', 'input.sessionId'],
    ['confirmSessionHosting twice', 'confirm', async () => ({ sessionId: (await confirm(TOKENS.company, (await createHosted(TOKENS.crepi)).id)).id }), 'INVALID_TRANSITION', 'input.sessionId'],
    ['declineSessionHosting twice', 'decline', async () => ({ sessionId: (await decline(TOKENS.company, (await createHosted(TOKENS.crepi)).id)).id }), 'INVALID_TRANSITION', 'input.sessionId'],
    ['declineSessionHosting of a cancelled session', 'decline', async () => ({ sessionId: (await cancel(TOKENS.crepi, (await createHosted(TOKENS.crepi)).id)).id }), 'INVALID_TRANSITION', 'input.sessionId'],
    ['declineSessionHosting of a session that has started', 'decline', async () => {
      const draft = await createHosted(TOKENS.crepi);
      await sql(t, `update session set starts_at = now() - interval '1 hour', ends_at = now() + interval '2 hours' where id = ?`, [keyOf(draft.id)]);
      return { sessionId: draft.id };
    }, 'BAD_USER_INPUT', 'input.sessionId'],
    ['declineSessionHosting with a reason over 2,000 characters', 'decline', async () => ({ sessionId: (await createHosted(TOKENS.crepi)).id, reason: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'input.reason'],
    ['confirmSessionHosting of an unknown session', 'confirm', async () => ({ sessionId: globalIdOf('Session', 999999) }), 'NOT_FOUND', 'input.sessionId'],
    ['confirmSessionHosting of a company id', 'confirm', async () => ({ sessionId: globalIdOf('Company', company) }), 'BAD_USER_INPUT', 'input.sessionId'],
  ])('%s', async (_what, mutation, input, code, field) => {
    const variables = { input: await input() };
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.admin, mutation === 'confirm' ? CONFIRM : DECLINE, variables);
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});

describe('planning horizon (issue 9): a start in 2999 is a typo', () => {
  it.each<[string, Record<string, unknown>]>([
    ['in 2999', { startsAt: '2999-01-05T08:00:00Z', endsAt: '2999-01-05T11:00:00Z' }],
    ['just beyond two years', { startsAt: inDays(735), endsAt: inDays(735, 3) }],
    ['at the end of what a date can hold', { startsAt: '+275760-09-13T00:00:00.000Z', endsAt: '+275760-09-13T00:00:00.000Z' }],
  ])('refuses createSession starting %s: BAD_USER_INPUT on input.startsAt, nothing created', async (_what, extra) => {
    const before = await tableChecksums(t, ['session', 'session_metier', 'idempotency_key']);
    const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput(extra) });
    expect(f.codes).toEqual(['BAD_USER_INPUT']);
    expect(f.fields).toEqual(['input.startsAt']);
    expect(await tableChecksums(t, ['session', 'session_metier', 'idempotency_key'])).toEqual(before);
  });

  it('says how far ahead, and takes a start just inside the horizon', async () => {
    const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input: validInput({ startsAt: '2999-01-05T08:00:00Z', endsAt: '2999-01-05T11:00:00Z' }) });
    expect(f.messages[0]).toMatch(/^input\.startsAt must be at most 2 years ahead \(on or before \d{4}-\d{2}-\d{2}\)$/);
    expect((await create(TOKENS.crepi, { startsAt: inDays(725), endsAt: inDays(725, 3) })).status).toBe('DRAFT');
  });
});
