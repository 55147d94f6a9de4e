import { Logger as GraphileLogger, runMigrations } from 'graphile-worker';
import { loadConfig } from '../src/server/config';
import { cronItemsOf, scheduledJobs, type ScheduledJob } from '../src/server/jobs';
import { createLogger } from '../src/server/logger';
import { sessionCourseJob } from '../src/server/session-course-job';
import { JobWorker } from '../src/server/worker';
import { sql } from './support/fixtures';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

let t: TestServer;
const logger = createLogger('silent');

beforeAll(async () => {
  t = await startTestServer();
  // The queue's schema, as the first worker to start installs it.
  await runMigrations({ connectionString: t.db.url, logger: new GraphileLogger(() => () => undefined) });
  await sql(t, 'create table tick_probe_run (tick timestamptz, instance text not null)');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

/** A job every minute that records the tick it runs for and the instance that ran it. */
function probe(instance: string): ScheduledJob {
  return {
    task: 'test:tick-probe',
    name: 'tick probe',
    intervalMs: 60_000,
    backfillMs: 15 * 60_000,
    async run(tick) {
      await sql(t, 'insert into tick_probe_run (tick, instance) values (?, ?)', [tick, instance]);
    },
  };
}

const start = (jobs: ScheduledJob[]) => JobWorker.start({ databaseUrl: t.db.url, logger, jobs, concurrency: 2, pollMs: 100 });

describe('scheduled jobs on graphile-worker', () => {
  it('two instances running the cron run each tick once: the ticks missed while none ran are each run once, by either', async () => {
    // Known since long ago, last run five minutes ago: the five ticks since were missed (every instance down).
    await sql(
      t,
      `insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
       values ('test:tick-probe', now() - interval '1 hour', date_trunc('minute', now()) - interval '5 minutes')`,
    );
    const [{ last }] = await sql<{ last: Date }>(t, `select last_execution as last from graphile_worker._private_known_crontabs where identifier = 'test:tick-probe'`);
    const missed = Array.from({ length: 5 }, (_, i) => new Date(new Date(last!).getTime() + (i + 1) * 60_000).toISOString());
    const [a, b] = await Promise.all([start([probe('a')]), start([probe('b')])]);
    try {
      await eventually(async () => (await sql(t, 'select distinct tick from tick_probe_run')).length >= missed.length);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const runs = await sql<{ tick: Date; runs: string }>(t, 'select tick, count(*) as runs from tick_probe_run group by tick order by tick');
    // Each tick once (a minute may have turned meanwhile: its tick is run once too).
    expect(runs.filter((r) => Number(r.runs) !== 1)).toEqual([]);
    expect(runs.map((r) => new Date(r.tick).toISOString()).slice(0, missed.length)).toEqual(missed);
    // Nothing left in the queue, nothing failed.
    expect(await sql(t, `select 1 from graphile_worker.jobs where task_identifier = 'test:tick-probe'`)).toHaveLength(0);
  });

  it('keeps its cron through a database failure: a schedule statement that fails is tried again until it succeeds', async () => {
    // Two ticks missed again, and the table of known ticks out of reach as the next worker starts.
    await sql(t, 'delete from tick_probe_run');
    await sql(t, `update graphile_worker._private_known_crontabs set last_execution = date_trunc('minute', now()) - interval '2 minutes' where identifier = 'test:tick-probe'`);
    await sql(t, 'alter table graphile_worker._private_known_crontabs rename to _private_known_crontabs_away');
    const lines: string[] = [];
    const worker = await JobWorker.start({ databaseUrl: t.db.url, logger: createLogger('warn', { write: (line: string) => void lines.push(line) }), jobs: [probe('c')], concurrency: 1, pollMs: 100 });
    try {
      await eventually(() => lines.some((line) => line.includes('job schedule: the database did not answer')));
      await sql(t, 'alter table graphile_worker._private_known_crontabs_away rename to _private_known_crontabs');
      // The runner did not stop: once the table answers, the missed ticks are scheduled and run, once each.
      await eventually(async () => (await sql(t, 'select distinct tick from tick_probe_run')).length >= 2);
    } finally {
      await worker.stop();
    }
    const runs = await sql<{ runs: string }>(t, 'select count(*) as runs from tick_probe_run group by tick');
    expect(runs.filter((r) => Number(r.runs) !== 1)).toEqual([]);
  });

  it('a job queued while no instance runs survives until one starts, which runs it', async () => {
    // A session that ended two hours ago, still PUBLISHED: the session course holds it.
    const [session] = await sql<{ id: number }>(
      t,
      `insert into session (kind, title, organiser_id, starts_at, ends_at, capacity, status, published_at, commune_code, departement_code, latitude, longitude)
       select 'COMPANY_VISIT', 'Visite passée', organiser_id, now() - interval '3 hours', now() - interval '2 hours', 6, 'PUBLISHED', now(), '93066', '93', 48.93, 2.36
       from session order by id limit 1 returning id`,
    );
    // Queued as a tick is, in the database, with no worker anywhere.
    await sql(t, `select graphile_worker.add_job('relais:session-course', '{}'::json, max_attempts => 3)`);
    const worker = await start([sessionCourseJob(t.orm, loadConfig({ DATABASE_URL: t.db.url }), logger)]);
    try {
      await eventually(async () => (await sql<{ status: string }>(t, 'select status from session where id = ?', [session!.id]))[0]!.status === 'HELD');
    } finally {
      await worker.stop();
    }
  });

  it('leaves the jobs switched off unscheduled and their queued runs alone (the bench switches off expiry and retention)', async () => {
    const config = loadConfig({ DATABASE_URL: t.db.url, RELAIS_EXPIRY_INTERVAL_MS: '0', RELAIS_RETENTION_INTERVAL_MS: '0' });
    const jobs = scheduledJobs(t.orm, config, logger);
    expect(jobs.map((job) => job.name)).toEqual(['session course', 'follow-up course']);
    expect(cronItemsOf(jobs).map((item) => item.identifier)).toEqual(['relais:session-course', 'relais:follow-up-course']);
    // A run of the retention job left in the queue: this instance does not take it.
    await sql(t, `select graphile_worker.add_job('relais:retention', '{}'::json, max_attempts => 3)`);
    const worker = await start(jobs.filter((job) => job.name === 'session course'));
    try {
      await worker.runNow('relais:session-course');
      await eventually(async () => (await sql(t, `select 1 from graphile_worker.jobs where task_identifier = 'relais:session-course'`)).length === 0);
      expect(await sql(t, `select attempts from graphile_worker.jobs where task_identifier = 'relais:retention'`)).toEqual([{ attempts: 0 }]);
    } finally {
      await worker.stop();
    }
  });

  it('schedules each job at its interval, evenly, and refuses an interval cron cannot tick', () => {
    const config = loadConfig({});
    expect(scheduledJobs(t.orm, config, logger).map((job) => [job.task, job.intervalMs, job.backfillMs])).toEqual([
      ['relais:referral-expiry', 600_000, 600_000],
      ['relais:retention', 21_600_000, 21_600_000],
      ['relais:session-course', 300_000, 300_000],
      ['relais:follow-up-course', 3_600_000, 3_600_000],
    ]);
    expect(() => loadConfig({ RELAIS_EXPIRY_INTERVAL_MS: '90000' })).toThrow(/RELAIS_EXPIRY_INTERVAL_MS: must be 0 \(never\) or a whole number of minutes/);
    expect(() => loadConfig({ RELAIS_RETENTION_INTERVAL_MS: '50' })).toThrow(/RELAIS_RETENTION_INTERVAL_MS/);
  });

  // Last: it removes the queue's schema (the instances put it back).
  it('instances starting together on a database without the queue install it once, and all start', async () => {
    await sql(t, 'drop schema graphile_worker cascade');
    const started = await Promise.allSettled([start([]), start([]), start([]), start([])]);
    try {
      expect(started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    }
    const [{ n }] = await sql<{ n: string }>(t, `select count(*) as n from information_schema.schemata where schema_name = 'graphile_worker'`);
    expect(Number(n)).toBe(1);
  });
});
