import { Account } from '../src/access/entities/account';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { collect } from './support/subscriptions';

/**
 * Debriefs after a session (issue 12, item 1): who writes them (recordDebrief: the organiser's side, the host's
 * side, a network admin naming the side), who reads which (README, "Who may see and do what": every cell), the
 * validation, the upsert and its idempotency key, the event, the audit of comments and the erasure.
 */
let t: TestServer;
let plie: number;
let crepi: number;
let ft: number;
let company: number;
let otherCompany: number;
let otherHost: string;
let demoParticipant: number;

const RECORD = `mutation($input: RecordDebriefInput!) { recordDebrief(input: $input) {
  debrief { side comment wishes sharedWithParticipant createdAt updatedAt interests { metierCode interest metier { code } } authorStructure { id } authorCompany { id } }
  referral { id status } } }`;
const DEBRIEFS = 'query($id: ID!) { node(id: $id) { ... on Referral { debriefs { side comment sharedWithParticipant wishes interests { metierCode interest } } } } }';

interface DebriefResult {
  side: string;
  comment: string | null;
  sharedWithParticipant: boolean;
  wishes: string[];
  interests: { metierCode: string; interest: string }[];
  createdAt?: string;
  updatedAt?: string;
}

const idOf = async (token: string, what: 'structure' | 'company' | 'participant') =>
  keyOf((await t.client(token).request<{ viewer: Record<string, { id: string }> }>(`{ viewer { ${what} { id } } }`)).viewer[what]!.id);

/** A session of the CRÉPI hosted by the demo company, showing F1701 and F1703, that starts in a week. */
async function hostedSession(host = company): Promise<number> {
  const session = await createPublishedSession(t, crepi, 5);
  await sql(t, `update session set host_company_id = ?, host_confirmation = 'CONFIRMED' where id = ?`, [host, session]);
  await sql(t, `insert into session_metier (session_id, metier_code) values (?, 'F1703')`, [session]);
  return session;
}

/** A referral of `participant` by `prescriber` to `session`, accepted; then the session is moved to an hour ago. */
async function acceptedInThePast(prescriber: string, participant: number, session: number): Promise<string> {
  const { referParticipant } = await t.client(prescriber).request<{ referParticipant: { referral: { id: string } } }>(
    'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }',
    { input: { participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: 'Découvrir le coffrage' } },
  );
  await t.client(TOKENS.crepi).request('mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id } } }', { input: { referralId: referParticipant.referral.id } });
  await sql(t, `update session set starts_at = now() - interval '4 hours', ends_at = now() - interval '1 hour' where id = ?`, [session]);
  return referParticipant.referral.id;
}

async function attended(prescriber: string, participant: number, session?: number): Promise<string> {
  const referralId = await acceptedInThePast(prescriber, participant, session ?? (await hostedSession()));
  await t.client(TOKENS.crepi).request('mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { id } } }', { input: { referralId, attended: true } });
  return referralId;
}

const debriefInput = (referralId: string, extra: Record<string, unknown> = {}) => ({
  referralId,
  interests: [{ metierCode: 'F1701', interest: 'YES' }, { metierCode: 'F1703', interest: 'MAYBE' }],
  wishes: ['IMMERSION'],
  comment: 'Très à l\'aise sur le chantier, a posé beaucoup de questions.',
  sharedWithParticipant: false,
  ...extra,
});

async function record(token: string, input: Record<string, unknown>): Promise<{ debrief: DebriefResult & Record<string, unknown>; referral: { id: string; status: string } }> {
  return (await t.client(token).request<{ recordDebrief: { debrief: DebriefResult & Record<string, unknown>; referral: { id: string; status: string } } }>(RECORD, { input })).recordDebrief;
}

async function debriefsAs(token: string, referralId: string): Promise<DebriefResult[] | null> {
  const { node } = await t.client(token).request<{ node: { debriefs: DebriefResult[] } | null }>(DEBRIEFS, { id: referralId });
  return node?.debriefs ?? null;
}

