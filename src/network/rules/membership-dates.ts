/**
 * The dates of a company's membership of a club (`YYYY-MM-DD`): it joins on a day that has come, and leaves on or
 * after the day it joined, not in the future (a departure is recorded when it happens). Returns what is wrong, or
 * null; `joinedOn` null means the day it joined was not recorded.
 */
export function joinedOnProblem(joinedOn: string, today: string): string | null {
  return joinedOn > today ? `must be today (${today}) or earlier: a company is added to its club when it joins` : null;
}

export function leftOnProblem(joinedOn: string | null, leftOn: string, today: string): string | null {
  if (joinedOn !== null && leftOn < joinedOn) return `must be on or after the day the company joined the club (${joinedOn})`;
  if (leftOn > today) return `must be today (${today}) or earlier: a departure is recorded when it happens`;
  return null;
}
