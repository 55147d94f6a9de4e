import { runFollowUpCourse } from '../src/referrals';
import { followUpJob } from '../src/server/follow-up-job';
import { JobWorker } from '../src/server/worker';
import { loadConfig } from '../src/server/config';
import { createLogger } from '../src/server/logger';
import { todayInFrance } from '../src/common/local-date';
import { monthsAfter } from '../src/referrals/rules/follow-up';
import { createParticipants, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, mutate, TOKENS, withSqlCount } from './support/graphql';
import { viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';
import { collect, eventually } from './support/subscriptions';
import { tableChecksums } from './support/mutation-checks';

// Issue 12, item 4: follow-ups of outcomes at 3 and 6 months (README, "Who may see and do what": the rows
// `recordFollowUp`, `Referral.followUps` and `referrals(filter: { followUpDue })`).

let t: TestServer;
let plie: number;
let ml: number;
let crepi: number;
let company: number;
let yacine: number;

const FOLLOW_UP_FIELDS = 'milestone dueOn status situation contractMonths durableEmployment note recordedAt overdueAt';
const COMPLETE = `mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { referral { id status followUps { ${FOLLOW_UP_FIELDS} } } } }`;
const RECORD = `mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { referral { id followUps { ${FOLLOW_UP_FIELDS} } } } }`;
const ERASE = 'mutation($input: EraseParticipantInput!) { eraseParticipant(input: $input) { participant { id } } }';

interface FollowUp {
  milestone: string;
  dueOn: string;
  status: string;
  situation: string | null;
  contractMonths: number | null;
  durableEmployment: boolean | null;
  note: string | null;
  recordedAt: string | null;
  overdueAt: string | null;
}

const today = () => todayInFrance();
const daysFrom = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestServer();
  plie = (await viewerIds(t, TOKENS.plie)).structureId!;
  ml = (await viewerIds(t, TOKENS.ml)).structureId!;
  crepi = (await viewerIds(t, TOKENS.crepi)).structureId!;
  company = (await viewerIds(t, TOKENS.company)).companyId!;
  [{ id: yacine }] = (await sql<{ id: number }>(t, `select participant_id as id from account where email = 'yacine.benali@example.org'`)) as [{ id: number }];
});
afterAll(async () => t?.stop());

/** A session of the CRÉPI hosted by the demo company, over; and an ATTENDED referral to it prescribed by the PLIE. */
async function attendedReferral(participantId: number): Promise<number> {
  await sql(t, 'update participant set referent_structure_id = ? where id = ?', [plie, participantId]);
  const [session] = await sql<{ id: number }>(
    t,
    `insert into session (kind, title, organiser_id, host_company_id, host_confirmation, starts_at, ends_at, capacity, status, published_at, commune_code, departement_code, latitude, longitude)
     values ('COMPANY_VISIT', 'Visite suivie', ?, ?, 'CONFIRMED', now() - interval '3 days', now() - interval '3 days' + interval '3 hours', 6, 'HELD', now() - interval '10 days', '93066', '93', 48.93, 2.36) returning id`,
    [crepi, company],
  );
  const [referral] = await sql<{ id: number }>(
    t,
    `insert into referral (participant_id, prescriber_structure_id, session_id, motive, status) values (?, ?, ?, 'Découvrir le gros œuvre', 'ATTENDED') returning id`,
    [participantId, plie, session!.id],
  );
  return referral!.id;
}

/** An attended referral completed by its prescriber through the API: its follow-ups are scheduled. */
async function completedReferral(participantId: number): Promise<{ id: string; followUps: FollowUp[] }> {
  const id = await attendedReferral(participantId);
  return mutate(t.client(TOKENS.plie), COMPLETE, { referralId: globalIdOf('Referral', id), outcome: 'INTERESTED', note: 'Motivé, à relancer' });
}

/** Moves a follow-up's due day (tests set dates in the database; the clock is real). */
async function dueOn(referralId: string, milestone: string, day: string): Promise<void> {
  await sql(t, 'update referral_follow_up set due_on = ?::date where referral_id = ? and milestone = ?', [day, keyOf(referralId), milestone]);
}