const sides = (debriefs: DebriefResult[] | null) => debriefs?.map((d) => d.side) ?? null;
const debriefRows = async () => sql<{ id: number; side: string; comment: string | null; updated_at: string }>(t, 'select id, side, comment, updated_at::text from debrief order by id');

beforeAll(async () => {
  t = await startTestServer();
  plie = await idOf(TOKENS.plie, 'structure');
  crepi = await idOf(TOKENS.crepi, 'structure');
  ft = await idOf(TOKENS.franceTravail, 'structure');
  company = await idOf(TOKENS.company, 'company');
  demoParticipant = await idOf(TOKENS.participant, 'participant');
  // Another company of the network, with its admin: a host of other sessions.
  const [other] = await sql<{ id: number }>(t, `insert into company (siret, name) values ('85291467100015', 'Serrurerie du Canal') returning id`);
  otherCompany = other!.id;
  const [account] = await sql<{ id: number }>(t, `insert into account (email, display_name, role, company_id) values ('admin@serrurerie.example.org', 'Admin serrurerie', 'COMPANY_ADMIN', ?) returning id`, [otherCompany]);
  const em = t.orm.em.fork();
  otherHost = (await issueToken(em, await em.findOneOrFail(Account, account!.id), { expiresAt: new Date(Date.now() + 86_400_000) })).secret;
});
afterAll(async () => {
  await t?.stop();
});

describe('who reads which debrief', () => {
  let referralId: string;

  beforeAll(async () => {
    // The demo participant, followed and referred by France Travail, attended a CRÉPI visit hosted by the demo company.
    referralId = await attended(TOKENS.franceTravail, demoParticipant);
    await record(TOKENS.crepi, debriefInput(referralId, { comment: 'Vu par l\'animatrice', sharedWithParticipant: false }));
    await record(TOKENS.company, debriefInput(referralId, { comment: 'Vu par l\'entreprise', sharedWithParticipant: true, wishes: ['IMMERSION', 'JOB_DATING'] }));
  });

  it.each<[string, string, string[] | null]>([
    ['the network admin: all', TOKENS.admin, ['ORGANISER', 'HOST']],
    ['the prescribing and referent structure: all', TOKENS.franceTravail, ['ORGANISER', 'HOST']],
    ['the organiser: what its structure wrote', TOKENS.crepi, ['ORGANISER']],
    ['the host company: what it wrote', TOKENS.company, ['HOST']],
    ['the participant: what was shared with them', TOKENS.participant, ['HOST']],
    ['another structure: not even the referral', TOKENS.plie, null],
    ['another host company: not even the referral', 'other', null],
    ['a portal: never', TOKENS.portal, null],
  ])('%s', async (_who, token, expected) => {
    expect(sides(await debriefsAs(token === 'other' ? otherHost : token, referralId))).toEqual(expected);
  });

  it('shows each side its own comment and no other', async () => {
    expect((await debriefsAs(TOKENS.crepi, referralId))!.map((d) => d.comment)).toEqual(['Vu par l\'animatrice']);
    expect((await debriefsAs(TOKENS.company, referralId))!.map((d) => d.comment)).toEqual(['Vu par l\'entreprise']);
    expect((await debriefsAs(TOKENS.franceTravail, referralId))!.map((d) => d.comment)).toEqual(['Vu par l\'animatrice', 'Vu par l\'entreprise']);
  });

  it('never gives a portal a debrief, whatever the path', async () => {
    const { referrals } = await t.client(TOKENS.portal).request<{ referrals: { totalCount: number; edges: unknown[] } }>('{ referrals(first: 100) { totalCount edges { node { debriefs { side } } } } }');
    expect(referrals).toEqual({ totalCount: 0, edges: [] });
  });

  it('never lets a host read another host\'s debrief, even once it hosts the session', async () => {
    // The session changes host (the CRÉPI moved the visit): the new host sees the referral, not the old host's debrief.
    const [{ session_id: session }] = await sql<{ session_id: number }>(t, 'select session_id from referral where id = ?', [keyOf(referralId)]);
    await sql(t, 'update session set host_company_id = ? where id = ?', [otherCompany, session]);
    try {
      expect(await debriefsAs(otherHost, referralId)).toEqual([]);
      expect(sides(await debriefsAs(TOKENS.company, referralId))).toBeNull();
    } finally {
      await sql(t, 'update session set host_company_id = ? where id = ?', [company, session]);
    }
  });

  it('audits each read of a comment as a personal-data read, and a read without comments not', async () => {
    const participantAudit = async () =>
      Number((await sql<{ n: string }>(t, `select count(*) as n from audit_log where operation = 'read:personalData' and participant_id = ?`, [demoParticipant]))[0]!.n);
    const before = await participantAudit();
    await t.client(TOKENS.company).request(DEBRIEFS.replace('comment ', ''), { id: referralId });
    expect(await participantAudit()).toBe(before);
    await debriefsAs(TOKENS.company, referralId);
    expect(await participantAudit()).toBe(before + 1);
  });

  it('reads the debriefs of a page of referrals in one statement', async () => {
    const QUERY = '{ referrals(first: 50) { edges { node { id debriefs { side wishes interests { interest } } } } } }';
    const response = await t.client(TOKENS.franceTravail).rawRequest<{ referrals: { edges: unknown[] } }>(QUERY);
    // The page, then one statement for the debriefs of every referral on it (and the audit-free answer writes nothing).
    expect((response.extensions as { sqlStatements: number }).sqlStatements).toBe(2);
  });
});

