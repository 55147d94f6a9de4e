import type { EntityManager } from '@mikro-orm/postgresql';
import { closeWaitingReferralsOfHeldSessions } from '../referrals';
import { completeSessionsPastAttendanceWindow, holdPastSessions } from '../sessions/use-cases/session-course';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import type { ScheduledJob } from './jobs';

export interface SessionCourseRun {
  /** Sessions past their end moved PUBLISHED / FULL → HELD. */
  held: number[];
  /** Referrals still PENDING or WAITLISTED for a session that took place, cancelled as EXPIRED. */
  closedReferrals: number;
  /** Held sessions whose attendance window closed, moved to COMPLETED. */
  completed: number;
}

/**
 * One run of the session course: hold the sessions past their end (no longer visit slots), close the referrals that
 * waited for them in vain (each prescriber told), complete the sessions whose attendance window closed. Every step
 * is one statement or SKIP LOCKED batches, so instances running it at once do each move once.
 */
export async function runSessionCourse(em: EntityManager, batchSize?: number): Promise<SessionCourseRun> {
  const held = await holdPastSessions(em);
  let closedReferrals = 0;
  for (let batch = await closeWaitingReferralsOfHeldSessions(em, batchSize); batch > 0; batch = await closeWaitingReferralsOfHeldSessions(em, batchSize)) {
    closedReferrals += batch;
  }
  const completed = await completeSessionsPastAttendanceWindow(em);
  return { held, closedReferrals, completed };
}

/**
 * The session course every `sessionCourseIntervalMs`, once per tick across the instances (jobs.ts).
 * Backfill, one interval: a session that ended must leave the visit-slot feeds and its waiting referrals be closed
 * soon; a tick missed during a restart is run at once, and one run does all that is due.
 */
export function sessionCourseJob(orm: Orm, config: Config, logger: Logger): ScheduledJob {
  return {
    task: 'relais:session-course',
    name: 'session course',
    intervalMs: config.sessionCourseIntervalMs,
    backfillMs: config.sessionCourseIntervalMs,
    async run() {
      const run = await runSessionCourse(orm.em.fork());
      if (run.held.length || run.closedReferrals || run.completed) {
        logger.info({ held: run.held.length, closedReferrals: run.closedReferrals, completed: run.completed }, 'sessions ran their course');
      }
    },
  };
}
