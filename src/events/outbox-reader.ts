import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxEventType } from './entities/outbox-event';

/** An outbox event as event relays (event-relay.ts) and subscribers see it. `id` is the cursor (a bigint, safe as a JS number here). */
export interface OutboxEventRow {
  id: number;
  type: OutboxEventType;
  entityId: number;
  data: Record<string, unknown>;
  /**
   * Seconds from the event's writing (its transaction's start, `created_at`) to this read, on the database's clock:
   * the event relay's lag, for /metrics.
   */
  ageSeconds?: number;
}

/** Events after `afterId`, oldest first, of the given types (all when absent). */
export async function readEvents(em: EntityManager, afterId: number, limit: number, types?: readonly OutboxEventType[]): Promise<OutboxEventRow[]> {
  const typeFilter = types?.length ? `and type in (${types.map(() => '?').join(', ')})` : '';
  const rows = await em.getConnection().execute<{ id: string; type: OutboxEventType; entity_id: number; data: Record<string, unknown>; age: number }[]>(
    `select id, type, entity_id, data, extract(epoch from clock_timestamp() - created_at)::float8 as age from event where id > ? ${typeFilter} order by id limit ?`,
    [afterId, ...(types ?? []), limit],
  );
  return rows.map((r) => ({ id: Number(r.id), type: r.type, entityId: r.entity_id, data: r.data, ageSeconds: Math.max(0, r.age) }));
}

/** The id of the newest event (0 when none). */
export async function lastEventId(em: EntityManager): Promise<number> {
  const [row] = await em.getConnection().execute<{ id: string | null }[]>('select max(id) as id from event');
  return Number(row?.id ?? 0);
}
