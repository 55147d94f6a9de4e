import { Account } from '../src/access/entities/account';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { todayInFrance } from '../src/common/local-date';
import { createParticipants, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, mutate, TOKENS } from './support/graphql';
import { tableChecksums } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';
import { collect, eventually } from './support/subscriptions';

/**
 * A structure with a SIRET hosts a session as a company does (issue 11, item 4): an SIAE (the demo's ACI) hosts a
 * visit of the PLIE, France Travail refers a participant to it. The ACI's staff confirm or withdraw as host, read the
 * referrals as a host company reads its own (the same personal-data view), write the host's debrief, get the events;
 * another structure's admin is no host; a structure without a SIRET or of a kind that does not host is refused.
 */
let t: TestServer;
let plie: number;
let ft: number;
let company: number;
let aci: number;
let mfr: number;
let ml: number;
/** Admins of the ACI (the host) and of the MFR (another structure that could host, not this session). */
let aciAdmin: string;
let mfrAdmin: string;

const DAY = 86_400_000;
const inDays = (days: number, hours = 0) => new Date(Date.now() + days * DAY + hours * 3_600_000).toISOString();
const frenchDay = (days: number) => new Date(Date.parse(`${todayInFrance()}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

const SESSION = 'id status hostConfirmation hostDeclineReason address commune { code } hostCompany { id } hostStructure { id kind siret }';
const CREATE = `mutation($input: CreateSessionInput!) { createSession(input: $input) { session { ${SESSION} } } }`;
const PUBLISH = `mutation($input: SessionIdInput!) { publishSession(input: $input) { session { ${SESSION} } } }`;
const CONFIRM = `mutation($input: SessionIdInput!) { confirmSessionHosting(input: $input) { session { ${SESSION} } } }`;
const DECLINE = `mutation($input: DeclineSessionHostingInput!) { declineSessionHosting(input: $input) { session { ${SESSION} } } }`;
const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }';
const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }';
const ATTENDANCE = 'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { id status } } }';
const DEBRIEF = `mutation($input: RecordDebriefInput!) { recordDebrief(input: $input) {
  debrief { side comment authorStructure { id } authorCompany { id } } } }`;
const REFERRAL = `query($id: ID!) { node(id: $id) { ... on Referral { id status motive
  participant { personalData { firstName lastName birthDate email phone notes } }
  debriefs { side comment } } } }`;

interface SessionResult {
  id: string;
  status: string;
  hostConfirmation: string;
  hostDeclineReason: string | null;
  address: string | null;
  commune: { code: string } | null;
  hostCompany: { id: string } | null;
  hostStructure: { id: string; kind: string; siret: string } | null;
}
interface ReferralRead {
  id: string;
  status: string;
  motive: string | null;
  participant: { personalData: Record<string, string | null> | null };
  debriefs: { side: string; comment: string | null }[];
}

const visit = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'COMPANY_VISIT',
  title: 'Visite du chantier d’insertion espaces verts',
  metierCodes: ['F1701'],
  startsAt: inDays(10),
  endsAt: inDays(10, 3),
  capacity: 8,
  ...extra,
});

const create = (token: string, extra: Record<string, unknown> = {}) => mutate<SessionResult>(t.client(token), CREATE, visit(extra));
const onSession = (document: string, token: string, sessionId: string, extra: Record<string, unknown> = {}) =>
  mutate<SessionResult>(t.client(token), document, { sessionId, ...extra });
const read = async (token: string, referralId: string): Promise<ReferralRead | null> =>
  (await t.client(token).request<{ node: ReferralRead | null }>(REFERRAL, { id: referralId })).node;
const sessionNode = async (token: string, id: string) =>
  (await t.client(token).request<{ node: { id: string; hostDeclineReason: string | null } | null }>('query($id: ID!) { node(id: $id) { ... on Session { id hostDeclineReason } } }', { id })).node;

/** The code an operation answers with for `token`: 'ok', or its error code. */
async function attempt(token: string, query: string, input: Record<string, unknown>): Promise<string> {
  const response = await fetch(t.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { input } }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.length ? String(body.errors[0]!.extensions?.code) : 'ok';
}

/** A PLIE visit hosted by `host` ('aci' or the demo company), confirmed by its host and published. */
async function publishedVisit(host: 'aci' | 'company' = 'aci'): Promise<SessionResult> {
  const session = await create(TOKENS.plie, host === 'aci' ? { hostStructureId: globalIdOf('Structure', aci) } : { hostCompanyId: globalIdOf('Company', company), communeCode: '33243' });
  await onSession(CONFIRM, host === 'aci' ? aciAdmin : TOKENS.company, session.id);
  return onSession(PUBLISH, TOKENS.plie, session.id);
}

/** A participant France Travail follows, with a phone and an email (the contact a host reads once it accepted). */
async function ftParticipant(): Promise<number> {
  const [participant] = await createParticipants(t, ft, 1);
  await sql(t, `update participant_personal_data set email = 'awa@example.org', phone = '0612345678', notes = 'suivi RSA' where participant_id = ?`, [participant]);
  return participant!;
}

const refer = async (participant: number, sessionId: string) =>
  mutate<{ id: string; status: string }>(t.client(TOKENS.franceTravail), REFER, { participantId: globalIdOf('Participant', participant), sessionId, motive: 'Projet espaces verts, RQTH en cours' });

async function structureAdmin(structureId: number, email: string): Promise<string> {
  const [account] = await sql<{ id: number }>(t, `insert into account (email, display_name, role, structure_id) values (?, 'Admin', 'STRUCTURE_ADMIN', ?) returning id`, [email, structureId]);
  const em = t.orm.em.fork();
  return (await issueToken(em, await em.findOneOrFail(Account, account!.id), { label: 'test', expiresAt: new Date(Date.now() + DAY) })).secret;
}

beforeAll(async () => {
  t = await startTestServer();
  const viewer = async (token: string) =>
    (await t.client(token).request<{ viewer: { structure: { id: string } | null; company: { id: string } | null } }>('{ viewer { structure { id } company { id } } }')).viewer;
  plie = keyOf((await viewer(TOKENS.plie)).structure!.id);
  ft = keyOf((await viewer(TOKENS.franceTravail)).structure!.id);
  ml = keyOf((await viewer(TOKENS.ml)).structure!.id);
  company = keyOf((await viewer(TOKENS.company)).company!.id);
  const kinds = await sql<{ id: number; kind: string }>(t, `select id, kind from structure where kind in ('ACI', 'MFR') order by id`);
  aci = kinds.find((s) => s.kind === 'ACI')!.id;
  mfr = kinds.find((s) => s.kind === 'MFR')!.id;
  aciAdmin = await structureAdmin(aci, 'direction@aci-hainaut.example.org');
  mfrAdmin = await structureAdmin(mfr, 'direction@mfr-vayres.example.org');
});
afterAll(async () => {
  await t?.stop();
});

describe('createSession with a host structure', () => {
  it('names an SIAE as host: PENDING until its staff confirm, at its address, a draft its admins see and others do not', async () => {
    const session = await create(TOKENS.plie, { hostStructureId: globalIdOf('Structure', aci) });
    expect(session).toMatchObject({
      status: 'DRAFT',
      hostConfirmation: 'PENDING',
      hostCompany: null,
      hostStructure: { id: globalIdOf('Structure', aci), kind: 'ACI', siret: '90467231800014' },
      // Without a commune, the session takes place at its host's address, as at a host company's.
      address: '18 rue Jean Jaurès',
      commune: { code: '59014' },
    });
    expect((await sessionNode(aciAdmin, session.id))?.id).toBe(session.id);
    expect(await sessionNode(mfrAdmin, session.id)).toBeNull();
    expect(await sessionNode(TOKENS.company, session.id)).toBeNull();

    const early = await failure(t.server.url, TOKENS.plie, PUBLISH, { input: { sessionId: session.id } });
    expect(early).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.sessionId'] });
    expect(early.messages[0]).toBe('this session cannot be published: its host structure "Chantier d’insertion Espaces Verts du Hainaut" has not confirmed hosting it yet (hostConfirmation PENDING)');

    expect((await onSession(CONFIRM, aciAdmin, session.id)).hostConfirmation).toBe('CONFIRMED');
    const published = await onSession(PUBLISH, TOKENS.plie, session.id);
    expect(published.status).toBe('PUBLISHED');
    // Listed by its host, for anyone (a portal), and on the structure.
    const { sessions } = await t.client(TOKENS.portal).request<{ sessions: { edges: { node: { id: string } }[] } }>(
      'query($f: SessionFilter) { sessions(filter: $f, first: 50) { edges { node { id } } } }', { f: { hostStructures: [globalIdOf('Structure', aci)] } });
    expect(sessions.edges.map((e) => e.node.id)).toContain(session.id);
    const { node } = await t.client(TOKENS.portal).request<{ node: { hostedSessions: { id: string }[] } }>(
      'query($id: ID!) { node(id: $id) { ... on Structure { hostedSessions(first: 50) { id } } } }', { id: globalIdOf('Structure', aci) });
    expect(node.hostedSessions.map((s) => s.id)).toContain(session.id);
  });

  it('refuses a structure without a SIRET, of a kind that does not host, the organiser itself, or two hosts, naming the field, and writes nothing', async () => {
    const [noSiret] = await sql<{ id: number }>(t, `insert into structure (name, kind, can_prescribe) values ('Entreprise d’insertion sans SIRET', 'EI', true) returning id`);
    const before = await tableChecksums(t, ['session', 'session_metier', 'idempotency_key']);
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['an EI without a SIRET', { hostStructureId: globalIdOf('Structure', noSiret!.id) }, 'BAD_USER_INPUT', /without a SIRET/],
      ['a mission locale (not a hosting kind)', { hostStructureId: globalIdOf('Structure', ml) }, 'BAD_USER_INPUT', /kind ML, which does not host/],
      ['the organiser itself', { hostStructureId: globalIdOf('Structure', plie) }, 'BAD_USER_INPUT', /organiser itself/],
      ['a company and a structure', { hostStructureId: globalIdOf('Structure', aci), hostCompanyId: globalIdOf('Company', company) }, 'BAD_USER_INPUT', /one host/],
      ['an unknown structure', { hostStructureId: globalIdOf('Structure', 999_999) }, 'NOT_FOUND', /structure/],
      ['a company id', { hostStructureId: globalIdOf('Company', company) }, 'BAD_USER_INPUT', /./],
    ];
    for (const [what, extra, code, message] of cases) {
      const f = await failure(t.server.url, TOKENS.plie, CREATE, { input: visit(extra) });
      expect([what, f.codes, f.fields]).toEqual([what, [code], ['input.hostStructureId']]);
      expect(f.messages[0]).toMatch(message);
    }
    // In a series, the field is named where the client wrote it.
    const series = await failure(t.server.url, TOKENS.plie, 'mutation($input: CreateSessionSeriesInput!) { createSessionSeries(input: $input) { series { id } } }', {
      input: { ...visit({ hostStructureId: globalIdOf('Structure', ml) }), recurrence: { everyDays: 7, count: 2 } },
    });
    expect(series).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.hostStructureId'] });
    expect(await tableChecksums(t, ['session', 'session_metier', 'idempotency_key'])).toEqual(before);
  });
});

describe('the rights of a host structure', () => {
  it('lets its admins confirm and withdraw as host, and no one else but a network admin: another structure\'s admin, the organiser, a company', async () => {
    const draft = await create(TOKENS.plie, { hostStructureId: globalIdOf('Structure', aci) });
    // A draft is not even seen by those who do not host nor organise it.
    expect(await attempt(mfrAdmin, CONFIRM, { sessionId: draft.id })).toBe('NOT_FOUND');
    expect(await attempt(TOKENS.company, CONFIRM, { sessionId: draft.id })).toBe('NOT_FOUND');
    expect(await attempt(TOKENS.plie, CONFIRM, { sessionId: draft.id })).toBe('FORBIDDEN');
    expect(await attempt(aciAdmin, CONFIRM, { sessionId: draft.id })).toBe('ok');
    await onSession(PUBLISH, TOKENS.plie, draft.id);
    for (const token of [mfrAdmin, TOKENS.company, TOKENS.plie, TOKENS.ml]) {
      expect(await attempt(token, DECLINE, { sessionId: draft.id, reason: 'x' })).toBe('FORBIDDEN');
    }
    expect(await attempt(TOKENS.portal, DECLINE, { sessionId: draft.id })).toBe('FORBIDDEN');
    const other = await publishedVisit();
    expect(await attempt(TOKENS.admin, DECLINE, { sessionId: other.id, reason: 'par l’administration' })).toBe('ok');
  });

  it('cancels a published session its host structure withdraws from, and tells the referrals why', async () => {
    const session = await publishedVisit();
    const referral = await refer(await ftParticipant(), session.id);
    const withdrawn = await onSession(DECLINE, aciAdmin, session.id, { reason: 'Chantier suspendu par le donneur d’ordre' });
    expect(withdrawn).toMatchObject({ status: 'CANCELLED', hostConfirmation: 'DECLINED', hostDeclineReason: 'Chantier suspendu par le donneur d’ordre' });
    expect((await read(TOKENS.franceTravail, referral.id))!.status).toBe('CANCELLED');
    const [log] = await sql<{ reason: string }>(t, `select reason from referral_transition where referral_id = ? and to_status = 'CANCELLED'`, [keyOf(referral.id)]);
    expect(log!.reason).toBe('SESSION_CANCELLED: the host structure withdrew: Chantier suspendu par le donneur d’ordre');
    // The reason is for the organiser and the host, not another structure.
    expect((await sessionNode(TOKENS.plie, session.id))!.hostDeclineReason).toBe('Chantier suspendu par le donneur d’ordre');
    expect((await sessionNode(aciAdmin, session.id))!.hostDeclineReason).toBe('Chantier suspendu par le donneur d’ordre');
    expect((await sessionNode(mfrAdmin, session.id))!.hostDeclineReason).toBeNull();
  });
});

describe('a referral to a session a structure hosts', () => {
  let atAci: SessionResult;
  let atCompany: SessionResult;
  let participant: number;
  let toAci: string;
  let toCompany: string;

  beforeAll(async () => {
    atAci = await publishedVisit('aci');
    atCompany = await publishedVisit('company');
    participant = await ftParticipant();
    toAci = (await refer(participant, atAci.id)).id;
    toCompany = (await refer(participant, atCompany.id)).id;
  });

  it('is read by the host structure as a host company reads its own: the same personal data, before and after acceptance, without the prescriber\'s motive', async () => {
    const asAci = await read(aciAdmin, toAci);
    const asCompany = await read(TOKENS.company, toCompany);
    expect(asAci).toMatchObject({ id: toAci, status: 'PENDING', motive: null });
    expect(asCompany).toMatchObject({ id: toCompany, status: 'PENDING', motive: null });
    expect(asAci!.participant.personalData).toEqual({ firstName: 'Test', lastName: 'P.', birthDate: null, email: null, phone: null, notes: null });
    expect(asAci!.participant.personalData).toEqual(asCompany!.participant.personalData);
    // Neither may answer it: the organiser does (README's rights table, acceptReferral).
    expect(await attempt(aciAdmin, ACCEPT, { referralId: toAci })).toBe('FORBIDDEN');
    expect(await attempt(TOKENS.company, ACCEPT, { referralId: toCompany })).toBe('FORBIDDEN');

    await mutate(t.client(TOKENS.plie), ACCEPT, { referralId: toAci });
    await mutate(t.client(TOKENS.plie), ACCEPT, { referralId: toCompany });
    const accepted = (await read(aciAdmin, toAci))!.participant.personalData;
    expect(accepted).toEqual({ firstName: 'Test', lastName: 'P.', birthDate: null, email: 'awa@example.org', phone: '0612345678', notes: null });
    expect(accepted).toEqual((await read(TOKENS.company, toCompany))!.participant.personalData);
  });

  it('is listed for the host structure, and neither listed nor readable for another structure\'s admin', async () => {
    const list = async (token: string) =>
      (await t.client(token).request<{ referrals: { edges: { node: { id: string } }[] } }>('{ referrals(first: 100) { edges { node { id } } } }')).referrals.edges.map((e) => e.node.id);
    expect(await list(aciAdmin)).toContain(toAci);
    expect(await list(aciAdmin)).not.toContain(toCompany);
    expect(await list(mfrAdmin)).not.toContain(toAci);
    expect(await read(mfrAdmin, toAci)).toBeNull();
  });

  it('counts in the host structure\'s indicators under the small-count rule, as a host company\'s hosting does', async () => {
    const QUERY = 'query($f: IndicatorFilter!) { indicators(filter: $f) { total { people { referrals { value suppressed display } } } } }';
    type Answer = { indicators: { total: { people: { referrals: { value: number | null; suppressed: boolean; display: string } } | null } } };
    // The company visits of the Nord: only those the ACI hosts here (the demo has a job dating there, no visit).
    const f = { from: frenchDay(-300), to: frenchDay(300), departementCodes: ['59'], sessionKinds: ['COMPANY_VISIT'] };
    const figures = async (token: string) => (await t.client(token).request<Answer>(QUERY, { f })).indicators.total.people!.referrals;
    // Its hosted sessions' referrals (the withdrawn visit's and this one: "< 5"), not one of whose people it reads in full.
    expect(await figures(aciAdmin)).toMatchObject({ suppressed: true, display: '< 5' });
    // Another structure counts none of them.
    expect(await figures(mfrAdmin)).toMatchObject({ value: 0, display: '0' });
  });

  it('gets the host structure\'s staff the referralUpdated events of its hosted sessions, and another structure none of them', async () => {
    const { latestEventCursor: after } = await t.client(TOKENS.admin).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    const SUBSCRIBE = 'subscription($after: String) { referralUpdated(after: $after) { change status referral { id } } }';
    type Event = { referralUpdated: { change: string; status: string; referral: { id: string } | null } };
    const aciStream = collect<Event>(t.wsClient(aciAdmin), SUBSCRIBE, { after });
    const mfrStream = collect<Event>(t.wsClient(mfrAdmin), SUBSCRIBE, { after });
    // The ACI's hosted session: a new referral; then one to the demo visit the MFR hosts (the MFR's own event).
    const second = await refer(await ftParticipant(), atAci.id);
    const { sessions } = await t.client(TOKENS.portal).request<{ sessions: { edges: { node: { id: string } }[] } }>(
      'query($f: SessionFilter) { sessions(filter: $f, first: 10) { edges { node { id } } } }', { f: { hostStructures: [globalIdOf('Structure', mfr)], statuses: ['PUBLISHED'] } });
    expect(sessions.edges.length).toBeGreaterThan(0);
    const atMfr = await refer(await ftParticipant(), sessions.edges[0]!.node.id);
    const ids = (events: Event[]) => events.map((e) => e.referralUpdated.referral?.id);
    await eventually(() => ids(aciStream.events).includes(second.id));
    // The MFR's own event arrived after the ACI's: had the ACI's been sent to it, it would be there now.
    await eventually(() => ids(mfrStream.events).includes(atMfr.id));
    expect(ids(mfrStream.events)).not.toContain(second.id);
    expect(ids(aciStream.events)).not.toContain(atMfr.id);
    aciStream.stop();
    mfrStream.stop();
    const [event] = await sql<{ data: { hostStructureId: number | null; hostCompanyId: number | null } }>(t, `select data from event where type = 'REFERRAL_UPDATED' and entity_id = ? order by id desc limit 1`, [keyOf(second.id)]);
    expect(event!.data).toMatchObject({ hostStructureId: aci, hostCompanyId: null });
  });
});

describe('after the visit', () => {
  it('lets the host structure write the HOST debrief, read only its own, and puts the host in the passeport', async () => {
    const session = await publishedVisit();
    const participant = await ftParticipant();
    const referral = await refer(participant, session.id);
    await mutate(t.client(TOKENS.plie), ACCEPT, { referralId: referral.id });
    await sql(t, `update session set starts_at = now() - interval '4 hours', ends_at = now() - interval '1 hour' where id = ?`, [keyOf(session.id)]);
    await mutate(t.client(TOKENS.plie), ATTENDANCE, { referralId: referral.id, attended: true });

    const input = (comment: string) => ({ referralId: referral.id, interests: [{ metierCode: 'F1701', interest: 'YES' }], wishes: ['IMMERSION'], comment, sharedWithParticipant: true });
    // Another structure's admin does not see the referral; the organiser writes its own side, not the host's.
    expect(await attempt(mfrAdmin, DEBRIEF, input('x'))).toBe('NOT_FOUND');
    expect(await attempt(TOKENS.plie, DEBRIEF, { ...input('x'), side: 'HOST' })).toBe('FORBIDDEN');
    const host = await mutate<{ side: string; authorStructure: { id: string } | null; authorCompany: { id: string } | null }>(t.client(aciAdmin), DEBRIEF, input('A manié la débroussailleuse avec soin.'));
    expect(host).toMatchObject({ side: 'HOST', authorStructure: { id: globalIdOf('Structure', aci) }, authorCompany: null });
    await mutate(t.client(TOKENS.plie), DEBRIEF, input('Très motivée.'));

    // Each side reads its own; the prescriber both.
    expect((await read(aciAdmin, referral.id))!.debriefs).toEqual([{ side: 'HOST', comment: 'A manié la débroussailleuse avec soin.' }]);
    expect((await read(TOKENS.plie, referral.id))!.debriefs).toEqual([{ side: 'ORGANISER', comment: 'Très motivée.' }]);
    expect((await read(TOKENS.franceTravail, referral.id))!.debriefs.map((d) => d.side)).toEqual(['ORGANISER', 'HOST']);

    // The passeport meets the host structure as it meets a host company.
    const PASSEPORT = `query($id: ID!) { node(id: $id) { ... on Participant { passeport {
      sessions { hostCompany { id } hostStructure { id name } } companies { company { id } } hostStructures { structure { id } visits } } } } }`;
    type Passeport = { sessions: { hostCompany: unknown; hostStructure: { id: string; name: string } | null }[]; companies: unknown[]; hostStructures: { structure: { id: string }; visits: number }[] };
    const { node } = await t.client(TOKENS.franceTravail).request<{ node: { passeport: Passeport } }>(PASSEPORT, { id: globalIdOf('Participant', participant) });
    expect(node.passeport.sessions).toEqual([{ hostCompany: null, hostStructure: { id: globalIdOf('Structure', aci), name: 'Chantier d’insertion Espaces Verts du Hainaut' } }]);
    expect(node.passeport.hostStructures).toEqual([{ structure: { id: globalIdOf('Structure', aci) }, visits: 1 }]);
    expect(node.passeport.companies).toEqual([]);
  });
});

describe('the demo network', () => {
  it('has a published visit of the PLIE hosted by the MFR de Vayres, confirmed', async () => {
    const { sessions } = await t.client(TOKENS.portal).request<{ sessions: { edges: { node: { title: string; hostConfirmation: string; organiser: { name: string }; hostStructure: { kind: string; name: string } } }[] } }>(
      'query($f: SessionFilter) { sessions(filter: $f, first: 10) { edges { node { title hostConfirmation organiser { name } hostStructure { kind name } } } } }',
      { f: { hostStructures: [globalIdOf('Structure', mfr)] } },
    );
    expect(sessions.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ hostConfirmation: 'CONFIRMED', organiser: { name: 'PLIE du Libournais' }, hostStructure: { kind: 'MFR', name: expect.stringContaining('MFR') } }),
    ]);
  });
});
