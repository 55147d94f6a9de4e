import { createParticipants, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { tableChecksums, viewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
let crepi: number;
let plie: number;
let company: number;

const DAY = 86_400_000;
// One instant for the whole file: a replayed input must be the same input, to the millisecond.
const NOW = Date.now();
const inDays = (days: number, hours = 0) => new Date(NOW + days * DAY + hours * 3_600_000).toISOString();

const SESSION = 'id title status startsAt endsAt capacity seatsTaken hostCompany { id } series { id } multiSiteEvent { id title }';
const CREATE_SERIES = `mutation($input: CreateSessionSeriesInput!) {
  createSessionSeries(input: $input) { series { id everyDays occurrences organiser { id } } sessions { totalCount edges { node { ${SESSION} } } } } }`;
const CREATE_EVENT = `mutation($input: CreateMultiSiteEventInput!) {
  createMultiSiteEvent(input: $input) { multiSiteEvent { id title description organiser { id } } workshops { totalCount edges { node { ${SESSION} } } } } }`;
const TABLES = ['session', 'session_metier', 'session_series', 'multi_site_event', 'idempotency_key', 'event'];

interface SessionResult {
  id: string;
  title: string;
  status: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  seatsTaken: number;
  hostCompany: { id: string } | null;
  series: { id: string } | null;
  multiSiteEvent: { id: string; title: string } | null;
}
interface SeriesResult {
  series: { id: string; everyDays: number | null; occurrences: number; organiser: { id: string } };
  sessions: { totalCount: number; edges: { node: SessionResult }[] };
}
interface EventResult {
  multiSiteEvent: { id: string; title: string; description: string | null; organiser: { id: string } };
  workshops: { totalCount: number; edges: { node: SessionResult }[] };
}

const sessionFields = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'COMPANY_VISIT',
  title: 'Visite BAM du Libournais',
  metierCodes: ['F1701'],
  communeCode: '33243',
  startsAt: inDays(7),
  endsAt: inDays(7, 2.5),
  capacity: 8,
  ...extra,
});

async function series(token: string, extra: Record<string, unknown>): Promise<SeriesResult> {
  const data = await t.client(token).request<{ createSessionSeries: SeriesResult }>(CREATE_SERIES, { input: sessionFields(extra) });
  return data.createSessionSeries;
}

const workshop = (i: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'RALLYE',
  title: `Atelier ${i + 1}`,
  metierCodes: ['F1701'],
  communeCode: '33243',
  startsAt: inDays(14, i),
  endsAt: inDays(14, i + 1),
  capacity: 5,
  ...extra,
});

async function rallye(token: string, extra: Record<string, unknown> = {}): Promise<EventResult> {
  const data = await t.client(token).request<{ createMultiSiteEvent: EventResult }>(CREATE_EVENT, {
    input: { title: 'Rallye des métiers du Libournais', workshops: [0, 1, 2].map((i) => workshop(i)), ...extra },
  });
  return data.createMultiSiteEvent;
}

const slotEvents = async (sessionIds: string[]) => {
  const [row] = await sql<{ n: string }>(t, `select count(*) n from event where type = 'SESSION_SLOT_PUBLISHED' and entity_id in (${sessionIds.map(keyOf).join(',')})`);
  return Number(row!.n);
};

beforeAll(async () => {
  t = await startTestServer({ RELAIS_DB_POOL_MAX: '10' });
  crepi = (await viewerIds(t, TOKENS.crepi)).structureId!;
  plie = (await viewerIds(t, TOKENS.plie)).structureId!;
  company = (await viewerIds(t, TOKENS.company)).companyId!;
});
afterAll(async () => {
  await t?.stop();
});

