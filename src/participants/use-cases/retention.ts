import type { EntityManager } from '@mikro-orm/postgresql';
import { Participant } from '../entities/participant';
import { referralUnderWaySql } from '../../referrals';
import { AuditOperation, participantSubject, recordAudit } from '../../access';
import { erasePersonalData } from './participants';
import { inTransaction } from '../../db/transaction';

/**
 * Retention (GDPR storage limitation): anonymises one batch of participants inactive for `months` — last activity
 * older than that and no referral under way (referralUnderWaySql: an ACCEPTED referral to a session that completed
 * without its attendance recorded holds nobody's data forever) — with the same erasure as eraseParticipant, audited as
 * `retention:erase` with no account, in the same transaction. Returns how many were erased: 0 when none is left
 * (or, rarely, when all those claimed were referred meanwhile: the rest waits for the next run).
 *
 * Every instance runs it: candidates are claimed FOR UPDATE SKIP LOCKED, so two runs at once take disjoint
 * participants, and a participant someone is changing right now is left for the next run.
 */
export function eraseInactiveParticipants(em: EntityManager, months: number, batchSize = 100): Promise<number> {
  return inTransaction(em, async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const open = (alias: string) => `exists (select 1 from referral r where r.participant_id = ${alias}.id and ${referralUnderWaySql('r')})`;
    const claimed = await conn.execute<{ id: number }[]>(
      `select p.id from participant p
       where p.erased_at is null and p.last_activity_at < now() - make_interval(months => ?) and not ${open('p')}
       order by p.id limit ? for update of p skip locked`,
      [months, batchSize],
      'all',
      ctx,
    );
    if (claimed.length === 0) return 0;
    // The referral test above saw the statement's snapshot: one referred since, before our lock, is seen now. From
    // here on none can come, since referring takes the participant FOR SHARE.
    const idle = await conn.execute<{ id: number }[]>(
      `select p.id from participant p where p.id in (${claimed.map(() => '?').join(', ')}) and not ${open('p')}`,
      claimed.map((c) => c.id),
      'all',
      ctx,
    );
    if (idle.length === 0) return 0;
    const participants = await tx.find(Participant, { id: { $in: idle.map((r) => r.id) } });
    await erasePersonalData(tx, participants);
    await tx.flush();
    await recordAudit(tx, null, AuditOperation.RETENTION_ERASE, participants.map((p) => participantSubject(p.id)));
    return participants.length;
  });
}
