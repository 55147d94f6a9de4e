/** What came out of a completed referral. */
export enum ReferralOutcome {
  INTERESTED = 'INTERESTED',
  NOT_INTERESTED = 'NOT_INTERESTED',
  IMMERSION_REQUESTED = 'IMMERSION_REQUESTED',
  TRAINING = 'TRAINING',
  HIRED = 'HIRED',
}
