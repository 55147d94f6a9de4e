import { Logger as GraphileLogger, run, runMigrations, type Runner } from 'graphile-worker';
import { Pool } from 'pg';
import type { WebhookWorker } from '../webhooks';
import { cronItemsOf, jobTasks, SCHEDULED_JOB_ATTEMPTS, type ScheduledJob } from './jobs';
import type { Logger } from './logger';
import type { RelaisMetrics } from './metrics';

export interface JobWorkerOptions {
  databaseUrl: string;
  logger: Logger;
  /** Scheduled jobs (jobs.ts): their tasks, and their cron. */
  jobs: readonly ScheduledJob[];
  /** The webhook dispatcher and deliveries, when this instance runs them. */
  webhooks?: WebhookWorker | null;
  /** Jobs run at once by this instance. */
  concurrency: number;
  /** How often idle workers look for jobs that came due without a notification (jobs are NOTIFYed when added). */
  pollMs: number;
  metrics?: RelaisMetrics;
}

const MIGRATION_LOCK = 'relais.graphile-worker-migrations';

/**
 * graphile-worker's own migrations, one instance at a time. It installs its schema with `create schema if not
 * exists`, which two instances starting together on a new database race on: one of them failed with a duplicate key
 * on pg_namespace and exited (seen in the fault suite, two hubs started at once). Under this advisory lock the first
 * migrates, the others find it done; `run()` then has nothing left to migrate.
 */
async function migrateAlone(pool: Pool, logger: GraphileLogger): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    try {
      await runMigrations({ pgPool: pool, logger });
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/**
 * This instance's graphile-worker runner: one pool, one set of workers, for the scheduled jobs' cron and tasks and,
 * where configured, the webhook tasks. It takes only the tasks it was given: an instance without webhook workers
 * never runs a webhook job, nor one of a job the configuration switched off (left in the queue for an instance that
 * runs it). Started and stopped with the server (app.ts).
 */
export class JobWorker {
  private constructor(
    private readonly runner: Runner,
    private readonly pool: CronSafePool,
    private readonly webhooks: WebhookWorker | null,
  ) {}

  static async start(options: JobWorkerOptions): Promise<JobWorker> {
    const { logger, webhooks = null } = options;
    const pool = cronSafePool(options.databaseUrl, options.concurrency + 2, logger);
    const workerLogger = new GraphileLogger(() => (level, message, meta) => {
      if (level === 'error') logger.error({ graphileWorker: meta }, message);
      else if (level === 'warning') logger.warn({ graphileWorker: meta }, message);
      else logger.debug({ graphileWorker: meta }, message);
    });
    let runner: Runner;
    try {
      await migrateAlone(pool, workerLogger);
      runner = await run({
        pgPool: pool,
        concurrency: options.concurrency,
        pollInterval: options.pollMs,
        noHandleSignals: true,
        taskList: { ...webhooks?.tasks, ...jobTasks(options.jobs, logger, options.metrics) },
        parsedCronItems: cronItemsOf(options.jobs),
        logger: workerLogger,
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    // The runner ends on its own only on an error it could not recover from: said, rather than left unhandled.
    runner.promise.catch((error: unknown) => logger.error({ err: error }, 'job runner stopped on an error'));
    webhooks?.start();
    return new JobWorker(runner, pool, webhooks);
  }

  /**
   * Queues a run of a scheduled job now, outside its cron (tests; any instance running the job takes it). Returns once
   * queued: wait for what the run does.
   */
  async runNow(task: string): Promise<void> {
    await this.runner.addJob(task, {}, { maxAttempts: SCHEDULED_JOB_ATTEMPTS });
  }

  /**
   * Stops: webhook POSTs in flight cut short (their attempts recorded as cut, delivery-worker.ts), then the runner, which
   * stops its cron and waits for the jobs under way; jobs not started stay queued for any instance.
   */
  async stop(): Promise<void> {
    await this.webhooks?.stop();
    this.pool.stopCron();
    await this.runner.stop();
    // A pool given to graphile-worker is not ended by it.
    await this.pool.end();
  }
}

type CronSafePool = Pool & { stopCron(): void };

const CRON_STATEMENT = /_private_known_crontabs/;
const MAX_CRON_RETRY_MS = 30_000;
const NO_ROWS = { rows: [], rowCount: 0 };

/**
 * The runner's pool, with one change: graphile-worker 0.16's cron stops the whole runner when one of its statements
 * fails (a database restart at a minute's tick), and leaves a promise rejection nobody handles, which ends the
 * process (fixed upstream by graphile/worker#544, cron retrying with a backoff, in a later version than the pinned
 * one). So its statements, recognised by the table they all use, are retried here until the database answers, with
 * a backoff; they are safe to repeat, a tick being added only if it moves `known_crontabs` forward. Once stopping,
 * they answer no rows at once, so that the cron ends cleanly and the shutdown does not wait for a backoff. Other
 * statements (the workers', which handle their own errors) go through unchanged.
 */
function cronSafePool(connectionString: string, max: number, logger: Logger): CronSafePool {
  let stopping = false;
  const sleepers = new Set<() => void>();
  const pool = Object.assign(new Pool({ connectionString, max }), {
    stopCron() {
      stopping = true;
      sleepers.forEach((wake) => wake());
    },
  });
  // graphile-worker listens for errors of idle clients while it runs; this one covers the pool after it stops.
  pool.on('error', (error) => logger.warn({ err: error }, 'job runner: a database connection failed'));
  const query = pool.query.bind(pool) as unknown as (...args: unknown[]) => Promise<unknown>;
  const retried = async (text: string, values: unknown) => {
    for (let attempt = 0; !stopping; attempt++) {
      try {
        return await query(text, values);
      } catch (error) {
        if (stopping) break;
        const delay = Math.min(MAX_CRON_RETRY_MS, 500 * 2 ** attempt);
        logger.warn({ err: error, retryInMs: delay }, 'job schedule: the database did not answer; trying again');
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, delay);
          sleepers.add(wake);
        });
      }
    }
    return NO_ROWS;
  };
  (pool as { query: unknown }).query = (text: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && CRON_STATEMENT.test(text) && typeof rest[0] !== 'function' ? retried(text, rest[0]) : query(text, ...rest);
  return pool;
}
