import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { actsForOrganisation, isNetworkAdmin, type Viewer } from '../../access';
import { Referral } from '../entities/referral';
import { ReferralFollowUp } from '../entities/referral-follow-up';
import {
  contractMonthsProblem, FOLLOW_UP_EARLY_DAYS, FOLLOW_UP_OVERDUE_DAYS, followUpDueOn, FollowUpMilestone, FollowUpSituation, FollowUpStatus,
  isDurableEmployment,
} from '../rules/follow-up';
import { ReferralStatus } from '../rules/referral-status';
import { requireVisibleReferral } from './require-visible-referral';
import { emitFollowUpEvents, type FollowUpEvent } from './referral-updated-event';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, ServiceError } from '../../common/errors';
import { daysBetween, todayInFrance } from '../../common/local-date';
import { onceForKey } from '../../db/idempotency';
import { inTransaction } from '../../db/transaction';
import { idempotencyKey, optionalText, parseInput, z } from '../../common/validate';

/**
 * The two follow-ups of a referral being completed (completeReferral, in the caller's transaction): due 3 and 6
 * months after today in Paris. The caller flushes.
 */
export function scheduleFollowUps(tx: EntityManager, referral: Referral, now = new Date()): void {
  const completedOn = todayInFrance(now);
  for (const milestone of Object.values(FollowUpMilestone)) {
    tx.create(ReferralFollowUp, { referral, milestone, dueOn: followUpDueOn(completedOn, milestone) });
  }
}

export const RecordFollowUpInput = z
  .object({
    referralId: z.number().int().positive().describe('Global id of the referral (a COMPLETED one) the follow-up belongs to.'),
    milestone: z.nativeEnum(FollowUpMilestone).describe('Which follow-up: 3 or 6 months after completion. It may be recorded from 14 days before its due date.'),
    situation: z.nativeEnum(FollowUpSituation).describe('The participant\'s situation at that time; durable employment is computed from it (see `ReferralFollowUp.durableEmployment`).'),
    contractMonths: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(600, 'must be at most 600')
      .nullish()
      .describe('Length of the contract in months: required for CDD and INTERIM, refused for the other situations.'),
    note: optionalText(2000).describe('A free note, up to 2,000 characters (personal data: read as the referral\'s `outcomeNote` is, erased with the participant\'s data).'),
    idempotencyKey: idempotencyKey.describe('Replaying the same key answers as the first call and records nothing more; the same key with another input is a CONFLICT.'),
  })
  .superRefine((input, ctx) => {
    const problem = contractMonthsProblem(input.situation, input.contractMonths);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem, path: ['contractMonths'] });
  });

/**
 * The prescriber (SA/SS of the prescribing structure, or a network admin) records a follow-up of a COMPLETED
 * referral, from FOLLOW_UP_EARLY_DAYS before its due date; a follow-up is recorded once (a second time: CONFLICT).
 * Durable employment is computed by the rule, never given. Returns the referral's id.
 */
export async function recordFollowUp(em: EntityManager, viewer: Viewer, raw: z.input<typeof RecordFollowUpInput>): Promise<number> {
  const input = parseInput(RecordFollowUpInput, raw);
  await requireVisibleReferral(em, viewer, input.referralId);
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'recordFollowUp', input.idempotencyKey, { ...input, idempotencyKey: undefined }, async () => {
      const referral = await tx.findOne(Referral, input.referralId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!referral) throw new NotFoundError('input.referralId', 'referral');
      const prescriber = isNetworkAdmin(viewer) || (actsForOrganisation(viewer.role) && viewer.companyId === null && viewer.structureId === referral.prescriberStructure.id);
      if (!prescriber) throw new ForbiddenError('only the prescriber records the follow-ups of a referral');
      if (referral.status !== ReferralStatus.COMPLETED) {
        throw new ServiceError('INVALID_TRANSITION', `input.referralId is ${referral.status}: only a COMPLETED referral has follow-ups to record`, 'input.referralId');
      }
      const followUp = await tx.findOne(ReferralFollowUp, { referral, milestone: input.milestone });
      // Referrals completed before follow-ups were kept (and the demo's, seeded as COMPLETED) have none.
      if (!followUp) throw new ServiceError('INVALID_TRANSITION', 'input.referralId was completed before follow-ups were kept: it has none to record', 'input.referralId');
      if (followUp.recordedAt) throw new ConflictError(`the ${input.milestone} follow-up was recorded on ${followUp.recordedAt.toISOString()}`, 'input.milestone');
      const today = todayInFrance();
      if (daysBetween(today, followUp.dueOn) > FOLLOW_UP_EARLY_DAYS) {
        // The same code as a session not started yet (recordAttendance): the input is early, the state is right.
        throw new BadInputError('input.milestone', `is due on ${followUp.dueOn}: it may be recorded from ${FOLLOW_UP_EARLY_DAYS} days before`);
      }
      const contractMonths = input.contractMonths ?? null;
      Object.assign(followUp, {
        situation: input.situation,
        contractMonths,
        durable: isDurableEmployment(input.situation, contractMonths),
        note: input.note,
        recordedAt: new Date(),
      });
      await tx.flush();
      await emitFollowUpEvents(tx, [{ referralId: referral.id, milestone: input.milestone, status: FollowUpStatus.RECORDED }]);
      return referral.id;
    }),
  );
}

