import { ReferralStatus } from '../../referrals';

/**
 * When a debrief may be written (record-debrief.ts): for a participant who came (ATTENDED, or COMPLETED since: the
 * prescriber may close the referral before the debrief is in), until DEBRIEF_WINDOW_DAYS after the session's end —
 * long enough for an animator who debriefs a group a week later, short enough that it is still a memory of the
 * visit and that indicators settle.
 */
export const DEBRIEF_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;

export const DEBRIEFABLE_STATUSES: readonly ReferralStatus[] = [ReferralStatus.ATTENDED, ReferralStatus.COMPLETED];

export function debriefWindowClosesAt(sessionEndsAt: Date): Date {
  return new Date(sessionEndsAt.getTime() + DEBRIEF_WINDOW_DAYS * DAY_MS);
}

export function isDebriefWindowOpen(sessionEndsAt: Date, now: Date): boolean {
  return now.getTime() < debriefWindowClosesAt(sessionEndsAt).getTime();
}

/**
 * The first problem of the interests given, as `[index, problem]`: a métier the session did not show, or one
 * given twice (each métier has one answer). Null when every interest names a distinct métier of the session.
 */
export function interestProblem(metierCodes: readonly string[], sessionMetierCodes: readonly string[]): [number, string] | null {
  const shown = new Set(sessionMetierCodes);
  const seen = new Set<string>();
  for (const [i, code] of metierCodes.entries()) {
    if (!shown.has(code)) return [i, `is not a métier of the session (${[...shown].sort().join(', ') || 'none'})`];
    if (seen.has(code)) return [i, 'is given twice: one interest per métier'];
    seen.add(code);
  }
  return null;
}