describe('who writes', () => {
  let referralId: string;
  beforeAll(async () => {
    const [participant] = await createParticipants(t, plie, 1);
    referralId = await attended(TOKENS.plie, participant!);
  });

  it('lets the organiser write the ORGANISER side and the host the HOST side, with their authors', async () => {
    const organiser = await record(TOKENS.crepi, debriefInput(referralId));
    expect(organiser.debrief).toMatchObject({
      side: 'ORGANISER', authorStructure: { id: globalIdOf('Structure', crepi) }, authorCompany: null, wishes: ['IMMERSION'],
      interests: [{ metierCode: 'F1701', interest: 'YES', metier: { code: 'F1701' } }, { metierCode: 'F1703', interest: 'MAYBE', metier: { code: 'F1703' } }],
    });
    expect(organiser.referral.status).toBe('ATTENDED');
    const host = await record(TOKENS.company, debriefInput(referralId, { side: 'HOST' }));
    expect(host.debrief).toMatchObject({ side: 'HOST', authorStructure: null, authorCompany: { id: globalIdOf('Company', company) } });
  });

  it('lets a network admin write a side it names, and only then', async () => {
    expect(await failure(t.server.url, TOKENS.admin, RECORD, { input: debriefInput(referralId) })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.side'] });
    expect((await record(TOKENS.admin, debriefInput(referralId, { side: 'HOST', wishes: ['TRAINING'] }))).debrief).toMatchObject({ side: 'HOST', wishes: ['TRAINING'] });
  });

  it.each<[string, string, Record<string, unknown>, string, string | undefined]>([
    ['the prescriber', TOKENS.plie, {}, 'FORBIDDEN', undefined],
    ['the organiser claiming the host\'s side', TOKENS.crepi, { side: 'HOST' }, 'FORBIDDEN', 'input.side'],
    ['the host claiming the organiser\'s side', TOKENS.company, { side: 'ORGANISER' }, 'FORBIDDEN', 'input.side'],
    ['another host company', 'other', {}, 'NOT_FOUND', 'input.referralId'],
    ['another structure', TOKENS.ml, {}, 'NOT_FOUND', 'input.referralId'],
    ['a participant (not theirs)', TOKENS.participant, {}, 'NOT_FOUND', 'input.referralId'],
    ['a portal', TOKENS.portal, {}, 'NOT_FOUND', 'input.referralId'],
  ])('refuses %s, writing nothing', async (_who, token, extra, code, field) => {
    const before = await debriefRows();
    const refused = await failure(t.server.url, token === 'other' ? otherHost : token, RECORD, { input: debriefInput(referralId, extra) });
    expect(refused.codes).toEqual([code]);
    expect(refused.fields).toEqual([field]);
    expect(await debriefRows()).toEqual(before);
  });

  it('records each write and each refusal in the audit log, naming the participant', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const referral = await attended(TOKENS.plie, participant!);
    await record(TOKENS.company, debriefInput(referral));
    await failure(t.server.url, TOKENS.plie, RECORD, { input: debriefInput(referral) });
    const entries = await sql<{ operation: string; participant_id: number | null; target_type: string | null; error_code: string | null }>(
      t,
      `select operation, participant_id, target_type, error_code from audit_log where operation = 'recordDebrief' and (participant_id = ? or target_key = ?) order by id`,
      [participant, String(keyOf(referral))],
    );
    expect(entries).toEqual([
      { operation: 'recordDebrief', participant_id: participant, target_type: 'Debrief', error_code: null },
      { operation: 'recordDebrief', participant_id: null, target_type: 'Referral', error_code: 'FORBIDDEN' },
    ]);
  });

  it('debriefs sessions only: a referral to an immersion offer is for its evaluation', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const [offer] = await sql<{ id: number }>(t, `select id from immersion_offer where company_id = ? limit 1`, [company]);
    const [row] = await sql<{ id: number }>(
      t,
      `insert into referral (participant_id, prescriber_structure_id, immersion_offer_id, motive, status) values (?, ?, ?, 'Immersion', 'ATTENDED') returning id`,
      [participant, plie, offer!.id],
    );
    expect(await failure(t.server.url, TOKENS.company, RECORD, { input: debriefInput(globalIdOf('Referral', row!.id)) })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.referralId'] });
  });

  it('refuses the participant themselves', async () => {
    const referral = await attended(TOKENS.franceTravail, demoParticipant);
    expect(await failure(t.server.url, TOKENS.participant, RECORD, { input: debriefInput(referral) })).toMatchObject({ codes: ['FORBIDDEN'] });
  });
});

