import { runSessionCourse, sessionCourseJob } from '../src/server/session-course-job';
import { JobWorker } from '../src/server/worker';
import { loadConfig } from '../src/server/config';
import { createLogger } from '../src/server/logger';
import { createParticipants, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, listedIds, mutate, TOKENS } from './support/graphql';
import { tableChecksums, viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

// Issue 11, items 4 and 5: the shape of a session (group size, meeting point, counsellors, minimum age) and the
// course it runs (held past its end, attendance, completed).

let t: TestServer;
let crepi: number;
let plie: number;
let company: number;
let crepiAccount: number;
let plieAccount: number;
let companyAccount: number;

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

const SESSION_FIELDS = `id status capacity minimumSize minimumAge underMinimum seatsTaken meetingPoint { label address } counsellorAccountIds address`;
const CREATE = `mutation($input: CreateSessionInput!) { createSession(input: $input) { session { ${SESSION_FIELDS} } } }`;
const PUBLISH = `mutation($input: SessionIdInput!) { publishSession(input: $input) { session { ${SESSION_FIELDS} } } }`;
const CANCEL = `mutation($input: CancelSessionInput!) { cancelSession(input: $input) { session { id status } } }`;
const ATTENDANCE = `mutation($input: RecordSessionAttendanceInput!) { recordSessionAttendance(input: $input) { session { id status seatsTaken } } }`;
const REFER = `mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }`;
const ACCEPT = `mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }`;

interface SessionResult {
  id: string;
  status: string;
  capacity: number;
  minimumSize: number | null;
  minimumAge: number;
  underMinimum: boolean;
  seatsTaken: number;
  meetingPoint: { label: string; address: string | null } | null;
  counsellorAccountIds: string[];
  address: string | null;
}

const validInput = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'AMBASSADEURS_DES_METIERS',
  title: 'Ambassadeurs des métiers : le gros œuvre',
  metierCodes: ['F1701'],
  startsAt: inHours(24 * 10),
  endsAt: inHours(24 * 10 + 3),
  capacity: 6,
  ...extra,
});

const create = (extra: Record<string, unknown> = {}) => mutate<SessionResult>(t.client(TOKENS.crepi), CREATE, validInput(extra));
const publish = (sessionId: string) => mutate<SessionResult>(t.client(TOKENS.crepi), PUBLISH, { sessionId });
const referTo = async (participantId: number, sessionId: string) =>
  mutate<{ id: string; status: string }>(t.client(TOKENS.plie), REFER, { participantId: globalIdOf('Participant', participantId), sessionId, motive: 'Découvrir le métier' });
const accept = (referralId: string) => mutate<{ id: string; status: string }>(t.client(TOKENS.crepi), ACCEPT, { referralId });
const readSession = async (token: string, id: string) =>
  (await t.client(token).request<{ node: SessionResult | null }>(`query($id: ID!) { node(id: $id) { ... on Session { ${SESSION_FIELDS} } } }`, { id })).node;

/** A session of the CRÉPI made directly in SQL, at any time (in the past too), PUBLISHED unless said otherwise. */
async function sessionAt(startsInHours: number, endsInHours: number, extra: { capacity?: number; minimumSize?: number; status?: string } = {}): Promise<number> {
  const [row] = await sql<{ id: number }>(
    t,
    `insert into session (kind, title, organiser_id, starts_at, ends_at, capacity, minimum_size, status, published_at, commune_code, departement_code, latitude, longitude)
     values ('COMPANY_VISIT', 'Visite test', ?, now() + make_interval(secs => ?), now() + make_interval(secs => ?), ?, ?, ?, now(), '93066', '93', 48.93, 2.36) returning id`,
    [crepi, startsInHours * 3600, endsInHours * 3600, extra.capacity ?? 6, extra.minimumSize ?? null, extra.status ?? 'PUBLISHED'],
  );
  await sql(t, `insert into session_metier (session_id, metier_code) values (?, 'F1701')`, [row!.id]);
  return row!.id;
}

