import { expirePendingReferrals } from '../referrals/use-cases/referrals';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import type { ScheduledJob } from './jobs';

/**
 * Expires unanswered referrals, every `expiryIntervalMs`, once per tick across the instances (jobs.ts). Runs that
 * overlap still expire each referral once: the use case claims rows with SKIP LOCKED.
 * Backfill, one interval: an instance starting after a tick nobody ran (all stopped for a deploy) runs it at once,
 * so a restart never delays expiry by more than an interval; more would add nothing, one run expires all that is due.
 */
export function expiryJob(orm: Orm, config: Config, logger: Logger): ScheduledJob {
  return {
    task: 'relais:referral-expiry',
    name: 'referral expiry',
    intervalMs: config.expiryIntervalMs,
    backfillMs: config.expiryIntervalMs,
    async run() {
      const cutoff = new Date(Date.now() - config.referralExpiryDays * 86_400_000);
      let expired = 0;
      for (let batch = await expirePendingReferrals(orm.em, cutoff); batch > 0; batch = await expirePendingReferrals(orm.em, cutoff)) expired += batch;
      if (expired > 0) logger.info({ expired, cutoff }, 'pending referrals expired');
    },
  };
}
