import type { EntityManager } from '@mikro-orm/postgresql';
import { matchesOfferEvent, mayConcern, OutboxEventType, type OfferEventData, type OfferFilterData, type OutboxEventRow, type ReferralEventData } from '../../events';
import type { Viewer } from '../../access';
import type { WebhookPayload, WebhookRenderer } from '../graphql/render';
import { ownerViewers } from '../queries/owner-viewer';
import { queueEndpoint, wakeDispatcher } from './queue';
import { DELIVERIES_PER_JOB } from '../settings';

const BATCH = 200;

interface EndpointRow {
  id: number;
  accountId: number;
  events: string[];
  filter: OfferFilterData;
  cursor: string;
  disabledAt: string | null;
}

/** The message id of an event for an endpoint: the same on every attempt and every replay of it. */
export const messageIdOf = (endpointId: number, eventId: number) => `msg_${endpointId}_${eventId}`;

/** Whether an endpoint wants an event, from the event alone: its kinds, and for offers its filter (as a subscription's). */
function wants(endpoint: EndpointRow, event: OutboxEventRow, viewer: Viewer): boolean {
  if (!endpoint.events.includes(event.type)) return false;
  switch (event.type) {
    case OutboxEventType.SESSION_SLOT_PUBLISHED:
      return matchesOfferEvent('SESSION', event.data as OfferEventData, endpoint.filter);
    case OutboxEventType.IMMERSION_OFFER_PUBLISHED:
      return matchesOfferEvent('IMMERSION_OFFER', event.data as OfferEventData, endpoint.filter);
    case OutboxEventType.REFERRAL_UPDATED:
      // The referral audience's first cut; the read rules decide as the payload is rendered (null: not visible).
      return mayConcern(viewer, event.data as unknown as ReferralEventData);
    default:
      return false;
  }
}

/**
 * Turns new outbox events into deliveries, one batch per transaction: reads the events after the lowest cursor of
 * the endpoints, makes a delivery for each endpoint that wants each event (its body rendered as its owner may see
 * it), moves the cursors past the batch and queues the endpoints that got deliveries, all in the same transaction:
 * a crash before the commit leaves the cursors where they were (nothing lost), after it the jobs exist (nothing
 * forgotten). Runs as one serial job (a single queue), so instances never dispatch the same event twice.
 * Returns the number of deliveries made.
 */
export async function dispatchNewEvents(em: EntityManager, render: WebhookRenderer): Promise<number> {
  let made = 0;
  for (let batch = 0; ; batch++) {
    // A bounded run, like a delivery job's: a long backlog goes on in the next run.
    if (batch === DELIVERIES_PER_JOB) {
      await wakeDispatcher(em);
      return made;
    }
    const { count, full } = await em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const endpoints = await conn.execute<EndpointRow[]>(
        `select id, account_id as "accountId", events, filter, cursor, disabled_at as "disabledAt" from webhook_endpoint order by id for update`,
        [],
        'all',
        ctx,
      );
      if (endpoints.length === 0) return { count: 0, full: false };
      const from = Math.min(...endpoints.map((e) => Number(e.cursor)));
      const events = await conn.execute<{ id: string; type: OutboxEventType; entity_id: number; data: Record<string, unknown>; created_at: string }[]>(
        'select id, type, entity_id, data, created_at from event where id > ? order by id limit ?',
        [from, BATCH],
        'all',
        ctx,
      );
      if (events.length === 0) return { count: 0, full: false };
      const viewers = await ownerViewers(tx, [...new Set(endpoints.map((e) => e.accountId))]);
      const rendered = new Map<string, WebhookPayload | null>();
      const rows: unknown[] = [];
      const queued = new Set<number>();
      for (const raw of events) {
        const event = { id: Number(raw.id), type: raw.type, entityId: raw.entity_id, data: raw.data, createdAt: new Date(raw.created_at).toISOString() };
        for (const endpoint of endpoints) {
          const viewer = viewers.get(endpoint.accountId);
          // A disabled endpoint still gets its deliveries: they wait, and go out in order once it is enabled again.
          if (!viewer || Number(endpoint.cursor) >= event.id || !wants(endpoint, event, viewer)) continue;
          const key = `${endpoint.accountId}:${event.id}`;
          if (!rendered.has(key)) rendered.set(key, await render(em.fork(), event, viewer));
          const payload = rendered.get(key);
          if (!payload) continue;
          rows.push(endpoint.id, event.id, event.type, messageIdOf(endpoint.id, event.id), JSON.stringify(payload));
          if (!endpoint.disabledAt) queued.add(endpoint.id);
        }
      }
      if (rows.length) {
        await conn.execute(
          `insert into webhook_delivery (endpoint_id, event_id, event_type, message_id, payload) values ${Array.from({ length: rows.length / 5 }, () => '(?, ?, ?, ?, ?::jsonb)').join(', ')}`,
          rows,
          'run',
          ctx,
        );
      }
      const last = Number(events[events.length - 1]!.id);
      // Only the endpoints locked above: one created meanwhile starts at its own cursor.
      await conn.execute(`update webhook_endpoint set cursor = ? where cursor < ? and id in (${endpoints.map(() => '?').join(', ')})`, [last, last, ...endpoints.map((e) => e.id)], 'run', ctx);
      for (const id of queued) await queueEndpoint(tx, id);
      return { count: rows.length / 5, full: events.length === BATCH };
    });
    made += count;
    if (!full) return made;
  }
}
