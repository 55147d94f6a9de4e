import { expirePendingReferrals } from '../referrals/use-cases/referrals';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import type { RelaisMetrics } from './metrics';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

/**
 * Expires unanswered referrals in the background, every `expiryIntervalMs`. Every instance may run it: the use case
 * claims rows with SKIP LOCKED, so two instances never expire the same referral twice.
 */
export function startExpiryJob(orm: Orm, config: Config, logger: Logger, metrics?: RelaisMetrics): PeriodicJob {
  return startPeriodicJob('referral expiry', config.expiryIntervalMs, logger, async () => {
    const cutoff = new Date(Date.now() - config.referralExpiryDays * 86_400_000);
    let expired = 0;
    for (let batch = await expirePendingReferrals(orm.em, cutoff); batch > 0; batch = await expirePendingReferrals(orm.em, cutoff)) expired += batch;
    if (expired > 0) logger.info({ expired, cutoff }, 'pending referrals expired');
  }, metrics);
}
