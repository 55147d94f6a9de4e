/** States of a referral (prescription / orientation), docs/domain.md "Referrals". */
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

// Which statuses hold a seat or a position: the seat ledger, seats.ts.
