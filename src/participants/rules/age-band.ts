import { YOUNGEST_PARTICIPANT_AGE } from './age';

/** Oldest age the hub accepts: beyond it a birth date is a typing mistake, not a participant. */
export const MAXIMUM_AGE = 99;

/**
 * Coarse age bands kept on Participant for statistics, also after erasure: pupils of school discovery visits (14-15),
 * minors, the missions locales' public (up to 25), adults, and the seniors' band that employment programmes report
 * on (45+).
 */
export const AGE_BANDS = ['14-15', '16-17', '18-25', '26-44', '45+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The band of an age in whole years; null below the youngest participant's age, which has no band. */
export function ageBandOf(age: number): AgeBand | null {
  if (age < YOUNGEST_PARTICIPANT_AGE) return null;
  if (age < 16) return '14-15';
  if (age < 18) return '16-17';
  if (age <= 25) return '18-25';
  if (age <= 44) return '26-44';
  return '45+';
}
