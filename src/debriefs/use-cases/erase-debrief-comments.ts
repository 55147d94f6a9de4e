import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Part of a participant's erasure (participants' erasePersonalData, and so the retention job): the comments of
 * their debriefs are erased; interests and wishes stay (codes, for the statistics). The idempotency keys of the
 * requests that wrote them keep a hash of the comment, so their fingerprint is replaced by `erasedMark` (the mark
 * participants gives the fingerprints it forgets: a replay answers CONFLICT). In the caller's transaction.
 */
export async function eraseDebriefComments(tx: EntityManager, participantIds: readonly number[], erasedMark: string): Promise<void> {
  if (participantIds.length === 0) return;
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const these = participantIds.map(() => '?').join(', ');
  const ofThese = `select d.id from debrief d join referral r on r.id = d.referral_id where r.participant_id in (${these})`;
  await conn.execute(`update debrief set comment = null where id in (${ofThese}) and comment is not null`, [...participantIds], 'run', ctx);
  await conn.execute(`update idempotency_key set request_hash = ? where operation = 'recordDebrief' and result_id in (${ofThese})`, [erasedMark, ...participantIds], 'run', ctx);
}
