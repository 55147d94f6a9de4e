import type { EntityManager } from '@mikro-orm/postgresql';
import { emitEvent, OutboxEventType } from '../../events';
import { ReferralChange } from '../rules/referral-change';
import type { FollowUpMilestone, FollowUpStatus } from '../rules/follow-up';

type ReferralEventRow = Record<string, unknown> & { referralId: number };

/**
 * What a REFERRAL_UPDATED event carries about its referral (ids only: who it concerns, for the subscribers'
 * authorization), as SQL over the referral `r` with EVENT_JOINS: read by eventRows, or built in the statement that
 * moves the referral (referral-writes.ts), so both give the same payload.
 */
const EVENT_COLUMNS: readonly (readonly [string, string])[] = [
  ['referralId', 'r.id'],
  ['status', 'r.status'],
  ['participantId', 'r.participant_id'],
  ['prescriberStructureId', 'r.prescriber_structure_id'],
  ['referentStructureId', 'p.referent_structure_id'],
  ['sessionId', 'r.session_id'],
  ['organiserId', 's.organiser_id'],
  ['hostCompanyId', 's.host_company_id'],
  ['hostStructureId', 's.host_structure_id'],
  ['immersionOfferId', 'r.immersion_offer_id'],
  ['offerCompanyId', 'o.company_id'],
];
const EVENT_JOINS = `join participant p on p.id = r.participant_id
     left join session s on s.id = r.session_id left join immersion_offer o on o.id = r.immersion_offer_id`;

/**
 * The REFERRAL_UPDATED payload (`change`: STATUS) of each row of `rows` (a CTE or table of referral rows, with
 * their new status), as the `from` and `data` of events/outbox.ts's eventInsertSql: the event written in the same
 * statement as the move.
 */
export function referralEventRowsSql(rows: string, change: ReferralChange = ReferralChange.STATUS): { from: string; entityId: string; data: string } {
  const pairs = EVENT_COLUMNS.map(([key, column]) => `'${key}', ${column}`).join(', ');
  return { from: `${rows} r ${EVENT_JOINS}`, entityId: 'r.id', data: `jsonb_build_object(${pairs}, 'change', '${change}')` };
}

/** Who a referral concerns (ids only), for the subscribers' authorization. */
async function eventRows(tx: EntityManager, referralIds: readonly number[]): Promise<ReferralEventRow[]> {
  return tx.getConnection().execute<ReferralEventRow[]>(
    `select ${EVENT_COLUMNS.map(([key, column]) => `${column} as "${key}"`).join(', ')}
     from referral r ${EVENT_JOINS}
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
