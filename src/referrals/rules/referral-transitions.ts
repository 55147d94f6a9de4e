import { ReferralStatus } from './referral-status';

const { PENDING, ACCEPTED, WAITLISTED, REFUSED, CANCELLED, ATTENDED, NO_SHOW, COMPLETED } = ReferralStatus;

/** The moves a referral may make (docs/domain.md, "Referrals"); anything else is an INVALID_TRANSITION. */
export const NEXT_STATUSES: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  [PENDING]: [ACCEPTED, WAITLISTED, REFUSED, CANCELLED],
  [WAITLISTED]: [ACCEPTED, REFUSED, CANCELLED],
  [ACCEPTED]: [ATTENDED, NO_SHOW, CANCELLED],
  [ATTENDED]: [COMPLETED],
  [REFUSED]: [],
  [CANCELLED]: [],
  [NO_SHOW]: [],
  [COMPLETED]: [],
};

export function canMove(from: ReferralStatus, to: ReferralStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

/** The statuses a referral may leave for `to` (for the SQL that selects the referrals a move applies to). */
export function statusesMovingTo(to: ReferralStatus): ReferralStatus[] {
  return Object.values(ReferralStatus).filter((from) => canMove(from, to));
}

/** Why a referral was cancelled (recorded on the referral and in its log). */
export enum CancellationReason {
  WITHDRAWN = 'WITHDRAWN',
  SESSION_CANCELLED = 'SESSION_CANCELLED',
  OFFER_CLOSED = 'OFFER_CLOSED',
  EXPIRED = 'EXPIRED',
}

/**
 * Most transitions one referral can log: its creation, then the longest path of NEXT_STATUSES (which has no cycle,
 * so every path ends). Bounds `Referral.transitions` for the cost estimate of queries.
 */
export const MAX_TRANSITIONS = 1 + longestPath(ReferralStatus.PENDING, new Set());

function longestPath(from: ReferralStatus, seen: Set<ReferralStatus>): number {
  if (seen.has(from)) throw new Error(`the referral state machine has a cycle through ${from}`);
  const next = new Set(seen).add(from);
  return Math.max(0, ...NEXT_STATUSES[from].map((to) => 1 + longestPath(to, next)));
}
