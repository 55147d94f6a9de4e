import { expirePendingReferrals } from '../src/referrals/use-cases/referrals';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
let plie: number;
let crepi: number;

const REFER = /* GraphQL */ `
  mutation Refer($input: ReferParticipantInput!) {
    referParticipant(input: $input) { referral { id status session { id } transitions { fromStatus toStatus } } }
  }`;
const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status waitlistedAt } } }';
const CANCEL = 'mutation($input: CancelReferralInput!) { cancelReferral(input: $input) { referral { id status cancellationReason } } }';

interface ReferralResult {
  id: string;
  status: string;
}

async function refer(token: string, participantId: number, sessionId: number, extra: Record<string, unknown> = {}): Promise<ReferralResult> {
  const data = await t.client(token).request<{ referParticipant: { referral: ReferralResult } }>(REFER, {
    input: { participantId: globalIdOf('Participant', participantId), sessionId: globalIdOf('Session', sessionId), motive: 'Découvrir le métier', ...extra },
  });
  return data.referParticipant.referral;
}

async function accept(token: string, referralId: string): Promise<ReferralResult> {
  const data = await t.client(token).request<{ acceptReferral: { referral: ReferralResult } }>(ACCEPT, { input: { referralId } });
  return data.acceptReferral.referral;
}

async function sessionSeats(sessionId: number): Promise<{ seats_taken: number; capacity: number; status: string }> {
  const [row] = await sql<{ seats_taken: number; capacity: number; status: string }>(t, 'select seats_taken, capacity, status from session where id = ?', [sessionId]);
  return row!;
}

async function structureOf(token: string): Promise<number> {
  const data = await t.client(token).request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }');
  return keyOf(data.viewer.structure.id);
}

beforeAll(async () => {
  t = await startTestServer({ RELAIS_DB_POOL_MAX: '10' });
  plie = await structureOf(TOKENS.plie);
  crepi = await structureOf(TOKENS.crepi);
});
afterAll(async () => {
  await t?.stop();
});

describe('seats under concurrency', () => {
  it('gives a 5-seat session exactly 5 of 50 simultaneous acceptances, waitlists the rest in order, then promotes', async () => {
    const session = await createPublishedSession(t, crepi, 5);
    const participants = await createParticipants(t, plie, 50);
    const referrals = await Promise.all(participants.map((p) => refer(TOKENS.plie, p, session)));
    expect(referrals.every((r) => r.status === 'PENDING')).toBe(true);

    const answers = await Promise.all(referrals.map((r) => accept(TOKENS.crepi, r.id)));
    expect(answers.filter((a) => a.status === 'ACCEPTED')).toHaveLength(5);
    expect(answers.filter((a) => a.status === 'WAITLISTED')).toHaveLength(45);
    expect(await sessionSeats(session)).toEqual({ seats_taken: 5, capacity: 5, status: 'FULL' });
    const [held] = await sql<{ n: string }>(t, `select count(*) n from referral where session_id = ? and status = 'ACCEPTED'`, [session]);
    expect(Number(held!.n)).toBe(5);

    // The first of the waiting list (by the time it joined) gets the seat freed by a cancellation.
    const [first] = await sql<{ id: number }>(t, `select id from referral where session_id = ? and status = 'WAITLISTED' order by waitlisted_at, id limit 1`, [session]);
    const leaving = answers.find((a) => a.status === 'ACCEPTED')!;
    const cancelled = await t.client(TOKENS.plie).request<{ cancelReferral: { referral: { status: string; cancellationReason: string } } }>(CANCEL, { input: { referralId: leaving.id } });
    expect(cancelled.cancelReferral.referral).toMatchObject({ status: 'CANCELLED', cancellationReason: 'WITHDRAWN' });
    const [promoted] = await sql<{ status: string }>(t, 'select status from referral where id = ?', [first!.id]);
    expect(promoted!.status).toBe('ACCEPTED');
    const log = await sql<{ reason: string; actor_id: number | null }>(t, `select reason, actor_id from referral_transition where referral_id = ? and to_status = 'ACCEPTED'`, [first!.id]);
    expect(log).toEqual([{ reason: 'promoted from the waiting list', actor_id: null }]);
    expect(await sessionSeats(session)).toEqual({ seats_taken: 5, capacity: 5, status: 'FULL' });
  });
});