const readFollowUps = async (token: string, id: string) =>
  (await t.client(token).request<{ node: { followUps: FollowUp[] } | null }>(`query($id: ID!) { node(id: $id) { ... on Referral { followUps { ${FOLLOW_UP_FIELDS} } } } }`, { id })).node;

const record = (token: string, input: Record<string, unknown>) => mutate<{ id: string; followUps: FollowUp[] }>(t.client(token), RECORD, input);

describe('completeReferral schedules the follow-ups', () => {
  it('at 3 and 6 months after the Paris day of completion, UPCOMING', async () => {
    const referral = await completedReferral((await createParticipants(t, plie, 1))[0]!);
    expect(referral.followUps).toEqual([
      expect.objectContaining({ milestone: 'MONTH_3', dueOn: monthsAfter(today(), 3), status: 'UPCOMING', situation: null, durableEmployment: null, recordedAt: null }),
      expect.objectContaining({ milestone: 'MONTH_6', dueOn: monthsAfter(today(), 6), status: 'UPCOMING', situation: null, durableEmployment: null, recordedAt: null }),
    ]);
  });

  it('none before completion', async () => {
    const id = globalIdOf('Referral', await attendedReferral((await createParticipants(t, plie, 1))[0]!));
    expect((await readFollowUps(TOKENS.plie, id))!.followUps).toEqual([]);
  });
});

