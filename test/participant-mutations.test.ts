import { Account } from '../src/access/entities/account';
import { Participant } from '../src/participants/entities/participant';
import { AccountRole } from '../src/access/rules/account-role';
import { ageBandOf } from '../src/participants/rules/age-band';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { Migration20261203060110PhoneE164 } from '../src/migrations/Migration20261203060110PhoneE164';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { tableChecksums, viewerIds, type ViewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';
import { collect, eventually } from './support/subscriptions';

let t: TestServer;
let plie: ViewerIds;
let crepi: number;

/** A birth date that gives `years` whole years today (a few days past the birthday). */
function bornYearsAgo(years: number, extraDays = 10): string {
  const now = new Date();
  const birth = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() - extraDays));
  return birth.toISOString().slice(0, 10);
}

const PARTICIPANT_FIELDS = `
  id ageBand departementCode createdAt lastActivityAt erasedAt referentStructure { id }
  personalData { firstName lastName birthDate email phone address postalCode communeCode notes rqth }`;
const REGISTER = `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { ${PARTICIPANT_FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateParticipantInput!) { updateParticipant(input: $input) { participant { ${PARTICIPANT_FIELDS} } } }`;
const ERASE = `mutation($input: EraseParticipantInput!) { eraseParticipant(input: $input) { participant { ${PARTICIPANT_FIELDS} } } }`;

interface PersonalData {
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  postalCode: string | null;
  communeCode: string | null;
  notes: string | null;
  rqth: boolean;
}

interface ParticipantResult {
  id: string;
  ageBand: string | null;
  departementCode: string | null;
  createdAt: string;
  lastActivityAt: string;
  erasedAt: string | null;
  referentStructure: { id: string };
  personalData: PersonalData | null;
}

const validInput = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ firstName: 'Léa', lastName: 'Martin', ...extra });

async function register(token: string, extra: Record<string, unknown> = {}): Promise<ParticipantResult> {
  const data = await t.client(token).request<{ registerParticipant: { participant: ParticipantResult } }>(REGISTER, { input: validInput(extra) });
  return data.registerParticipant.participant;
}

async function update(token: string, participantId: string, changes: Record<string, unknown>): Promise<ParticipantResult> {
  const data = await t.client(token).request<{ updateParticipant: { participant: ParticipantResult } }>(UPDATE, { input: { participantId, ...changes } });
  return data.updateParticipant.participant;
}

async function erase(token: string, participantId: string): Promise<ParticipantResult> {
  const data = await t.client(token).request<{ eraseParticipant: { participant: ParticipantResult } }>(ERASE, { input: { participantId } });
  return data.eraseParticipant.participant;
}

beforeAll(async () => {
  t = await startTestServer();
  plie = await viewerIds(t, TOKENS.plie);
  crepi = (await viewerIds(t, TOKENS.crepi)).structureId!;
});
afterAll(async () => {
  await t?.stop();
});