describe('one participant referred to several sessions at once', () => {
  it('gives each its referral: the participant is locked for update, so the referrals take turns instead of deadlocking', async () => {
    const sessions = await Promise.all(Array.from({ length: 8 }, () => createPublishedSession(t, crepi, 5)));
    const [participant] = await createParticipants(t, plie, 1);
    const referrals = await Promise.all(sessions.map((session) => refer(TOKENS.plie, participant!, session)));
    expect(referrals.map((r) => r.status)).toEqual(sessions.map(() => 'PENDING'));
    const [count] = await sql<{ n: string }>(t, 'select count(*) n from referral where participant_id = ?', [participant]);
    expect(Number(count!.n)).toBe(sessions.length);
  });
});

describe('idempotency', () => {
  it('creates one referral for the same key sent 10 times at once, and refuses the key with another input', async () => {
    const session = await createPublishedSession(t, crepi, 10);
    const [participant] = await createParticipants(t, plie, 1);
    const key = `refer-${participant}-${session}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => refer(TOKENS.plie, participant!, session, { idempotencyKey: key })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [count] = await sql<{ n: string }>(t, 'select count(*) n from referral where participant_id = ?', [participant]);
    expect(Number(count!.n)).toBe(1);
    const f = await failure(t.server.url, TOKENS.plie, REFER, {
      input: { participantId: globalIdOf('Participant', participant!), sessionId: globalIdOf('Session', session), motive: 'Un autre motif', idempotencyKey: key },
    });
    expect(f.codes).toEqual(['CONFLICT']);
    expect(f.fields).toEqual(['input.idempotencyKey']);
  });
});

describe('the referral state machine', () => {
  it('follows a referral from PENDING to COMPLETED with its log', async () => {
    const session = await createPublishedSession(t, crepi, 3);
    const [participant] = await createParticipants(t, plie, 1);
    const referral = await refer(TOKENS.plie, participant!, session);
    await accept(TOKENS.crepi, referral.id);
    await sql(t, `update session set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = ?`, [session]);
    const attended = await t.client(TOKENS.crepi).request<{ recordAttendance: { referral: { status: string } } }>(
      'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { status } } }',
      { input: { referralId: referral.id, attended: true } },
    );
    expect(attended.recordAttendance.referral.status).toBe('ATTENDED');
    const done = await t.client(TOKENS.plie).request<{ completeReferral: { referral: { status: string; outcome: string; contractType: string; transitions: { fromStatus: string | null; toStatus: string }[] } } }>(
      'mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { referral { status outcome contractType transitions { fromStatus toStatus } } } }',
      { input: { referralId: referral.id, outcome: 'HIRED', contractType: 'CDI', note: 'Embauché après la visite' } },
    );
    expect(done.completeReferral.referral).toMatchObject({ status: 'COMPLETED', outcome: 'HIRED', contractType: 'CDI' });
    expect(done.completeReferral.referral.transitions.map((s) => [s.fromStatus, s.toStatus])).toEqual([
      [null, 'PENDING'], ['PENDING', 'ACCEPTED'], ['ACCEPTED', 'ATTENDED'], ['ATTENDED', 'COMPLETED'],
    ]);
  });

  it('refuses with a reason, and answers INVALID_TRANSITION to a second answer', async () => {
    const session = await createPublishedSession(t, crepi, 3);
    const [participant] = await createParticipants(t, plie, 1);
    const referral = await refer(TOKENS.plie, participant!, session);
    const REFUSE = 'mutation($input: RefuseReferralInput!) { refuseReferral(input: $input) { referral { status refusalReason refusalDetail refusalSharedWithParticipant } } }';
    const other = await failure(t.server.url, TOKENS.crepi, REFUSE, { input: { referralId: referral.id, reason: 'OTHER', sharedWithParticipant: false } });
    expect(other).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.detail'] });
    const refused = await t.client(TOKENS.crepi).request<{ refuseReferral: { referral: unknown } }>(REFUSE, {
      input: { referralId: referral.id, reason: 'NOT_MOBILE', sharedWithParticipant: true },
    });
    expect(refused.refuseReferral.referral).toEqual({ status: 'REFUSED', refusalReason: 'NOT_MOBILE', refusalDetail: null, refusalSharedWithParticipant: true });
    const again = await failure(t.server.url, TOKENS.crepi, ACCEPT, { input: { referralId: referral.id } });
    expect(again.codes).toEqual(['INVALID_TRANSITION']);
  });

  it('keeps a refusal not shared with the participant from them on every read path, and shows a shared one', async () => {
    const { viewer } = await t.client(TOKENS.participant).request<{ viewer: { participant: { id: string } } }>('{ viewer { participant { id } } }');
    const REFUSE = 'mutation($input: RefuseReferralInput!) { refuseReferral(input: $input) { referral { id } } }';
    const referTo = async (sessionId: number) =>
      (await t.client(TOKENS.franceTravail).request<{ referParticipant: { referral: { id: string } } }>(REFER, {
        input: { participantId: viewer.participant.id, sessionId: globalIdOf('Session', sessionId), motive: 'Découvrir le métier' },
      })).referParticipant.referral.id;
    const privateSession = await createPublishedSession(t, crepi, 3);
    const sharedSession = await createPublishedSession(t, crepi, 3);
    const kept = await referTo(privateSession);
    const shared = await referTo(sharedSession);
    await t.client(TOKENS.crepi).request(REFUSE, { input: { referralId: kept, reason: 'OTHER', detail: 'Comportement signalé par le conseiller', sharedWithParticipant: false } });
    await t.client(TOKENS.crepi).request(REFUSE, { input: { referralId: shared, reason: 'OTHER', detail: 'Session complète ce jour-là', sharedWithParticipant: true } });

    const FIELDS = 'id status refusalReason refusalDetail refusalSharedWithParticipant transitions { toStatus reason }';
    type Read = { id: string; status: string; refusalReason: string | null; refusalDetail: string | null; transitions: { toStatus: string; reason: string | null }[] };
    const viaList = async (token: string, referralId: string) =>
      (await t.client(token).request<{ referrals: { edges: { node: Read }[] } }>(`{ referrals(first: 100) { edges { node { ${FIELDS} } } } }`)).referrals.edges
        .map((e) => e.node).find((n) => n.id === referralId);
    const viaNode = async (token: string, referralId: string) =>
      (await t.client(token).request<{ node: Read }>(`query($id: ID!) { node(id: $id) { ... on Referral { ${FIELDS} } } }`, { id: referralId })).node;
    const viaNodes = async (token: string, referralId: string) =>
      (await t.client(token).request<{ nodes: Read[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Referral { ${FIELDS} } } }`, { ids: [referralId] })).nodes[0];

    const hidden = {
      id: kept, status: 'REFUSED', refusalReason: null, refusalDetail: null, refusalSharedWithParticipant: false,
      transitions: [{ toStatus: 'PENDING', reason: 'Découvrir le métier' }, { toStatus: 'REFUSED', reason: null }],
    };
    for (const read of [viaList, viaNode, viaNodes]) {
      expect(await read(TOKENS.participant, kept)).toEqual(hidden);
      expect(await read(TOKENS.participant, shared)).toMatchObject({ refusalReason: 'OTHER', refusalDetail: 'Session complète ce jour-là', transitions: [{}, { reason: 'Session complète ce jour-là' }] });
      // The professionals read it: the prescriber (and referent) and the host that wrote it.
      for (const token of [TOKENS.franceTravail, TOKENS.crepi, TOKENS.admin]) {
        expect(await read(token, kept)).toMatchObject({ refusalReason: 'OTHER', refusalDetail: 'Comportement signalé par le conseiller', transitions: [{}, { reason: 'Comportement signalé par le conseiller' }] });
      }
    }
  });

  it('refuses a second open referral of the same participant to the same session (CONFLICT)', async () => {
    const session = await createPublishedSession(t, crepi, 3);
    const [participant] = await createParticipants(t, plie, 1);
    await refer(TOKENS.plie, participant!, session);
    const f = await failure(t.server.url, TOKENS.plie, REFER, { input: { participantId: globalIdOf('Participant', participant!), sessionId: globalIdOf('Session', session), motive: 'encore' } });
    expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.sessionId'] });
  });

  it('refuses a participant under the minimum age with BAD_USER_INPUT', async () => {
    const session = await createPublishedSession(t, crepi, 3, 18);
    const [participant] = await createParticipants(t, plie, 1);
    await sql(t, `update participant_personal_data set birth_date = (current_date - interval '17 years')::date where participant_id = ?`, [participant]);
    const f = await failure(t.server.url, TOKENS.plie, REFER, { input: { participantId: globalIdOf('Participant', participant!), sessionId: globalIdOf('Session', session), motive: 'trop jeune' } });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.participantId'] });
    expect(f.messages[0]).toContain('minimum age of 18');
  });
});

