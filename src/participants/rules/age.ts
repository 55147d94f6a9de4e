import { z } from '../../common/validate';

/** Age in whole years on `on` of someone born on `birthDate` (YYYY-MM-DD). */
export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** Minimum age for an immersion (PMSMP) and for sessions unless they say otherwise. */
export const MINIMUM_AGE = 16;

/**
 * The bounds of a minimum age a session or an offer may set: 14 for school discovery visits (PAQTE 3e classes,
 * écoles de production), up to the oldest age the hub accepts; 16 (MINIMUM_AGE) when left out.
 */
export const LOWEST_MINIMUM_AGE = 14;
export const HIGHEST_MINIMUM_AGE = 99;

/**
 * The youngest person the hub registers: a 3e class pupil (14) on a school discovery visit. Sessions and offers admit
 * from MINIMUM_AGE (16) unless they set a lower minimum, checked at referral.
 */
export const YOUNGEST_PARTICIPANT_AGE = LOWEST_MINIMUM_AGE;

/** A minimum age as session and offer inputs take it: LOWEST_MINIMUM_AGE to HIGHEST_MINIMUM_AGE, MINIMUM_AGE when left out. */
export const minimumAgeInput = z
  .number()
  .int()
  .min(LOWEST_MINIMUM_AGE, `must be at least ${LOWEST_MINIMUM_AGE}`)
  .max(HIGHEST_MINIMUM_AGE, `must be at most ${HIGHEST_MINIMUM_AGE}`)
  .nullish()
  .transform((v) => v ?? MINIMUM_AGE);

/** Whether someone born on `birthDate` has reached `minimumAge` on `on` (the day the session or immersion starts). */
export function isOldEnough(birthDate: string, on: Date, minimumAge: number): boolean {
  return ageOn(birthDate, on) >= minimumAge;
}
