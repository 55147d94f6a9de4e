import { ReferralStatus } from './referral-status';

const { ACCEPTED, ATTENDED, NO_SHOW, COMPLETED } = ReferralStatus;

/**
 * The seat ledger: which referral statuses hold a place, and the capacity arithmetic, for sessions and immersion
 * offers. Three questions, answered apart because their answers differ on NO_SHOW.
 */

/**
 * Statuses in which a referral holds a seat of its session: the ones counted in `session.seats_taken`. A seat is
 * taken on the move to ACCEPTED and given back only when an ACCEPTED referral is cancelled; attendance and outcome
 * keep it (the session took place with that person booked, a NO_SHOW included: the seat was kept for them).
 */
export const SESSION_SEAT_STATUSES: readonly ReferralStatus[] = [ACCEPTED, ATTENDED, NO_SHOW, COMPLETED];

/**
 * Statuses in which a referral fills one of an immersion offer's `positions` (counted when the host accepts; an
 * offer keeps no counter). A NO_SHOW does not: the immersion did not take place, and over its availability window
 * the company may welcome someone else in that position.
 */
export const OFFER_POSITION_STATUSES: readonly ReferralStatus[] = [ACCEPTED, ATTENDED, COMPLETED];

/**
 * Statuses in which the host (of a session or an offer) said yes to the person: it may then read their contact
 * (access/personal-data-access.ts). A NO_SHOW was accepted all the same: the host may need to reach them about it.
 */
export const ACCEPTED_BY_HOST_STATUSES: readonly ReferralStatus[] = [ACCEPTED, ATTENDED, NO_SHOW, COMPLETED];

export function holdsSessionSeat(status: ReferralStatus): boolean {
  return SESSION_SEAT_STATUSES.includes(status);
}

// ——— capacity arithmetic ———

/** Places still free out of `capacity` when `taken` are held (never negative). */
export function placesLeft(capacity: number, taken: number): number {
  return Math.max(0, capacity - taken);
}

/** Whether one more place can be taken. */
export function hasPlaceLeft(capacity: number, taken: number): boolean {
  return taken < capacity;
}

/**
 * The same arithmetic over the `session` columns of alias `s`, for the SQL that needs it: the seat moves (one
 * `update`, so concurrent takers serialise on the row and the last seat is taken once), and lists filtered and paged
 * in SQL (`hasSeatsLeft`), and event payloads read in one statement.
 */
export function sessionSeatsSql(s: string): { seatsLeft: string; hasSeatLeft: string; noSeatLeft: string } {
  return {
    seatsLeft: `greatest(0, ${s}.capacity - ${s}.seats_taken)`,
    hasSeatLeft: `${s}.seats_taken < ${s}.capacity`,
    noSeatLeft: `${s}.seats_taken >= ${s}.capacity`,
  };
}
