/** What happens during a session (docs/domain.md, "Sessions"). */
export enum SessionKind {
  AMBASSADEURS_DES_METIERS = 'AMBASSADEURS_DES_METIERS',
  COMPANY_VISIT = 'COMPANY_VISIT',
  RALLYE = 'RALLYE',
  JOB_DATING = 'JOB_DATING',
  INFORMATION_MEETING = 'INFORMATION_MEETING',
  WORKSHOP = 'WORKSHOP',
}