describe('createSessionSeries', () => {
  it('creates every 15 days, 6 times: six drafts with their own seats, in one series, no visit slot yet', async () => {
    const created = await series(TOKENS.plie, { recurrence: { everyDays: 15, count: 6 } });
    expect(created.series).toMatchObject({ everyDays: 15, occurrences: 6, organiser: { id: globalIdOf('Structure', plie) } });
    const sessions = created.sessions.edges.map((e) => e.node);
    expect(created.sessions.totalCount).toBe(6);
    expect(sessions.every((s) => s.status === 'DRAFT' && s.capacity === 8 && s.seatsTaken === 0 && s.series?.id === created.series.id)).toBe(true);
    // Same Paris wall-clock time, 15 days apart (give or take the hour of a change of summer time).
    const starts = sessions.map((s) => Date.parse(s.startsAt));
    for (let i = 1; i < starts.length; i++) expect(Math.abs(starts[i]! - starts[i - 1]! - 15 * DAY)).toBeLessThanOrEqual(3_600_000);
    expect(sessions.every((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) === 2.5 * 3_600_000)).toBe(true);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(6);
    expect(await slotEvents(sessions.map((s) => s.id))).toBe(0);
  });

  it('publishes each occurrence at once when asked: one visit slot per occurrence in the outbox', async () => {
    const created = await series(TOKENS.plie, { recurrence: { everyDays: 15, count: 4 }, publish: true });
    const ids = created.sessions.edges.map((e) => e.node.id);
    expect(created.sessions.edges.every((e) => e.node.status === 'PUBLISHED')).toBe(true);
    expect(await slotEvents(ids)).toBe(4);
    const listed = await t.client(TOKENS.portal).request<{ node: { sessions: { totalCount: number } } }>(
      'query($id: ID!) { node(id: $id) { ... on SessionSeries { sessions { totalCount } } } }',
      { id: created.series.id },
    );
    expect(listed.node.sessions.totalCount).toBe(4);
  });

  it('creates a series on a list of dates', async () => {
    const dates = [inDays(8), inDays(9), inDays(30)];
    const created = await series(TOKENS.plie, { dates });
    expect(created.series).toMatchObject({ everyDays: null, occurrences: 3 });
    expect(created.sessions.edges.map((e) => Date.parse(e.node.startsAt))).toEqual(dates.map((d) => Date.parse(d)));
  });

  it('replays the same idempotency key, and refuses it with another input', async () => {
    const first = await series(TOKENS.plie, { recurrence: { everyDays: 7, count: 2 }, idempotencyKey: 'series-replay' });
    const again = await series(TOKENS.plie, { recurrence: { everyDays: 7, count: 2 }, idempotencyKey: 'series-replay' });
    expect(again.series.id).toBe(first.series.id);
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.plie, CREATE_SERIES, { input: sessionFields({ recurrence: { everyDays: 7, count: 3 }, idempotencyKey: 'series-replay' }) });
    expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it.each([
    ['a series of 0 occurrences', { recurrence: { everyDays: 15, count: 0 } }, 'BAD_USER_INPUT', 'input.recurrence.count'],
    ['a series of 500 occurrences', { recurrence: { everyDays: 15, count: 500 } }, 'BAD_USER_INPUT', 'input.recurrence.count'],
    ['every 0 days', { recurrence: { everyDays: 0, count: 3 } }, 'BAD_USER_INPUT', 'input.recurrence.everyDays'],
    ['no dates at all', { dates: [] }, 'BAD_USER_INPUT', 'input.dates'],
    ['500 dates', { dates: Array.from({ length: 500 }, (_, i) => inDays(2, i)) }, 'BAD_USER_INPUT', 'input.dates'],
    ['dates reversed', { dates: [inDays(20), inDays(10)] }, 'BAD_USER_INPUT', 'input.dates.1'],
    ['a date in the past', { dates: [inDays(-2), inDays(10)] }, 'BAD_USER_INPUT', 'input.dates.0'],
    ['neither recurrence nor dates', {}, 'BAD_USER_INPUT', 'input.recurrence'],
    ['both recurrence and dates', { recurrence: { everyDays: 15, count: 2 }, dates: [inDays(10)] }, 'BAD_USER_INPUT', 'input.recurrence'],
    ['an end before the start', { recurrence: { everyDays: 15, count: 2 }, endsAt: inDays(6) }, 'BAD_USER_INPUT', 'input.endsAt'],
    ['occurrences beyond two years', { recurrence: { everyDays: 30, count: 30 } }, 'BAD_USER_INPUT', 'input.recurrence.count'],
    ['an unknown structure', { recurrence: { everyDays: 15, count: 2 }, organiserId: globalIdOf('Structure', 999_999) }, 'FORBIDDEN', undefined],
    ['an unknown ROME fiche', { recurrence: { everyDays: 15, count: 2 }, metierCodes: ['F9999'] }, 'BAD_USER_INPUT', 'input.metierCodes'],
  ])('createSessionSeries with %s writes nothing', async (_what, extra, code, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.plie, CREATE_SERIES, { input: sessionFields(extra) });
    expect(f.codes).toEqual([code]);
    if (field) expect(f.fields).toEqual([field]);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('an unknown organiser named by a network admin is NOT_FOUND, and nothing is written', async () => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.admin, CREATE_SERIES, { input: sessionFields({ recurrence: { everyDays: 15, count: 2 }, organiserId: globalIdOf('Structure', 999_999) }) });
    expect(f).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.organiserId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('refuses publishing at once a series whose host company has not confirmed, and rolls back every occurrence', async () => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.plie, CREATE_SERIES, {
      input: sessionFields({ recurrence: { everyDays: 15, count: 3 }, hostCompanyId: globalIdOf('Company', company), publish: true }),
    });
    expect(f).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.publish'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('is for structure staff (their own structure) and network admins only', async () => {
    const before = await tableChecksums(t, TABLES);
    for (const token of [TOKENS.company, TOKENS.participant, TOKENS.portal]) {
      expect((await failure(t.server.url, token, CREATE_SERIES, { input: sessionFields({ recurrence: { everyDays: 15, count: 2 } }) })).codes).toEqual(['FORBIDDEN']);
    }
    const elsewhere = await failure(t.server.url, TOKENS.plie, CREATE_SERIES, { input: sessionFields({ recurrence: { everyDays: 15, count: 2 }, organiserId: globalIdOf('Structure', crepi) }) });
    expect(elsewhere.codes).toEqual(['FORBIDDEN']);
    const missing = await failure(t.server.url, TOKENS.admin, CREATE_SERIES, { input: sessionFields({ recurrence: { everyDays: 15, count: 2 } }) });
    expect(missing).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.organiserId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
    const byAdmin = (await t.client(TOKENS.admin).request<{ createSessionSeries: SeriesResult }>(CREATE_SERIES, {
      input: sessionFields({ recurrence: { everyDays: 15, count: 2 }, organiserId: globalIdOf('Structure', plie) }),
    })).createSessionSeries;
    expect(byAdmin.series.organiser.id).toBe(globalIdOf('Structure', plie));
  });
});

