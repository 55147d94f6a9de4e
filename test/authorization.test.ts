import { Account } from '../src/access/entities/account';
import { todayInFrance } from '../src/common/local-date';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * The rule table of the README ("Who may see and do what"), cell by cell: every role tries every operation, and
 * the cells that say "no" are as much tested as the ones that say "yes".
 */
let t: TestServer;
let ids: { plie: number; crepi: number; company: number; plieAccount: number };
const roles: Record<string, string> = {};
let companyStaffAccount: string;

const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
const day = (days: number) => new Date(Date.parse(`${todayInFrance()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** 'ok', or the error code. */
async function attempt(token: string, query: string, variables: Record<string, unknown>): Promise<string> {
  const response = await fetch(t.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.length ? String(body.errors[0]!.extensions?.code) : 'ok';
}

const isAdmin = (token: string) => token === TOKENS.admin;

/** Fresh fixtures for each cell, so that cells do not depend on each other. */
async function plieParticipant(): Promise<number> {
  return (await createParticipants(t, ids.plie, 1))[0]!;
}
async function crepiSession(): Promise<number> {
  return createPublishedSession(t, ids.crepi, 5);
}
async function pendingReferral(): Promise<string> {
  const session = await crepiSession();
  const participant = await plieParticipant();
  const data = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(
    'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
    { i: { participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: 'visite' } },
  );
  return data.referParticipant.referral.id;
}

/** A DRAFT workshop of the CRÉPI, without host. */
async function crepiDraft(): Promise<number> {
  const [draft] = await sql<{ id: number }>(t, `insert into session (kind, title, organiser_id, starts_at, ends_at, capacity) values ('WORKSHOP', 'Atelier', ?, now() + interval '9 days', now() + interval '9 days 2 hours', 8) returning id`, [ids.crepi]);
  await sql(t, `insert into session_metier values (?, 'F1701')`, [draft!.id]);
  return draft!.id;
}

/** A DRAFT immersion offer of the building company. */
async function companyDraftOffer(): Promise<number> {
  const [offer] = await sql<{ id: number }>(
    t,
    `insert into immersion_offer (company_id, metier_code, objective, title, available_from, available_until, max_presence_days, positions)
     values (?, 'F1701', 'DISCOVER_METIER', 'Découvrir le coffrage', current_date + 1, current_date + 30, 5, 1) returning id`,
    [ids.company],
  );
  return offer!.id;
}

/** A PROPOSED commitment of the building company, animated by the CRÉPI. */
async function proposedCommitment(): Promise<number> {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into commitment (company_id, animator_id, axis, pledge, measure, target, period_start, period_end, status)
     values (?, ?, 'RECRUTER', 'Recruter deux personnes des quartiers', 'HIRES', 2, current_date, current_date + 365, 'PROPOSED') returning id`,
    [ids.company, ids.crepi],
  );
  return row!.id;
}