describe('ageBandOf', () => {
  it.each([[13, null], [14, '14-15'], [15, '14-15'], [16, '16-17'], [17, '16-17'], [18, '18-25'], [25, '18-25'], [26, '26-44'], [44, '26-44'], [45, '45+'], [99, '45+']])('%i years → %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });
});

describe('registerParticipant', () => {
  it('registers a person followed by the viewer’s structure, with the age band and département for statistics', async () => {
    const participant = await register(TOKENS.plie, {
      birthDate: bornYearsAgo(20),
      email: 'lea.martin@example.org',
      phone: '06 12  34 56 78',
      address: '3 rue Thiers',
      postalCode: '33500',
      communeCode: '33243',
      notes: 'Souhaite découvrir le gros œuvre.',
      rqth: true,
    });
    expect(participant).toMatchObject({
      ageBand: '18-25',
      departementCode: '33',
      erasedAt: null,
      referentStructure: { id: globalIdOf('Structure', plie.structureId!) },
      personalData: {
        firstName: 'Léa', lastName: 'Martin', birthDate: bornYearsAgo(20), email: 'lea.martin@example.org', phone: '+33612345678',
        address: '3 rue Thiers', postalCode: '33500', communeCode: '33243', notes: 'Souhaite découvrir le gros œuvre.', rqth: true,
      },
    });
    const [row] = await sql<{ referent_account_id: number }>(t, 'select referent_account_id from participant where id = ?', [keyOf(participant.id)]);
    expect(row!.referent_account_id).toBe(plie.accountId);
    // Stored as answered: E.164.
    const [stored] = await sql<{ phone: string }>(t, 'select phone from participant_personal_data where participant_id = ?', [keyOf(participant.id)]);
    expect(stored!.phone).toBe('+33612345678');

    const { participants } = await t.client(TOKENS.plie).request<{ participants: { edges: { node: { id: string } }[] } }>('{ participants(first: 100) { edges { node { id } } } }');
    expect(participants.edges.map((e) => e.node.id)).toContain(participant.id);
    const seenByMl = await t.client(TOKENS.ml).request<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: participant.id });
    expect(seenByMl.node).toBeNull();
  });

  it.each([
    ['a French number with dots', '06.12.34.56.78', '+33612345678'],
    ['a French number with its country code', '+33 (0)6 12 34 56 78', '+33612345678'],
    ['a landline from abroad', '0032 2 555 12 12', '+3225551212'],
    ['an overseas number dialled in France (Guadeloupe)', '0690 12 34 56', '+590690123456'],
  ])('stores %s in E.164 and answers it so', async (_what, phone, e164) => {
    const participant = await register(TOKENS.plie, { phone });
    expect(participant.personalData!.phone).toBe(e164);
  });

  it('had the numbers stored before E.164 rewritten by migration 20261203060110, except those the rule refuses', async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => keyOf((await register(TOKENS.plie, {})).id)));
    const before = ['06 12 34 56 78', '0690 12 34 56', '39 49'];
    for (const [i, phone] of before.entries()) await sql(t, 'update participant_personal_data set phone = ? where participant_id = ?', [phone, ids[i]!]);
    // The migration as the migrator runs it: its reads, then the statements it queued, in one transaction.
    await t.orm.em.fork().transactional(async (tx) => {
      const migration = new Migration20261203060110PhoneE164(t.orm.em.getDriver(), t.orm.config);
      migration.setTransactionContext(tx.getTransactionContext()!);
      await migration.up();
      for (const query of migration.getQueries()) await tx.getConnection().execute(query, [], 'run', tx.getTransactionContext());
    });
    const rows = await sql<{ participant_id: number; phone: string }>(t, 'select participant_id, phone from participant_personal_data where participant_id in (?, ?, ?) order by participant_id', ids);
    expect(rows.map((r) => r.phone)).toEqual(['+33612345678', '+590690123456', '39 49']);
  });

  it('registers with names only: no band, no département, RQTH false', async () => {
    const participant = await register(TOKENS.ml, { firstName: '  Karim ', lastName: 'Benali', email: '', notes: '   ' });
    expect(participant).toMatchObject({ ageBand: null, departementCode: null, personalData: { firstName: 'Karim', lastName: 'Benali', email: null, notes: null, birthDate: null, rqth: false } });
  });

  it('creates one participant for the same idempotency key, and refuses the key with another input', async () => {
    const key = `register-${Date.now()}`;
    const first = await register(TOKENS.plie, { lastName: 'Idempotent', idempotencyKey: key });
    const second = await register(TOKENS.plie, { lastName: 'Idempotent', idempotencyKey: key });
    expect(second.id).toBe(first.id);
    const f = await failure(t.server.url, TOKENS.plie, REGISTER, { input: validInput({ lastName: 'Autre', idempotencyKey: key }) });
    expect(f).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
  });
});

describe('updateParticipant', () => {
  it('changes given fields, clears explicit nulls, keeps the rest, and follows the birth date and commune', async () => {
    const participant = await register(TOKENS.plie, { birthDate: bornYearsAgo(30), email: 'a@example.org', phone: '+33 6 00 00 00 00', communeCode: '33243', notes: 'x' });
    expect(participant).toMatchObject({ ageBand: '26-44', departementCode: '33' });
    const updated = await update(TOKENS.plie, participant.id, { lastName: 'Martin-Durand', phone: null, notes: null, birthDate: bornYearsAgo(50), communeCode: '93066', postalCode: '93200' });
    expect(updated).toMatchObject({
      ageBand: '45+',
      departementCode: '93',
      personalData: { firstName: 'Léa', lastName: 'Martin-Durand', email: 'a@example.org', phone: null, notes: null, communeCode: '93066', postalCode: '93200', birthDate: bornYearsAgo(50) },
    });
    expect(Date.parse(updated.lastActivityAt)).toBeGreaterThan(Date.parse(participant.lastActivityAt));
    const cleared = await update(TOKENS.plie, participant.id, { communeCode: null, postalCode: null, birthDate: null, rqth: true });
    expect(cleared).toMatchObject({ ageBand: null, departementCode: null, personalData: { communeCode: null, postalCode: null, birthDate: null, rqth: true, email: 'a@example.org' } });
  });

  it('lets a network admin update anyone', async () => {
    const participant = await register(TOKENS.plie);
    expect((await update(TOKENS.admin, participant.id, { email: 'admin-fix@example.org' })).personalData!.email).toBe('admin-fix@example.org');
  });
});

