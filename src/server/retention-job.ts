import type { EntityManager } from '@mikro-orm/postgresql';
import { eraseInactiveParticipants } from '../participants/use-cases/retention';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import type { ScheduledJob } from './jobs';

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
 * Anonymises participants inactive for `retentionMonths`, every `retentionIntervalMs`, once per tick across the
 * instances (jobs.ts); runs that overlap claim participants with SKIP LOCKED, so none is erased twice.
 * Backfill, one interval (6 hours by default): erasure is a legal duty with a deadline, so a tick missed while every
 * instance was down (a deploy at the wrong time, twice a day) is run as soon as one starts rather than 6 hours later.
 */
export function retentionJob(orm: Orm, config: Config, logger: Logger): ScheduledJob {
  return {
    task: 'relais:retention',
    name: 'retention',
    intervalMs: config.retentionIntervalMs,
    backfillMs: config.retentionIntervalMs,
    async run() {
      const erased = await runRetention(orm.em, config.retentionMonths);
      if (erased > 0) logger.info({ erased, months: config.retentionMonths }, 'inactive participants anonymised');
    },
  };
}
