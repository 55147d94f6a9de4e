import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { completeSessionIfAttendanceRecorded, lockReferralsOf, markAttendance, NoShowParty, ReferralStatus, saveReferrals } from '../../referrals';
import { Session } from '../entities/session';
import { SessionStatus } from '../rules/session-status';
import { ATTENDANCE_WINDOW_DAYS, attendanceWindowClosesAt, isAttendanceWindowOpen } from '../rules/session-course';
import { canMoveSession, sessionStatusesMovingTo } from '../rules/session-transitions';
import { BadInputError, NotFoundError, ServiceError } from '../../common/errors';
import { type Viewer, requireStructureMember } from '../../access';
import { requireVisibleSession } from './require-visible-session';
import { inTransaction } from '../../db/transaction';
import { parseInput, z } from '../../common/validate';

const { HELD, COMPLETED } = SessionStatus;

/** Most attendances one call records: a session's seats (MAX_SESSION_CAPACITY). */
export const MAX_ATTENDANCES = 500;

// ——— the session course job (src/server/session-course-job.ts): each step one statement or SKIP LOCKED batches,
// so that several instances may run it at once ———

/**
 * Holds the published sessions past their end (PUBLISHED or FULL → HELD): they are no longer visit slots, listed or
 * pushed, and wait for their organiser's attendance. One `update`: two instances at once hold each session once
 * (the second waits for the row, then finds it HELD). Returns the ids held.
 */
export async function holdPastSessions(em: EntityManager): Promise<number[]> {
  const from = sessionStatusesMovingTo(HELD);
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `update session set status = ?, updated_at = now() where status in (${from.map(() => '?').join(', ')}) and ends_at < now() returning id`,
    [HELD, ...from],
    'all',
  );
  return rows.map((r) => r.id);
}

/**
 * Completes the held sessions whose attendance window closed (HELD → COMPLETED), whatever was recorded: the
 * referrals left ACCEPTED keep their seat, attendance unknown. One `update`, as above. Returns how many.
 */
export async function completeSessionsPastAttendanceWindow(em: EntityManager): Promise<number> {
  const from = sessionStatusesMovingTo(COMPLETED);
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `update session set status = ?, updated_at = now()
     where status in (${from.map(() => '?').join(', ')}) and ends_at < now() - make_interval(days => ?) returning id`,
    [COMPLETED, ...from, ATTENDANCE_WINDOW_DAYS],
    'all',
  );
  return rows.length;
}

// ——— attendance ———

const id = z.number().int().positive();

const SessionAttendanceInput = z
  .object({
    sessionId: id,
    attendances: z
      .array(z.object({ referralId: id, attended: z.boolean(), noShowParty: z.nativeEnum(NoShowParty).nullish().transform((v) => v ?? null) }))
      .min(1, 'must hold at least one attendance')
      .max(MAX_ATTENDANCES, `must hold at most ${MAX_ATTENDANCES} attendances`),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<number>();
    for (const [i, a] of input.attendances.entries()) {
      // parseInput joins the path with dots: one segment `attendances[i]` reads as the README's argument paths.
      const at = (field: string) => [`attendances[${i}]`, field];
      if (seen.has(a.referralId)) ctx.addIssue({ code: 'custom', path: at('referralId'), message: 'is given twice' });
      seen.add(a.referralId);
      if (!a.attended && !a.noShowParty) ctx.addIssue({ code: 'custom', path: at('noShowParty'), message: 'is required when attended is false' });
      if (a.attended && a.noShowParty) ctx.addIssue({ code: 'custom', path: at('noShowParty'), message: 'must be empty when attended is true' });
    }
  });

export type SessionAttendanceInput = z.input<typeof SessionAttendanceInput>;

/** Whether the referral already carries this answer (the same call made again). */
function isRecorded(referral: { status: ReferralStatus; noShowParty?: NoShowParty | null }, a: { attended: boolean; noShowParty: NoShowParty | null }): boolean {
  return a.attended ? referral.status === ReferralStatus.ATTENDED : referral.status === ReferralStatus.NO_SHOW && referral.noShowParty === a.noShowParty;
}

/** Referrals whose attendance can be recorded, or was: those holding a seat of the session. */
const ATTENDANCE_STATUSES = [ReferralStatus.ACCEPTED, ReferralStatus.ATTENDED, ReferralStatus.NO_SHOW];

/**
 * The organiser records who came to a HELD session, within ATTENDANCE_WINDOW_DAYS of its end: each referral
 * ACCEPTED → ATTENDED or NO_SHOW (the referral state machine, logged, a REFERRAL_UPDATED event each). Once no
 * accepted referral is left without an answer, the session is COMPLETED. All or nothing, in one transaction; a
 * retried call with the same answers changes nothing.
 */
export async function recordSessionAttendance(em: EntityManager, viewer: Viewer, raw: SessionAttendanceInput): Promise<number> {
  const input = parseInput(SessionAttendanceInput, raw);
  await requireVisibleSession(em, viewer, input.sessionId);
  return inTransaction(em, async (tx) => {
    const organiser = await tx.findOne(Session, input.sessionId);
    if (!organiser) throw new NotFoundError('input.sessionId', 'session');
    requireStructureMember(viewer, organiser.organiser.id, 'record attendance for this session');
    // Referrals first, then the session: the lock order of the referral use cases (lockReferralsOf).
    const referrals = new Map((await lockReferralsOf(tx, { sessionId: input.sessionId }, ATTENDANCE_STATUSES)).map((r) => [r.id, r]));
    const session = await tx.findOneOrFail(Session, input.sessionId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    // A COMPLETED session takes only the answers it has already (a retried call): nothing moves any more.
    if (session.status !== HELD && session.status !== COMPLETED) {
      const why = canMoveSession(session.status, HELD) ? 'has not ended yet' : `is ${session.status}`;
      throw new ServiceError('INVALID_TRANSITION', `attendance is recorded once a session is held: this session ${why}`, 'input.sessionId');
    }
    for (const [i, a] of input.attendances.entries()) {
      const field = `input.attendances[${i}].referralId`;
      const referral = referrals.get(a.referralId);
      if (!referral) throw new BadInputError(field, 'is not a referral accepted to this session');
      if (isRecorded(referral, a)) continue;
      if (session.status === COMPLETED) throw new ServiceError('INVALID_TRANSITION', 'this session is COMPLETED: its attendance can no longer change', field);
      if (!isAttendanceWindowOpen(session.endsAt, new Date())) {
        throw new BadInputError('input.sessionId', `is a session whose attendance window closed on ${attendanceWindowClosesAt(session.endsAt).toISOString()}`);
      }
      markAttendance(tx, viewer, referral, a.attended, a.noShowParty, field);
    }
    await saveReferrals(tx);
    await completeSessionIfAttendanceRecorded(tx, session.id);
    return session.id;
  });
}