interface MarkedRow {
  referralId: number;
  milestone: FollowUpMilestone;
}

/** Runs one claim-and-mark statement (SKIP LOCKED: instances running at once mark each row once) and emits its events. */
async function markBatch(em: EntityManager, status: FollowUpStatus, statement: string, params: unknown[]): Promise<number> {
  return inTransaction(em, async (tx) => {
    const rows = await tx.getConnection().execute<MarkedRow[]>(statement, params, 'all', tx.getTransactionContext());
    const events: FollowUpEvent[] = rows.map((r) => ({ referralId: r.referralId, milestone: r.milestone, status }));
    await emitFollowUpEvents(tx, events);
    return rows.length;
  });
}

/**
 * Marks OVERDUE the unrecorded follow-ups due more than FOLLOW_UP_OVERDUE_DAYS days before `today` (Paris) and tells
 * their prescribers; one batch. A follow-up never told due (the job did not run meanwhile, or a referral completed
 * before follow-ups were kept) gets only this event: it counts as told due too.
 */
export function markFollowUpsOverdue(em: EntityManager, today = todayInFrance(), batchSize = 200): Promise<number> {
  return markBatch(
    em,
    FollowUpStatus.OVERDUE,
    `update referral_follow_up f set overdue_at = now(), due_notified_at = coalesce(f.due_notified_at, now())
     where f.id in (select id from referral_follow_up where recorded_at is null and overdue_at is null and due_on < ?::date - ?::int
                    order by due_on, id limit ? for update skip locked)
     returning f.referral_id as "referralId", f.milestone`,
    [today, FOLLOW_UP_OVERDUE_DAYS, batchSize],
  );
}

/** Tells the prescribers of the unrecorded follow-ups whose due day came (on or before `today`, Paris), once; one batch. */
export function markFollowUpsDue(em: EntityManager, today = todayInFrance(), batchSize = 200): Promise<number> {
  return markBatch(
    em,
    FollowUpStatus.DUE,
    `update referral_follow_up f set due_notified_at = now()
     where f.id in (select id from referral_follow_up where recorded_at is null and due_notified_at is null and due_on <= ?::date
                    order by due_on, id limit ? for update skip locked)
     returning f.referral_id as "referralId", f.milestone`,
    [today, batchSize],
  );
}

export interface FollowUpCourseRun {
  overdue: number;
  due: number;
}

/**
 * One run of the follow-up job: overdue first (so that a follow-up long past its date gets one OVERDUE event, not
 * a DUE and an OVERDUE), then the newly due, in batches until none is left.
 */
export async function runFollowUpCourse(em: EntityManager, batchSize = 200): Promise<FollowUpCourseRun> {
  const today = todayInFrance();
  const run = { overdue: 0, due: 0 };
  for (let n = await markFollowUpsOverdue(em, today, batchSize); n > 0; n = await markFollowUpsOverdue(em, today, batchSize)) run.overdue += n;
  for (let n = await markFollowUpsDue(em, today, batchSize); n > 0; n = await markFollowUpsDue(em, today, batchSize)) run.due += n;
  return run;
}
