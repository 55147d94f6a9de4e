/**
 * A level on the evaluation grid at the end of an immersion (PMSMP), for each core compétence of the métier and for
 * each attitude: the same four steps, so that a tutor reads one scale. NOT_OBSERVED is an answer, not a gap: the
 * immersion did not give the occasion.
 */
export enum EvaluationLevel {
  NOT_OBSERVED = 'NOT_OBSERVED',
  BEGINNER = 'BEGINNER',
  PRACTISING = 'PRACTISING',
  MASTERED = 'MASTERED',
}

/** One compétence of the grid and its level, as stored (`immersion_evaluation.competences`). */
export interface CompetenceLevel {
  /** OGR code of the ROME compétence. */
  code: number;
  level: EvaluationLevel;
}

/** Satisfaction of the company and of the participant: 1 (not at all satisfied) to 5 (very satisfied). */
export const SATISFACTION_MIN = 1;
export const SATISFACTION_MAX = 5;
