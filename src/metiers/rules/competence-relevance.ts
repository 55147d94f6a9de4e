/**
 * How a compétence or savoir belongs to a fiche métier, from the `coeur_metier` column of France Travail's
 * `unix_coherence_item` file: `Principale` is the core of the métier (what an evaluation grid lists), `Émergente` a
 * skill the métier is acquiring, blank the other skills of the fiche.
 */
export enum CompetenceRelevance {
  CORE = 'CORE',
  EMERGING = 'EMERGING',
  OTHER = 'OTHER',
}

/** Whether a compétence is a single skill or a macro-compétence grouping several (`nature` of the file). */
export enum CompetenceNature {
  COMPETENCE = 'COMPETENCE',
  MACRO_COMPETENCE = 'MACRO_COMPETENCE',
}
