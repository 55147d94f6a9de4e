import type { EntityManager } from '@mikro-orm/postgresql';
import { emitEvent, OutboxEventType } from '../../events';
import { ReferralChange } from '../rules/referral-change';
import type { FollowUpMilestone, FollowUpStatus } from '../rules/follow-up';

type ReferralEventRow = Record<string, unknown> & { referralId: number };

/** Who a referral concerns (ids only), for the subscribers' authorization. */
async function eventRows(tx: EntityManager, referralIds: readonly number[]): Promise<ReferralEventRow[]> {
  return tx.getConnection().execute<ReferralEventRow[]>(
    `select r.id as "referralId", r.status, r.participant_id as "participantId", r.prescriber_structure_id as "prescriberStructureId",
            p.referent_structure_id as "referentStructureId", r.session_id as "sessionId", s.organiser_id as "organiserId",
            s.host_company_id as "hostCompanyId", s.host_structure_id as "hostStructureId", r.immersion_offer_id as "immersionOfferId", o.company_id as "offerCompanyId"
     from referral r join participant p on p.id = r.participant_id
     left join session s on s.id = r.session_id left join immersion_offer o on o.id = r.immersion_offer_id
     where r.id in (${referralIds.map(() => '?').join(', ')}) order by r.id`,
    [...referralIds],
    'all',
    tx.getTransactionContext(),
  );
}

/**
 * A referral changed (its status, or something recorded about it: `change`): who is concerned (ids only), for the
 * subscribers' authorization; in the caller's transaction. `hiddenFromParticipant`: what changed is not for the
 * participant to read yet (an evaluation not shared), so the event is not offered to them at all.
 */
export async function emitReferralUpdated(
  tx: EntityManager,
  referralIds: readonly number[],
  change: ReferralChange = ReferralChange.STATUS,
  { hiddenFromParticipant = false }: { hiddenFromParticipant?: boolean } = {},
): Promise<void> {
  if (referralIds.length === 0) return;
  for (const row of await eventRows(tx, referralIds)) {
    await emitEvent(tx, OutboxEventType.REFERRAL_UPDATED, row.referralId, { ...row, change, ...(hiddenFromParticipant ? { hiddenFromParticipant } : {}) });
  }
}

/** A follow-up that became due, was marked overdue, or was recorded. */
export interface FollowUpEvent {
  referralId: number;
  milestone: FollowUpMilestone;
  status: FollowUpStatus;
}

/**
 * One REFERRAL_UPDATED event per follow-up change (`change`: FOLLOW_UP), its `followUp` ({ milestone, status })
 * telling the audience rule (events/rules/referral-event-audience.ts) that only the prescriber's side is concerned;
 * in the caller's transaction.
 */
export async function emitFollowUpEvents(tx: EntityManager, changes: readonly FollowUpEvent[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = new Map((await eventRows(tx, [...new Set(changes.map((c) => c.referralId))])).map((row) => [row.referralId, row]));
  for (const change of changes) {
    await emitEvent(tx, OutboxEventType.REFERRAL_UPDATED, change.referralId, {
      ...rows.get(change.referralId)!,
      change: ReferralChange.FOLLOW_UP,
      followUp: { milestone: change.milestone, status: change.status },
    });
  }
}
