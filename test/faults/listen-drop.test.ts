import { createTestDatabase, type TestDatabase } from '../support/database';
import { TOKENS } from '../support/graphql';
import { eventually } from '../support/subscriptions';
import { admin, connect, cursorOf, databaseName, follow, lastEventId, readyz, referralEventCursors, startHubInProcess, type InProcessHub } from './support/hub';
import { prepareLoad, runLoad, type LoadLog } from './support/load';

const POLL_MS = 1000;
let db: TestDatabase;
let hub: InProcessHub;
let name: string;

beforeAll(async () => {
  db = await createTestDatabase();
  name = databaseName(db.url);
  hub = await startHubInProcess(db, { RELAIS_RELAY_POLL_MS: String(POLL_MS) });
});
afterAll(async () => {
  await hub?.stop();
  await db?.drop();
});

/** Backends of the hub's database that LISTEN (the event relay's connection: its last statement was a LISTEN). */
const listeners = async () => (await admin<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and query ilike 'listen %'`, [name])).map((r) => r.pid);

it('notices a dropped LISTEN connection, listens again, and its poll delivers an event no NOTIFY announced', async () => {
  const plan = await prepareLoad(db.url, { sessions: 2, capacity: 20, participants: 10 });
  const start = await lastEventId(db.url);
  const follower = follow(TOKENS.admin, hub.url, cursorOf(start));
  const log: LoadLog = { answers: [] };
  await runLoad(() => hub.url, { ...plan, participants: plan.participants.slice(0, 5) }, 2, log);

  await eventually(async () => (await listeners()).length === 1);
  const [before] = await listeners();
  await admin('select pg_terminate_backend($1)', [before]);
  // The relay notices (its connection's error or end) and LISTENs again on a new backend.
  await eventually(async () => {
    const now = await listeners();
    return now.length === 1 && now[0] !== before;
  });
  await eventually(async () => (await readyz(hub.base)).body?.events === 'listening');

  // An event committed without its wake-up (as when it commits while no relay listens): only the poll can deliver it.
  const c = await connect(db.url);
  try {
    await c.query('begin');
    await c.query('select pg_advisory_xact_lock(727001)'); // the outbox lock (events/outbox.ts): ids visible in order
    await c.query(`insert into event (type, entity_id, data) select type, entity_id, data from event where type = 'REFERRAL_UPDATED' order by id desc limit 1`);
    await c.query('commit');
  } finally {
    await c.end();
  }
  const silent = await lastEventId(db.url);
  // Bounded by a few poll intervals: a bound for a busy machine, not a performance assertion.
  await eventually(() => follower.cursors.includes(cursorOf(silent)), 10 * POLL_MS);

  // And the new LISTEN connection carries NOTIFY again: the rest of the load arrives, each event once, in order.
  await runLoad(() => hub.url, { ...plan, participants: plan.participants.slice(5) }, 2, log);
  const expected = await referralEventCursors(db.url, start);
  expect(expected).toHaveLength(2 * plan.participants.length + 1);
  await eventually(() => follower.cursors.length >= expected.length).catch(() => undefined);
  expect(follower.cursors).toEqual(expected);
  await follower.stop();
});