describe('one debrief per side: a second call rewrites it', () => {
  it('replaces the content, keeps one row and its creation time', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const referralId = await attended(TOKENS.plie, participant!);
    const first = await record(TOKENS.crepi, debriefInput(referralId));
    const second = await record(TOKENS.crepi, debriefInput(referralId, {
      interests: [{ metierCode: 'F1703', interest: 'NO' }, { metierCode: 'f1701', interest: 'MAYBE' }], wishes: ['TRAINING', 'OTHER'], comment: null, sharedWithParticipant: true,
    }));
    expect(second.debrief).toMatchObject({
      comment: null, sharedWithParticipant: true, wishes: ['OTHER', 'TRAINING'], createdAt: first.debrief.createdAt,
      interests: [{ metierCode: 'F1701', interest: 'MAYBE' }, { metierCode: 'F1703', interest: 'NO' }],
    });
    expect(Date.parse(second.debrief.updatedAt!)).toBeGreaterThanOrEqual(Date.parse(first.debrief.updatedAt!));
    const rows = await sql<{ n: string }>(t, 'select count(*) as n from debrief d join debrief_interest i on i.debrief_id = d.id where d.referral_id = ?', [keyOf(referralId)]);
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('answers a replayed idempotency key with the first write, and CONFLICT for the key with another input', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const referralId = await attended(TOKENS.plie, participant!);
    const input = debriefInput(referralId, { idempotencyKey: 'debrief-2026-12-02-001' });
    await record(TOKENS.company, input);
    const rows = await debriefRows();
    expect((await record(TOKENS.company, input)).debrief.comment).toBe(input.comment);
    expect(await debriefRows()).toEqual(rows);
    expect(await failure(t.server.url, TOKENS.company, RECORD, { input: { ...input, wishes: [] } })).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
  });
});

