/** Objective of a PMSMP, as the Immersion Facilitée form states it. */
export enum ImmersionObjective {
  /** Découvrir un métier ou un secteur d'activité. */
  DISCOVER_METIER = 'DISCOVER_METIER',
  /** Confirmer un projet professionnel (includes validation des compétences). */
  CONFIRM_PROJECT = 'CONFIRM_PROJECT',
  /** Initier une démarche de recrutement. */
  START_RECRUITMENT = 'START_RECRUITMENT',
}
