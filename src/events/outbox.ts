import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEventType } from './entities/outbox-event';

/** The channel every instance LISTENs on; a notification is only a wake-up, events are read from the table. */
export const EVENTS_CHANNEL = 'relais_events';

/** Serialises event writers until commit, so that event ids become visible in id order (no cursor skips a row). */
const OUTBOX_LOCK_KEY = 727_001;

/** Transactions that already hold the outbox lock and have queued their wake-up. */
const notifying = new WeakSet<object>();

/** The outbox lock, then the wake-up, as CTEs: an insert joining them holds the lock before it draws an event id. */
const OUTBOX_CTES = `outbox_lock as materialized (select pg_advisory_xact_lock(${OUTBOX_LOCK_KEY})), wake_up as materialized (select pg_notify('${EVENTS_CHANNEL}', ''))`;

/**
 * Writes an event in the caller's transaction and wakes the event relays (event-relay.ts) at commit, in one statement. The first event of
 * a transaction also takes the outbox lock and queues the NOTIFY (a wake-up without payload: the event relays read the
 * table); later events of the same transaction only insert. So there is one NOTIFY per transaction, never one per
 * row (PostgreSQL would fold identical ones anyway, but each still costs a call under the commit's queue lock).
 * The payloads (a visit slot, an offer published, a referral updated) are built by the capabilities that emit them.
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
    `with ${OUTBOX_CTES}
     insert into event (type, entity_id, data) select ?, ?, ?::jsonb from outbox_lock, wake_up`,
    values,
    'run',
    ctx,
  );
  if (ctx) notifying.add(ctx);
}

/**
 * The outbox write as the last part of a caller's larger statement (a use case that writes its change, its log and its
 * events in one round trip): `ctes` to add to the statement's WITH list (the outbox lock, then the wake-up, as
 * emitEvent takes them), and `insert`, the statement's final `insert into event` from the caller's rows `from`, with
 * `entityId` and `data` (jsonb) as SQL expressions over them; it returns each event's `entityId` and `data`. The lock CTE is joined into the insert, so it is held
 * before any event id is drawn, as in emitEvent. Marks the transaction: later emitEvent calls in it only insert.
 */
export function eventInsertSql(tx: EntityManager, type: OutboxEventType, rows: { from: string; entityId: string; data: string }): { ctes: string; insert: string } {
  const ctx = tx.getTransactionContext();
  if (ctx) notifying.add(ctx);
  return {
    ctes: OUTBOX_CTES,
    insert: `insert into event (type, entity_id, data) select '${type}', ${rows.entityId}, ${rows.data} from ${rows.from} cross join outbox_lock cross join wake_up returning entity_id as "entityId", data`,
  };
}
