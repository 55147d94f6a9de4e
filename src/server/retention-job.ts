import type { EntityManager } from '@mikro-orm/postgresql';
import { eraseInactiveParticipants } from '../participants/use-cases/retention';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import type { RelaisMetrics } from './metrics';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

/**
 * One retention run: batch after batch (one transaction each) until no inactive participant is left; returns how
 * many were anonymised.
 */
export async function runRetention(em: EntityManager, months: number, batchSize?: number): Promise<number> {
  let erased = 0;
  for (;;) {
    const batch = await eraseInactiveParticipants(em, months, batchSize);
    if (batch === 0) return erased;
    erased += batch;
  }
}

/**
 * Anonymises participants inactive for `retentionMonths`, every `retentionIntervalMs` (0: never), on every
 * instance: runs claim participants with SKIP LOCKED, so instances never erase the same one twice.
 */
export function startRetentionJob(orm: Orm, config: Config, logger: Logger, metrics?: RelaisMetrics): PeriodicJob {
  return startPeriodicJob('retention', config.retentionIntervalMs, logger, async () => {
    const erased = await runRetention(orm.em, config.retentionMonths);
    if (erased > 0) logger.info({ erased, months: config.retentionMonths }, 'inactive participants anonymised');
  }, metrics);
}
