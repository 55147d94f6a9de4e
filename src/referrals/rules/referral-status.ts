/** States of a referral (prescription / orientation), DOMAIN.md "Referrals". */
export enum ReferralStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  WAITLISTED = 'WAITLISTED',
  REFUSED = 'REFUSED',
  CANCELLED = 'CANCELLED',
  ATTENDED = 'ATTENDED',
  NO_SHOW = 'NO_SHOW',
  COMPLETED = 'COMPLETED',
}

/** Statuses in which a referral is still open (the participant may not be referred again to the same target). */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  ReferralStatus.PENDING,
  ReferralStatus.ACCEPTED,
  ReferralStatus.WAITLISTED,
];

/** Statuses in which a referral to a session holds a seat (counted in `session.seats_taken`). */
export const SEAT_HOLDING_STATUSES: readonly ReferralStatus[] = [
  ReferralStatus.ACCEPTED,
  ReferralStatus.ATTENDED,
  ReferralStatus.NO_SHOW,
  ReferralStatus.COMPLETED,
];
