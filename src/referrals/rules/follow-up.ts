/**
 * Follow-up of outcomes (suivi à 3 et 6 mois, docs/domain.md "After the visit"): once a referral is COMPLETED, its
 * prescriber records the participant's situation at 3 and at 6 months, from which the funders' measure, durable
 * employment, is computed (never typed).
 */

/** Which follow-up: 3 or 6 months after the referral was completed. */
export enum FollowUpMilestone {
  MONTH_3 = 'MONTH_3',
  MONTH_6 = 'MONTH_6',
}

/** The participant's situation at a follow-up (the codes of docs/domain.md, "Follow-up"). */
export enum FollowUpSituation {
  CDI = 'CDI',
  CDD = 'CDD',
  INTERIM = 'INTERIM',
  ALTERNANCE = 'ALTERNANCE',
  TRAINING = 'TRAINING',
  IAE_CONTRACT = 'IAE_CONTRACT',
  CREATION = 'CREATION',
  JOB_SEEKING = 'JOB_SEEKING',
  OTHER = 'OTHER',
}

/** Where a follow-up stands, for its reader. */
export enum FollowUpStatus {
  /** Not due yet. */
  UPCOMING = 'UPCOMING',
  /** Due (its date came) and not recorded. */
  DUE = 'DUE',
  /** Marked overdue by the follow-up job: still not recorded FOLLOW_UP_OVERDUE_DAYS after its due date. */
  OVERDUE = 'OVERDUE',
  RECORDED = 'RECORDED',
}

export const FOLLOW_UP_MONTHS: Readonly<Record<FollowUpMilestone, number>> = { MONTH_3: 3, MONTH_6: 6 };

/**
 * A follow-up may be recorded this many days before its due date: prescribers call people in the days around the
 * date, and a situation known a week early is the situation at 3 months for the funders.
 */
export const FOLLOW_UP_EARLY_DAYS = 14;

/** A follow-up still unrecorded this many days after its due date is marked OVERDUE (and its prescriber told). */
export const FOLLOW_UP_OVERDUE_DAYS = 30;

/** Situations whose contract has a length in months (`contractMonths` required for them, refused for the others). */
export const SITUATIONS_WITH_LENGTH: readonly FollowUpSituation[] = [FollowUpSituation.CDD, FollowUpSituation.INTERIM];

/**
 * Durable employment, the funders' measure, as the domain glossary defines it (../shared/DOMAIN.md, "After the
 * visit", Follow-up; copied in docs/domain.md): "a CDI, a CDD or interim of 6 months or more, or a business
 * created". Alternance, IAE contracts and training are not durable employment in that definition. The check
 * `referral_follow_up_durable` (entities/referral-follow-up.ts) is the same rule in SQL: change both together.
 */
export const DURABLE_SITUATIONS: readonly FollowUpSituation[] = [FollowUpSituation.CDI, FollowUpSituation.CREATION];
export const DURABLE_MIN_CONTRACT_MONTHS = 6;

export function isDurableEmployment(situation: FollowUpSituation, contractMonths: number | null): boolean {
  if (DURABLE_SITUATIONS.includes(situation)) return true;
  return SITUATIONS_WITH_LENGTH.includes(situation) && contractMonths !== null && contractMonths >= DURABLE_MIN_CONTRACT_MONTHS;
}

/**
 * The same calendar day `months` later (`YYYY-MM-DD`), or the month's last day when it has no such day (30 November
 * + 3 months = 28 February): a follow-up "at 3 months" never slips into the month after.
 */
export function monthsAfter(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Due date of a milestone, from the Paris calendar day the referral was completed. */
export function followUpDueOn(completedOn: string, milestone: FollowUpMilestone): string {
  return monthsAfter(completedOn, FOLLOW_UP_MONTHS[milestone]);
}

/** Where a follow-up stands on `today` (Paris day): OVERDUE only once the job marked it (`overdueAt`). */
export function followUpStatus(f: { dueOn: string; recordedAt: Date | null; overdueAt: Date | null }, today: string): FollowUpStatus {
  if (f.recordedAt !== null) return FollowUpStatus.RECORDED;
  if (f.overdueAt !== null) return FollowUpStatus.OVERDUE;
  return f.dueOn <= today ? FollowUpStatus.DUE : FollowUpStatus.UPCOMING;
}

/** What the length of the contract must be for a situation: a problem to name on `contractMonths`, or null. */
export function contractMonthsProblem(situation: FollowUpSituation, contractMonths: number | null | undefined): string | null {
  const needsLength = SITUATIONS_WITH_LENGTH.includes(situation);
  if (needsLength && contractMonths == null) return `is required for a ${situation} (its length in months)`;
  if (!needsLength && contractMonths != null) return `is only for a CDD or INTERIM situation, not ${situation}`;
  return null;
}
