import type { EntityManager } from '@mikro-orm/postgresql';
import { emitEvent, OutboxEventType } from '../../events';
import { sessionSeatsSql } from '../rules/seats';
import { SESSION_CRITERIA, Session, SessionStatus } from '../../sessions';
import { entityColumns } from '../../db/entity-columns';
import { criteriaPayloadSql } from '../../db/criteria-sql';

/**
 * A visit slot: the session's public matching fields (no personal data; with the properties SESSION_CRITERIA
 * declares for subscriptions), in the caller's transaction. It lives with
 * the seat ledger that counts its seats left, and is emitted both when a session is published (sessions) and when a
 * freed seat reopens a full one (here); sessions imports it, so sessions' public surface needs nothing of referrals.
 * Only a published session that has not started is a visit slot: a seat freed once it started (or held) is pushed to
 * nobody, as nobody can be referred to it any more.
 */
export async function emitSessionSlot(tx: EntityManager, sessionId: number, reason: 'PUBLISHED' | 'REOPENED'): Promise<void> {
  const [row] = await tx.getConnection().execute<Record<string, unknown>[]>(
    `select s.id as "sessionId", ${criteriaPayloadSql(SESSION_CRITERIA, entityColumns(tx, Session, 's'))}, s.organiser_id as "organiserId", s.host_company_id as "hostCompanyId", s.host_structure_id as "hostStructureId",
            s.departement_code as "departementCode", s.commune_code as "communeCode", s.latitude, s.longitude,
            ${sessionSeatsSql('s').seatsLeft} as "seatsLeft",
            coalesce((select array_agg(sm.metier_code order by sm.metier_code) from session_metier sm where sm.session_id = s.id), '{}') as "metierCodes"
     from session s where s.id = ? and s.status = ? and s.starts_at > now()`,
    [sessionId, SessionStatus.PUBLISHED],
    'all',
    tx.getTransactionContext(),
  );
  if (row) await emitEvent(tx, OutboxEventType.SESSION_SLOT_PUBLISHED, sessionId, { ...row, reason });
}
