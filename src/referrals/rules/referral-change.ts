/**
 * What a REFERRAL_UPDATED event says changed: its status (every move of the state machine), or something recorded
 * about it without a move (a debrief; a follow-up due, overdue or recorded; an immersion's evaluation recorded or shared). Events written before this field
 * existed are status changes.
 */
export enum ReferralChange {
  STATUS = 'STATUS',
  DEBRIEF_RECORDED = 'DEBRIEF_RECORDED',
  FOLLOW_UP = 'FOLLOW_UP',
  EVALUATION_RECORDED = 'EVALUATION_RECORDED',
  EVALUATION_SHARED = 'EVALUATION_SHARED',
}
