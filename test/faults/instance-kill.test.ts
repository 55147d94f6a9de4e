import { createTestDatabase, type TestDatabase } from '../support/database';
import { TOKENS } from '../support/graphql';
import { eventually } from '../support/subscriptions';
import { cursorOf, deliveryProblems, follow, lastEventId, referralEventCursors, startHubProcess, type Follower, type HubProcess } from './support/hub';
import { checkInvariants, prepareLoad, retryable, runLoad, type LoadLog } from './support/load';

/** Subscribers on the instance that dies: 300 by default (the machine is shared); RELAIS_FAULT_SUBSCRIBERS=1000 for the figure. */
const SUBSCRIBERS = Number(process.env.RELAIS_FAULT_SUBSCRIBERS ?? 300);
let db: TestDatabase;
let a: HubProcess;
let b: HubProcess;
let followers: Follower[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  [a, b] = await Promise.all([startHubProcess(db.url, { RELAIS_RELAY_POLL_MS: '1000' }), startHubProcess(db.url, { RELAIS_RELAY_POLL_MS: '1000' })]);
});
afterAll(async () => {
  await Promise.all(followers.map((f) => f.stop()));
  for (const hub of [a, b]) if (hub && hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGTERM');
  await Promise.all([a?.exited, b?.exited]);
  await db?.drop();
});

it(`moves ${SUBSCRIBERS} subscribers of an instance killed (SIGKILL) while delivering to another, each receiving every event once, in order`, async () => {
  const plan = await prepareLoad(db.url, { sessions: 5, capacity: 10, participants: 40 });
  const start = await lastEventId(db.url);
  // Subscribed to A; when their socket dies, they go to B with the last cursor they received.
  followers = Array.from({ length: SUBSCRIBERS }, () => follow(TOKENS.admin, a.url, cursorOf(start), () => b.url));
  const log: LoadLog = { answers: [] };
  // Writes go through B: the first ten participants, delivered to everyone by A.
  await runLoad(() => b.url, { ...plan, participants: plan.participants.slice(0, 10) }, 4, log);
  const firstPart = await referralEventCursors(db.url, start);
  await eventually(() => followers.every((f) => f.cursors.length >= firstPart.length), 60_000);

  // The rest of the load, and A killed while it delivers it.
  let done = 0;
  const load = runLoad(() => b.url, { ...plan, participants: plan.participants.slice(10) }, 4, log, (n) => (done = n));
  await eventually(() => done >= 5);
  a.child.kill('SIGKILL');
  expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
  await load;

  expect(log.answers.filter((x) => !x.answer.data && !retryable(x.answer))).toEqual([]);
  expect(await checkInvariants(db.url, plan)).toEqual([]);
  const expected = await referralEventCursors(db.url, start);
  expect(expected).toHaveLength(2 * plan.participants.length);
  await eventually(() => followers.every((f) => f.cursors.length >= expected.length), 60_000).catch(() => undefined);
  expect(followers.flatMap((f) => deliveryProblems(f, expected))).toEqual([]);
  // Each one did lose its socket (closed abnormally: 1006) and subscribed again.
  expect(followers.filter((f) => f.subscriptions < 2 || !f.closeCodes.includes(1006))).toHaveLength(0);
});
