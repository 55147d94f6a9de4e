import { Account } from '../src/access/entities/account';
import { Participant } from '../src/participants/entities/participant';
import { AccountRole } from '../src/access/rules/account-role';
import { loadConfig } from '../src/server/config';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { runRetention } from '../src/server/retention-job';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { viewerIds, type ViewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

let t: TestServer;
let plie: ViewerIds;
let sessionId: number;

const REFER = `mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }`;
const CANCEL = `mutation($input: CancelReferralInput!) { cancelReferral(input: $input) { referral { status } } }`;

async function refer(participantId: number): Promise<string> {
  const data = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(REFER, {
    input: { participantId: globalIdOf('Participant', participantId), sessionId: globalIdOf('Session', sessionId), motive: 'Découvrir le métier' },
  });
  return data.referParticipant.referral.id;
}

/** Last activity `months` ago (referring and updating move it to now: set it after them). */
async function inactiveFor(ids: readonly number[], months: number): Promise<void> {
  await sql(t, `update participant set last_activity_at = now() - make_interval(months => ?) where id in (${ids.map(() => '?').join(',')})`, [months, ...ids]);
}

interface State {
  id: number;
  erased: boolean;
  hasData: boolean;
  ageBand: string | null;
  departementCode: string | null;
  referrals: number;
  erasures: number;
}

async function stateOf(ids: readonly number[]): Promise<State[]> {
  return sql<State>(
    t,
    `select p.id, p.erased_at is not null as erased, exists (select 1 from participant_personal_data d where d.participant_id = p.id) as "hasData",
            p.age_band as "ageBand", p.departement_code as "departementCode",
            (select count(*)::int from referral r where r.participant_id = p.id) as referrals,
            (select count(*)::int from audit_log l where l.participant_id = p.id and l.operation = 'retention:erase' and l.account_id is null) as erasures
     from participant p where p.id in (${ids.map(() => '?').join(',')}) order by p.id`,
    [...ids],
  );
}

beforeAll(async () => {
  t = await startTestServer();
  plie = await viewerIds(t, TOKENS.plie);
  sessionId = await createPublishedSession(t, (await viewerIds(t, TOKENS.crepi)).structureId!, 20);
});
afterAll(async () => {
  await t?.stop();
});

describe('retention', () => {
  it('anonymises a participant inactive for longer than the period, and only that one', async () => {
    const [inactive, active, referred, recent] = await createParticipants(t, plie.structureId!, 4);
    // The inactive one was referred once, long ago: its closed referral stays for the statistics.
    await t.client(TOKENS.plie).request(CANCEL, { input: { referralId: await refer(inactive!) } });
    await refer(referred!);
    await inactiveFor([inactive!, referred!], 25);
    await inactiveFor([recent!], 23);

    expect(await runRetention(t.orm.em, 24)).toBe(1);

    const [erased, ...untouched] = await stateOf([inactive!, active!, referred!, recent!]);
    expect(erased).toEqual({ id: inactive, erased: true, hasData: false, ageBand: '26-44', departementCode: '33', referrals: 1, erasures: 1 });
    for (const state of untouched) expect(state).toMatchObject({ erased: false, hasData: true, erasures: 0 });

    // Through the API: anonymous, statistics kept, and the erasure in the audit log with no account.
    const { node } = await t.client(TOKENS.admin).request<{ node: Record<string, unknown> }>(
      `query($id: ID!) { node(id: $id) { ... on Participant { ageBand departementCode erasedAt personalData { firstName } } } }`,
      { id: globalIdOf('Participant', inactive!) },
    );
    expect(node).toMatchObject({ ageBand: '26-44', departementCode: '33', erasedAt: expect.any(String), personalData: null });
    const { auditLog } = await t.client(TOKENS.plie).request<{ auditLog: { edges: { node: Record<string, unknown> }[] } }>(
      `query($filter: AuditLogFilter) { auditLog(first: 5, filter: $filter) { edges { node { operation accountId role structure { id } participant { id } targetType } } } }`,
      { filter: { participantId: globalIdOf('Participant', inactive!), operation: 'retention:erase' } },
    );
    expect(auditLog.edges.map((e) => e.node)).toEqual([
      { operation: 'retention:erase', accountId: null, role: null, structure: null, participant: { id: globalIdOf('Participant', inactive!) }, targetType: 'Participant' },
    ]);

    // Nothing left to do: a second run erases nobody again.
    expect(await runRetention(t.orm.em, 24)).toBe(0);
  });

  it('takes a referral left ACCEPTED by a session that completed without attendance as closed: the person is erased, the status kept', async () => {
    const crepi = (await viewerIds(t, TOKENS.crepi)).structureId!;
    const [past, future] = [await createPublishedSession(t, crepi, 5), await createPublishedSession(t, crepi, 5)];
    const [forgotten, expected] = await createParticipants(t, plie.structureId!, 2);
    for (const [participant, session] of [[forgotten!, past], [expected!, future]] as const) {
      const { referParticipant } = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(REFER, {
        input: { participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: 'Découvrir le métier' },
      });
      await t.client(TOKENS.crepi).request('mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { status } } }', { input: { referralId: referParticipant.referral.id } });
    }
    // The first session took place long ago and its attendance window closed with nothing recorded.
    await sql(t, `update session set status = 'COMPLETED', starts_at = now() - interval '26 months', ends_at = now() - interval '26 months' + interval '2 hours' where id = ?`, [past]);
    await inactiveFor([forgotten!, expected!], 25);

    expect(await runRetention(t.orm.em, 24)).toBe(1);
    const [erased, kept] = await stateOf([forgotten!, expected!]);
    expect(erased).toMatchObject({ erased: true, hasData: false, referrals: 1, erasures: 1 });
    expect(kept).toMatchObject({ erased: false, hasData: true, erasures: 0 });
    const statuses = await sql<{ status: string }>(t, 'select status from referral where participant_id in (?, ?) order by participant_id', [forgotten, expected]);
    expect(statuses).toEqual([{ status: 'ACCEPTED' }, { status: 'ACCEPTED' }]);
  });

  it('closes the person’s account and erases the free texts of their referrals, as eraseParticipant does', async () => {
    const [inactive] = await createParticipants(t, plie.structureId!, 1);
    const em = t.orm.em.fork();
    const account = em.create(Account, { email: 'ancien.participant@example.org', displayName: 'Ancien Participant', role: AccountRole.PARTICIPANT, participant: em.getReference(Participant, inactive!) });
    await em.flush();
    const { secret } = await issueToken(em, account, { label: 'son téléphone' });
    const referral = await refer(inactive!);
    await t.client(secret).request(CANCEL, { input: { referralId: referral, reason: 'Déménage chez sa sœur' } });
    await inactiveFor([inactive!], 25);

    expect(await runRetention(t.orm.em, 24)).toBe(1);

    expect(await sql(t, 'select email, display_name, disabled_at is not null as disabled from account where id = ?', [account.id])).toEqual([
      { email: `erased-${account.id}@erased.invalid`, display_name: 'Erased participant', disabled: true },
    ]);
    expect(await sql(t, 'select revoked_at is not null as revoked, label from api_token where account_id = ?', [account.id])).toEqual([{ revoked: true, label: null }]);
    expect(await sql(t, 'select motive from referral where id = ?', [keyOf(referral)])).toEqual([{ motive: null }]);
    expect(await sql(t, 'select to_status, reason from referral_transition where referral_id = ? order by id', [keyOf(referral)])).toEqual([
      { to_status: 'PENDING', reason: null }, { to_status: 'CANCELLED', reason: 'WITHDRAWN' },
    ]);
    await eventually(async () => (await failure(t.server.url, secret, '{ viewer { id } }').catch(() => null))?.codes[0] === 'UNAUTHENTICATED');
  });

  it('erases each participant once when several instances run at the same time', async () => {
    const ids = await createParticipants(t, plie.structureId!, 60);
    await inactiveFor(ids, 30);
    // Small batches, so that the two runs interleave transaction by transaction.
    const counts = await Promise.all([runRetention(t.orm.em, 24, 7), runRetention(t.orm.em, 24, 7)]);
    expect(counts[0]! + counts[1]!).toBe(60);
    const states = await stateOf(ids);
    expect(states.every((s) => s.erased && !s.hasData && s.erasures === 1)).toBe(true);
  });

  it('is configured by RELAIS_RETENTION_MONTHS and RELAIS_RETENTION_INTERVAL_MS, validated', () => {
    expect(loadConfig({})).toMatchObject({ retentionMonths: 24, retentionIntervalMs: 6 * 3_600_000 });
    expect(loadConfig({ RELAIS_RETENTION_MONTHS: '36', RELAIS_RETENTION_INTERVAL_MS: '0' })).toMatchObject({ retentionMonths: 36, retentionIntervalMs: 0 });
    expect(() => loadConfig({ RELAIS_RETENTION_MONTHS: '0' })).toThrow(/RELAIS_RETENTION_MONTHS/);
    expect(() => loadConfig({ RELAIS_RETENTION_INTERVAL_MS: '-1' })).toThrow(/RELAIS_RETENTION_INTERVAL_MS/);
  });
});
