import type { SharedNote } from './passeport';

/**
 * The debriefs and immersion evaluations shared with a participant, as their passeport prints them: French lines
 * from plain rows (queries/shared-note-sources.ts reads them). Which rows are shared is decided by the debriefs'
 * and evaluations' own rules, not here.
 */

export const INTEREST_LABELS: Readonly<Record<string, string>> = { YES: 'Oui', MAYBE: 'Peut-être', NO: 'Non' };

export const WISH_LABELS: Readonly<Record<string, string>> = {
  IMMERSION: 'une immersion',
  TRAINING: 'une formation',
  JOB_DATING: 'un job dating',
  OTHER: 'autre chose',
};

export const LEVEL_LABELS: Readonly<Record<string, string>> = {
  NOT_OBSERVED: 'Non observé',
  BEGINNER: 'Débutant',
  PRACTISING: 'En cours d’acquisition',
  MASTERED: 'Maîtrisé',
};

/** A debrief shared with the participant, with what the note names. */
export interface SharedDebriefRow {
  participantId: number;
  debriefId: number;
  sessionTitle: string;
  /** The day it was last written, in France (YYYY-MM-DD). */
  on: string;
  /** In the session's order of métiers (by ROME code). */
  interests: { code: string; label: string; interest: string }[];
  wishes: string[];
  /** Null when none, and after erasure. */
  comment: string | null;
}

/** An immersion evaluation shared with the participant, with what the note names. */
export interface SharedEvaluationRow {
  participantId: number;
  evaluationId: number;
  offerTitle: string;
  /** The day the prescriber shared it, in France (YYYY-MM-DD). */
  on: string;
  /** In the grid's order (the métier's), each with its ROME label. */
  competences: { code: number; label: string; level: string }[];
  punctuality: string;
  teamwork: string;
  instructions: string;
  companySatisfaction: number;
  participantSatisfaction: number;
  /** Null when none, and after erasure. */
  comment: string | null;
}

const labelled = (labels: Readonly<Record<string, string>>, value: string) => labels[value] ?? value;

export function debriefNote(row: SharedDebriefRow): SharedNote {
  const lines = row.interests.map((i) => `${i.label} (${i.code}) : ${labelled(INTEREST_LABELS, i.interest)}`);
  if (row.wishes.length > 0) lines.push(`Envies pour la suite : ${row.wishes.map((w) => labelled(WISH_LABELS, w)).join(', ')}`);
  // An erased participant's comment is gone: the note says nothing of it rather than printing an empty line.
  if (row.comment !== null && row.comment.trim() !== '') lines.push(`Commentaire : ${row.comment}`);
  return { heading: 'Débrief', on: row.on, about: row.sessionTitle, lines };
}

export function evaluationNote(row: SharedEvaluationRow): SharedNote {
  const level = (value: string) => labelled(LEVEL_LABELS, value);
  const lines = [
    ...row.competences.map((c) => `${c.label} : ${level(c.level)}`),
    `Ponctualité : ${level(row.punctuality)}`,
    `Travail en équipe : ${level(row.teamwork)}`,
    `Respect des consignes : ${level(row.instructions)}`,
    `Satisfaction de l’entreprise : ${row.companySatisfaction}/5`,
    `Satisfaction de la personne accueillie : ${row.participantSatisfaction}/5`,
  ];
  if (row.comment !== null && row.comment.trim() !== '') lines.push(`Commentaire du tuteur : ${row.comment}`);
  return { heading: 'Évaluation d’immersion', on: row.on, about: row.offerTitle, lines };
}
