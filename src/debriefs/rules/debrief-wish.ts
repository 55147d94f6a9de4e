/** What a participant wishes to do next, after the session (suites souhaitées). */
export enum DebriefWish {
  IMMERSION = 'IMMERSION',
  TRAINING = 'TRAINING',
  JOB_DATING = 'JOB_DATING',
  OTHER = 'OTHER',
}
