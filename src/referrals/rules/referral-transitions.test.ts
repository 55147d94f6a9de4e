import { OPEN_REFERRAL_STATUSES, ReferralStatus } from './referral-status';
import { canMove, MAX_TRANSITIONS, NEXT_STATUSES, statusesMovingTo } from './referral-transitions';

const { PENDING, ACCEPTED, WAITLISTED, REFUSED, CANCELLED, ATTENDED, NO_SHOW, COMPLETED } = ReferralStatus;
const ALL = Object.values(ReferralStatus);

/** Every allowed move, written out: any pair not here must be refused. */
const ALLOWED: [ReferralStatus, ReferralStatus][] = [
  [PENDING, ACCEPTED],
  [PENDING, WAITLISTED],
  [PENDING, REFUSED],
  [PENDING, CANCELLED],
  [WAITLISTED, ACCEPTED],
  [WAITLISTED, REFUSED],
  [WAITLISTED, CANCELLED],
  [ACCEPTED, ATTENDED],
  [ACCEPTED, NO_SHOW],
  [ACCEPTED, CANCELLED],
  [ATTENDED, COMPLETED],
];
const allowed = new Set(ALLOWED.map(([from, to]) => `${from}>${to}`));

describe('the referral state machine', () => {
  it('has a row for every status', () => {
    expect(Object.keys(NEXT_STATUSES).sort()).toEqual([...ALL].sort());
  });

  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s → %s is allowed only if listed', (from, to) => {
    expect(canMove(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it('ends in REFUSED, CANCELLED, NO_SHOW and COMPLETED, from which nothing moves', () => {
    for (const end of [REFUSED, CANCELLED, NO_SHOW, COMPLETED]) expect(ALL.filter((to) => canMove(end, to))).toEqual([]);
  });

  it('never goes back to PENDING, nor stays where it is', () => {
    for (const from of ALL) {
      expect(canMove(from, PENDING)).toBe(false);
      expect(canMove(from, from)).toBe(false);
    }
  });

  it('lists the statuses a move starts from', () => {
    expect(statusesMovingTo(ACCEPTED).sort()).toEqual([PENDING, WAITLISTED].sort());
    expect(statusesMovingTo(COMPLETED)).toEqual([ATTENDED]);
    expect(statusesMovingTo(PENDING)).toEqual([]);
  });

  it('calls open exactly the referrals that can still be cancelled', () => {
    expect([...OPEN_REFERRAL_STATUSES].sort()).toEqual(statusesMovingTo(CANCELLED).sort());
  });

  it('bounds the log of one referral: its creation, then PENDING → WAITLISTED → ACCEPTED → ATTENDED → COMPLETED at most', () => {
    expect(MAX_TRANSITIONS).toBe(5);
  });
});