/** Referrals to a session in the given statuses, written in SQL (with the seats they hold); returns their ids. */
async function referralsTo(sessionId: number, statuses: string[]): Promise<number[]> {
  const participants = await createParticipants(t, plie, statuses.length);
  const ids: number[] = [];
  for (const [i, status] of statuses.entries()) {
    const [row] = await sql<{ id: number }>(
      t,
      `insert into referral (participant_id, prescriber_structure_id, session_id, motive, status, waitlisted_at)
       values (?, ?, ?, 'Découvrir le métier', ?, case when ? = 'WAITLISTED' then now() end) returning id`,
      [participants[i], plie, sessionId, status, status],
    );
    ids.push(row!.id);
  }
  const held = statuses.filter((s) => ['ACCEPTED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'].includes(s)).length;
  await sql(t, 'update session set seats_taken = ? where id = ?', [held, sessionId]);
  return ids;
}

const statusOf = async (sessionId: number) => (await sql<{ status: string }>(t, 'select status from session where id = ?', [sessionId]))[0]!.status;
const referralRows = async (ids: number[]) =>
  sql<{ id: number; status: string; cancellation_reason: string | null }>(t, `select id, status, cancellation_reason from referral where id in (${ids.join(',')}) order by id`);
const referralEvents = async (ids: number[]) =>
  (await sql<{ entity_id: number }>(t, `select entity_id from event where type = 'REFERRAL_UPDATED' and entity_id in (${ids.join(',')}) order by id`)).map((e) => e.entity_id);
const slotEvents = async (sessionId: number) => Number((await sql<{ n: string }>(t, `select count(*) n from event where type = 'SESSION_SLOT_PUBLISHED' and entity_id = ?`, [sessionId]))[0]!.n);
const visitSlots = () => listedIds(t.client(TOKENS.portal), 'sessions', 'SessionFilter', { statuses: ['PUBLISHED'], hasSeatsLeft: true, organisers: [globalIdOf('Structure', crepi)] });

beforeAll(async () => {
  t = await startTestServer();
  ({ structureId: crepi, accountId: crepiAccount } = (await viewerIds(t, TOKENS.crepi)) as { structureId: number; accountId: number });
  ({ structureId: plie, accountId: plieAccount } = (await viewerIds(t, TOKENS.plie)) as { structureId: number; accountId: number });
  ({ companyId: company, accountId: companyAccount } = (await viewerIds(t, TOKENS.company)) as { companyId: number; accountId: number });
});
afterAll(async () => {
  await t?.stop();
});

