import type { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TOKENS } from '../support/graphql';
import { eventually } from '../support/subscriptions';
import { admin, connect, cursorOf, databaseName, deliveryProblems, follow, lastEventId, post, readyz, referralEventCursors, startHubProcess, type Follower, type HubProcess } from './support/hub';
import { checkInvariants, prepareLoad, REFER, referInput, retryable, runLoad, type LoadLog } from './support/load';

const SUBSCRIBERS = 50;
const IN_FLIGHT = 5;
let db: TestDatabase;
let a: HubProcess;
let b: HubProcess;
let holder: Client | undefined;
let followers: Follower[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // A generous shutdown deadline: the in-flight requests are held until the test releases them.
  [a, b] = await Promise.all([startHubProcess(db.url, { RELAIS_SHUTDOWN_TIMEOUT_MS: '60000' }), startHubProcess(db.url)]);
});
afterAll(async () => {
  await holder?.end().catch(() => undefined);
  await Promise.all(followers.map((f) => f.stop()));
  for (const hub of [a, b]) if (hub && hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGTERM');
  await Promise.all([a?.exited, b?.exited]);
  await db?.drop();
});

it('drains on SIGTERM: in-flight requests complete, sockets close with 1001 and their clients go on elsewhere, nothing lost', async () => {
  const plan = await prepareLoad(db.url, { sessions: 3, capacity: 10, participants: 25 });
  const start = await lastEventId(db.url);
  followers = Array.from({ length: SUBSCRIBERS }, () => follow(TOKENS.admin, a.url, cursorOf(start), () => b.url));
  const log: LoadLog = { answers: [] };
  await runLoad(() => a.url, { ...plan, participants: plan.participants.slice(0, 10) }, 3, log);
  const firstPart = await referralEventCursors(db.url, start);
  await eventually(() => followers.every((f) => f.cursors.length >= firstPart.length), 60_000);

  // Requests in flight on A: referrals held by a lock, so that they are surely running when SIGTERM comes.
  holder = await connect(db.url);
  await holder.query('begin');
  await holder.query('lock table referral in exclusive mode');
  const held = plan.participants.slice(10, 10 + IN_FLIGHT);
  const inFlight = held.map((p, i) => post<{ referParticipant: { referral: { id: string } } }>(a.url, TOKENS.plie, REFER, { input: referInput(p, plan.sessions[i % plan.sessions.length]!) }));
  const name = databaseName(db.url);
  await eventually(async () => Number((await admin<{ n: string }>(`select count(*) n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [name]))[0]!.n) === IN_FLIGHT);

  a.child.kill('SIGTERM');
  // The sockets are closed first, with 1001 Going Away, and A stops being ready (or stops answering at all).
  await eventually(() => followers.every((f) => f.closeCodes.includes(1001)), 30_000);
  await eventually(async () => (await readyz(a.base)).status !== 200);
  await holder.query('commit');
  const answers = await Promise.all(inFlight);
  expect(answers.map((x) => [x.status, x.codes])).toEqual(held.map(() => [200, []]));
  expect(await a.exited).toEqual({ code: 0, signal: null });

  // The rest goes through B (the held referrals again with their keys, as runLoad numbers them from the slice: nothing doubled).
  await runLoad(() => b.url, { ...plan, participants: plan.participants.slice(10) }, 3, log);
  expect(log.answers.filter((x) => !x.answer.data && !retryable(x.answer))).toEqual([]);
  expect(await checkInvariants(db.url, plan)).toEqual([]);
  const expected = await referralEventCursors(db.url, start);
  expect(expected).toHaveLength(2 * plan.participants.length);
  await eventually(() => followers.every((f) => f.cursors.length >= expected.length), 60_000).catch(() => undefined);
  expect(followers.flatMap((f) => deliveryProblems(f, expected))).toEqual([]);
});
