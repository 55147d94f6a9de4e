import { runFollowUpCourse } from '../referrals';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import type { ScheduledJob } from './jobs';

/**
 * Tells prescribers of follow-ups that became due and marks overdue those left unrecorded 30 days after their due
 * day (runFollowUpCourse), every `followUpIntervalMs`, once per tick across the instances (jobs.ts); rows are claimed
 * with SKIP LOCKED, so even overlapping runs never mark a follow-up, nor emit its event, twice.
 * Backfill, one interval: the due day is a calendar day, but a prescriber should hear of it the hour it comes, not an
 * hour later because of a restart on the hour; one run catches up everything.
 */
export function followUpJob(orm: Orm, config: Config, logger: Logger): ScheduledJob {
  return {
    task: 'relais:follow-up-course',
    name: 'follow-up course',
    intervalMs: config.followUpIntervalMs,
    backfillMs: config.followUpIntervalMs,
    async run() {
      const run = await runFollowUpCourse(orm.em.fork());
      if (run.due || run.overdue) logger.info(run, 'follow-ups due or overdue marked');
    },
  };
}