describe('createMultiSiteEvent', () => {
  it('creates a rallye and its workshops, each a session with its own host, place, times and seats', async () => {
    const created = await rallye(TOKENS.crepi, {
      description: 'Trois ateliers dans la journée',
      workshops: [workshop(0, { hostCompanyId: globalIdOf('Company', company), communeCode: null }), workshop(1, { capacity: 8, communeCode: '93066' }), workshop(2)],
    });
    expect(created.multiSiteEvent).toMatchObject({ title: 'Rallye des métiers du Libournais', description: 'Trois ateliers dans la journée', organiser: { id: globalIdOf('Structure', crepi) } });
    const workshops = created.workshops.edges.map((e) => e.node);
    expect(workshops.map((w) => [w.title, w.capacity, w.hostCompany?.id ?? null, w.multiSiteEvent?.id])).toEqual([
      ['Atelier 1', 5, globalIdOf('Company', company), created.multiSiteEvent.id],
      ['Atelier 2', 8, null, created.multiSiteEvent.id],
      ['Atelier 3', 5, null, created.multiSiteEvent.id],
    ]);
    expect(workshops.every((w) => w.status === 'DRAFT')).toBe(true);
  });

  it('publishes every workshop at once when asked: a visit slot each', async () => {
    const created = await rallye(TOKENS.crepi, { publish: true });
    const ids = created.workshops.edges.map((e) => e.node.id);
    expect(created.workshops.edges.every((e) => e.node.status === 'PUBLISHED')).toBe(true);
    expect(await slotEvents(ids)).toBe(3);
  });

  it.each([
    ['no workshop', { workshops: [] }, 'BAD_USER_INPUT', 'input.workshops'],
    ['51 workshops', { workshops: Array.from({ length: 51 }, (_, i) => workshop(i % 20)) }, 'BAD_USER_INPUT', 'input.workshops'],
    ['a workshop ending before it starts', { workshops: [workshop(0), workshop(1, { endsAt: inDays(13) })] }, 'BAD_USER_INPUT', 'input.workshops.1.endsAt'],
    ['a workshop without seats', { workshops: [workshop(0), workshop(1), workshop(2, { capacity: 0 })] }, 'BAD_USER_INPUT', 'input.workshops.2.capacity'],
    ['a workshop at an unknown company', { workshops: [workshop(0), workshop(1, { hostCompanyId: globalIdOf('Company', 999_999) })] }, 'NOT_FOUND', 'input.workshops.1.hostCompanyId'],
    ['a workshop of another organiser', { workshops: [workshop(0, { organiserId: globalIdOf('Structure', plie) })] }, 'BAD_USER_INPUT', 'input.workshops.0.organiserId'],
    ['a workshop with its own idempotency key', { workshops: [workshop(0, { idempotencyKey: 'atelier' })] }, 'BAD_USER_INPUT', 'input.workshops.0.idempotencyKey'],
    ['an empty title', { title: ' ' }, 'BAD_USER_INPUT', 'input.title'],
  ])('createMultiSiteEvent with %s writes nothing', async (_what, extra, code, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.crepi, CREATE_EVENT, { input: { title: 'Rallye', workshops: [workshop(0)], ...extra } });
    expect(f.codes).toEqual([code]);
    expect(f.fields).toEqual([field]);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('is for structure staff and network admins; an unknown organiser is NOT_FOUND', async () => {
    const before = await tableChecksums(t, TABLES);
    for (const token of [TOKENS.company, TOKENS.participant, TOKENS.portal]) {
      expect((await failure(t.server.url, token, CREATE_EVENT, { input: { title: 'Rallye', workshops: [workshop(0)] } })).codes).toEqual(['FORBIDDEN']);
    }
    const unknown = await failure(t.server.url, TOKENS.admin, CREATE_EVENT, { input: { title: 'Rallye', organiserId: globalIdOf('Structure', 999_999), workshops: [workshop(0)] } });
    expect(unknown).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.organiserId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('replays the same idempotency key', async () => {
    const first = await rallye(TOKENS.crepi, { idempotencyKey: 'rallye-replay' });
    const again = await rallye(TOKENS.crepi, { idempotencyKey: 'rallye-replay' });
    expect(again.multiSiteEvent.id).toBe(first.multiSiteEvent.id);
    const [row] = await sql<{ n: string }>(t, 'select count(*) n from session where multi_site_event_id = ?', [keyOf(first.multiSiteEvent.id)]);
    expect(Number(row!.n)).toBe(3);
  });
});

describe('seats of a workshop under concurrency', () => {
  const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }';
  const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }';

  it('gives a 5-seat workshop exactly 5 of 50 simultaneous acceptances and waitlists the rest; the other workshops keep their seats', async () => {
    const created = await rallye(TOKENS.crepi, { publish: true });
    const [target, other] = created.workshops.edges.map((e) => e.node.id);
    const participants = await createParticipants(t, plie, 50);
    const referrals = await Promise.all(participants.map(async (p) => (await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string; status: string } } }>(REFER, {
      input: { participantId: globalIdOf('Participant', p), sessionId: target, motive: 'Découvrir le métier au rallye' },
    })).referParticipant.referral));
    expect(referrals.every((r) => r.status === 'PENDING')).toBe(true);
    const answers = await Promise.all(referrals.map(async (r) => (await t.client(TOKENS.crepi).request<{ acceptReferral: { referral: { status: string } } }>(ACCEPT, { input: { referralId: r.id } })).acceptReferral.referral));
    expect(answers.filter((a) => a.status === 'ACCEPTED')).toHaveLength(5);
    expect(answers.filter((a) => a.status === 'WAITLISTED')).toHaveLength(45);
    const seats = await sql<{ id: number; seats_taken: number; capacity: number; status: string }>(
      t, 'select id, seats_taken, capacity, status from session where id in (?, ?) order by id', [keyOf(target!), keyOf(other!)],
    );
    expect(seats.find((s) => s.id === keyOf(target!))).toMatchObject({ seats_taken: 5, capacity: 5, status: 'FULL' });
    expect(seats.find((s) => s.id === keyOf(other!))).toMatchObject({ seats_taken: 0, status: 'PUBLISHED' });
    const [held] = await sql<{ n: string }>(t, `select count(*) n from referral where session_id = ? and status = 'ACCEPTED'`, [keyOf(target!)]);
    expect(Number(held!.n)).toBe(5);
  });
});