/** A future session of the PLIE naming the building company as host: a draft awaiting it, or published once it agreed. */
async function hostedSession(status: 'DRAFT' | 'PUBLISHED'): Promise<number> {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into session (kind, title, organiser_id, host_company_id, host_confirmation, starts_at, ends_at, capacity, status, published_at)
     values ('COMPANY_VISIT', 'Visite', ?, ?, ?, now() + interval '9 days', now() + interval '9 days 2 hours', 8, ?, case when ? = 'PUBLISHED' then now() end) returning id`,
    [ids.plie, ids.company, status === 'DRAFT' ? 'PENDING' : 'CONFIRMED', status, status],
  );
  await sql(t, `insert into session_metier values (?, 'F1701')`, [row!.id]);
  return row!.id;
}

type Operation = (token: string) => Promise<string>;

const OPERATIONS: Record<string, Operation> = {
  createSession: (token) =>
    attempt(token, 'mutation($i: CreateSessionInput!) { createSession(input: $i) { session { id } } }', {
      i: { kind: 'COMPANY_VISIT', title: 'Visite', metierCodes: ['F1701'], startsAt: inDays(10), endsAt: inDays(10, 3), capacity: 5, ...(isAdmin(token) ? { organiserId: globalIdOf('Structure', ids.crepi) } : {}) },
    }),
  publishSession: async (token) =>
    attempt(token, 'mutation($i: SessionIdInput!) { publishSession(input: $i) { session { id } } }', { i: { sessionId: globalIdOf('Session', await crepiDraft()) } }),
  cancelSession: async (token) =>
    attempt(token, 'mutation($i: CancelSessionInput!) { cancelSession(input: $i) { session { id } } }', { i: { sessionId: globalIdOf('Session', await crepiSession()) } }),
  cancelDraftSession: async (token) =>
    attempt(token, 'mutation($i: CancelSessionInput!) { cancelSession(input: $i) { session { id } } }', { i: { sessionId: globalIdOf('Session', await crepiDraft()) } }),
  publishImmersionOffer: async (token) =>
    attempt(token, 'mutation($i: ImmersionOfferIdInput!) { publishImmersionOffer(input: $i) { immersionOffer { id } } }', { i: { immersionOfferId: globalIdOf('ImmersionOffer', await companyDraftOffer()) } }),
  closeImmersionOfferDraft: async (token) =>
    attempt(token, 'mutation($i: CloseImmersionOfferInput!) { closeImmersionOffer(input: $i) { immersionOffer { id } } }', { i: { immersionOfferId: globalIdOf('ImmersionOffer', await companyDraftOffer()) } }),
  confirmSessionHosting: async (token) =>
    attempt(token, 'mutation($i: SessionIdInput!) { confirmSessionHosting(input: $i) { session { id } } }', { i: { sessionId: globalIdOf('Session', await hostedSession('DRAFT')) } }),
  declineSessionHosting: async (token) =>
    attempt(token, 'mutation($i: DeclineSessionHostingInput!) { declineSessionHosting(input: $i) { session { id } } }', { i: { sessionId: globalIdOf('Session', await hostedSession('PUBLISHED')) } }),
  createImmersionOffer: (token) =>
    attempt(token, 'mutation($i: CreateImmersionOfferInput!) { createImmersionOffer(input: $i) { immersionOffer { id } } }', {
      i: { metierCode: 'F1701', objective: 'DISCOVER_METIER', title: 'Découvrir', availableFrom: day(1), availableUntil: day(30), maxPresenceDays: 5, positions: 1, ...(isAdmin(token) ? { companyId: globalIdOf('Company', ids.company) } : {}) },
    }),
  registerParticipant: (token) =>
    attempt(token, 'mutation($i: RegisterParticipantInput!) { registerParticipant(input: $i) { participant { id } } }', { i: { firstName: 'Awa', lastName: 'Diallo', birthDate: '1998-03-02' } }),
  updateParticipant: async (token) =>
    attempt(token, 'mutation($i: UpdateParticipantInput!) { updateParticipant(input: $i) { participant { id } } }', { i: { participantId: globalIdOf('Participant', await plieParticipant()), phone: '06 12 34 56 78' } }),
  eraseParticipant: async (token) =>
    attempt(token, 'mutation($i: EraseParticipantInput!) { eraseParticipant(input: $i) { participant { id } } }', { i: { participantId: globalIdOf('Participant', await plieParticipant()) } }),
  referParticipant: async (token) =>
    attempt(token, 'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }', {
      i: { participantId: globalIdOf('Participant', await plieParticipant()), sessionId: globalIdOf('Session', await crepiSession()), motive: 'visite' },
    }),
  acceptReferral: async (token) => attempt(token, 'mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId: await pendingReferral() } }),
  refuseReferral: async (token) =>
    attempt(token, 'mutation($i: RefuseReferralInput!) { refuseReferral(input: $i) { referral { id } } }', { i: { referralId: await pendingReferral(), reason: 'NO_SEAT', sharedWithParticipant: true } }),
  cancelReferral: async (token) => attempt(token, 'mutation($i: CancelReferralInput!) { cancelReferral(input: $i) { referral { id } } }', { i: { referralId: await pendingReferral() } }),
  proposeCommitment: (token) =>
    attempt(token, 'mutation($i: ProposeCommitmentInput!) { proposeCommitment(input: $i) { commitment { id } } }', {
      i: {
        axis: 'FORMER', pledge: 'Accueillir deux apprentis', measure: 'APPRENTICES', target: 2, periodStart: day(0), periodEnd: day(365),
        ...(token === TOKENS.crepi || isAdmin(token) ? { companyId: globalIdOf('Company', ids.company) } : {}),
        ...(isAdmin(token) ? { animatorId: globalIdOf('Structure', ids.crepi) } : {}),
      },
    }),
  signCommitment: async (token) =>
    attempt(token, 'mutation($i: SignCommitmentInput!) { signCommitment(input: $i) { commitment { id } } }', {
      i: { commitmentId: globalIdOf('Commitment', await proposedCommitment()), publicPartners: ['Préfecture de la Seine-Saint-Denis', 'Plaine Commune'], conventionSignedOn: day(0) },
    }),
  withdrawCommitment: async (token) =>
    attempt(token, 'mutation($i: WithdrawCommitmentInput!) { withdrawCommitment(input: $i) { commitment { id } } }', { i: { commitmentId: globalIdOf('Commitment', await proposedCommitment()) } }),
  createAccount: (token) =>
    attempt(token, 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }', {
      i: { email: `new-${Math.random().toString(36).slice(2)}@example.org`, displayName: 'Nouveau', role: 'STRUCTURE_STAFF', ...(isAdmin(token) ? { structureId: globalIdOf('Structure', ids.crepi) } : {}) },
    }),
  createParticipantAccount: async (token) =>
    attempt(token, 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id role } } }', {
      // A participant the CRÉPI follows: the structure admin's own.
      i: { email: `app-${Math.random().toString(36).slice(2)}@example.org`, displayName: 'Awa', role: 'PARTICIPANT', participantId: globalIdOf('Participant', (await createParticipants(t, ids.crepi, 1))[0]!) },
    }),
  disableAccountOfAPlieStaff: async (token) => {
    const [staff] = await sql<{ id: number }>(t, `insert into account (email, display_name, role, structure_id) values (?, 'Conseillère', 'STRUCTURE_STAFF', ?) returning id`, [`staff-${Math.random().toString(36).slice(2)}@plie.example.org`, ids.plie]);
    return attempt(token, 'mutation($i: AccountIdInput!) { disableAccount(input: $i) { account { id } } }', { i: { accountId: globalIdOf('Account', staff!.id) } });
  },
  createApiTokenForThePlieCounsellor: (token) =>
    attempt(token, 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }', { i: { accountId: globalIdOf('Account', ids.plieAccount) } }),
  revokeApiTokenOfThePlieCounsellor: async (token) =>
    attempt(token, 'mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { token { revokedAt } } }', { i: { tokenId: String(await plieCounsellorToken()) } }),
};

/** A fresh token of the PLIE counsellor, made outside the API; returns its id. */
async function plieCounsellorToken(): Promise<number> {
  const em = t.orm.em.fork();
  const { token } = await issueToken(em, await em.findOneOrFail(Account, ids.plieAccount), { label: 'rule table', expiresAt: new Date(Date.now() + 86_400_000) });
  return token.id;
}

// Roles: NA network admin, SA structure admin (the CRÉPI, an organiser, not a prescriber), SS structure staff of the
// PLIE (a prescriber) and of the mission locale (another prescriber), CA company admin and CS company staff
// (Gros Œuvre de la Plaine), P a participant, PI a read-only portal.
const ROLE_ORDER = ['NA', 'SA', 'SS-PLIE', 'SS-ML', 'CA', 'CS', 'P', 'PI'] as const;
const Y = 'ok';
const F = 'FORBIDDEN';
/** Not visible to this role: answered as if it did not exist (no leak through errors). Accounts and tokens a viewer
 * does not manage are not visible to it. */
const N = 'NOT_FOUND';
const TABLE: Record<keyof typeof OPERATIONS, readonly string[]> = {
  //                                   NA  SA  SS-PLIE SS-ML CA CS  P  PI
  createSession:                      [Y,  Y,  Y,      Y,    F, F,  F, F],
  // A draft is seen only by its organiser (and network admins): to anyone else it does not exist, not FORBIDDEN.
  publishSession:                     [Y,  Y,  N,      N,    N, N,  N, N],
  cancelSession:                      [Y,  Y,  F,      F,    F, F,  F, F],
  cancelDraftSession:                 [Y,  Y,  N,      N,    N, N,  N, N],
  // A PLIE draft naming the company: only the host answers; the organiser sees it but may not, others do not see it.
  confirmSessionHosting:              [Y,  N,  F,      N,    Y, Y,  N, N],
  // A published PLIE session the company agreed to host: only the host withdraws.
  declineSessionHosting:              [Y,  F,  F,      F,    Y, Y,  F, F],
  createImmersionOffer:               [Y,  F,  F,      F,    Y, Y,  F, F],
  // A draft offer is seen only by its company: NOT_FOUND for others; its company may not close a draft.
  publishImmersionOffer:              [Y,  N,  N,      N,    Y, Y,  N, N],
  closeImmersionOfferDraft:           ['INVALID_TRANSITION', N, N, N, 'INVALID_TRANSITION', 'INVALID_TRANSITION', N, N],
  registerParticipant:                [F,  Y,  Y,      Y,    F, F,  F, F],
  updateParticipant:                  [Y,  N,  Y,      N,    N, N,  N, N],
  eraseParticipant:                   [Y,  N,  Y,      N,    N, N,  N, N],
  referParticipant:                   [Y,  N,  Y,      N,    N, N,  N, N],
  acceptReferral:                     [Y,  Y,  F,      N,    N, N,  N, N],
  refuseReferral:                     [Y,  Y,  F,      N,    N, N,  N, N],
  cancelReferral:                     [Y,  F,  Y,      N,    N, N,  N, N],
  proposeCommitment:                  [Y,  Y,  F,      F,    Y, Y,  F, F],
  signCommitment:                     [Y,  Y,  F,      F,    F, F,  F, F],
  withdrawCommitment:                 [Y,  Y,  F,      F,    Y, Y,  F, F],
  createAccount:                      [Y,  Y,  F,      F,    F, F,  F, F],
  createParticipantAccount:           [Y,  Y,  F,      F,    F, F,  F, F],
  disableAccountOfAPlieStaff:         [Y,  N,  N,      N,    N, N,  N, N],
  createApiTokenForThePlieCounsellor: [Y,  N,  Y,      N,    N, N,  N, N],
  revokeApiTokenOfThePlieCounsellor:  [Y,  N,  Y,      N,    N, N,  N, N],
};

beforeAll(async () => {
  t = await startTestServer();
  const structureOf = async (token: string) =>
    (await t.client(token).request<{ viewer: { id: string; structure: { id: string } | null; company: { id: string } | null } }>('{ viewer { id structure { id } company { id } } }')).viewer;
  const plie = await structureOf(TOKENS.plie);
  const crepi = await structureOf(TOKENS.crepi);
  const company = await structureOf(TOKENS.company);
  ids = { plie: keyOf(plie.structure!.id), crepi: keyOf(crepi.structure!.id), company: keyOf(company.company!.id), plieAccount: keyOf(plie.id) };
  // A company staff account and its token, made through the API by the company's admin.
  const created = await t.client(TOKENS.company).request<{ createAccount: { account: { id: string } } }>(
    'mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }',
    { i: { email: 'conducteur.travaux.test@gros-oeuvre-plaine.example.org', displayName: 'Chef de chantier', role: 'COMPANY_STAFF' } },
  );
  const token = await t.client(TOKENS.company).request<{ createApiToken: { secret: string } }>(
    'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }',
    { i: { accountId: created.createAccount.account.id, label: 'chantier', expiresInDays: 30 } },
  );
  companyStaffAccount = created.createAccount.account.id;
  Object.assign(roles, {
    NA: TOKENS.admin, SA: TOKENS.crepi, 'SS-PLIE': TOKENS.plie, 'SS-ML': TOKENS.ml, CA: TOKENS.company,
    CS: token.createApiToken.secret, P: TOKENS.participant, PI: TOKENS.portal,
  });
});
afterAll(async () => {
  await t?.stop();
});

const CELLS = Object.entries(TABLE).flatMap(([operation, row]) => ROLE_ORDER.map((role, i) => [operation, role, row[i]!] as const));

describe('the rule table: mutations', () => {
  it.each(CELLS)('%s by %s: %s', async (operation, role, expected) => {
    expect(await OPERATIONS[operation]!(roles[role]!)).toBe(expected);
  });
});

describe('the rule table: reads', () => {
  const PEOPLE = '{ viewer { structure { id } participant { id } } participants(first: 100) { totalCount edges { node { id referentStructure { id } } } } referrals(first: 100) { totalCount } }';
  type People = {
    viewer: { structure: { id: string } | null; participant: { id: string } | null };
    participants: { totalCount: number; edges: { node: { id: string; referentStructure: { id: string } } }[] };
    referrals: { totalCount: number };
  };
  // participants: ALL, FOLLOWED (only those their structure follows), SELF, NONE
  it.each([
    ['NA', 'ALL', true],
    ['SA', 'FOLLOWED', true],
    ['SS-PLIE', 'FOLLOWED', true],
    ['SS-ML', 'FOLLOWED', true],
    ['CA', 'NONE', true],
    ['CS', 'NONE', true],
    ['P', 'SELF', true],
    ['PI', 'NONE', false],
  ] as const)('%s sees participants: %s; referrals: %s', async (role, participants, referrals) => {
    const data = await t.client(roles[role]).request<People>(PEOPLE);
    const seen = data.participants.edges.map((e) => e.node);
    if (participants === 'ALL') expect(data.participants.totalCount).toBeGreaterThan(10);
    if (participants === 'NONE') expect(data.participants.totalCount).toBe(0);
    if (participants === 'SELF') expect(seen.map((p) => p.id)).toEqual([data.viewer.participant!.id]);
    if (participants === 'FOLLOWED') for (const p of seen) expect(p.referentStructure.id).toBe(data.viewer.structure!.id);
    expect(data.referrals.totalCount > 0).toBe(referrals);
  });

  it('shows personal data in full to the referent and prescriber, partly to the host (contact once accepted), never to a portal', async () => {
    const referralId = await pendingReferral();
    const QUERY = 'query($id: ID!) { node(id: $id) { ... on Referral { participant { personalData { firstName lastName birthDate phone notes } } } } }';
    type Data = { node: { participant: { personalData: { lastName: string; birthDate: string | null; phone: string | null } | null } } | null };
    const read = async (token: string) => (await t.client(token).request<Data>(QUERY, { id: referralId })).node?.participant.personalData ?? null;
    await sql(t, `update participant_personal_data set phone = '0600000000' where participant_id = (select participant_id from referral where id = ?)`, [keyOf(referralId)]);

    expect(await read(TOKENS.plie)).toMatchObject({ lastName: expect.stringMatching(/^Participant \d+$/), birthDate: '1990-05-17', phone: '0600000000' });
    expect(await read(TOKENS.crepi)).toEqual({ firstName: 'Test', lastName: 'P.', birthDate: null, phone: null, notes: null });
    await t.client(TOKENS.crepi).request('mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId } });
    expect(await read(TOKENS.crepi)).toEqual({ firstName: 'Test', lastName: 'P.', birthDate: null, phone: '0600000000', notes: null });
    expect(await read(TOKENS.portal)).toBeNull(); // the portal cannot even see the referral
    expect(await read(TOKENS.ml)).toBeNull();
  });

  it('shows the passeport to the referent, the prescriber and admins, null to a host, and no participant at all to a portal (test/passeport.test.ts: each cell)', async () => {
    const referralId = await pendingReferral();
    const QUERY = 'query($id: ID!) { node(id: $id) { ... on Referral { participant { personalData { firstName } passeport { sessionCount } } } } }';
    type Data = { node: { participant: { personalData: { firstName: string } | null; passeport: { sessionCount: number } | null } } | null };
    const read = async (token: string) => (await t.client(token).request<Data>(QUERY, { id: referralId })).node?.participant ?? null;
    expect((await read(TOKENS.plie))?.passeport).toEqual({ sessionCount: 0 });
    expect((await read(TOKENS.admin))?.passeport).toEqual({ sessionCount: 0 });
    expect(await read(TOKENS.crepi)).toEqual({ personalData: { firstName: 'Test' }, passeport: null });
    expect(await read(TOKENS.portal)).toBeNull();
    expect(await read(TOKENS.ml)).toBeNull();
  });

  it('shows the free texts of a referral (motive, outcome note) to the prescriber, referent, admins and the participant, never to the hosts, and audits each read', async () => {
    const MOTIVE = 'Suivi santé : reprise après un arrêt long, RQTH en cours';
    const NOTE = 'Embauché ; aménagement de poste prévu avec le médecin du travail';
    const { viewer } = await t.client(TOKENS.participant).request<{ viewer: { participant: { id: string } } }>('{ viewer { participant { id } } }');
    const participant = viewer.participant.id;
    // France Travail follows and refers the participant: to a session the CRÉPI organises, and to an offer of the company.
    const session = await crepiSession();
    const referred = await t.client(TOKENS.franceTravail).request<{ referParticipant: { referral: { id: string } } }>(
      'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
      { i: { participantId: participant, sessionId: globalIdOf('Session', session), motive: MOTIVE } },
    );
    const referralId = referred.referParticipant.referral.id;
    await t.client(TOKENS.crepi).request('mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId } });
    await sql(t, `update session set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = ?`, [session]);
    await t.client(TOKENS.crepi).request('mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { referral { id } } }', { i: { referralId, attended: true } });
    await t.client(TOKENS.franceTravail).request('mutation($i: CompleteReferralInput!) { completeReferral(input: $i) { referral { id } } }', {
      i: { referralId, outcome: 'HIRED', contractType: 'CDI', note: NOTE },
    });

    const QUERY = 'query($id: ID!) { node(id: $id) { ... on Referral { motive outcomeNote transitions { toStatus reason } } } }';
    type Read = { motive: string | null; outcomeNote: string | null; transitions: { toStatus: string; reason: string | null }[] } | null;
    const read = async (token: string) => (await t.client(token).request<{ node: Read }>(QUERY, { id: referralId })).node;
    const full = { motive: MOTIVE, outcomeNote: NOTE, transitions: [
      { toStatus: 'PENDING', reason: MOTIVE }, { toStatus: 'ACCEPTED', reason: null }, { toStatus: 'ATTENDED', reason: null }, { toStatus: 'COMPLETED', reason: NOTE },
    ] };
    const hidden = { motive: null, outcomeNote: null, transitions: full.transitions.map((l) => ({ ...l, reason: null })) };
    const [ft, crepiAccount] = await Promise.all([TOKENS.franceTravail, TOKENS.crepi].map(async (token) => (await t.client(token).request<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id));
    const reads = async (accountId: string) =>
      Number((await sql<{ n: string }>(t, `select count(*) n from audit_log where operation = 'read:personalData' and account_id = ? and participant_id = ?`, [keyOf(accountId), keyOf(participant)]))[0]!.n);
    const ftReadsBefore = await reads(ft!);

    expect(await read(TOKENS.franceTravail)).toEqual(full); // prescriber and referent
    expect(await read(TOKENS.admin)).toEqual(full);
    expect(await read(TOKENS.participant)).toEqual(full); // their own
    expect(await read(TOKENS.crepi)).toEqual(hidden); // the organiser
    expect(await read(TOKENS.company)).toBeNull(); // not a party of this one
    expect(await read(TOKENS.plie)).toBeNull();

    // The offering company hosts too: the same on its list.
    const created = await t.client(TOKENS.company).request<{ createImmersionOffer: { immersionOffer: { id: string } } }>(
      'mutation($i: CreateImmersionOfferInput!) { createImmersionOffer(input: $i) { immersionOffer { id } } }',
      { i: { metierCode: 'F1701', objective: 'DISCOVER_METIER', title: 'Découvrir le coffrage', availableFrom: day(10), availableUntil: day(40), maxPresenceDays: 5, positions: 1 } },
    );
    const offer = created.createImmersionOffer.immersionOffer.id;
    await t.client(TOKENS.company).request('mutation($i: ImmersionOfferIdInput!) { publishImmersionOffer(input: $i) { immersionOffer { id } } }', { i: { immersionOfferId: offer } });
    const toOffer = await t.client(TOKENS.franceTravail).request<{ referParticipant: { referral: { id: string } } }>(
      'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
      { i: { participantId: participant, immersionOfferId: offer, motive: MOTIVE } },
    );
    const listed = await t.client(TOKENS.company).request<{ referrals: { edges: { node: { id: string; motive: string | null; transitions: { reason: string | null }[] } }[] } }>(
      'query($f: ReferralFilter) { referrals(filter: $f, first: 10) { edges { node { id motive transitions { reason } } } } }', { f: { immersionOffers: [offer] } },
    );
    expect(listed.referrals.edges.map((e) => e.node)).toEqual([{ id: toOffer.referParticipant.referral.id, motive: null, transitions: [{ reason: null }] }]);

    // Reading the free texts is a personal-data read, audited once per request; a host read nothing, so nothing is noted.
    expect(await reads(ft!)).toBe(ftReadsBefore + 1);
    expect(await reads(crepiAccount!)).toBe(0);
  });

  it('lets the disabled account of a company staff member do nothing any more', async () => {
    const accounts = await t.client(TOKENS.company).request<{ accounts: { edges: { node: { id: string; role: string } }[] } }>('{ accounts(first: 50) { edges { node { id role } } } }');
    const staff = accounts.accounts.edges.find((e) => e.node.id === companyStaffAccount)!.node.id;
    expect(await attempt(TOKENS.plie, 'mutation($i: AccountIdInput!) { disableAccount(input: $i) { account { id } } }', { i: { accountId: staff } })).toBe('NOT_FOUND');
    expect(await attempt(TOKENS.company, 'mutation($i: AccountIdInput!) { disableAccount(input: $i) { account { disabledAt } } }', { i: { accountId: staff } })).toBe('ok');
    expect(await attempt(roles.CS!, '{ viewer { id } }', {})).toBe('UNAUTHENTICATED');
  });
});

describe('accounts and tokens a viewer may not see stay unseen', () => {
  const CREATE_ACCOUNT = 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id role participant { id } } } }';
  const DISABLE = 'mutation($i: AccountIdInput!) { disableAccount(input: $i) { account { id } } }';
  const REVOKE = 'mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { token { id } } }';
  const accountsWithEmail = async (email: string) => (await sql<{ n: number }>(t, 'select count(*)::int as n from account where email = ?', [email]))[0]!.n;

  it('answers a token or an account it does not manage exactly as one that does not exist', async () => {
    const [missing] = await sql<{ id: number }>(t, 'select max(id) + 1000 as id from api_token');
    const hidden = await failure(t.server.url, TOKENS.crepi, REVOKE, { i: { tokenId: String(await plieCounsellorToken()) } });
    const absent = await failure(t.server.url, TOKENS.crepi, REVOKE, { i: { tokenId: String(missing!.id) } });
    expect(hidden).toEqual(absent);
    expect(hidden).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.tokenId'] });
    const hiddenAccount = await failure(t.server.url, TOKENS.company, DISABLE, { i: { accountId: globalIdOf('Account', ids.plieAccount) } });
    const absentAccount = await failure(t.server.url, TOKENS.company, DISABLE, { i: { accountId: globalIdOf('Account', 999_999) } });
    expect(hiddenAccount).toEqual(absentAccount);
    expect(hiddenAccount).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.accountId'] });
  });

  it('lets a structure admin create, see and manage the account of a participant it follows, and no one else\'s', async () => {
    const [followed] = await createParticipants(t, ids.crepi, 1);
    const email = `app-${followed}@example.org`;
    const created = await t.client(TOKENS.crepi).request<{ createAccount: { account: { id: string; role: string; participant: { id: string } } } }>(CREATE_ACCOUNT, {
      i: { email, displayName: 'Awa', role: 'PARTICIPANT', participantId: globalIdOf('Participant', followed!) },
    });
    expect(created.createAccount.account).toMatchObject({ role: 'PARTICIPANT', participant: { id: globalIdOf('Participant', followed!) } });
    const accountId = created.createAccount.account.id;
    const listed = await t.client(TOKENS.crepi).request<{ accounts: { edges: { node: { id: string } }[] } }>('{ accounts(first: 100) { edges { node { id } } } }');
    expect(listed.accounts.edges.map((e) => e.node.id)).toContain(accountId);
    // The participant's app gets its token from the structure's admin, and it expires.
    const minted = await t.client(TOKENS.crepi).request<{ createApiToken: { secret: string; token: { expiresAt: string | null } } }>(
      'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret token { expiresAt } } }',
      { i: { accountId, label: 'app' } },
    );
    expect(minted.createApiToken.token.expiresAt).not.toBeNull();
    expect((await t.client(minted.createApiToken.secret).request<{ viewer: { role: string } }>('{ viewer { role } }')).viewer.role).toBe('PARTICIPANT');

    // A participant another structure follows: as if it did not exist, and nothing written.
    const [elsewhere] = await createParticipants(t, ids.plie, 1);
    const other = `app-${elsewhere}@example.org`;
    const refused = await failure(t.server.url, TOKENS.crepi, CREATE_ACCOUNT, { i: { email: other, displayName: 'Léa', role: 'PARTICIPANT', participantId: globalIdOf('Participant', elsewhere!) } });
    expect(refused).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.participantId'] });
    expect(await accountsWithEmail(other)).toBe(0);
  });

  it('says CONFLICT for a taken email only when the viewer sees its account; otherwise does not say whether it exists', async () => {
    const [plieCounsellor] = await sql<{ email: string }>(t, 'select email from account where id = ?', [ids.plieAccount]);
    const staff = (email: string) => ({ i: { email, displayName: 'Nouveau', role: 'STRUCTURE_STAFF' } });
    // The CRÉPI's admin may not see the PLIE counsellor's account: the refusal neither names a conflict nor says "exists".
    const hidden = await failure(t.server.url, TOKENS.crepi, CREATE_ACCOUNT, staff(plieCounsellor!.email));
    expect(hidden).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.email'], messages: ['input.email cannot be used for a new account: choose another address'] });
    expect(hidden.messages[0]).not.toMatch(/exist|participant|structure|account with/i);
    // Its own structure's account (itself), or any account for a network admin: a plain CONFLICT.
    const [crepiAdmin] = await sql<{ email: string }>(t, 'select email from account where role = ? and structure_id = ? order by id limit 1', ['STRUCTURE_ADMIN', ids.crepi]);
    expect(await failure(t.server.url, TOKENS.crepi, CREATE_ACCOUNT, staff(crepiAdmin!.email))).toMatchObject({ codes: ['CONFLICT'], fields: ['input.email'] });
    expect(await failure(t.server.url, TOKENS.admin, CREATE_ACCOUNT, { i: { ...staff(plieCounsellor!.email).i, structureId: globalIdOf('Structure', ids.plie) } })).toMatchObject({ codes: ['CONFLICT'], fields: ['input.email'] });
    // Roles that may create no account learn nothing about the address either: refused before it is looked at.
    expect(await failure(t.server.url, TOKENS.portal, CREATE_ACCOUNT, staff(plieCounsellor!.email))).toMatchObject({ codes: ['FORBIDDEN'], fields: ['input.role'] });
  });
});

describe('tokens: a lifetime and a number per account', () => {
  const MINT = 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret token { id expiresAt } } }';
  type Minted = { createApiToken: { secret: string; token: { id: string; expiresAt: string | null } } };
  const daysFromNow = (timestamp: string) => (Date.parse(timestamp.replace(' ', 'T').replace(/\+00$/, 'Z')) - Date.now()) / 86_400_000;

  it('makes tokens of anyone but a network admin expire within 90 days, the default; longer is refused naming input.expiresInDays', async () => {
    const own = (await t.client(TOKENS.participant).request<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id;
    const byDefault = await t.client(TOKENS.participant).request<Minted>(MINT, { i: { accountId: own, label: 'téléphone' } });
    expect(daysFromNow(byDefault.createApiToken.token.expiresAt!)).toBeCloseTo(90, 1);
    expect(await failure(t.server.url, TOKENS.participant, MINT, { i: { accountId: own, expiresInDays: 91 } })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.expiresInDays'] });
    expect(await failure(t.server.url, TOKENS.crepi, MINT, { i: { accountId: (await t.client(TOKENS.crepi).request<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id, expiresInDays: 3650 } }))
      .toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.expiresInDays'] });
    expect(daysFromNow((await t.client(TOKENS.participant).request<Minted>(MINT, { i: { accountId: own, expiresInDays: 7 } })).createApiToken.token.expiresAt!)).toBeCloseTo(7, 1);
    // A network admin decides: a token that never expires (an integration's), or a long one.
    expect((await t.client(TOKENS.admin).request<Minted>(MINT, { i: { accountId: own } })).createApiToken.token.expiresAt).toBeNull();
    expect(daysFromNow((await t.client(TOKENS.admin).request<Minted>(MINT, { i: { accountId: own, expiresInDays: 3650 } })).createApiToken.token.expiresAt!)).toBeCloseTo(3650, 0);
  });

  it('lets an account hold at most 20 live tokens: the next is CONFLICT until one is revoked or expires', async () => {
    // A portal of the CRÉPI with one token, minting its own.
    const [portal] = await sql<{ id: number }>(t, `insert into account (email, display_name, role, structure_id) values ('portail-2@crepi-idf.example.org', 'Portail 2', 'PARTNER_INTEGRATION', ?) returning id`, [ids.crepi]);
    const em = t.orm.em.fork();
    const { secret } = await issueToken(em, await em.findOneOrFail(Account, portal!.id), { expiresAt: new Date(Date.now() + 86_400_000) });
    const accountId = globalIdOf('Account', portal!.id);
    const minted: Minted[] = [];
    for (let i = 0; i < 19; i++) minted.push(await t.client(secret).request<Minted>(MINT, { i: { accountId, label: `clé ${i}` } }));
    const over = await failure(t.server.url, secret, MINT, { i: { accountId } });
    expect(over).toMatchObject({ codes: ['CONFLICT'], fields: ['input.accountId'] });
    expect(over.messages[0]).toMatch(/20 live tokens/);
    const live = async () => (await sql<{ n: number }>(t, 'select count(*)::int as n from api_token where account_id = ? and revoked_at is null and (expires_at is null or expires_at > now())', [portal!.id]))[0]!.n;
    expect(await live()).toBe(20);
    // A revoked one frees a place; so does an expired one.
    await t.client(secret).request(REVOKE_TOKEN, { i: { tokenId: minted[0]!.createApiToken.token.id } });
    await t.client(secret).request<Minted>(MINT, { i: { accountId } });
    await sql(t, `update api_token set expires_at = now() - interval '1 second' where id = ?`, [Number(minted[1]!.createApiToken.token.id)]);
    await t.client(secret).request<Minted>(MINT, { i: { accountId } });
    expect(await failure(t.server.url, secret, MINT, { i: { accountId } })).toMatchObject({ codes: ['CONFLICT'] });
    expect(await live()).toBe(20);
  });
});

const REVOKE_TOKEN = 'mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { token { id } } }';

describe('drafts: only their organiser or company reads them, never a portal (issue 9)', () => {
  const DRAFTS = 'query($s: ID!, $o: ID!) { s: node(id: $s) { id } o: node(id: $o) { id } sessions(filter: { statuses: [DRAFT] }) { totalCount } immersionOffers(filter: { statuses: [DRAFT] }) { totalCount } }';
  type Drafts = { s: { id: string } | null; o: { id: string } | null; sessions: { totalCount: number }; immersionOffers: { totalCount: number } };

  it.each([
    ['SA', true, false],
    ['CA', false, true],
    ['PI', false, false],
    ['P', false, false],
  ] as const)('%s reads the CRÉPI draft session: %s; the company draft offer: %s', async (role, session, offer) => {
    // the portal belongs to the CRÉPI, whose draft this is; the offer is the building company's
    const ids = { s: globalIdOf('Session', await crepiDraft()), o: globalIdOf('ImmersionOffer', await companyDraftOffer()) };
    const data = await t.client(roles[role]).request<Drafts>(DRAFTS, ids);
    expect({ s: data.s?.id ?? null, o: data.o?.id ?? null }).toEqual({ s: session ? ids.s : null, o: offer ? ids.o : null });
    if (role === 'PI' || role === 'P') expect([data.sessions.totalCount, data.immersionOffers.totalCount]).toEqual([0, 0]);
  });
});