describe('validation', () => {
  let referralId: string;
  beforeAll(async () => {
    const [participant] = await createParticipants(t, plie, 1);
    referralId = await attended(TOKENS.plie, participant!);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a métier the session did not show', { interests: [{ metierCode: 'F1701', interest: 'YES' }, { metierCode: 'K2205', interest: 'NO' }] }, 'BAD_USER_INPUT', 'input.interests.1.metierCode'],
    ['a métier given twice', { interests: [{ metierCode: 'F1701', interest: 'YES' }, { metierCode: 'F1701', interest: 'NO' }] }, 'BAD_USER_INPUT', 'input.interests.1.metierCode'],
    ['a malformed ROME code', { interests: [{ metierCode: 'coffreur', interest: 'YES' }] }, 'BAD_USER_INPUT', 'input.interests.0.metierCode'],
    ['a métier of the session left out', { interests: [{ metierCode: 'F1701', interest: 'YES' }] }, 'BAD_USER_INPUT', 'input.interests'],
    ['a wish twice', { wishes: ['IMMERSION', 'IMMERSION'] }, 'BAD_USER_INPUT', 'input.wishes'],
    ['a comment too long', { comment: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'input.comment'],
  ])('refuses %s, writing nothing', async (_what, extra, code, field) => {
    const before = await debriefRows();
    expect(await failure(t.server.url, TOKENS.crepi, RECORD, { input: debriefInput(referralId, extra) })).toMatchObject({ codes: [code], fields: [field] });
    expect(await debriefRows()).toEqual(before);
  });

  it('answers INVALID_TRANSITION for a participant who did not attend (accepted, or absent)', async () => {
    const [a, b] = await createParticipants(t, plie, 2);
    const accepted = await acceptedInThePast(TOKENS.plie, a!, await hostedSession());
    expect(await failure(t.server.url, TOKENS.crepi, RECORD, { input: debriefInput(accepted) })).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.referralId'] });
    const absent = await acceptedInThePast(TOKENS.plie, b!, await hostedSession());
    await t.client(TOKENS.crepi).request('mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { id } } }', { input: { referralId: absent, attended: false, noShowParty: 'PARTICIPANT' } });
    expect(await failure(t.server.url, TOKENS.company, RECORD, { input: debriefInput(absent) })).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.referralId'] });
  });

  it('debriefs a referral completed since, and closes 30 days after the session\'s end', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const session = await hostedSession();
    const referral = await attended(TOKENS.plie, participant!, session);
    await t.client(TOKENS.plie).request('mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { referral { id } } }', { input: { referralId: referral, outcome: 'INTERESTED' } });
    expect((await record(TOKENS.crepi, debriefInput(referral))).referral.status).toBe('COMPLETED');
    await sql(t, `update session set starts_at = now() - interval '30 days 4 hours', ends_at = now() - interval '30 days 1 minute' where id = ?`, [session]);
    const late = await failure(t.server.url, TOKENS.crepi, RECORD, { input: debriefInput(referral) });
    expect(late).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.referralId'] });
    expect(late.messages[0]).toMatch(/more than 30 days ago/);
  });
});

