/** The interest a participant showed in one métier of the session (intérêt pour le métier). */
export enum MetierInterest {
  YES = 'YES',
  MAYBE = 'MAYBE',
  NO = 'NO',
}
