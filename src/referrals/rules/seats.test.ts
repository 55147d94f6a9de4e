import { ReferralStatus } from './referral-status';
import { canMove } from './referral-transitions';
import {
  ACCEPTED_BY_HOST_STATUSES,
  hasPlaceLeft,
  holdsSessionSeat,
  OFFER_POSITION_STATUSES,
  placesLeft,
  sessionSeatsSql,
  SESSION_SEAT_STATUSES,
} from './seats';

const { PENDING, ACCEPTED, WAITLISTED, REFUSED, CANCELLED, ATTENDED, NO_SHOW, COMPLETED } = ReferralStatus;
const ALL = Object.values(ReferralStatus);
const MOVES = ALL.flatMap((from) => ALL.filter((to) => canMove(from, to)).map((to) => [from, to] as const));

describe('the seat ledger', () => {
  it('counts a session seat from acceptance on, a no-show included', () => {
    expect(ALL.filter(holdsSessionSeat).sort()).toEqual([ACCEPTED, ATTENDED, NO_SHOW, COMPLETED].sort());
    for (const status of [PENDING, WAITLISTED, REFUSED, CANCELLED]) expect(holdsSessionSeat(status)).toBe(false);
  });

  it('counts an offer position from acceptance on, but not a no-show', () => {
    expect(ALL.filter((s) => OFFER_POSITION_STATUSES.includes(s)).sort()).toEqual([ACCEPTED, ATTENDED, COMPLETED].sort());
    expect(OFFER_POSITION_STATUSES).not.toContain(NO_SHOW);
    for (const status of [PENDING, WAITLISTED, REFUSED, CANCELLED]) expect(OFFER_POSITION_STATUSES).not.toContain(status);
  });

  it('gives the host the contact of everyone it accepted, a no-show included', () => {
    expect(ALL.filter((s) => ACCEPTED_BY_HOST_STATUSES.includes(s)).sort()).toEqual([ACCEPTED, ATTENDED, NO_SHOW, COMPLETED].sort());
    for (const status of [PENDING, WAITLISTED, REFUSED, CANCELLED]) expect(ACCEPTED_BY_HOST_STATUSES).not.toContain(status);
  });

  it('answers a seat question the same as a list or a predicate', () => {
    expect(ALL.filter(holdsSessionSeat)).toEqual(ALL.filter((s) => SESSION_SEAT_STATUSES.includes(s)));
  });

  // session.seats_taken is a counter the referral use cases move: +1 on entering ACCEPTED, −1 on cancelling an
  // ACCEPTED referral. It equals the number of seat-holding referrals only if the state machine agrees.
  it('takes a session seat only on a move into ACCEPTED', () => {
    const taking = MOVES.filter(([from, to]) => !holdsSessionSeat(from) && holdsSessionSeat(to));
    expect(taking.every(([, to]) => to === ACCEPTED)).toBe(true);
    expect(taking.length).toBeGreaterThan(0);
  });

  it('gives a session seat back only on a cancellation', () => {
    const releasing = MOVES.filter(([from, to]) => holdsSessionSeat(from) && !holdsSessionSeat(to));
    expect(releasing).toEqual([[ACCEPTED, CANCELLED]]);
  });

  it('frees an offer position on a cancellation or a no-show, and on nothing else', () => {
    const fill = (s: ReferralStatus) => OFFER_POSITION_STATUSES.includes(s);
    expect(MOVES.filter(([from, to]) => fill(from) && !fill(to))).toEqual([
      [ACCEPTED, CANCELLED],
      [ACCEPTED, NO_SHOW],
    ]);
  });

  it('computes places left, never below zero', () => {
    expect(placesLeft(6, 0)).toBe(6);
    expect(placesLeft(6, 5)).toBe(1);
    expect(placesLeft(6, 6)).toBe(0);
    expect(placesLeft(6, 7)).toBe(0);
  });

  it('has a place left while fewer are taken than the capacity, and not at it', () => {
    expect(hasPlaceLeft(1, 0)).toBe(true);
    expect(hasPlaceLeft(6, 5)).toBe(true);
    expect(hasPlaceLeft(6, 6)).toBe(false);
    expect(hasPlaceLeft(6, 7)).toBe(false);
  });

  it('writes the same arithmetic in SQL over the columns of an alias', () => {
    expect(sessionSeatsSql('s')).toEqual({
      seatsLeft: 'greatest(0, s.capacity - s.seats_taken)',
      hasSeatLeft: 's.seats_taken < s.capacity',
      noSeatLeft: 's.seats_taken >= s.capacity',
    });
  });
});