describe('referParticipantToEvent: the hub picks a workshop', () => {
  const REFER_EVENT = 'mutation($input: ReferParticipantToEventInput!) { referParticipantToEvent(input: $input) { referral { id status session { id } } } }';
  const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }';
  type Referred = { id: string; status: string; session: { id: string } };
  const referToEvent = async (participant: number, eventId: string, idempotencyKey?: string) =>
    (await t.client(TOKENS.plie).request<{ referParticipantToEvent: { referral: Referred } }>(REFER_EVENT, {
      input: { participantId: globalIdOf('Participant', participant), multiSiteEventId: eventId, motive: 'Découvrir les métiers du rallye', idempotencyKey },
    })).referParticipantToEvent.referral;

  it('spreads referrals over the workshops, and a replay lands on the same referral', async () => {
    const created = await rallye(TOKENS.crepi, { publish: true });
    const workshops = created.workshops.edges.map((e) => e.node.id);
    const participants = await createParticipants(t, plie, 3);
    const picked: string[] = [];
    for (const p of participants) picked.push((await referToEvent(p, created.multiSiteEvent.id, `event-${p}`)).session.id);
    expect([...picked].sort()).toEqual([...workshops].sort());
    const replay = await referToEvent(participants[0]!, created.multiSiteEvent.id, `event-${participants[0]}`);
    expect(replay.session.id).toBe(picked[0]);
    const [row] = await sql<{ n: string }>(t, 'select count(*) n from referral where participant_id = ?', [participants[0]]);
    expect(Number(row!.n)).toBe(1);
  });

  it('keeps the seat ledger under 30 simultaneous event referrals and acceptances: 15 seats, 15 accepted, then CAPACITY_REACHED', async () => {
    const created = await rallye(TOKENS.crepi, { publish: true });
    const workshops = created.workshops.edges.map((e) => keyOf(e.node.id));
    const participants = await createParticipants(t, plie, 31);
    const referrals = await Promise.all(participants.slice(0, 30).map((p) => referToEvent(p, created.multiSiteEvent.id)));
    expect(referrals.every((r) => r.status === 'PENDING' && workshops.includes(keyOf(r.session.id)))).toBe(true);
    const answers = await Promise.all(referrals.map(async (r) => (await t.client(TOKENS.crepi).request<{ acceptReferral: { referral: { status: string } } }>(ACCEPT, { input: { referralId: r.id } })).acceptReferral.referral));
    expect(answers.filter((a) => a.status === 'ACCEPTED')).toHaveLength(15);
    const seats = await sql<{ id: number; seats_taken: number; capacity: number; accepted: number }>(
      t,
      `select s.id, s.seats_taken, s.capacity, (select count(*)::int from referral r where r.session_id = s.id and r.status = 'ACCEPTED') accepted
         from session s where s.multi_site_event_id = ?`,
      [keyOf(created.multiSiteEvent.id)],
    );
    expect(seats.every((s) => s.seats_taken === s.capacity && s.accepted === s.seats_taken)).toBe(true);
    const before = await tableChecksums(t, ['referral', 'referral_transition', 'event']);
    const f = await failure(t.server.url, TOKENS.plie, REFER_EVENT, {
      input: { participantId: globalIdOf('Participant', participants[30]!), multiSiteEventId: created.multiSiteEvent.id, motive: 'Trop tard' },
    });
    expect(f).toMatchObject({ codes: ['CAPACITY_REACHED'], fields: ['input.multiSiteEventId'] });
    expect(await tableChecksums(t, ['referral', 'referral_transition', 'event'])).toEqual(before);
  });

  it('picks only a workshop the participant is old enough for, and refuses with the age when there is none', async () => {
    // The first workshop has the most places but admits from 16; the second admits a 3e class pupil from 14.
    const data = await t.client(TOKENS.crepi).request<{ createMultiSiteEvent: EventResult }>(CREATE_EVENT, {
      input: { title: 'Rallye des métiers, collèges et adultes', publish: true, workshops: [workshop(0, { capacity: 8 }), workshop(1, { minimumAge: 14 }), workshop(2, { minimumAge: 18, capacity: 12 })] },
    });
    const [, forPupils] = data.createMultiSiteEvent.workshops.edges.map((e) => e.node.id);
    const [pupil, child] = await createParticipants(t, plie, 2);
    const fifteen = new Date(NOW + 14 * DAY);
    fifteen.setUTCFullYear(fifteen.getUTCFullYear() - 15);
    const thirteen = new Date(NOW + 14 * DAY);
    thirteen.setUTCFullYear(thirteen.getUTCFullYear() - 13);
    await sql(t, 'update participant_personal_data set birth_date = ? where participant_id = ?', [fifteen.toISOString().slice(0, 10), pupil]);
    await sql(t, 'update participant_personal_data set birth_date = ? where participant_id = ?', [thirteen.toISOString().slice(0, 10), child]);
    expect((await referToEvent(pupil!, data.createMultiSiteEvent.multiSiteEvent.id)).session.id).toBe(forPupils);
    const before = await tableChecksums(t, ['referral', 'referral_transition', 'event']);
    const f = await failure(t.server.url, TOKENS.plie, REFER_EVENT, {
      input: { participantId: globalIdOf('Participant', child!), multiSiteEventId: data.createMultiSiteEvent.multiSiteEvent.id, motive: 'Trop jeune' },
    });
    expect(f).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['input.participantId'] });
    expect(await tableChecksums(t, ['referral', 'referral_transition', 'event'])).toEqual(before);
  });

  it('refuses an unknown event, and those who may not refer', async () => {
    const [participant] = await createParticipants(t, plie, 1);
    const unknown = await failure(t.server.url, TOKENS.plie, REFER_EVENT, { input: { participantId: globalIdOf('Participant', participant!), multiSiteEventId: globalIdOf('MultiSiteEvent', 999_999), motive: 'x' } });
    expect(unknown).toMatchObject({ codes: ['NOT_FOUND'], fields: ['input.multiSiteEventId'] });
    const created = await rallye(TOKENS.crepi, { publish: true });
    for (const token of [TOKENS.company, TOKENS.portal]) {
      const f = await failure(t.server.url, token, REFER_EVENT, { input: { participantId: globalIdOf('Participant', participant!), multiSiteEventId: created.multiSiteEvent.id, motive: 'x' } });
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(f.codes[0]);
    }
  });
});

describe('audit', () => {
  it('records each new mutation, done or refused, with what it produced', async () => {
    const created = await series(TOKENS.plie, { recurrence: { everyDays: 15, count: 2 } });
    const event = await rallye(TOKENS.crepi);
    await failure(t.server.url, TOKENS.plie, CREATE_SERIES, { input: sessionFields({ recurrence: { everyDays: 15, count: 0 } }) });
    const rows = await sql<{ operation: string; error_code: string | null; target_type: string | null; target_key: string | null }>(
      t,
      `select operation, error_code, target_type, target_key from audit_log where operation in ('createSessionSeries', 'createMultiSiteEvent') order by id desc limit 3`,
    );
    expect(rows).toEqual([
      { operation: 'createSessionSeries', error_code: 'BAD_USER_INPUT', target_type: null, target_key: null },
      { operation: 'createMultiSiteEvent', error_code: null, target_type: 'MultiSiteEvent', target_key: String(keyOf(event.multiSiteEvent.id)) },
      { operation: 'createSessionSeries', error_code: null, target_type: 'SessionSeries', target_key: String(keyOf(created.series.id)) },
    ]);
  });
});