describe('eraseParticipant', () => {
  const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }';
  const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { status } } }';

  async function refer(participantId: string | number, target: Record<string, string>): Promise<string> {
    const id = typeof participantId === 'number' ? globalIdOf('Participant', participantId) : participantId;
    const data = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(REFER, { input: { participantId: id, motive: 'Découverte', ...target } });
    return data.referParticipant.referral.id;
  }

  it('deletes personal data, keeps the anonymous row and every referral, cancels open ones and gives the seat to the waiting list', async () => {
    const participant = await register(TOKENS.plie, { birthDate: bornYearsAgo(40), communeCode: '33243', email: 'efface@example.org' });
    const session = globalIdOf('Session', await createPublishedSession(t, crepi, 1));
    const refusedSession = globalIdOf('Session', await createPublishedSession(t, crepi, 5));
    const { immersionOffers } = await t.client(TOKENS.plie).request<{ immersionOffers: { edges: { node: { id: string } }[] } }>(
      '{ immersionOffers(filter: { statuses: [PUBLISHED], romeCodes: ["F1701"] }, first: 1) { edges { node { id } } } }',
    );
    const offer = immersionOffers.edges[0]!.node.id;

    const seat = await refer(participant.id, { sessionId: session });
    await t.client(TOKENS.crepi).request(ACCEPT, { input: { referralId: seat } });
    const [other] = await createParticipants(t, plie.structureId!, 1);
    const waiting = await refer(other!, { sessionId: session });
    expect((await t.client(TOKENS.crepi).request<{ acceptReferral: { referral: { status: string } } }>(ACCEPT, { input: { referralId: waiting } })).acceptReferral.referral.status).toBe('WAITLISTED');
    const toOffer = await refer(participant.id, { immersionOfferId: offer });
    const refused = await refer(participant.id, { sessionId: refusedSession });
    await t.client(TOKENS.crepi).request('mutation($input: RefuseReferralInput!) { refuseReferral(input: $input) { referral { id } } }', {
      input: { referralId: refused, reason: 'INCOMPATIBLE_DATES', sharedWithParticipant: true },
    });

    const erased = await erase(TOKENS.plie, participant.id);
    expect(erased).toMatchObject({ id: participant.id, ageBand: '26-44', departementCode: '33', personalData: null });
    expect(erased.erasedAt).not.toBeNull();
    expect(await sql(t, 'select 1 from participant_personal_data where participant_id = ?', [keyOf(participant.id)])).toEqual([]);

    const referrals = await sql<{ id: number; status: string; cancellation_reason: string | null; last_reason: string | null }>(
      t,
      `select r.id, r.status, r.cancellation_reason,
              (select x.reason from referral_transition x where x.referral_id = r.id order by x.id desc limit 1) last_reason
       from referral r where r.participant_id = ? order by r.id`,
      [keyOf(participant.id)],
    );
    expect(referrals).toEqual([
      // The log keeps the codes; free texts (here the cancellation note) are erased with the person.
      { id: keyOf(seat), status: 'CANCELLED', cancellation_reason: 'WITHDRAWN', last_reason: 'WITHDRAWN' },
      { id: keyOf(toOffer), status: 'CANCELLED', cancellation_reason: 'WITHDRAWN', last_reason: 'WITHDRAWN' },
      { id: keyOf(refused), status: 'REFUSED', cancellation_reason: null, last_reason: 'INCOMPATIBLE_DATES' },
    ]);
    const [promoted] = await sql<{ status: string }>(t, 'select status from referral where id = ?', [keyOf(waiting)]);
    expect(promoted!.status).toBe('ACCEPTED');

    // The referent still lists the anonymous row on request; nobody reads personal data any more.
    const { participants } = await t.client(TOKENS.plie).request<{ participants: { edges: { node: { id: string; personalData: unknown } }[] } }>(
      '{ participants(filter: { includeErased: true }, first: 100) { edges { node { id personalData { firstName } } } } }',
    );
    expect(participants.edges.find((e) => e.node.id === participant.id)?.node).toEqual({ id: participant.id, personalData: null });
    const admin = await t.client(TOKENS.admin).request<{ node: { personalData: unknown } }>('query($id: ID!) { node(id: $id) { ... on Participant { personalData { firstName } } } }', { id: participant.id });
    expect(admin.node.personalData).toBeNull();

    const TABLES = ['participant', 'participant_personal_data', 'referral', 'referral_transition'];
    const before = await tableChecksums(t, TABLES);
    const twice = await failure(t.server.url, TOKENS.plie, ERASE, { input: { participantId: participant.id } });
    expect(twice).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.participantId'] });
    const afterwards = await failure(t.server.url, TOKENS.plie, UPDATE, { input: { participantId: participant.id, firstName: 'Retour' } });
    expect(afterwards).toMatchObject({ codes: ['INVALID_TRANSITION'], fields: ['input.participantId'] });
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  it('closes the person’s account: disabled, renamed, tokens refused, socket closed, and erases the free texts of their referrals', async () => {
    const participant = await register(TOKENS.plie, { email: 'lea.app@example.org' });
    // The participant's own account (the mobile app's), with a token.
    const em = t.orm.em.fork();
    const account = em.create(Account, { email: 'lea.app@example.org', displayName: 'Léa Martin', role: AccountRole.PARTICIPANT, participant: em.getReference(Participant, keyOf(participant.id)) });
    await em.flush();
    const { secret } = await issueToken(em, account, { label: 'Téléphone de Léa' });
    const app = t.client(secret);
    expect((await app.request<{ viewer: { participant: { id: string } } }>('{ viewer { participant { id } } }')).viewer.participant.id).toBe(participant.id);
    const socket = collect(t.wsClient(secret), 'subscription { referralUpdated { status } }');

    // Free texts on every kind of line: a motive, a refusal detail, an outcome note, a withdrawal note.
    const refused = await refer(participant.id, { sessionId: globalIdOf('Session', await createPublishedSession(t, crepi, 3)) });
    await t.client(TOKENS.crepi).request('mutation($input: RefuseReferralInput!) { refuseReferral(input: $input) { referral { id } } }', {
      input: { referralId: refused, reason: 'OTHER', detail: 'Léa semblait fatiguée', sharedWithParticipant: false },
    });
    const done = globalIdOf('Session', await createPublishedSession(t, crepi, 3));
    const completed = await refer(participant.id, { sessionId: done });
    await t.client(TOKENS.crepi).request(ACCEPT, { input: { referralId: completed } });
    await sql(t, `update session set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = ?`, [keyOf(done)]);
    await t.client(TOKENS.crepi).request('mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { referral { id } } }', { input: { referralId: completed, attended: true } });
    await t.client(TOKENS.plie).request('mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { referral { id } } }', {
      input: { referralId: completed, outcome: 'TRAINING', note: 'Entre en formation malgré ses soucis de dos' },
    });
    const cancelled = await refer(participant.id, { sessionId: globalIdOf('Session', await createPublishedSession(t, crepi, 3)) });
    await app.request('mutation($input: CancelReferralInput!) { cancelReferral(input: $input) { referral { id } } }', { input: { referralId: cancelled, reason: 'Hospitalisée cette semaine' } });
    const open = await refer(participant.id, { sessionId: globalIdOf('Session', await createPublishedSession(t, crepi, 3)) });

    await erase(TOKENS.plie, participant.id);

    // The token stops working on every path (the cache is cleared by the database's NOTIFY) and the socket closes.
    await eventually(async () => (await failure(t.server.url, secret, '{ viewer { id } }').catch(() => null))?.codes[0] === 'UNAUTHENTICATED');
    expect(((await socket.ended) as { code?: number }).code).toBe(4403);

    const [row] = await sql<Record<string, unknown>>(t, 'select email, display_name, disabled_at is not null as disabled from account where id = ?', [account.id]);
    expect(row).toEqual({ email: `erased-${account.id}@erased.invalid`, display_name: 'Erased participant', disabled: true });
    expect(await sql(t, 'select revoked_at is not null as revoked, label from api_token where account_id = ?', [account.id])).toEqual([{ revoked: true, label: null }]);
    const ids = [refused, completed, cancelled, open].map(keyOf);
    const referrals = await sql(t, `select id, motive, refusal_detail, outcome_note from referral where id in (${ids.join(',')}) order by id`);
    expect(referrals).toEqual(ids.map((id) => ({ id, motive: null, refusal_detail: null, outcome_note: null })));
    const log = await sql<{ referral_id: number; to_status: string; reason: string | null }>(
      t, `select referral_id, to_status, reason from referral_transition where referral_id in (${ids.join(',')}) order by referral_id, id`,
    );
    expect(log.map((l) => [ids.indexOf(l.referral_id), l.to_status, l.reason])).toEqual([
      [0, 'PENDING', null], [0, 'REFUSED', 'OTHER'],
      [1, 'PENDING', null], [1, 'ACCEPTED', null], [1, 'ATTENDED', null], [1, 'COMPLETED', null],
      [2, 'PENDING', null], [2, 'CANCELLED', 'WITHDRAWN'],
      [3, 'PENDING', null], [3, 'CANCELLED', 'WITHDRAWN'],
    ]);
  });

  it('forgets the fingerprint of the registration request: a replay of its key creates no one and reads CONFLICT', async () => {
    const key = 'erase-fingerprint-1';
    const input = { firstName: 'Inès', lastName: 'Empreinte', birthDate: '2001-04-05', email: 'ines.empreinte@example.org', idempotencyKey: key };
    const participant = await register(TOKENS.plie, input);
    const before = await sql<{ request_hash: string }>(t, `select request_hash from idempotency_key where key = ?`, [key]);
    expect(before[0].request_hash).toMatch(/^[0-9a-f]{64}$/);
    await erase(TOKENS.plie, participant.id);
    const after = await sql<{ request_hash: string; result_id: number }>(t, `select request_hash, result_id from idempotency_key where key = ?`, [key]);
    expect(after).toEqual([{ request_hash: 'erased', result_id: keyOf(participant.id) }]);
    const replay = await failure(t.server.url, TOKENS.plie, REGISTER, { input: validInput(input) });
    expect(replay).toMatchObject({ codes: ['CONFLICT'], fields: ['input.idempotencyKey'] });
    const named = await sql<{ n: string }>(t, `select count(*) as n from participant_personal_data where last_name = 'Empreinte'`);
    expect(Number(named[0].n)).toBe(0);
  });

  it('lets a network admin erase anyone', async () => {
    const participant = await register(TOKENS.ml);
    expect((await erase(TOKENS.admin, participant.id)).erasedAt).not.toBeNull();
  });
});

