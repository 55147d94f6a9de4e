/** What a programme is (docs/domain.md, "Programmes"): a structure's recurring action with a period and targets. */
export enum ProgrammeKind {
  /** A CRÉPI's "Ambassadeurs des métiers" for a year: small groups visiting member companies. */
  AMBASSADEURS_DES_METIERS = 'AMBASSADEURS_DES_METIERS',
  /** Site visits on a rhythm (a PLIE's visits every 15 days, the "BAM" of the Libournais). */
  SITE_VISITS = 'SITE_VISITS',
  /** A cohort-based accompaniment (WeJob: 12 weeks, teams of 10-12, follow-up 6-12 months). */
  COHORT_ACCOMPANIMENT = 'COHORT_ACCOMPANIMENT',
  /** An immersion programme (an SIAE's PMSMP: La Pose, 40 immersions targeted). */
  IMMERSIONS = 'IMMERSIONS',
  OTHER = 'OTHER',
}
