import { createTestDatabase, type TestDatabase } from '../support/database';
import { TOKENS } from '../support/graphql';
import { eventually } from '../support/subscriptions';
import { admin, cursorOf, databaseName, deliveryProblems, follow, lastEventId, readyz, referralEventCursors, startHubInProcess, type InProcessHub } from './support/hub';
import { checkInvariants, prepareLoad, retryable, runLoad, type LoadLog } from './support/load';

// The database goes away under a write load of referrals and acceptances, then comes back. The outage is made the
// same way on the embedded and on an external server: the hub's database stops accepting connections and every
// backend of it is terminated (what a restart or a failover does to the hub's connections), until it is allowed again.
/** How long the database stays away: the scenario's length, not a wait for a result. */
const OUTAGE_MS = 4000;
let db: TestDatabase;
let hub: InProcessHub;
let name: string;

beforeAll(async () => {
  db = await createTestDatabase();
  name = databaseName(db.url);
  hub = await startHubInProcess(db, { RELAIS_RELAY_POLL_MS: '1000', RELAIS_DB_ACQUIRE_TIMEOUT_MS: '2000' }, { poolMax: 5 });
});
afterAll(async () => {
  await admin(`alter database "${name}" allow_connections true`).catch(() => undefined);
  await hub?.stop();
  await db?.drop();
});

it('fails requests cleanly during the outage, recovers without a restart, and loses, doubles or overbooks nothing', async () => {
  const plan = await prepareLoad(db.url, { sessions: 4, capacity: 8, participants: 60 });
  const start = await lastEventId(db.url);
  // Admin followers see every referral event: each must receive exactly the outbox's, in order.
  const followers = Array.from({ length: 5 }, () => follow(TOKENS.admin, hub.url, cursorOf(start)));
  const log: LoadLog = { answers: [] };
  let done = 0;
  const load = runLoad(() => hub.url, plan, 6, log, (n) => (done = n));

  await eventually(() => done >= 5);
  await admin(`alter database "${name}" allow_connections false`);
  await admin('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  const outageStarted = Date.now();
  await eventually(async () => (await readyz(hub.base)).status === 503);
  // Requests in flight or arriving now fail, with a code a client can act on.
  await eventually(() => log.answers.some((a) => a.answer.codes.includes('SERVICE_UNAVAILABLE')));
  const unavailable = log.answers.find((a) => a.answer.codes.includes('SERVICE_UNAVAILABLE'))!.answer;
  expect(unavailable).toMatchObject({ status: 503, retryAfter: '1' });

  // The outage lasts a few seconds at least, as a restart or a failover does: several reconnection attempts fail.
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))));
  await admin(`alter database "${name}" allow_connections true`);
  // The same process, the same pool: ready again, and the load completes through it.
  await eventually(async () => (await readyz(hub.base)).status === 200, 30_000);
  await load;

  // Every answer was a success, a clean retryable failure, or (an acceptance retried after its answer was lost) INVALID_TRANSITION.
  const unclean = log.answers.filter(({ operation, answer }) => !answer.data && !retryable(answer) && !(operation === 'accept' && answer.codes.includes('INVALID_TRANSITION')));
  expect(unclean).toEqual([]);
  expect(log.answers.filter((a) => !a.answer.data).length).toBeGreaterThan(0);
  expect(await checkInvariants(db.url, plan)).toEqual([]);

  // The relay listens again, and every follower got every event once, in order, across its resubscriptions.
  await eventually(async () => (await readyz(hub.base)).body?.events === 'listening', 30_000);
  const expected = await referralEventCursors(db.url, start);
  expect(expected).toHaveLength(plan.participants.length * 2);
  await eventually(() => followers.every((f) => f.cursors.length >= expected.length), 30_000).catch(() => undefined);
  expect(followers.flatMap((f) => deliveryProblems(f, expected))).toEqual([]);
  await Promise.all(followers.map((f) => f.stop()));
});