describe('recordFollowUp', () => {
  let referral: string;
  beforeAll(async () => {
    referral = (await completedReferral((await createParticipants(t, plie, 1))[0]!)).id;
  });

  it('refuses a malformed input, naming the field, and writes nothing', async () => {
    await dueOn(referral, 'MONTH_3', today());
    const before = await tableChecksums(t, ['referral_follow_up', 'event']);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ situation: 'CDD' }, 'BAD_USER_INPUT', 'input.contractMonths'],
      [{ situation: 'INTERIM' }, 'BAD_USER_INPUT', 'input.contractMonths'],
      [{ situation: 'CDI', contractMonths: 12 }, 'BAD_USER_INPUT', 'input.contractMonths'],
      [{ situation: 'ALTERNANCE', contractMonths: 24 }, 'BAD_USER_INPUT', 'input.contractMonths'],
      [{ situation: 'CDD', contractMonths: 0 }, 'BAD_USER_INPUT', 'input.contractMonths'],
      [{ situation: 'CDD', contractMonths: 601 }, 'BAD_USER_INPUT', 'input.contractMonths'],
      [{ situation: 'CDI', note: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'input.note'],
      // MONTH_6 is due in 6 months: too early.
      [{ situation: 'CDI', milestone: 'MONTH_6' }, 'BAD_USER_INPUT', 'input.milestone'],
      [{ situation: 'CDI', referralId: globalIdOf('Referral', 99_999_999) }, 'NOT_FOUND', 'input.referralId'],
    ];
    for (const [input, code, field] of cases) {
      const f = await failure(t.server.url, TOKENS.plie, RECORD, { input: { referralId: referral, milestone: 'MONTH_3', ...input } });
      expect([f.codes, f.fields]).toEqual([[code], [field]]);
    }
    expect(await tableChecksums(t, ['referral_follow_up', 'event'])).toEqual(before);
  });

  it('takes a follow-up from 14 days before its due day', async () => {
    const other = (await completedReferral((await createParticipants(t, plie, 1))[0]!)).id;
    await dueOn(other, 'MONTH_3', daysFrom(today(), 15));
    const early = await failure(t.server.url, TOKENS.plie, RECORD, { input: { referralId: other, milestone: 'MONTH_3', situation: 'JOB_SEEKING' } });
    expect([early.codes, early.fields]).toEqual([['BAD_USER_INPUT'], ['input.milestone']]);
    await dueOn(other, 'MONTH_3', daysFrom(today(), 14));
    const done = await record(TOKENS.plie, { referralId: other, milestone: 'MONTH_3', situation: 'JOB_SEEKING' });
    expect(done.followUps[0]).toMatchObject({ status: 'RECORDED', situation: 'JOB_SEEKING', durableEmployment: false });
  });

  it('refuses a referral that is not completed: INVALID_TRANSITION', async () => {
    const attended = globalIdOf('Referral', await attendedReferral((await createParticipants(t, plie, 1))[0]!));
    const f = await failure(t.server.url, TOKENS.plie, RECORD, { input: { referralId: attended, milestone: 'MONTH_3', situation: 'CDI' } });
    expect([f.codes, f.fields]).toEqual([['INVALID_TRANSITION'], ['input.referralId']]);
  });

  it('computes durable employment: a 7-month CDD recorded at 3 months is durable, a 5-month interim is not', async () => {
    const recorded = await record(TOKENS.plie, { referralId: referral, milestone: 'MONTH_3', situation: 'CDD', contractMonths: 7, note: 'CDD de coffreur chez un adhérent' });
    expect(recorded.followUps[0]).toMatchObject({ milestone: 'MONTH_3', status: 'RECORDED', situation: 'CDD', contractMonths: 7, durableEmployment: true, note: 'CDD de coffreur chez un adhérent' });
    expect(recorded.followUps[1]).toMatchObject({ milestone: 'MONTH_6', status: 'UPCOMING', durableEmployment: null });
    await dueOn(referral, 'MONTH_6', today());
    const six = await record(TOKENS.plie, { referralId: referral, milestone: 'MONTH_6', situation: 'INTERIM', contractMonths: 5 });
    expect(six.followUps[1]).toMatchObject({ status: 'RECORDED', situation: 'INTERIM', contractMonths: 5, durableEmployment: false, note: null });
    // What the indicators count: the stored column, equal to the rule.
    const rows = await sql<{ milestone: string; durable: boolean }>(t, 'select milestone, durable from referral_follow_up where referral_id = ? order by milestone', [keyOf(referral)]);
    expect(rows).toEqual([{ milestone: 'MONTH_3', durable: true }, { milestone: 'MONTH_6', durable: false }]);
  });

  it('keeps the stored durable equal to the rule (a check refuses anything else)', async () => {
    await expect(sql(t, 'update referral_follow_up set durable = false where referral_id = ? and milestone = ?', [keyOf(referral), 'MONTH_3'])).rejects.toThrow(/referral_follow_up_durable/);
    await expect(sql(t, `update referral_follow_up set situation = 'ALTERNANCE', contract_months = null where referral_id = ? and milestone = ?`, [keyOf(referral), 'MONTH_3'])).rejects.toThrow(/referral_follow_up_durable/);
  });

  it('records a follow-up once: CONFLICT; an idempotency key replayed answers as the first call', async () => {
    const again = await failure(t.server.url, TOKENS.plie, RECORD, { input: { referralId: referral, milestone: 'MONTH_3', situation: 'CDI' } });
    expect([again.codes, again.fields]).toEqual([['CONFLICT'], ['input.milestone']]);
    const other = (await completedReferral((await createParticipants(t, plie, 1))[0]!)).id;
    await dueOn(other, 'MONTH_3', today());
    const input = { referralId: other, milestone: 'MONTH_3', situation: 'CREATION', idempotencyKey: 'follow-up-2027-001' };
    const first = await record(TOKENS.plie, input);
    const replay = await record(TOKENS.plie, input);
    expect(replay).toEqual(first);
    expect(first.followUps[0]).toMatchObject({ situation: 'CREATION', durableEmployment: true });
    const reused = await failure(t.server.url, TOKENS.plie, RECORD, { input: { ...input, situation: 'CDI' } });
    expect(reused.codes).toEqual(['CONFLICT']);
  });
});

