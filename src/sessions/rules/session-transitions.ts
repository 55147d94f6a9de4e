import { SessionStatus } from './session-status';

const { DRAFT, PUBLISHED, FULL, HELD, COMPLETED, CANCELLED } = SessionStatus;

/**
 * The moves of a session's lifecycle (docs/domain.md, "Sessions"); anything else is an INVALID_TRANSITION. FULL is a
 * published session without a seat left: PUBLISHED ⇄ FULL are not moves of this table but of the seat ledger
 * (referrals/rules/seats.ts), as seats go and come back; publishing lands on either. CANCELLED only before the
 * start, which the use cases check against the clock. A published session past its end is HELD (the session course
 * job): no longer a visit slot, it waits for its organiser's attendance, then is COMPLETED.
 */
export const NEXT_SESSION_STATUSES: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  [DRAFT]: [PUBLISHED, CANCELLED],
  [PUBLISHED]: [HELD, CANCELLED],
  [FULL]: [HELD, CANCELLED],
  [HELD]: [COMPLETED],
  [COMPLETED]: [],
  [CANCELLED]: [],
};

export function canMoveSession(from: SessionStatus, to: SessionStatus): boolean {
  return NEXT_SESSION_STATUSES[from].includes(to);
}

/** Whether the session is over for good (completed or cancelled): nothing about it may change any more. */
export function isSessionEnded(status: SessionStatus): boolean {
  return NEXT_SESSION_STATUSES[status].length === 0;
}

/**
 * FULL is a published session without a seat left: PUBLISHED ⇄ FULL follow the seat ledger (referrals/rules/seats.ts,
 * which says whether a seat is left), as seats go and come back. Other statuses do not depend on seats.
 */
export function sessionStatusForSeats(status: SessionStatus, seatLeft: boolean): SessionStatus {
  if (status !== PUBLISHED && status !== FULL) return status;
  return seatLeft ? PUBLISHED : FULL;
}

/** A session takes referrals while it is published, seats left or not (a full one puts them on its waiting list). */
export function sessionTakesReferrals(status: SessionStatus): boolean {
  return status === PUBLISHED || status === FULL;
}

/** The statuses a session may leave for `to` (for the SQL that moves many sessions at once). */
export function sessionStatusesMovingTo(to: SessionStatus): SessionStatus[] {
  return Object.values(SessionStatus).filter((from) => canMoveSession(from, to));
}
