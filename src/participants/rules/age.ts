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
