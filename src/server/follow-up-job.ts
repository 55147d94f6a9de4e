import { runFollowUpCourse } from '../referrals';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';
import type { RelaisMetrics } from './metrics';

/**
 * Tells prescribers of follow-ups that became due and marks overdue those left unrecorded 30 days after their due
 * day (runFollowUpCourse), every `followUpIntervalMs` (0: never), on every instance: rows are claimed with SKIP
 * LOCKED, so no follow-up is marked, nor its event emitted, twice.
 */
export function startFollowUpJob(orm: Orm, config: Config, logger: Logger, metrics?: RelaisMetrics): PeriodicJob {
  return startPeriodicJob('follow-up course', config.followUpIntervalMs, logger, async () => {
    const run = await runFollowUpCourse(orm.em.fork());
    if (run.due || run.overdue) logger.info(run, 'follow-ups due or overdue marked');
  }, metrics);
}
