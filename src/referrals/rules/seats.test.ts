import { SessionStatus } from '../../sessions/rules/session-status';
import { ReferralStatus } from './referral-status';
import { canMove } from './referral-transitions';
import {
  ACCEPTED_BY_HOST_STATUSES,
  acceptedByHost,
  fillsOfferPosition,
  hasPlaceLeft,
  holdsSessionSeat,
  OFFER_POSITION_STATUSES,
  placesLeft,
  sessionSeatsSql,
  SESSION_SEAT_STATUSES,
  sessionStatusForSeats,
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
    expect(ALL.filter(fillsOfferPosition).sort()).toEqual([ACCEPTED, ATTENDED, COMPLETED].sort());
    expect(fillsOfferPosition(NO_SHOW)).toBe(false);
    for (const status of [PENDING, WAITLISTED, REFUSED, CANCELLED]) expect(fillsOfferPosition(status)).toBe(false);
  });

  it('gives the host the contact of everyone it accepted, a no-show included', () => {
    expect(ALL.filter(acceptedByHost).sort()).toEqual([ACCEPTED, ATTENDED, NO_SHOW, COMPLETED].sort());
    for (const status of [PENDING, WAITLISTED, REFUSED, CANCELLED]) expect(acceptedByHost(status)).toBe(false);
  });

  it('lists and predicates agree', () => {
    expect(ALL.filter(holdsSessionSeat)).toEqual(ALL.filter((s) => SESSION_SEAT_STATUSES.includes(s)));
    expect(ALL.filter(fillsOfferPosition)).toEqual(ALL.filter((s) => OFFER_POSITION_STATUSES.includes(s)));
    expect(ALL.filter(acceptedByHost)).toEqual(ALL.filter((s) => ACCEPTED_BY_HOST_STATUSES.includes(s)));
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

  it('switches a published session to FULL on its last seat and back when one frees', () => {
    const { DRAFT, PUBLISHED, FULL, COMPLETED: DONE, CANCELLED: OFF } = SessionStatus;
    expect(sessionStatusForSeats(PUBLISHED, 6, 5)).toBe(PUBLISHED);
    expect(sessionStatusForSeats(PUBLISHED, 6, 6)).toBe(FULL);
    expect(sessionStatusForSeats(FULL, 6, 5)).toBe(PUBLISHED);
    expect(sessionStatusForSeats(FULL, 6, 6)).toBe(FULL);
    // Not published: seats do not move the status.
    for (const status of [DRAFT, DONE, OFF]) {
      expect(sessionStatusForSeats(status, 6, 6)).toBe(status);
      expect(sessionStatusForSeats(status, 6, 0)).toBe(status);
    }
  });

  it('writes the same arithmetic in SQL over the columns of an alias', () => {
    expect(sessionSeatsSql('s')).toEqual({
      seatsLeft: 'greatest(0, s.capacity - s.seats_taken)',
      hasSeatLeft: 's.seats_taken < s.capacity',
      noSeatLeft: 's.seats_taken >= s.capacity',
    });
  });
});
