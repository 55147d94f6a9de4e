import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEventType } from './entities/outbox-event';

/**
 * The channel every instance LISTENs on; a notification is only a wake-up, events are read from the table.
 *
 * Events are written into `event_pending` in the writer's transaction; at its commit, a deferred trigger takes the
 * outbox lock (pg_advisory_xact_lock(727001)), moves them into `event` in the order written and NOTIFYs this channel,
 * by its name written in that migration (Migration20261203143000EventsAtCommit). The lock serialises the commits of
 * event writers only from that point to the end of their commit, so ids become visible in id order (no cursor skips a
 * row) without a writer holding the lock across a round trip to the hub.
 */
export const EVENTS_CHANNEL = 'relais_events';

/**
 * Writes an event in the caller's transaction, in one statement: it reaches `event`, and the event relays (event-relay.ts)
 * are woken, when the transaction commits; a transaction that rolls back emits nothing. The payloads (a visit slot, an
 * offer published, a referral updated) are built by the capabilities that emit them.
 */
export async function emitEvent(tx: EntityManager, type: OutboxEventType, entityId: number, data: Record<string, unknown>): Promise<void> {
  await tx.getConnection().execute('insert into event_pending (type, entity_id, data) values (?, ?, ?::jsonb)', [type, entityId, JSON.stringify(data)], 'run', tx.getTransactionContext());
}

/**
 * The outbox write as the last part of a caller's larger statement (a use case that writes its change, its log and its
 * events in one round trip): the statement's final insert of the events, from the caller's rows `from`, with `entityId`
 * and `data` (jsonb) as SQL expressions over them; it returns each event's `entityId` and `data`. Published at commit,
 * as emitEvent's.
 */
export function eventInsertSql(type: OutboxEventType, rows: { from: string; entityId: string; data: string }): string {
  return `insert into event_pending (type, entity_id, data) select '${type}', ${rows.entityId}, ${rows.data} from ${rows.from} returning entity_id as "entityId", data`;
}
