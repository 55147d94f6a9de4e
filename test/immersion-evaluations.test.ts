import { createParticipants, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS, withSqlCount } from './support/graphql';
import { collect } from './support/subscriptions';
import { startTestServer, type TestServer } from './support/server';

/**
 * The evaluation grid at the end of an immersion (issue 12, item 3): who records, shares and reads it (every cell of
 * the README's rows), its validation, its events and its erasure. The immersion is an offer of Gros Œuvre de la
 * Plaine (the demo company) for F1703, whose core compétences the demo seed carries; France Travail follows and refers
 * the demo participant (the `P` token).
 */
let t: TestServer;
let ids: { company: number; franceTravail: number };
let participant: string;
let core: number[];
const roles: Record<string, string> = {};

const RECORD = 'mutation($i: RecordImmersionEvaluationInput!) { recordImmersionEvaluation(input: $i) { evaluation { id competences { code level competence { label } } punctuality comment sharedAt } } }';
const SHARE = 'mutation($i: ShareImmersionEvaluationInput!) { shareImmersionEvaluation(input: $i) { evaluation { id sharedAt } } }';
const READ = 'query($id: ID!) { node(id: $id) { ... on Referral { evaluation { id companySatisfaction participantSatisfaction teamwork comment } } } }';
const COMMENT = 'Très à l\'aise sur le chantier ; fatigue en fin de semaine liée à son traitement';

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

