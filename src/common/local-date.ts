/** Calendar days (`YYYY-MM-DD`, what `date` columns hold) as people in France count them. */

const DAY_MS = 86_400_000;

// en-CA formats as YYYY-MM-DD.
const frenchDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The day it is in metropolitan France at `now`: an availability window "from today" must not shift by a day
 * between midnight in Paris and midnight UTC.
 */
export function todayInFrance(now: Date = new Date()): string {
  return frenchDay.format(now);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The same calendar day `years` later (29 February compares correctly as text even in a common year). */
export function yearsAfter(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
}
