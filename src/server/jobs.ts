import { parseCronItems, type ParsedCronItem, type TaskList } from 'graphile-worker';
import type { Config } from './config';
import { cronScheduleOf } from './cron-schedule';
import { expiryJob } from './expiry-job';
import { followUpJob } from './follow-up-job';
import type { Logger } from './logger';
import type { RelaisMetrics } from './metrics';
import type { Orm } from '../db/orm';
import { retentionJob } from './retention-job';
import { sessionCourseJob } from './session-course-job';

/**
 * A job the hub runs on a schedule: a graphile-worker task fired by its cron (worker.ts). Each tick is scheduled once
 * across all the instances, whichever of them runs the cron: graphile-worker records the last tick of each cron item
 * in `known_crontabs` and adds the tick's job only if it moved that record forward. The job is a row of its queue, so
 * it survives a restart and is run by whichever instance is free.
 */
export interface ScheduledJob {
  /** Its graphile-worker task and cron identifier (the key of its `known_crontabs` row: do not rename lightly). */
  task: string;
  /** In logs and metrics (`relais_job_*{job="..."}`). */
  name: string;
  /** How often it runs (its crontab schedule: cron-schedule.ts); 0: never, and not even registered. */
  intervalMs: number;
  /**
   * How far back an instance starting runs the ticks nobody ran while every instance was down (graphile-worker's
   * `backfillPeriod`; only since the job was first known): each job says why its value (0: none).
   */
  backfillMs: number;
  /** One run. `tick`: the cron tick it runs for; null when asked for on demand (JobWorker.runNow). */
  run(tick: Date | null): Promise<void>;
}

/**
 * A failed run is tried again by the queue, after about 3 then 7 seconds (graphile-worker's backoff: a database blip
 * does not wait for the next tick, 6 hours away for retention), then waits for the next tick.
 */
export const SCHEDULED_JOB_ATTEMPTS = 3;

/** The background jobs the configuration enables: referral expiry, retention, session course, follow-ups. */
export function scheduledJobs(orm: Orm, config: Config, logger: Logger): ScheduledJob[] {
  return [expiryJob(orm, config, logger), retentionJob(orm, config, logger), sessionCourseJob(orm, config, logger), followUpJob(orm, config, logger)].filter(
    (job) => job.intervalMs > 0,
  );
}

/**
 * The cron items of the jobs. No job key nor queue: each tick is a job of its own, so that a tick is never lost to
 * another (a key would fold a backfilled tick into the next), and runs that overlap (a run longer than the interval)
 * are harmless, each job's use case claiming its rows with SKIP LOCKED.
 */
export function cronItemsOf(jobs: readonly ScheduledJob[]): ParsedCronItem[] {
  return parseCronItems(
    jobs.flatMap((job) => {
      const match = cronScheduleOf(job.intervalMs);
      return match ? [{ task: job.task, identifier: job.task, match, options: { backfillPeriod: job.backfillMs, maxAttempts: SCHEDULED_JOB_ATTEMPTS } }] : [];
    }),
  );
}

/** The tick a cron job was scheduled for (graphile-worker puts it in the payload), or null for a job added by hand. */
function tickOf(payload: unknown): Date | null {
  const ts = (payload as { _cron?: { ts?: unknown } } | null)?._cron?.ts;
  return typeof ts === 'string' ? new Date(ts) : null;
}

/** The jobs' tasks: each run counted and timed (`relais_job_*`), a failure logged and thrown back to the queue. */
export function jobTasks(jobs: readonly ScheduledJob[], logger: Logger, metrics?: RelaisMetrics): TaskList {
  return Object.fromEntries(
    jobs.map((job) => [
      job.task,
      async (payload: unknown) => {
        const run = () => job.run(tickOf(payload));
        try {
          await (metrics ? metrics.timeJob(job.name, run) : run());
        } catch (error) {
          logger.error({ err: error, job: job.name }, `${job.name} failed`);
          throw error;
        }
      },
    ]),
  );
}