describe('the event', () => {
  it('reaches the parties through referralUpdated, each payload trimmed to what its reader may read', async () => {
    const referralId = await attended(TOKENS.franceTravail, demoParticipant);
    const { latestEventCursor: after } = await t.client(TOKENS.admin).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    const SUBSCRIBE = 'subscription($after: String) { referralUpdated(after: $after) { change status referral { id debriefs { side comment } } } }';
    type Event = { referralUpdated: { change: string; status: string; referral: { id: string; debriefs: { side: string; comment: string | null }[] } } };
    const readers = { prescriber: TOKENS.franceTravail, organiser: TOKENS.crepi, host: TOKENS.company, participant: TOKENS.participant, portal: TOKENS.portal };
    const streams = Object.fromEntries(Object.entries(readers).map(([who, token]) => [who, collect<Event>(t.wsClient(token), SUBSCRIBE, { after })]));
    await record(TOKENS.company, debriefInput(referralId, { comment: 'Commentaire de l\'entreprise', sharedWithParticipant: false }));
    const last = async (who: string) => {
      const events = await streams[who]!.waitFor(1);
      return events.filter((e) => e.referralUpdated.referral?.id === referralId && e.referralUpdated.change === 'DEBRIEF_RECORDED');
    };
    const [forPrescriber] = await last('prescriber');
    expect(forPrescriber!.referralUpdated).toEqual({ change: 'DEBRIEF_RECORDED', status: 'ATTENDED', referral: { id: referralId, debriefs: [{ side: 'HOST', comment: 'Commentaire de l\'entreprise' }] } });
    expect((await last('host'))[0]!.referralUpdated.referral.debriefs).toEqual([{ side: 'HOST', comment: 'Commentaire de l\'entreprise' }]);
    expect((await last('organiser'))[0]!.referralUpdated.referral.debriefs).toEqual([]);
    expect((await last('participant'))[0]!.referralUpdated.referral.debriefs).toEqual([]);
    // A portal is sent nothing: a later event to the others proves this one had its chance to arrive.
    await record(TOKENS.crepi, debriefInput(referralId));
    await streams.prescriber!.waitFor(2);
    expect(streams.portal!.events).toEqual([]);
    for (const s of Object.values(streams)) s.stop();
    const [event] = await sql<{ data: { change: string } }>(t, `select data from event where type = 'REFERRAL_UPDATED' and entity_id = ? order by id desc limit 1`, [keyOf(referralId)]);
    expect(event!.data.change).toBe('DEBRIEF_RECORDED');
  });
});

describe('erasure', () => {
  it('erases the comments of the participant\'s debriefs, keeps interests and wishes, and forgets the request\'s fingerprint', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const referralId = await attended(TOKENS.plie, participant!);
    const input = debriefInput(referralId, { idempotencyKey: 'debrief-erased-001' });
    await record(TOKENS.crepi, input);
    await record(TOKENS.company, debriefInput(referralId, { wishes: ['JOB_DATING'] }));
    await t.client(TOKENS.plie).request('mutation($input: EraseParticipantInput!) { eraseParticipant(input: $input) { participant { id } } }', {
      input: { participantId: globalIdOf('Participant', participant!) },
    });
    const rows = await sql<{ side: string; comment: string | null; wishes: string[]; interests: string }>(
      t,
      `select d.side, d.comment, d.wishes, (select string_agg(i.metier_code || '=' || i.interest, ',' order by i.metier_code) from debrief_interest i where i.debrief_id = d.id) as interests
       from debrief d where d.referral_id = ? order by d.side`,
      [keyOf(referralId)],
    );
    expect(rows).toEqual([
      { side: 'HOST', comment: null, wishes: ['JOB_DATING'], interests: 'F1701=YES,F1703=MAYBE' },
      { side: 'ORGANISER', comment: null, wishes: ['IMMERSION'], interests: 'F1701=YES,F1703=MAYBE' },
    ]);
    expect((await debriefsAs(TOKENS.plie, referralId))!.map((d) => d.comment)).toEqual([null, null]);
    // The key's hash held the comment: a replay creates nothing and says so.
    expect(await failure(t.server.url, TOKENS.crepi, RECORD, { input })).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
    // An erased person is described no more; codes may still be recorded.
    expect(await failure(t.server.url, TOKENS.crepi, RECORD, { input: debriefInput(referralId) })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.comment'] });
    expect((await record(TOKENS.crepi, debriefInput(referralId, { comment: null, wishes: ['TRAINING'] }))).debrief).toMatchObject({ comment: null, wishes: ['TRAINING'] });
  });
});