describe('rights (README, "Who may see and do what")', () => {
  let referral: string;
  beforeAll(async () => {
    // Yacine, the demo participant, referred by the PLIE to a CRÉPI session hosted by the demo company; once
    // completed, his referent becomes the Mission Locale (so prescriber and referent are two structures).
    referral = (await completedReferral(yacine)).id;
    await sql(t, 'update participant set referent_structure_id = ? where id = ?', [ml, yacine]);
    await dueOn(referral, 'MONTH_3', today());
  });

  it('recordFollowUp: the prescriber (SA/SS) and network admins; FORBIDDEN to the referent, the host and the participant; NOT_FOUND to others', async () => {
    const input = { referralId: referral, milestone: 'MONTH_3', situation: 'CDI' };
    for (const [token, code] of [
      [TOKENS.ml, 'FORBIDDEN'],
      [TOKENS.crepi, 'FORBIDDEN'],
      [TOKENS.company, 'FORBIDDEN'],
      [TOKENS.participant, 'FORBIDDEN'],
      [TOKENS.franceTravail, 'NOT_FOUND'],
      [TOKENS.portal, 'NOT_FOUND'],
    ] as const) {
      expect([token, (await failure(t.server.url, token, RECORD, { input })).codes]).toEqual([token, [code]]);
    }
    const byPrescriber = await record(TOKENS.plie, { ...input, note: 'En CDI depuis janvier' });
    expect(byPrescriber.followUps[0]).toMatchObject({ status: 'RECORDED', situation: 'CDI', durableEmployment: true });
    await dueOn(referral, 'MONTH_6', today());
    const byAdmin = await record(TOKENS.admin, { referralId: referral, milestone: 'MONTH_6', situation: 'CDI' });
    expect(byAdmin.followUps[1]).toMatchObject({ status: 'RECORDED' });
  });

  it('Referral.followUps: prescriber, referent, network admins and the participant with the note; the host none; others nothing', async () => {
    for (const token of [TOKENS.plie, TOKENS.ml, TOKENS.admin, TOKENS.participant]) {
      const read = await readFollowUps(token, referral);
      expect([token, read!.followUps.map((f) => [f.milestone, f.situation, f.note])]).toEqual([token, [['MONTH_3', 'CDI', 'En CDI depuis janvier'], ['MONTH_6', 'CDI', null]]]);
    }
    for (const token of [TOKENS.crepi, TOKENS.company]) expect([token, (await readFollowUps(token, referral))!.followUps]).toEqual([token, []]);
    for (const token of [TOKENS.franceTravail, TOKENS.portal]) expect([token, await readFollowUps(token, referral)]).toEqual([token, null]);
  });

  it('reads follow-ups through a loader: one statement for a page, whatever its size', async () => {
    const PAGE = `query($first: Int) { referrals(first: $first, filter: { statuses: [COMPLETED] }) { edges { node { id followUps { milestone situation } } } } }`;
    const small = await withSqlCount<{ referrals: { edges: unknown[] } }>(t.client(TOKENS.plie), PAGE, { first: 2 });
    const large = await withSqlCount<{ referrals: { edges: unknown[] } }>(t.client(TOKENS.plie), PAGE, { first: 20 });
    expect(large.data.referrals.edges.length).toBeGreaterThan(small.data.referrals.edges.length);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });

  it('audits the note as a personal-data read', async () => {
    const mlAccount = (await viewerIds(t, TOKENS.ml)).accountId;
    const reads = async () =>
      Number((await sql<{ n: string }>(t, `select count(*) n from audit_log where operation = 'read:personalData' and account_id = ? and participant_id = ?`, [mlAccount, yacine]))[0]!.n);
    const before = await reads();
    await t.client(TOKENS.ml).request(`query($id: ID!) { node(id: $id) { ... on Referral { followUps { situation } } } }`, { id: referral });
    expect(await reads()).toBe(before);
    await t.client(TOKENS.ml).request(`query($id: ID!) { node(id: $id) { ... on Referral { followUps { note } } } }`, { id: referral });
    expect(await reads()).toBe(before + 1);
  });
});

