import type { EntityManager } from '@mikro-orm/postgresql';
import { Referral } from '../entities/referral';
import type { ReferralStatus } from '../rules/referral-status';
import type { CancellationReason } from '../rules/referral-transitions';
import type { Viewer } from '../../access';
import { cancel } from './referrals';

export { OPEN_REFERRAL_STATUSES } from '../rules/referral-status';

/** Which referrals: those of one session, one immersion offer, or one participant. */
export type ReferralsOf = { sessionId: number } | { immersionOfferId: number } | { participantId: number };

function columnOf(of: ReferralsOf): [column: string, id: number] {
  if ('sessionId' in of) return ['session_id', of.sessionId];
  if ('immersionOfferId' in of) return ['immersion_offer_id', of.immersionOfferId];
  return ['participant_id', of.participantId];
}

/**
 * Locks the referrals of `of` that are in `statuses`, in id order. Call it before locking the session, offer or
 * participant itself: the referral use cases lock a referral first and its session or offer second, so taking
 * locks in that same order cannot deadlock with a host answering at the same moment.
 */
export async function lockReferralsOf(tx: EntityManager, of: ReferralsOf, statuses: readonly ReferralStatus[]): Promise<Referral[]> {
  const [column, id] = columnOf(of);
  const rows = await tx.getConnection().execute<{ id: number }[]>(
    `select id from referral where ${column} = ? and status in (${statuses.map(() => '?').join(', ')}) order by id for update`,
    [id, ...statuses],
    'all',
    tx.getTransactionContext(),
  );
  if (rows.length === 0) return [];
  // refresh: the rows just locked may have moved since this transaction's unit of work first saw them.
  return tx.find(Referral, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { id: 'asc' }, refresh: true });
}

/**
 * Cancels locked referrals one by one through the referral service's `cancel`, which logs each move (the
 * prescriber sees why in the referral's log). The caller saves with `saveReferrals`.
 */
export async function cancelAll(tx: EntityManager, referrals: readonly Referral[], actor: Viewer, reason: CancellationReason, note: string | null): Promise<void> {
  for (const referral of referrals) await cancel(tx, referral, actor, reason, note);
}