describe('the shape of a session', () => {
  it('takes a group size, a meeting point apart from the site, the counsellors who go along and a minimum age of 14', async () => {
    const session = await create({
      kind: 'COMPANY_VISIT',
      title: 'Découverte du chantier : classe de 3e (PAQTE)',
      capacity: 6,
      minimumSize: 5,
      minimumAge: 14,
      hostCompanyId: globalIdOf('Company', company),
      meetingPoint: { label: 'Café de la Gare', address: '1 place de la Gare, 93200 Saint-Denis' },
      counsellorAccountIds: [globalIdOf('Account', plieAccount), globalIdOf('Account', crepiAccount), globalIdOf('Account', plieAccount)],
    });
    expect(session).toMatchObject({
      status: 'DRAFT', capacity: 6, minimumSize: 5, minimumAge: 14, underMinimum: false,
      meetingPoint: { label: 'Café de la Gare', address: '1 place de la Gare, 93200 Saint-Denis' },
      // The visited site stays the host company's address.
      address: '45 avenue du Président Wilson',
    });
    expect(session.counsellorAccountIds.sort()).toEqual([globalIdOf('Account', crepiAccount), globalIdOf('Account', plieAccount)].sort());
    // A list reads them with the page when asked (and not at all otherwise): the same accounts.
    const { sessions } = await t.client(TOKENS.crepi).request<{ sessions: { edges: { node: { id: string; counsellorAccountIds: string[] } }[] } }>(
      'query($filter: SessionFilter) { sessions(first: 100, filter: $filter) { edges { node { id counsellorAccountIds } } } }',
      { filter: { statuses: ['DRAFT'] } },
    );
    const listed = sessions.edges.find((e) => e.node.id === session.id);
    expect(listed?.node.counsellorAccountIds.sort()).toEqual(session.counsellorAccountIds.sort());
  });

  it('leaves them out by default: no minimum size, no meeting point, no counsellor, 16 years', async () => {
    expect(await create()).toMatchObject({ minimumSize: null, meetingPoint: null, counsellorAccountIds: [], minimumAge: 16 });
  });

  const badInputs: [string, Record<string, unknown>, string, string][] = [
    ['a maximum (capacity) under the minimum', { capacity: 4, minimumSize: 5 }, 'BAD_USER_INPUT', 'input.minimumSize'],
    ['a minimum size of 0', { minimumSize: 0 }, 'BAD_USER_INPUT', 'input.minimumSize'],
    ['a minimum age of 13', { minimumAge: 13 }, 'BAD_USER_INPUT', 'input.minimumAge'],
    ['a minimum age of 100', { minimumAge: 100 }, 'BAD_USER_INPUT', 'input.minimumAge'],
    ['dates reversed', { startsAt: inHours(240), endsAt: inHours(238) }, 'BAD_USER_INPUT', 'input.endsAt'],
    ['a meeting point without a name', { meetingPoint: { label: '  ', address: 'Gare de Saint-Denis' } }, 'BAD_USER_INPUT', 'input.meetingPoint.label'],
    ['a company account as counsellor', { counsellorAccountIds: ['__plie__', '__company__'] }, 'BAD_USER_INPUT', 'input.counsellorAccountIds[1]'],
    ['an unknown account as counsellor', { counsellorAccountIds: [globalIdOf('Account', 999999)] }, 'BAD_USER_INPUT', 'input.counsellorAccountIds[0]'],
    ['a structure id as counsellor', { counsellorAccountIds: [globalIdOf('Structure', 1)] }, 'BAD_USER_INPUT', 'input.counsellorAccountIds[0]'],
    ['six counsellors', { counsellorAccountIds: Array.from({ length: 6 }, () => '__plie__') }, 'BAD_USER_INPUT', 'input.counsellorAccountIds'],
  ];
  it.each(badInputs)('refuses %s with a clean error naming the field, and writes nothing', async (_what, extra, code, field) => {
    const ids: Record<string, string> = { __plie__: globalIdOf('Account', plieAccount), __company__: globalIdOf('Account', companyAccount) };
    const input = validInput(extra);
    if (Array.isArray(input.counsellorAccountIds)) input.counsellorAccountIds = input.counsellorAccountIds.map((id: string) => ids[id] ?? id);
    const before = await tableChecksums(t, ['session', 'session_metier', 'session_counsellor', 'event']);
    const f = await failure(t.server.url, TOKENS.crepi, CREATE, { input });
    expect(f).toMatchObject({ codes: [code], fields: [field] });
    expect(f.messages[0]).not.toMatch(/select|insert|constraint/i);
    expect(await tableChecksums(t, ['session', 'session_metier', 'session_counsellor', 'event'])).toEqual(before);
  });

  it('flags a published session under its minimum 48 hours before its start to its organiser, who may cancel it with notice to the prescribers', async () => {
    const id = await sessionAt(24, 27, { capacity: 6, minimumSize: 4 });
    const early = await sessionAt(24 * 5, 24 * 5 + 3, { capacity: 6, minimumSize: 4 });
    const sessionId = globalIdOf('Session', id);
    const [p1, p2] = await createParticipants(t, plie, 2);
    const referrals = [await referTo(p1!, sessionId), await referTo(p2!, sessionId)];
    await accept(referrals[0]!.id);

    expect(await readSession(TOKENS.crepi, sessionId)).toMatchObject({ minimumSize: 4, seatsTaken: 1, underMinimum: true });
    expect(await readSession(TOKENS.crepi, globalIdOf('Session', early))).toMatchObject({ underMinimum: false });
    const flagged = await listedIds(t.client(TOKENS.crepi), 'sessions', 'SessionFilter', { underMinimum: true, organisers: [globalIdOf('Structure', crepi)] });
    expect(flagged).toContain(sessionId);
    expect(flagged).not.toContain(globalIdOf('Session', early));

    const referralIds = referrals.map((r) => keyOf(r.id));
    const eventsBefore = (await referralEvents(referralIds)).length;
    const cancelled = await mutate<{ status: string }>(t.client(TOKENS.crepi), CANCEL, { sessionId, reason: 'Groupe incomplet' });
    expect(cancelled.status).toBe('CANCELLED');
    expect((await referralRows(referralIds)).map((r) => [r.status, r.cancellation_reason])).toEqual([['CANCELLED', 'SESSION_CANCELLED'], ['CANCELLED', 'SESSION_CANCELLED']]);
    // One referralUpdated per referral in the outbox: each prescriber is told.
    const events = await referralEvents(referralIds);
    expect(events.slice(eventsBefore).sort()).toEqual(referralIds.sort());
  });
});