describe('authorization', () => {
  it('does not let anyone refer a participant another structure follows, nor learn that they exist', async () => {
    const session = await createPublishedSession(t, crepi, 3);
    const [participant] = await createParticipants(t, plie, 1);
    for (const token of [TOKENS.ml, TOKENS.franceTravail, TOKENS.company, TOKENS.portal, TOKENS.participant]) {
      const f = await failure(t.server.url, token, REFER, { input: { participantId: globalIdOf('Participant', participant!), sessionId: globalIdOf('Session', session), motive: 'x' } });
      expect(f.codes).toEqual(['NOT_FOUND']);
    }
  });

  it('forbids answering a referral to someone else’s session, and cancelling someone else’s referral', async () => {
    const session = await createPublishedSession(t, crepi, 3);
    const [participant] = await createParticipants(t, plie, 1);
    const referral = await refer(TOKENS.plie, participant!, session);
    // The prescriber sees the referral but is not the host; the organiser sees it but did not prescribe it.
    expect((await failure(t.server.url, TOKENS.plie, ACCEPT, { input: { referralId: referral.id } })).codes).toEqual(['FORBIDDEN']);
    expect((await failure(t.server.url, TOKENS.crepi, CANCEL, { input: { referralId: referral.id } })).codes).toEqual(['FORBIDDEN']);
    // The others cannot see it at all.
    for (const token of [TOKENS.ml, TOKENS.company, TOKENS.portal]) {
      expect((await failure(t.server.url, token, ACCEPT, { input: { referralId: referral.id } })).codes).toEqual(['NOT_FOUND']);
      expect((await failure(t.server.url, token, CANCEL, { input: { referralId: referral.id } })).codes).toEqual(['NOT_FOUND']);
    }
  });
});

