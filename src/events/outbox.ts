import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEventType } from './entities/outbox-event';
import { sessionSeatsSql } from '../referrals';

/** The channel every instance LISTENs on; a notification is only a wake-up, events are read from the table. */
export const EVENTS_CHANNEL = 'relais_events';

/** Serialises event writers until commit, so that event ids become visible in id order (no cursor skips a row). */
const OUTBOX_LOCK_KEY = 727_001;

/** Transactions that already hold the outbox lock and have queued their wake-up. */
const notifying = new WeakSet<object>();

/**
 * Writes an event in the caller's transaction and wakes the event relays (event-relay.ts) at commit, in one statement. The first event of
 * a transaction also takes the outbox lock and queues the NOTIFY (a wake-up without payload: the event relays read the
 * table); later events of the same transaction only insert. So there is one NOTIFY per transaction, never one per
 * row (PostgreSQL would fold identical ones anyway, but each still costs a call under the commit's queue lock).
 */
export async function emitEvent(tx: EntityManager, type: OutboxEventType, entityId: number, data: Record<string, unknown>): Promise<void> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const values = [type, entityId, JSON.stringify(data)];
  if (ctx && notifying.has(ctx)) {
    await conn.execute('insert into event (type, entity_id, data) values (?, ?, ?::jsonb)', values, 'run', ctx);
    return;
  }
  // The CTEs run before the row is formed: the lock is held before the id is drawn from the sequence.
  await conn.execute(
    `with outbox_lock as materialized (select pg_advisory_xact_lock(?)), wake_up as materialized (select pg_notify('${EVENTS_CHANNEL}', ''))
     insert into event (type, entity_id, data) select ?, ?, ?::jsonb from outbox_lock, wake_up`,
    [OUTBOX_LOCK_KEY, ...values],
    'run',
    ctx,
  );
  if (ctx) notifying.add(ctx);
}

/** A visit slot: the session's public matching fields (no personal data). */
export async function emitSessionSlot(tx: EntityManager, sessionId: number, reason: 'PUBLISHED' | 'REOPENED'): Promise<void> {
  const [row] = await tx.getConnection().execute<Record<string, unknown>[]>(
    `select s.id as "sessionId", s.kind, s.organiser_id as "organiserId", s.host_company_id as "hostCompanyId",
            s.departement_code as "departementCode", s.commune_code as "communeCode", s.latitude, s.longitude,
            ${sessionSeatsSql('s').seatsLeft} as "seatsLeft",
            coalesce((select array_agg(sm.metier_code order by sm.metier_code) from session_metier sm where sm.session_id = s.id), '{}') as "metierCodes"
     from session s where s.id = ?`,
    [sessionId],
    'all',
    tx.getTransactionContext(),
  );
  if (row) await emitEvent(tx, OutboxEventType.SESSION_SLOT_PUBLISHED, sessionId, { ...row, reason });
}

/** An immersion offer went public. */
export async function emitOfferPublished(tx: EntityManager, offerId: number): Promise<void> {
  const [row] = await tx.getConnection().execute<Record<string, unknown>[]>(
    `select o.id as "immersionOfferId", o.objective, o.company_id as "companyId", o.departement_code as "departementCode",
            o.commune_code as "communeCode", o.latitude, o.longitude, array[o.metier_code] as "metierCodes"
     from immersion_offer o where o.id = ?`,
    [offerId],
    'all',
    tx.getTransactionContext(),
  );
  if (row) await emitEvent(tx, OutboxEventType.IMMERSION_OFFER_PUBLISHED, offerId, row);
}

/** A referral changed status: who is concerned (ids only), for the subscribers' authorization. */
export async function emitReferralUpdated(tx: EntityManager, referralIds: readonly number[]): Promise<void> {
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
  for (const row of rows) await emitEvent(tx, OutboxEventType.REFERRAL_UPDATED, row.referralId, row);
}