describe('authorization', () => {
  it('lets only the referent structure’s staff (or a network admin) register, update and erase', async () => {
    const participant = await register(TOKENS.plie);
    const TABLES = ['participant', 'participant_personal_data', 'referral', 'idempotency_key'];
    const before = await tableChecksums(t, TABLES);
    // They cannot see this participant: answered as if it did not exist, so that the error leaks nothing.
    for (const token of [TOKENS.ml, TOKENS.franceTravail, TOKENS.crepi, TOKENS.company, TOKENS.portal, TOKENS.participant]) {
      expect((await failure(t.server.url, token, UPDATE, { input: { participantId: participant.id, notes: 'intrusion' } })).codes).toEqual(['NOT_FOUND']);
      expect((await failure(t.server.url, token, ERASE, { input: { participantId: participant.id } })).codes).toEqual(['NOT_FOUND']);
    }
    for (const token of [TOKENS.company, TOKENS.portal, TOKENS.participant, TOKENS.admin]) {
      expect((await failure(t.server.url, token, REGISTER, { input: validInput() })).codes).toEqual(['FORBIDDEN']);
    }
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });
});

describe('bad input changes nothing', () => {
  const TABLES = ['participant', 'participant_personal_data', 'referral', 'idempotency_key'];

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty first name', { firstName: ' ' }, 'input.firstName'],
    ['a last name over 100 characters', { lastName: 'x'.repeat(101) }, 'input.lastName'],
    ['an age of 13', { birthDate: bornYearsAgo(13) }, 'input.birthDate'],
    ['a 14th birthday tomorrow', { birthDate: bornYearsAgo(14, -1) }, 'input.birthDate'],
    ['an age of 100', { birthDate: bornYearsAgo(100) }, 'input.birthDate'],
    ['a birth date in the future', { birthDate: '2099-01-01' }, 'input.birthDate'],
    ['an invalid email', { email: 'lea.martin@' }, 'input.email'],
    ['a phone with letters', { phone: '06 12 AB 56 78' }, 'input.phone'],
    ['a French phone one digit short', { phone: '06 12 34 56 7' }, 'input.phone'],
    ['a phone of no country', { phone: '+999 612 345 678' }, 'input.phone'],
    ['a phone with 5 digits', { phone: '12 345' }, 'input.phone'],
    ['a phone with 21 digits', { phone: '+' + '1'.repeat(21) }, 'input.phone'],
    ['a plus inside the phone', { phone: '06 12 +34 56 78' }, 'input.phone'],
    ['a 4-digit postal code', { postalCode: '3350' }, 'input.postalCode'],
    ['a postal code of another commune', { communeCode: '33243', postalCode: '33000' }, 'input.postalCode'],
    ['an unknown commune', { communeCode: '75056' }, 'input.communeCode'],
    ['a malformed commune code', { communeCode: 'Libourne' }, 'input.communeCode'],
    ['notes over 5,000 characters', { notes: 'x'.repeat(5001) }, 'input.notes'],
    ['a bad idempotency key', { idempotencyKey: 'é' }, 'input.idempotencyKey'],
  ])('registerParticipant with %s', async (_what, extra, field) => {
    const before = await tableChecksums(t, TABLES);
    const f = await failure(t.server.url, TOKENS.plie, REGISTER, { input: validInput(extra) });
    expect(f.codes).toEqual(['BAD_USER_INPUT']);
    expect(f.fields).toEqual([field]);
    expect(f.messages[0]).toContain(field);
    expect(await tableChecksums(t, TABLES)).toEqual(before);
  });

  describe('updateParticipant and eraseParticipant', () => {
    let participant: string;
    beforeAll(async () => {
      participant = (await register(TOKENS.plie, { communeCode: '33243' })).id;
    });

    it.each<[string, 'update' | 'erase', () => Record<string, unknown>, string, string]>([
      ['updateParticipant of an unknown participant', 'update', () => ({ participantId: globalIdOf('Participant', 999999), notes: 'x' }), 'NOT_FOUND', 'input.participantId'],
      ['updateParticipant of a malformed id', 'update', () => ({ participantId: 'abc', notes: 'x' }), 'BAD_USER_INPUT', 'input.participantId'],
      ['updateParticipant of a session id', 'update', () => ({ participantId: globalIdOf('Session', 1), notes: 'x' }), 'BAD_USER_INPUT', 'input.participantId'],
      ['updateParticipant clearing the first name', 'update', () => ({ participantId: participant, firstName: null }), 'BAD_USER_INPUT', 'input.firstName'],
      ['updateParticipant clearing the RQTH flag', 'update', () => ({ participantId: participant, rqth: null }), 'BAD_USER_INPUT', 'input.rqth'],
      ['updateParticipant with an empty last name', 'update', () => ({ participantId: participant, lastName: '' }), 'BAD_USER_INPUT', 'input.lastName'],
      ['updateParticipant with an invalid email', 'update', () => ({ participantId: participant, email: 'nope' }), 'BAD_USER_INPUT', 'input.email'],
      ['updateParticipant with an age of 101', 'update', () => ({ participantId: participant, birthDate: bornYearsAgo(101) }), 'BAD_USER_INPUT', 'input.birthDate'],
      ['updateParticipant with a postal code not of the stored commune', 'update', () => ({ participantId: participant, postalCode: '93200' }), 'BAD_USER_INPUT', 'input.postalCode'],
      ['updateParticipant with an unknown commune', 'update', () => ({ participantId: participant, communeCode: '75056' }), 'BAD_USER_INPUT', 'input.communeCode'],
      ['eraseParticipant of an unknown participant', 'erase', () => ({ participantId: globalIdOf('Participant', 999999) }), 'NOT_FOUND', 'input.participantId'],
      ['eraseParticipant of a malformed id', 'erase', () => ({ participantId: '' }), 'BAD_USER_INPUT', 'input.participantId'],
    ])('%s', async (_what, mutation, input, code, field) => {
      const before = await tableChecksums(t, TABLES);
      const f = await failure(t.server.url, TOKENS.plie, mutation === 'update' ? UPDATE : ERASE, { input: input() });
      expect(f.codes).toEqual([code]);
      expect(f.fields).toEqual([field]);
      expect(await tableChecksums(t, TABLES)).toEqual(before);
    });
  });
});