describe('bad input changes nothing', () => {
  let session: number;
  let participant: number;
  beforeAll(async () => {
    session = await createPublishedSession(t, crepi, 3);
    [participant] = (await createParticipants(t, plie, 1)) as [number];
  });

  const snapshot = async () =>
    sql<{ r: string; t: string; s: string }>(t, `select (select md5(coalesce(string_agg(r::text, ',' order by id), '')) from referral r) r,
      (select md5(coalesce(string_agg(x::text, ',' order by id), '')) from referral_transition x) t,
      (select md5(coalesce(string_agg(s::text, ',' order by id), '')) from session s) s`);

  it.each<[string, () => Record<string, unknown>, string, string]>([
    ['an empty motive', () => ({ participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: '   ' }), 'BAD_USER_INPUT', 'input.motive'],
    ['no target', () => ({ participantId: globalIdOf('Participant', participant), motive: 'x' }), 'BAD_USER_INPUT', 'input.sessionId'],
    ['two targets', () => ({ participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), immersionOfferId: globalIdOf('ImmersionOffer', 1), motive: 'x' }), 'BAD_USER_INPUT', 'input.sessionId'],
    ['a malformed participant id', () => ({ participantId: 'nope', sessionId: globalIdOf('Session', session), motive: 'x' }), 'BAD_USER_INPUT', 'input.participantId'],
    ['a session id given as participant', () => ({ participantId: globalIdOf('Session', session), sessionId: globalIdOf('Session', session), motive: 'x' }), 'BAD_USER_INPUT', 'input.participantId'],
    ['an unknown participant', () => ({ participantId: globalIdOf('Participant', 999999), sessionId: globalIdOf('Session', session), motive: 'x' }), 'NOT_FOUND', 'input.participantId'],
    ['an unknown session', () => ({ participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', 999999), motive: 'x' }), 'NOT_FOUND', 'input.sessionId'],
    ['a huge motive', () => ({ participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'input.motive'],
    ['a bad idempotency key', () => ({ participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: 'x', idempotencyKey: 'with space' }), 'BAD_USER_INPUT', 'input.idempotencyKey'],
  ])('referParticipant with %s', async (_what, input, code, field) => {
    const before = await snapshot();
    const f = await failure(t.server.url, TOKENS.plie, REFER, { input: input() });
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(await snapshot()).toEqual(before);
  });

  it.each<[string, string, Record<string, unknown>, string, string]>([
    ['acceptReferral of an unknown referral', ACCEPT, { referralId: globalIdOf('Referral', 999999) }, 'NOT_FOUND', 'input.referralId'],
    ['acceptReferral of a malformed id', ACCEPT, { referralId: '%%%' }, 'BAD_USER_INPUT', 'input.referralId'],
    ['recordAttendance without who missed', 'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { id } } }', { referralId: globalIdOf('Referral', 1), attended: false }, 'BAD_USER_INPUT', 'input.noShowParty'],
    ['completeReferral HIRED without contract', 'mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { referral { id } } }', { referralId: globalIdOf('Referral', 1), outcome: 'HIRED' }, 'BAD_USER_INPUT', 'input.contractType'],
  ])('%s', async (_what, mutation, input, code, field) => {
    const before = await snapshot();
    const f = await failure(t.server.url, TOKENS.crepi, mutation, { input });
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('expiry', () => {
  it('expires old PENDING referrals once, even with two instances running the job at once', async () => {
    const session = await createPublishedSession(t, crepi, 5);
    const participants = await createParticipants(t, plie, 7);
    const referrals = await Promise.all(participants.map((p) => refer(TOKENS.plie, p, session)));
    const ids = referrals.map((r) => keyOf(r.id));
    await sql(t, `update referral set created_at = now() - interval '31 days' where id in (${ids.join(',')})`);
    const [pendingBefore] = await sql<{ n: string }>(t, `select count(*) n from referral where status = 'PENDING' and created_at < now() - interval '30 days'`);
    const cutoff = new Date(Date.now() - 30 * 86_400_000);
    const [a, b] = await Promise.all([expirePendingReferrals(t.orm.em, cutoff, 3), expirePendingReferrals(t.orm.em, cutoff, 3)]);
    let total = a + b;
    for (let n = -1; n !== 0; total += n) n = await expirePendingReferrals(t.orm.em, cutoff, 3);
    expect(total).toBe(Number(pendingBefore!.n));
    const rows = await sql<{ status: string; cancellation_reason: string; logs: string }>(
      t,
      `select r.status, r.cancellation_reason, (select count(*) from referral_transition x where x.referral_id = r.id and x.to_status = 'CANCELLED') logs
       from referral r where r.id in (${ids.join(',')})`,
    );
    expect(rows.every((r) => r.status === 'CANCELLED' && r.cancellation_reason === 'EXPIRED' && Number(r.logs) === 1)).toBe(true);
  });
});
