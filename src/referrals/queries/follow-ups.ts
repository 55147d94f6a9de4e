import type { EntityManager } from '@mikro-orm/postgresql';
import { followUpStatus, type FollowUpMilestone, type FollowUpSituation, type FollowUpStatus } from '../rules/follow-up';
import { readsFollowUps, type ProjectedReferral } from '../rules/referral-access';
import { todayInFrance } from '../../common/local-date';
import { groupBy, rowsByKeys } from '../../db/list-query';
import { sql } from '../../db/sql';

/** A follow-up as its reader sees it; `participantId` for the audit of its note. */
export interface FollowUpRow {
  id: number;
  referralId: number;
  participantId: number;
  milestone: FollowUpMilestone;
  dueOn: string;
  status: FollowUpStatus;
  situation: FollowUpSituation | null;
  contractMonths: number | null;
  durableEmployment: boolean | null;
  note: string | null;
  recordedAt: Date | null;
  overdueAt: Date | null;
}

type StoredRow = Omit<FollowUpRow, 'status' | 'participantId'>;

/**
 * The follow-ups of each referral (MONTH_3 then MONTH_6) that its reader may read (readsFollowUps: none for the
 * host): one statement for all the referrals of a level, none when no reader may read any.
 */
export async function followUpsByReferrals(em: EntityManager, referrals: readonly ProjectedReferral[]): Promise<Map<number, FollowUpRow[]>> {
  const readable = new Map(referrals.filter((r) => readsFollowUps(r.view)).map((r) => [r.id, r]));
  if (readable.size === 0) return new Map();
  const found = await rowsByKeys<StoredRow>(
    em,
    sql(em)('referral_follow_up as f')
      .select({
        id: 'f.id', referralId: 'f.referral_id', milestone: 'f.milestone', situation: 'f.situation', contractMonths: 'f.contract_months',
        durableEmployment: 'f.durable', note: 'f.note', recordedAt: 'f.recorded_at', overdueAt: 'f.overdue_at',
      })
      .select(em.getKnex().raw(`f.due_on::text as "dueOn"`))
      .orderBy([{ column: 'f.due_on' }, { column: 'f.id' }]),
    'f.referral_id',
    [...readable.keys()],
  );
  const today = todayInFrance();
  return groupBy(
    found.map((row) => ({ ...row, participantId: readable.get(row.referralId)!.participantId, status: followUpStatus(row, today) })),
    (f) => f.referralId,
  );
}
