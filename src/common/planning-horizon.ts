import { yearsAfter } from './local-date';

/**
 * How far ahead sessions and immersion windows are planned. Nobody can say today that a company will open its doors
 * in more than two years: a start in 2999 is a typo, and would sit at the end of every upcoming list for ever. The
 * past is no plan either. One rule for every planned date (sessions, immersion offers).
 */
export const PLANNING_HORIZON_YEARS = 2;

/** The last day that may be planned on `today` (`YYYY-MM-DD`, in France). */
export function planningHorizon(today: string): string {
  return yearsAfter(today, PLANNING_HORIZON_YEARS);
}

/** Orders `YYYY-MM-DD` days whatever the number of digits of their year (a JS date reaches year 275760). */
function compareDays(a: string, b: string): number {
  const [ya, yb] = [Number(a.slice(0, a.length - 6)), Number(b.slice(0, b.length - 6))];
  return ya !== yb ? ya - yb : a.slice(-5).localeCompare(b.slice(-5));
}

/**
 * What is wrong with planning something on `day` (`YYYY-MM-DD`, in France) when it is `today`: before today, or
 * beyond the horizon; null when it is plausible. The message completes "input.startsAt ...".
 */
export function plannedDayProblem(day: string, today: string): string | null {
  if (compareDays(day, today) < 0) return `must be today (${today}) or later`;
  const latest = planningHorizon(today);
  if (compareDays(day, latest) > 0) return `must be at most ${PLANNING_HORIZON_YEARS} years ahead (on or before ${latest})`;
  return null;
}
