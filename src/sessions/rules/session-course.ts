import { SessionStatus } from './session-status';

const { PUBLISHED, FULL } = SessionStatus;

/**
 * How a session runs its course (docs/domain.md, "Sessions"): past its end it is HELD; its organiser records who
 * came within ATTENDANCE_WINDOW_DAYS after the end, after which the session is COMPLETED whatever was recorded (a
 * window, so that indicators close). Before it, a group under its minimum size is flagged to the organiser
 * UNDER_MINIMUM_NOTICE_HOURS before the start, in time to cancel with notice to the prescribers.
 */
export const ATTENDANCE_WINDOW_DAYS = 14;
export const UNDER_MINIMUM_NOTICE_HOURS = 48;

const HOUR_MS = 3_600_000;

/** When the organiser can no longer record attendance for a session that ended at `endsAt`. */
export function attendanceWindowClosesAt(endsAt: Date): Date {
  return new Date(endsAt.getTime() + ATTENDANCE_WINDOW_DAYS * 24 * HOUR_MS);
}

export function isAttendanceWindowOpen(endsAt: Date, now: Date): boolean {
  return now.getTime() < attendanceWindowClosesAt(endsAt).getTime();
}

export interface GroupSizeFacts {
  status: SessionStatus;
  minimumSize: number | null;
  seatsTaken: number;
  startsAt: Date;
}

/**
 * A published session (seats left or not) with fewer accepted participants than its minimum group size, starting
 * within UNDER_MINIMUM_NOTICE_HOURS: its organiser should fill it or cancel it. Not before (the group may still
 * form), not once it started (too late to cancel), nor without a minimum.
 */
export function isUnderMinimum(s: GroupSizeFacts, now: Date): boolean {
  if (s.minimumSize === null || (s.status !== PUBLISHED && s.status !== FULL)) return false;
  const untilStart = s.startsAt.getTime() - now.getTime();
  return untilStart > 0 && untilStart <= UNDER_MINIMUM_NOTICE_HOURS * HOUR_MS && s.seatsTaken < s.minimumSize;
}

/** isUnderMinimum over the `session` columns of alias `s`, for lists and filters computed in SQL. */
export function underMinimumSql(s: string): string {
  return `(${s}.minimum_size is not null and ${s}.status in ('${PUBLISHED}', '${FULL}') and ${s}.seats_taken < ${s}.minimum_size
    and ${s}.starts_at > now() and ${s}.starts_at <= now() + interval '${UNDER_MINIMUM_NOTICE_HOURS} hours')`;
}
