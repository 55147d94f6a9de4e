import type { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TOKENS } from '../support/graphql';
import { eventually } from '../support/subscriptions';
import { admin, connect, databaseName, post, readyz, startHubInProcess, type InProcessHub } from './support/hub';
import { checkInvariants, prepareLoad } from './support/load';

const POOL_MAX = 3;
let db: TestDatabase;
let hub: InProcessHub;
let name: string;
let holder: Client | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  name = databaseName(db.url);
  hub = await startHubInProcess(db, { RELAIS_DB_ACQUIRE_TIMEOUT_MS: '1000' }, { poolMax: POOL_MAX, acquireTimeoutMs: 1000 });
});
afterAll(async () => {
  await holder?.end().catch(() => undefined);
  await hub?.stop();
  await db?.drop();
});

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }';
/** Backends of the hub's database waiting on a lock: requests that hold a pool connection and cannot go on. */
const waiting = async () => Number((await admin<{ n: string }>(`select count(*) n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [name]))[0]!.n);

it('answers 503 SERVICE_UNAVAILABLE past the acquire deadline when every connection is held by slow queries, then serves again', async () => {
  const plan = await prepareLoad(db.url, { sessions: 1, capacity: 50, participants: 2 * POOL_MAX + 1 });
  const input = (i: number) => ({ participantId: globalId('Participant', plan.participants[i]!), sessionId: globalId('Session', plan.sessions[0]!), motive: 'Visite', idempotencyKey: `pool-${i}` });

  // Slow queries: another client holds a lock on referrals, so each referral written waits, holding its connection.
  holder = await connect(db.url);
  await holder.query('begin');
  await holder.query('lock table referral in exclusive mode');
  const slow = Array.from({ length: POOL_MAX }, (_, i) => post<{ referParticipant: { referral: { id: string } } }>(hub.url, TOKENS.plie, REFER, { input: input(i) }));
  await eventually(async () => (await waiting()) === POOL_MAX);

  // The pool is full: more requests queue, then answer a clean 503 at the deadline instead of hanging.
  const refused = await Promise.all(Array.from({ length: POOL_MAX }, (_, i) => post(hub.url, TOKENS.plie, REFER, { input: input(POOL_MAX + i) })));
  for (const answer of refused) expect(answer).toMatchObject({ status: 503, codes: ['SERVICE_UNAVAILABLE'], retryAfter: '1', data: null });
  expect((await readyz(hub.base)).status).toBe(503);

  // The slow ones finish once the lock goes, and the refused ones, retried with their keys, go through once each.
  await holder.query('commit');
  const finished = await Promise.all(slow);
  for (const answer of finished) expect(answer.status).toBe(200);
  expect((await readyz(hub.base)).status).toBe(200);
  for (let i = POOL_MAX; i < 2 * POOL_MAX; i++) {
    const retried = await post<{ referParticipant: { referral: { id: string } } }>(hub.url, TOKENS.plie, REFER, { input: input(i) });
    expect(retried.status).toBe(200);
  }
  const c = await connect(db.url);
  try {
    const { rows } = await c.query<{ n: string }>('select count(*) n from referral where participant_id = any($1)', [plan.participants]);
    expect(Number(rows[0]!.n)).toBe(2 * POOL_MAX); // the last participant was never referred
    const seats = await c.query<{ seats_taken: number }>('select seats_taken from session where id = $1', [plan.sessions[0]]);
    expect(seats.rows[0]!.seats_taken).toBe(0); // referred, not accepted: no seat taken by a refused request
  } finally {
    await c.end();
  }
  const problems = await checkInvariants(db.url, { ...plan, participants: plan.participants.slice(0, 2 * POOL_MAX) });
  // Referrals here stay PENDING on purpose (no acceptance): every other invariant holds.
  expect(problems.filter((p) => !p.includes('never accepted'))).toEqual([]);
});