describe('the minimum age at referral', () => {
  it('refuses a participant under the session’s minimum age on its start day, naming the participant', async () => {
    const id = await sessionAt(24 * 7, 24 * 7 + 3);
    await sql(t, 'update session set minimum_age = 18 where id = ?', [id]);
    const [young] = await createParticipants(t, plie, 1);
    // 17 on the start day.
    await sql(t, `update participant_personal_data set birth_date = (current_date - interval '18 years' + interval '30 days')::date where participant_id = ?`, [young]);
    const before = await tableChecksums(t, ['referral', 'referral_transition', 'event']);
    const f = await failure(t.server.url, TOKENS.plie, REFER, { input: { participantId: globalIdOf('Participant', young!), sessionId: globalIdOf('Session', id), motive: 'Découvrir' } });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.participantId'] });
    expect(f.messages[0]).toContain('minimum age of 18');
    expect(await tableChecksums(t, ['referral', 'referral_transition', 'event'])).toEqual(before);
  });

  it('registers a 3e class pupil of 15 through the API, who may join a school discovery visit from 14 but not a session open from 16', async () => {
    const REGISTER = `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id ageBand } } }`;
    const fifteen = new Date();
    fifteen.setUTCFullYear(fifteen.getUTCFullYear() - 15, fifteen.getUTCMonth() - 2);
    const pupil = await mutate<{ id: string; ageBand: string }>(t.client(TOKENS.plie), REGISTER, {
      firstName: 'Inès',
      lastName: 'Collégienne',
      birthDate: fifteen.toISOString().slice(0, 10),
    });
    expect(pupil.ageBand).toBe('14-15');
    const discovery = await sessionAt(24 * 10, 24 * 10 + 3);
    await sql(t, 'update session set minimum_age = 14 where id = ?', [discovery]);
    const ordinary = await sessionAt(24 * 11, 24 * 11 + 3);
    const refer = (sessionId: number) => ({ input: { participantId: pupil.id, sessionId: globalIdOf('Session', sessionId), motive: 'Découverte des métiers (stage de 3e)' } });
    const referral = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { status: string } } }>(REFER, refer(discovery));
    expect(referral.referParticipant.referral.status).toBe('PENDING');
    const f = await failure(t.server.url, TOKENS.plie, REFER, refer(ordinary));
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.participantId'] });
    expect(f.messages[0]).toContain('minimum age of 16');
  });

  it('stores an immersion offer’s minimum age (14 to 99, 16 by default) and checks it at referral', async () => {
    const CREATE_OFFER = `mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { id } } }`;
    const PUBLISH_OFFER = `mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { id status } } }`;
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 30 * 24 * HOUR).toISOString().slice(0, 10);
    const offerInput = (extra: Record<string, unknown>) => ({
      metierCode: 'F1701', objective: 'DISCOVER_METIER', title: 'Découvrir le coffrage', availableFrom: today, availableUntil: later,
      maxPresenceDays: 5, positions: 2, ...extra,
    });
    for (const [minimumAge, field] of [[13, 'input.minimumAge'], [100, 'input.minimumAge']] as const) {
      const before = await tableChecksums(t, ['immersion_offer']);
      const f = await failure(t.server.url, TOKENS.company, CREATE_OFFER, { input: offerInput({ minimumAge }) });
      expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: [field] });
      expect(await tableChecksums(t, ['immersion_offer'])).toEqual(before);
    }
    const byDefault = await mutate<{ id: string }>(t.client(TOKENS.company), CREATE_OFFER, offerInput({}));
    const adults = await mutate<{ id: string }>(t.client(TOKENS.company), CREATE_OFFER, offerInput({ minimumAge: 18 }));
    const ages = await sql<{ minimum_age: number }>(t, 'select minimum_age from immersion_offer where id in (?, ?) order by id', [keyOf(byDefault.id), keyOf(adults.id)]);
    expect(ages.map((a) => a.minimum_age)).toEqual([16, 18]);
    const read = await t.client(TOKENS.company).request<{ nodes: { minimumAge: number }[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { ... on ImmersionOffer { minimumAge } } }', { ids: [byDefault.id, adults.id] });
    expect(read.nodes.map((n) => n.minimumAge)).toEqual([16, 18]);

    await mutate(t.client(TOKENS.company), PUBLISH_OFFER, { immersionOfferId: adults.id });
    const [young] = await createParticipants(t, plie, 1);
    await sql(t, `update participant_personal_data set birth_date = (current_date - interval '17 years')::date where participant_id = ?`, [young]);
    const f = await failure(t.server.url, TOKENS.plie, REFER, { input: { participantId: globalIdOf('Participant', young!), immersionOfferId: adults.id, motive: 'Découvrir' } });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.participantId'] });
    expect(f.messages[0]).toContain('minimum age of 18');
  });
});