describe('the follow-up job, the due list and the events', () => {
  const LIST = 'query($filter: ReferralFilter) { referrals(filter: $filter, first: 100) { edges { node { id followUps { milestone status } } } } }';
  const listed = async (token: string, followUpDue: boolean) =>
    (await t.client(token).request<{ referrals: { edges: { node: { id: string } }[] } }>(LIST, { filter: { followUpDue } })).referrals.edges.map((e) => e.node.id);
  const EVENTS = 'subscription($after: String) { referralUpdated(after: $after) { status followUp { milestone status } referral { id followUps { milestone status durableEmployment note } } } }';
  interface Event {
    referralUpdated: { status: string; followUp: { milestone: string; status: string } | null; referral: { id: string; followUps: { milestone: string; status: string; durableEmployment: boolean | null; note: string | null }[] } | null };
  }

  it('tells the prescriber once when a follow-up becomes due, marks it overdue 30 days after, lists it as due until recorded (a 7-month CDD: durable)', async () => {
    // Nothing else due: the earlier tests' follow-ups are recorded or pushed far ahead.
    await sql(t, `update referral_follow_up set due_on = current_date + 200 where recorded_at is null`);
    await runFollowUpCourse(t.orm.em.fork());
    const referral = (await completedReferral((await createParticipants(t, plie, 1))[0]!)).id;
    const { latestEventCursor: after } = await t.client(TOKENS.plie).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    const prescriber = collect<Event>(t.wsClient(TOKENS.plie), EVENTS, { after });
    const host = collect<Event>(t.wsClient(TOKENS.crepi), EVENTS, { after });

    expect(await listed(TOKENS.plie, true)).not.toContain(referral);
    await dueOn(referral, 'MONTH_3', today());
    expect(await listed(TOKENS.plie, true)).toContain(referral);
    expect(await listed(TOKENS.plie, false)).not.toContain(referral);
    expect(await listed(TOKENS.crepi, true)).toEqual([]); // the host reads no follow-up
    expect(await listed(TOKENS.crepi, false)).toContain(referral);

    expect(await runFollowUpCourse(t.orm.em.fork())).toEqual({ due: 1, overdue: 0 });
    expect(await runFollowUpCourse(t.orm.em.fork())).toEqual({ due: 0, overdue: 0 }); // told once
    expect((await readFollowUps(TOKENS.plie, referral))!.followUps.map((f) => f.status)).toEqual(['DUE', 'UPCOMING']);

    await dueOn(referral, 'MONTH_3', daysFrom(today(), -30));
    expect(await runFollowUpCourse(t.orm.em.fork())).toEqual({ due: 0, overdue: 0 }); // 30 days: not yet
    await dueOn(referral, 'MONTH_3', daysFrom(today(), -31));
    expect(await runFollowUpCourse(t.orm.em.fork())).toEqual({ due: 0, overdue: 1 });
    const [three] = (await readFollowUps(TOKENS.plie, referral))!.followUps;
    expect(three).toMatchObject({ status: 'OVERDUE' });
    expect(three!.overdueAt).not.toBeNull();
    expect(await listed(TOKENS.plie, true)).toContain(referral);

    const events = await prescriber.waitFor(2);
    expect(events.map((e) => [e.referralUpdated.status, e.referralUpdated.followUp, e.referralUpdated.referral?.id])).toEqual([
      ['COMPLETED', { milestone: 'MONTH_3', status: 'DUE' }, referral],
      ['COMPLETED', { milestone: 'MONTH_3', status: 'OVERDUE' }, referral],
    ]);

    await record(TOKENS.plie, { referralId: referral, milestone: 'MONTH_3', situation: 'CDD', contractMonths: 7, note: 'CDD de coffreur, 7 mois' });
    expect(await listed(TOKENS.plie, true)).not.toContain(referral);
    const recorded = await prescriber.waitFor(3);
    expect(recorded[2]!.referralUpdated.followUp).toEqual({ milestone: 'MONTH_3', status: 'RECORDED' });
    expect(recorded[2]!.referralUpdated.referral!.followUps[0]).toMatchObject({ status: 'RECORDED', durableEmployment: true, note: 'CDD de coffreur, 7 mois' });

    // The host got none of them: its first event is the next status change it may see.
    const next = await attendedReferral((await createParticipants(t, plie, 1))[0]!);
    await mutate(t.client(TOKENS.plie), COMPLETE, { referralId: globalIdOf('Referral', next), outcome: 'NOT_INTERESTED' });
    const [first] = await host.waitFor(1);
    expect(first!.referralUpdated).toMatchObject({ status: 'COMPLETED', followUp: null, referral: { id: globalIdOf('Referral', next), followUps: [] } });
    prescriber.stop();
    host.stop();
  });

  it('marks a follow-up long past its day overdue only (one event), and instances running at once mark each once', async () => {
    await sql(t, `update referral_follow_up set due_on = current_date + 200 where recorded_at is null`);
    const referrals = [];
    for (const p of await createParticipants(t, plie, 6)) referrals.push((await completedReferral(p)).id);
    for (const r of referrals) await dueOn(r, 'MONTH_3', today());
    await dueOn(referrals[0]!, 'MONTH_6', daysFrom(today(), -90));
    const before = Number((await sql<{ id: string }>(t, 'select coalesce(max(id), 0) id from event'))[0]!.id);
    const runs = await Promise.all([runFollowUpCourse(t.orm.em.fork(), 2), runFollowUpCourse(t.orm.em.fork(), 2), runFollowUpCourse(t.orm.em.fork(), 2)]);
    expect(runs.reduce((n, r) => n + r.due, 0)).toBe(6);
    expect(runs.reduce((n, r) => n + r.overdue, 0)).toBe(1);
    const events = await sql<{ referral: number; milestone: string; status: string }>(
      t,
      `select entity_id as referral, data->'followUp'->>'milestone' as milestone, data->'followUp'->>'status' as status from event where id > ? order by entity_id, milestone`,
      [before],
    );
    expect(events).toEqual([
      { referral: keyOf(referrals[0]!), milestone: 'MONTH_3', status: 'DUE' },
      { referral: keyOf(referrals[0]!), milestone: 'MONTH_6', status: 'OVERDUE' },
      ...referrals.slice(1).map((r) => ({ referral: keyOf(r), milestone: 'MONTH_3', status: 'DUE' })),
    ]);
  });
});

