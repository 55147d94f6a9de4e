import type { EntityManager } from '@mikro-orm/postgresql';
import { emitEvent, OutboxEventType } from '../../events';

/** What changed, when it is not the status (an evaluation recorded or shared); absent for a status change. */
export interface ReferralChange {
  change: 'EVALUATION_RECORDED' | 'EVALUATION_SHARED';
  /** The participant may not read what changed (an evaluation not yet shared): not offered to them at all. */
  hiddenFromParticipant: boolean;
}

/**
 * A referral changed (its status, or its evaluation): who is concerned (ids only), for the subscribers'
 * authorization; in the caller's transaction.
 */
export async function emitReferralUpdated(tx: EntityManager, referralIds: readonly number[], change?: ReferralChange): Promise<void> {
  if (referralIds.length === 0) return;
  const rows = await tx.getConnection().execute<(Record<string, unknown> & { referralId: number })[]>(
    `select r.id as "referralId", r.status, r.participant_id as "participantId", r.prescriber_structure_id as "prescriberStructureId",
            p.referent_structure_id as "referentStructureId", r.session_id as "sessionId", s.organiser_id as "organiserId",
            s.host_company_id as "hostCompanyId", r.immersion_offer_id as "immersionOfferId", o.company_id as "offerCompanyId"
     from referral r join participant p on p.id = r.participant_id
     left join session s on s.id = r.session_id left join immersion_offer o on o.id = r.immersion_offer_id
     where r.id in (${referralIds.map(() => '?').join(', ')}) order by r.id`,
    [...referralIds],
    'all',
    tx.getTransactionContext(),
  );
  for (const row of rows) await emitEvent(tx, OutboxEventType.REFERRAL_UPDATED, row.referralId, { ...row, ...change });
}