describe('sessions run their course', () => {
  it('holds a session past its end: no longer a visit slot, its waiting referrals closed with notice, nothing pushed', async () => {
    const past = await sessionAt(-5, -2);
    const referrals = await referralsTo(past, ['ACCEPTED', 'PENDING', 'REFUSED']);
    const slots = await slotEvents(past);
    expect(await visitSlots()).toContain(globalIdOf('Session', past));

    const run = await runSessionCourse(t.orm.em.fork());
    expect(run.held).toContain(past);
    expect(await statusOf(past)).toBe('HELD');
    expect(await visitSlots()).not.toContain(globalIdOf('Session', past));
    // Public still, as HELD.
    expect(await readSession(TOKENS.portal, globalIdOf('Session', past))).toMatchObject({ status: 'HELD', seatsTaken: 1 });

    const [accepted, pending, refused] = await referralRows(referrals);
    expect(accepted).toMatchObject({ status: 'ACCEPTED' });
    expect(pending).toMatchObject({ status: 'CANCELLED', cancellation_reason: 'EXPIRED' });
    expect(refused).toMatchObject({ status: 'REFUSED' });
    expect(await referralEvents(referrals)).toEqual([referrals[1]]);
    expect(await slotEvents(past)).toBe(slots);

    // A seat freed afterwards reopens nothing and is pushed to nobody.
    await mutate(t.client(TOKENS.plie), 'mutation($input: CancelReferralInput!) { cancelReferral(input: $input) { referral { id } } }', { referralId: globalIdOf('Referral', referrals[0]!) });
    expect(await statusOf(past)).toBe('HELD');
    expect(await slotEvents(past)).toBe(slots);
    // Nothing left to do: a second run changes nothing.
    expect((await runSessionCourse(t.orm.em.fork())).held).not.toContain(past);
  });

  it('does not push a full session that reopens once started', async () => {
    const started = await sessionAt(-1, 2, { capacity: 1, status: 'FULL' });
    const [referral] = await referralsTo(started, ['ACCEPTED']);
    await mutate(t.client(TOKENS.plie), 'mutation($input: CancelReferralInput!) { cancelReferral(input: $input) { referral { id } } }', { referralId: globalIdOf('Referral', referral!) });
    expect(await statusOf(started)).toBe('PUBLISHED');
    expect(await slotEvents(started)).toBe(0);
  });

  it('holds each session once when several instances run the job at once', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => sessionAt(-10 - i, -8)));
    const runs = await Promise.all([runSessionCourse(t.orm.em.fork()), runSessionCourse(t.orm.em.fork()), runSessionCourse(t.orm.em.fork())]);
    const held = runs.flatMap((r) => r.held).filter((id) => ids.includes(id));
    expect(held.sort()).toEqual([...ids].sort());
  });

  it('runs in the background on the job queue: a run asked of it holds a session that just ended', async () => {
    const id = await sessionAt(-2, -1);
    const logger = createLogger('silent');
    const config = loadConfig({ DATABASE_URL: t.db.url });
    const worker = await JobWorker.start({ databaseUrl: t.db.url, logger, jobs: [sessionCourseJob(t.orm, config, logger)], concurrency: 1, pollMs: 100 });
    try {
      // As a tick of its cron would (test/scheduled-jobs.test.ts), without waiting for the next one.
      await worker.runNow('relais:session-course');
      await eventually(async () => (await statusOf(id)) === 'HELD');
    } finally {
      await worker.stop();
    }
  });

  it('lets a network admin record attendance too', async () => {
    const id = await sessionAt(-6, -3, { status: 'HELD' });
    const [referral] = await referralsTo(id, ['ACCEPTED']);
    const done = await mutate<{ status: string }>(t.client(TOKENS.admin), ATTENDANCE, { sessionId: globalIdOf('Session', id), attendances: [{ referralId: globalIdOf('Referral', referral!), attended: true }] });
    expect(done.status).toBe('COMPLETED');
  });

  it('lets the organiser record attendance, then completes the session', async () => {
    const id = await sessionAt(-6, -3, { status: 'HELD' });
    const [came, missed, other] = await referralsTo(id, ['ACCEPTED', 'ACCEPTED', 'PENDING']);
    const sessionId = globalIdOf('Session', id);
    const input = {
      sessionId,
      attendances: [
        { referralId: globalIdOf('Referral', came!), attended: true },
        { referralId: globalIdOf('Referral', missed!), attended: false, noShowParty: 'PARTICIPANT' },
      ],
    };
    const done = await mutate<{ status: string; seatsTaken: number }>(t.client(TOKENS.crepi), ATTENDANCE, input);
    expect(done).toMatchObject({ status: 'COMPLETED', seatsTaken: 2 });
    expect((await referralRows([came!, missed!])).map((r) => r.status)).toEqual(['ATTENDED', 'NO_SHOW']);
    expect((await referralEvents([came!, missed!, other!])).sort()).toEqual([came!, missed!].sort());
    const [log] = await sql<{ reason: string; actor_id: number }>(t, `select reason, actor_id from referral_transition where referral_id = ? and to_status = 'NO_SHOW'`, [missed]);
    expect(log).toEqual({ reason: 'PARTICIPANT', actor_id: crepiAccount });

    // The same call again (a retry) changes nothing; another answer is refused.
    const before = await tableChecksums(t, ['referral', 'referral_transition', 'session', 'event']);
    expect((await mutate<{ status: string }>(t.client(TOKENS.crepi), ATTENDANCE, input)).status).toBe('COMPLETED');
    const changed = await failure(t.server.url, TOKENS.crepi, ATTENDANCE, { input: { sessionId, attendances: [{ referralId: globalIdOf('Referral', came!), attended: false, noShowParty: 'HOST' }] } });
    expect(changed).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.attendances[0].referralId'] });
    expect(await tableChecksums(t, ['referral', 'referral_transition', 'session', 'event'])).toEqual(before);
  });

  it('keeps a session HELD until every accepted referral has its answer', async () => {
    const id = await sessionAt(-6, -3, { status: 'HELD' });
    const [first, second] = await referralsTo(id, ['ACCEPTED', 'ACCEPTED']);
    const sessionId = globalIdOf('Session', id);
    const partial = await mutate<{ status: string }>(t.client(TOKENS.crepi), ATTENDANCE, { sessionId, attendances: [{ referralId: globalIdOf('Referral', first!), attended: true }] });
    expect(partial.status).toBe('HELD');
    // The per-referral mutation completes it too.
    await mutate(t.client(TOKENS.crepi), 'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { id } } }', { referralId: globalIdOf('Referral', second!), attended: true });
    expect(await statusOf(id)).toBe('COMPLETED');
  });

  it('completes a held session whose attendance window closed, and refuses attendance after it', async () => {
    const id = await sessionAt(-24 * 15 - 3, -24 * 15, { status: 'HELD' });
    const [referral] = await referralsTo(id, ['ACCEPTED']);
    const f = await failure(t.server.url, TOKENS.crepi, ATTENDANCE, { input: { sessionId: globalIdOf('Session', id), attendances: [{ referralId: globalIdOf('Referral', referral!), attended: true }] } });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.sessionId'] });
    expect(f.messages[0]).toContain('attendance window closed');
    // Nor one by one.
    const single = await failure(t.server.url, TOKENS.crepi, 'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { id } } }', {
      input: { referralId: globalIdOf('Referral', referral!), attended: true },
    });
    expect(single).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.referralId'] });
    expect((await runSessionCourse(t.orm.em.fork())).completed).toBeGreaterThanOrEqual(1);
    expect(await statusOf(id)).toBe('COMPLETED');
  });

  describe('refuses attendance cleanly, writing nothing', () => {
    let held: number;
    let referral: number;
    let elsewhere: number;
    beforeAll(async () => {
      held = await sessionAt(-6, -3, { status: 'HELD' });
      [referral] = await referralsTo(held, ['ACCEPTED']);
      const other = await sessionAt(-6, -3, { status: 'HELD' });
      [elsewhere] = await referralsTo(other, ['ACCEPTED']);
    });

    const cases: [string, string, () => Record<string, unknown>, string, string][] = [
      ['no attendance', 'crepi', () => ({ sessionId: globalIdOf('Session', held), attendances: [] }), 'BAD_USER_INPUT', 'input.attendances'],
      ['a referral given twice', 'crepi', () => ({ sessionId: globalIdOf('Session', held), attendances: [{ referralId: globalIdOf('Referral', referral), attended: true }, { referralId: globalIdOf('Referral', referral), attended: true }] }), 'BAD_USER_INPUT', 'input.attendances[1].referralId'],
      ['a no-show without who missed it', 'crepi', () => ({ sessionId: globalIdOf('Session', held), attendances: [{ referralId: globalIdOf('Referral', referral), attended: false }] }), 'BAD_USER_INPUT', 'input.attendances[0].noShowParty'],
      ['a referral of another session', 'crepi', () => ({ sessionId: globalIdOf('Session', held), attendances: [{ referralId: globalIdOf('Referral', elsewhere), attended: true }] }), 'BAD_USER_INPUT', 'input.attendances[0].referralId'],
      ['another structure than the organiser', 'plie', () => ({ sessionId: globalIdOf('Session', held), attendances: [{ referralId: globalIdOf('Referral', referral), attended: true }] }), 'FORBIDDEN', ''],
      ['a participant', 'participant', () => ({ sessionId: globalIdOf('Session', held), attendances: [{ referralId: globalIdOf('Referral', referral), attended: true }] }), 'FORBIDDEN', ''],
      ['a partner integration (portal)', 'portal', () => ({ sessionId: globalIdOf('Session', held), attendances: [{ referralId: globalIdOf('Referral', referral), attended: true }] }), 'FORBIDDEN', ''],
      ['a host company', 'company', () => ({ sessionId: globalIdOf('Session', held), attendances: [{ referralId: globalIdOf('Referral', referral), attended: true }] }), 'FORBIDDEN', ''],
    ];
    it.each(cases)('%s', async (_what, who, input, code, field) => {
      const before = await tableChecksums(t, ['referral', 'referral_transition', 'session', 'event']);
      const f = await failure(t.server.url, TOKENS[who as keyof typeof TOKENS], ATTENDANCE, { input: input() });
      expect(f.codes).toEqual([code]);
      if (field) expect(f.fields).toEqual([field]);
      expect(await tableChecksums(t, ['referral', 'referral_transition', 'session', 'event'])).toEqual(before);
    });

    it('a session that has not ended yet', async () => {
      const draft = await create();
      const published = await publish(draft.id);
      const f = await failure(t.server.url, TOKENS.crepi, ATTENDANCE, { input: { sessionId: published.id, attendances: [{ referralId: globalIdOf('Referral', referral), attended: true }] } });
      expect(f).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.sessionId'] });
    });
  });

  it('cancels a published session whose host withdrew, with one referralUpdated per referral in the outbox', async () => {
    const id = await sessionAt(24 * 3, 24 * 3 + 3);
    await sql(t, `update session set host_company_id = ?, host_confirmation = 'CONFIRMED' where id = ?`, [company, id]);
    const referrals = await referralsTo(id, ['ACCEPTED', 'PENDING', 'WAITLISTED']);
    await mutate(t.client(TOKENS.company), 'mutation($input: DeclineSessionHostingInput!) { declineSessionHosting(input: $input) { session { id } } }', {
      sessionId: globalIdOf('Session', id), reason: 'Chantier arrêté',
    });
    expect(await statusOf(id)).toBe('CANCELLED');
    expect((await referralRows(referrals)).map((r) => [r.status, r.cancellation_reason])).toEqual(referrals.map(() => ['CANCELLED', 'SESSION_CANCELLED']));
    expect((await referralEvents(referrals)).sort()).toEqual([...referrals].sort());
  });
});