describe('the follow-up job in the background', () => {
  it('is configured by RELAIS_FOLLOW_UP_INTERVAL_MS (hourly by default, 0: never), validated: an interval cron can tick', () => {
    expect(loadConfig({}).followUpIntervalMs).toBe(3_600_000);
    expect(loadConfig({ RELAIS_FOLLOW_UP_INTERVAL_MS: '0' }).followUpIntervalMs).toBe(0);
    expect(() => loadConfig({ RELAIS_FOLLOW_UP_INTERVAL_MS: '-1' })).toThrow(/RELAIS_FOLLOW_UP_INTERVAL_MS/);
    expect(() => loadConfig({ RELAIS_FOLLOW_UP_INTERVAL_MS: '50' })).toThrow(/RELAIS_FOLLOW_UP_INTERVAL_MS: must be 0 \(never\) or a whole number of minutes/);
  });

  it('runs on the job queue: a follow-up whose day came is marked told', async () => {
    const referral = (await completedReferral((await createParticipants(t, plie, 1))[0]!)).id;
    await dueOn(referral, 'MONTH_3', today());
    const told = async () =>
      (await sql<{ told: boolean }>(t, `select due_notified_at is not null as told from referral_follow_up where referral_id = ? and milestone = 'MONTH_3'`, [keyOf(referral)]))[0]!.told;
    const logger = createLogger('silent');
    const worker = await JobWorker.start({ databaseUrl: t.db.url, logger, jobs: [followUpJob(t.orm, loadConfig({ DATABASE_URL: t.db.url }), logger)], concurrency: 1, pollMs: 100 });
    try {
      await worker.runNow('relais:follow-up-course');
      await eventually(told);
    } finally {
      await worker.stop();
    }
  });
});

describe('erasure', () => {
  it('erases follow-up notes and keeps situations, lengths and durable employment', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const referral = (await completedReferral(participant!)).id;
    await dueOn(referral, 'MONTH_3', today());
    await record(TOKENS.plie, { referralId: referral, milestone: 'MONTH_3', situation: 'CDD', contractMonths: 8, note: 'Suivi santé en cours', idempotencyKey: 'erase-follow-up-1' });
    await mutate(t.client(TOKENS.plie), ERASE, { participantId: globalIdOf('Participant', participant!) });
    const rows = await sql(t, 'select milestone, situation, contract_months, durable, note from referral_follow_up where referral_id = ? order by milestone', [keyOf(referral)]);
    expect(rows).toEqual([
      { milestone: 'MONTH_3', situation: 'CDD', contract_months: 8, durable: true, note: null },
      { milestone: 'MONTH_6', situation: null, contract_months: null, durable: null, note: null },
    ]);
    expect((await readFollowUps(TOKENS.plie, referral))!.followUps[0]).toMatchObject({ situation: 'CDD', durableEmployment: true, note: null });
    // The fingerprint of the request (its note) is forgotten: the key replayed creates nothing and says so.
    const replay = await failure(t.server.url, TOKENS.plie, RECORD, {
      input: { referralId: referral, milestone: 'MONTH_3', situation: 'CDD', contractMonths: 8, note: 'Suivi santé en cours', idempotencyKey: 'erase-follow-up-1' },
    });
    expect(replay.codes).toEqual(['CONFLICT']);
  });
});