/** A published F1703 offer of the company, open since today, with room for everyone. */
async function offer(metier = 'F1703'): Promise<string> {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into immersion_offer (company_id, metier_code, objective, title, available_from, available_until, max_presence_days, positions, status, published_at)
     values (?, ?, 'CONFIRM_PROJECT', 'Immersion maçonnerie', current_date - 1, current_date + 30, 10, 50, 'PUBLISHED', now()) returning id`,
    [ids.company, metier],
  );
  return globalIdOf('ImmersionOffer', row!.id);
}

/** A referral of `who` (France Travail follows them) to a new offer, through the API, up to `status`. */
async function immersion(status: 'PENDING' | 'ACCEPTED' | 'ATTENDED' = 'ATTENDED', who = participant, metier = 'F1703'): Promise<string> {
  const referred = await t.client(TOKENS.franceTravail).request<{ referParticipant: { referral: { id: string } } }>(
    'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }',
    { i: { participantId: who, immersionOfferId: await offer(metier), motive: 'Confirmer le projet de maçon' } },
  );
  const referralId = referred.referParticipant.referral.id;
  if (status === 'PENDING') return referralId;
  await t.client(TOKENS.company).request('mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId } });
  if (status === 'ACCEPTED') return referralId;
  await t.client(TOKENS.company).request('mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { referral { id } } }', { i: { referralId, attended: true } });
  return referralId;
}

function grid(referralId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    referralId,
    competences: core.map((code, i) => ({ code, level: i % 2 === 0 ? 'PRACTISING' : 'NOT_OBSERVED' })),
    punctuality: 'MASTERED', teamwork: 'PRACTISING', instructions: 'BEGINNER',
    companySatisfaction: 5, participantSatisfaction: 4, comment: COMMENT,
    ...over,
  };
}

/** An immersion evaluated by the company (with a comment); returns the referral's and the evaluation's ids. */
async function evaluated(who = participant): Promise<{ referralId: string; evaluationId: string }> {
  const referralId = await immersion('ATTENDED', who);
  const data = await t.client(TOKENS.company).request<{ recordImmersionEvaluation: { evaluation: { id: string } } }>(RECORD, { i: grid(referralId) });
  return { referralId, evaluationId: data.recordImmersionEvaluation.evaluation.id };
}

beforeAll(async () => {
  t = await startTestServer();
  const viewer = async (token: string) =>
    (await t.client(token).request<{ viewer: { structure: { id: string } | null; company: { id: string } | null; participant: { id: string } | null } }>(
      '{ viewer { structure { id } company { id } participant { id } } }',
    )).viewer;
  ids = { company: keyOf((await viewer(TOKENS.company)).company!.id), franceTravail: keyOf((await viewer(TOKENS.franceTravail)).structure!.id) };
  participant = (await viewer(TOKENS.participant)).participant!.id;
  const metier = await t.client(TOKENS.portal).request<{ metier: { competences: { code: number; core: boolean; relevance: string }[] } }>(
    '{ metier(code: "F1703") { competences { code core relevance } } }',
  );
  core = metier.metier.competences.map((c) => c.code);
  // A company staff account, made through the API by the company's admin.
  const created = await t.client(TOKENS.company).request<{ createAccount: { account: { id: string } } }>(
    'mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }',
    { i: { email: 'tuteur.test@gros-oeuvre-plaine.example.org', displayName: 'Tuteur', role: 'COMPANY_STAFF' } },
  );
  const token = await t.client(TOKENS.company).request<{ createApiToken: { secret: string } }>(
    'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }',
    { i: { accountId: created.createAccount.account.id, label: 'tuteur', expiresInDays: 30 } },
  );
  Object.assign(roles, {
    NA: TOKENS.admin, SA: TOKENS.crepi, 'SS-FT': TOKENS.franceTravail, 'SS-PLIE': TOKENS.plie, CA: TOKENS.company,
    CS: token.createApiToken.secret, P: TOKENS.participant, PI: TOKENS.portal,
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('Metier.competences', () => {
  it('lists the core compétences of a demo métier, from the seed carried in code', async () => {
    expect(core).toHaveLength(14); // F1703 in the v460 files
    const data = await t.client(TOKENS.portal).request<{ metier: { competences: { code: number; label: string; core: boolean; relevance: string; category: string }[] } }>(
      '{ metier(code: "F1703") { competences(coreOnly: false) { code label core relevance category } } }',
    );
    expect(data.metier.competences.every((c) => c.core && c.relevance === 'CORE')).toBe(true);
    expect(data.metier.competences.find((c) => c.code === 103771)).toMatchObject({ label: expect.any(String), category: 'Savoir-faire' });
  });
});

// Roles: NA network admin, SA the CRÉPI's admin (no party), SS-FT France Travail (prescriber and referent of the
// participant), SS-PLIE another structure, CA/CS the offering company, P the participant, PI a portal.
const ROLE_ORDER = ['NA', 'SA', 'SS-FT', 'SS-PLIE', 'CA', 'CS', 'P', 'PI'] as const;
const Y = 'ok';
const F = 'FORBIDDEN';
/** The referral (or the unshared evaluation) is not visible to this role: answered as if it did not exist. */
const N = 'NOT_FOUND';

const OPERATIONS: Record<string, (token: string) => Promise<string>> = {
  recordImmersionEvaluation: async (token) => attempt(token, RECORD, { i: grid(await immersion()) }),
  shareImmersionEvaluation: async (token) => attempt(token, SHARE, { i: { evaluationId: (await evaluated()).evaluationId } }),
};
const TABLE: Record<keyof typeof OPERATIONS, readonly string[]> = {
  //                            NA SA SS-FT SS-PLIE CA CS P  PI
  recordImmersionEvaluation:   [Y, N, F,    N,      Y, Y, F, N],
  // Not yet shared, the evaluation does not exist for the participant.
  shareImmersionEvaluation:    [Y, N, Y,    N,      F, F, N, N],
};
const CELLS = Object.entries(TABLE).flatMap(([operation, row]) => ROLE_ORDER.map((role, i) => [operation, role, row[i]!] as const));

describe('the rule table: mutations', () => {
  it.each(CELLS)('%s by %s: %s', async (operation, role, expected) => {
    expect(await OPERATIONS[operation]!(roles[role]!)).toBe(expected);
  });
});

describe('the rule table: reading Referral.evaluation', () => {
  type Read = { node: { evaluation: { id: string; comment: string | null; companySatisfaction: number } | null } | null };
  // ALL: the evaluation with its comment; NONE: the referral is visible, its evaluation null; HIDDEN: the referral is not visible.
  const BEFORE_SHARING = { NA: 'ALL', SA: 'HIDDEN', 'SS-FT': 'ALL', 'SS-PLIE': 'HIDDEN', CA: 'ALL', CS: 'ALL', P: 'NONE', PI: 'HIDDEN' } as const;
  const AFTER_SHARING = { ...BEFORE_SHARING, P: 'ALL' } as const;
  let referralId: string;
  let evaluationId: string;
  const readAs = async (role: string) => (await t.client(roles[role]).request<Read>(READ, { id: referralId })).node;
  const expected = (what: 'ALL' | 'NONE' | 'HIDDEN') =>
    what === 'HIDDEN' ? null : { evaluation: what === 'NONE' ? null : { id: evaluationId, comment: COMMENT, companySatisfaction: 5, participantSatisfaction: 4, teamwork: 'PRACTISING' } };

  beforeAll(async () => {
    ({ referralId, evaluationId } = await evaluated());
  });

  it.each(ROLE_ORDER)('before sharing, %s reads it as the README says', async (role) => {
    expect(await readAs(role)).toEqual(expected(BEFORE_SHARING[role]));
    const node = await t.client(roles[role]).request<{ node: { id: string } | null }>('query($id: ID!) { node(id: $id) { id } }', { id: evaluationId });
    expect(node.node?.id ?? null).toBe(BEFORE_SHARING[role] === 'ALL' ? evaluationId : null);
  });

  it.each(ROLE_ORDER)('once shared, %s reads it as the README says', async (role) => {
    await t.client(TOKENS.franceTravail).request(SHARE, { i: { evaluationId } });
    expect(await readAs(role)).toEqual(expected(AFTER_SHARING[role]));
  });

  it('audits each read of the comment as a personal-data read of the participant', async () => {
    const account = keyOf((await t.client(TOKENS.company).request<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id);
    const reads = async () => Number((await sql<{ n: string }>(t, `select count(*) n from audit_log where operation = 'read:personalData' and account_id = ? and participant_id = ?`, [account, keyOf(participant)]))[0]!.n);
    const before = await reads();
    await readAs('CA');
    expect(await reads()).toBe(before + 1);
    await t.client(TOKENS.company).request('query($id: ID!) { node(id: $id) { ... on Referral { evaluation { teamwork } } } }', { id: referralId });
    expect(await reads()).toBe(before + 1); // no comment read, nothing noted
  });
});

describe('recording', () => {
  it('stores the grid in the métier\'s order with the compétences\' labels, and replaces it until it is shared, then answers CONFLICT', async () => {
    const referralId = await immersion();
    const reversed = grid(referralId, { competences: [...core].reverse().map((code) => ({ code, level: 'MASTERED' })) });
    const first = await t.client(TOKENS.company).request<{ recordImmersionEvaluation: { evaluation: { id: string; competences: { code: number; level: string; competence: { label: string } }[] } } }>(RECORD, { i: reversed });
    const evaluation = first.recordImmersionEvaluation.evaluation;
    expect(evaluation.competences.map((c) => c.code)).toEqual(core);
    expect(evaluation.competences.every((c) => c.level === 'MASTERED' && c.competence.label.length > 0)).toBe(true);

    const again = await t.client(TOKENS.company).request<{ recordImmersionEvaluation: { evaluation: { id: string; punctuality: string; comment: string | null } } }>(
      RECORD, { i: grid(referralId, { punctuality: 'BEGINNER', comment: null }) },
    );
    expect(again.recordImmersionEvaluation.evaluation).toMatchObject({ id: evaluation.id, punctuality: 'BEGINNER', comment: null });
    expect(Number((await sql<{ n: string }>(t, 'select count(*) n from immersion_evaluation where referral_id = ?', [keyOf(referralId)]))[0]!.n)).toBe(1);

    await t.client(TOKENS.franceTravail).request(SHARE, { i: { evaluationId: evaluation.id } });
    expect(await failure(t.server.url, TOKENS.company, RECORD, { i: grid(referralId) })).toMatchObject({ codes: ['CONFLICT'], fields: ['input.referralId'] });
    // Sharing again changes nothing.
    const shared = async () => (await t.client(TOKENS.franceTravail).request<{ shareImmersionEvaluation: { evaluation: { sharedAt: string } } }>(SHARE, { i: { evaluationId: evaluation.id } })).shareImmersionEvaluation.evaluation.sharedAt;
    expect(await shared()).toBe(await shared());
  });

  it('refuses a compétence that is not a core one of the métier, naming it, and writes nothing', async () => {
    const referralId = await immersion();
    const competences = core.map((code) => ({ code, level: 'PRACTISING' }));
    competences[2] = { code: 100023, level: 'MASTERED' }; // "Abattre un arbre": not a mason's
    expect(await failure(t.server.url, TOKENS.company, RECORD, { i: grid(referralId, { competences }) })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.competences[2].code'] });
    expect(await failure(t.server.url, TOKENS.company, RECORD, { i: grid(referralId, { competences: competences.slice(0, 2) }) })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.competences'] });
    expect(await failure(t.server.url, TOKENS.company, RECORD, { i: grid(referralId, { companySatisfaction: 6 }) })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.companySatisfaction'] });
    expect(await failure(t.server.url, TOKENS.company, RECORD, { i: grid(referralId, { participantSatisfaction: 0 }) })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.participantSatisfaction'] });
    expect(Number((await sql<{ n: string }>(t, 'select count(*) n from immersion_evaluation where referral_id = ?', [keyOf(referralId)]))[0]!.n)).toBe(0);
  });

  it('refuses to evaluate an immersion that was not attended, or a referral to a session: INVALID_TRANSITION', async () => {
    for (const status of ['PENDING', 'ACCEPTED'] as const) {
      expect(await failure(t.server.url, TOKENS.company, RECORD, { i: grid(await immersion(status)) })).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.referralId'] });
    }
    const [session] = await sql<{ id: number }>(t, `select r.id from referral r where r.session_id is not null and r.status = 'ATTENDED' limit 1`);
    expect(await failure(t.server.url, TOKENS.admin, RECORD, { i: grid(globalIdOf('Referral', session!.id)) })).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.referralId'] });
  });
});

describe('reading many', () => {
  it('reads the evaluations of a page of referrals, their compétences and métier, in the same statements for 2 or 20', async () => {
    for (let i = 0; i < 3; i++) await evaluated();
    const QUERY = 'query($n: Int!) { referrals(first: $n, filter: { statuses: [ATTENDED] }) { edges { node { id evaluation { id metier { code } competences { level competence { label } } } } } } }';
    type Page = { referrals: { edges: { node: { evaluation: { competences: { competence: { label: string } }[] } | null } }[] } };
    const small = await withSqlCount<Page>(t.client(TOKENS.company), QUERY, { n: 2 });
    const large = await withSqlCount<Page>(t.client(TOKENS.company), QUERY, { n: 20 });
    const evaluatedIn = (page: Page) => page.referrals.edges.filter((e) => e.node.evaluation !== null).length;
    expect(evaluatedIn(small.data)).toBe(2);
    expect(evaluatedIn(large.data)).toBeGreaterThanOrEqual(3);
    expect(large.data.referrals.edges.flatMap((e) => e.node.evaluation?.competences ?? []).every((c) => c.competence.label.length > 0)).toBe(true);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });
});

describe('events', () => {
  it('pushes a recorded evaluation to the prescriber and the company through referralUpdated, and to the participant only once shared', async () => {
    const { latestEventCursor: after } = await t.client(TOKENS.admin).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    const QUERY = 'subscription($after: String) { referralUpdated(after: $after) { status referral { id evaluation { sharedAt comment } } } }';
    type Event = { referralUpdated: { status: string; referral: { id: string; evaluation: { sharedAt: string | null; comment: string | null } | null } } };
    const prescriber = collect<Event>(t.wsClient(TOKENS.franceTravail), QUERY, { after });
    const company = collect<Event>(t.wsClient(TOKENS.company), QUERY, { after });
    const own = collect<Event>(t.wsClient(TOKENS.participant), QUERY, { after });
    const portal = collect<Event>(t.wsClient(TOKENS.portal), QUERY, { after });
    try {
      const { referralId, evaluationId } = await evaluated();
      // Each event is read as the referral is when it is delivered: wait for the recorded one before sharing.
      const ofThis = (events: Event[]) => events.filter((e) => e.referralUpdated.referral.id === referralId).map((e) => e.referralUpdated.referral.evaluation);
      // refer, accept, attend, evaluation recorded
      for (const subscriber of [prescriber, company]) {
        await subscriber.waitFor(4);
        expect(ofThis(subscriber.events)).toEqual([null, null, null, { sharedAt: null, comment: COMMENT }]);
      }
      await t.client(TOKENS.franceTravail).request(SHARE, { i: { evaluationId } });
      const shared = { sharedAt: expect.any(String), comment: COMMENT };
      for (const subscriber of [prescriber, company]) {
        await subscriber.waitFor(5);
        expect(ofThis(subscriber.events)[4]).toEqual(shared);
      }
      // The participant is not told of a grid it may not read yet: four events (no "recorded"), the last one the
      // shared grid, and never an unshared grid.
      await own.waitFor(4);
      expect(ofThis(own.events)).toHaveLength(4);
      expect(ofThis(own.events)[3]).toEqual(shared);
      expect(ofThis(own.events).filter((e) => e !== null && e.sharedAt === null)).toEqual([]);
      expect(portal.events).toEqual([]);
    } finally {
      for (const c of [prescriber, company, own, portal]) c.stop();
    }
  });
});

describe('erasure', () => {
  it('erases the comment with the participant and keeps the levels and satisfactions', async () => {
    const [someone] = await createParticipants(t, ids.franceTravail, 1);
    const who = globalIdOf('Participant', someone!);
    const { referralId } = await evaluated(who);
    const before = (await sql<Record<string, unknown>>(t, 'select competences, punctuality, company_satisfaction, participant_satisfaction, comment from immersion_evaluation where referral_id = ?', [keyOf(referralId)]))[0]!;
    expect(before.comment).toBe(COMMENT);

    await t.client(TOKENS.franceTravail).request('mutation($i: EraseParticipantInput!) { eraseParticipant(input: $i) { participant { id } } }', { i: { participantId: who } });

    const after = (await sql<Record<string, unknown>>(t, 'select competences, punctuality, company_satisfaction, participant_satisfaction, comment from immersion_evaluation where referral_id = ?', [keyOf(referralId)]))[0]!;
    expect(after).toEqual({ ...before, comment: null });
    const read = await t.client(TOKENS.franceTravail).request<{ node: { evaluation: { comment: string | null; companySatisfaction: number } } }>(READ, { id: referralId });
    expect(read.node.evaluation).toMatchObject({ comment: null, companySatisfaction: 5 });
  });
});
