import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access';
import { parseEventCursor } from '../../events';
import { BadInputError, NotFoundError } from '../../common/errors';
import { inTransaction } from '../../db/transaction';
import { onceForKey } from '../../db/idempotency';
import { TEST_EVENT_KIND } from '../rules/event-kinds';
import { queueEndpoint } from './queue';

/** Most deliveries one replay re-sends. */
export const MAX_REPLAY = 10_000;

async function ownEndpointId(tx: EntityManager, viewer: Viewer, endpointId: number): Promise<void> {
  const [row] = await tx.getConnection().execute<{ id: number }[]>('select id from webhook_endpoint where id = ? and account_id = ?', [endpointId, viewer.accountId], 'all', tx.getTransactionContext());
  if (!row) throw new NotFoundError('input.endpointId', 'webhook endpoint of yours');
}

/**
 * Sends again, as new deliveries after those pending, what this endpoint was sent for the events after `after`
 * (an event cursor, as on deliveries and subscriptions), in event order: each event once, with its body and
 * `webhook-id` as first sent (receivers may drop what they already have). Returns how many were queued.
 */
export async function replayWebhookDeliveries(em: EntityManager, viewer: Viewer, raw: { endpointId: number; after: string; idempotencyKey?: string | null }): Promise<number> {
  let after: number | null;
  try {
    after = parseEventCursor(raw.after);
  } catch {
    throw new BadInputError('input.after', 'is not an event cursor');
  }
  return inTransaction(em, (tx) =>
    onceForKey(tx, viewer, 'replayWebhookDeliveries', raw.idempotencyKey, { endpointId: raw.endpointId, after: raw.after }, async () => {
      await ownEndpointId(tx, viewer, raw.endpointId);
      const rows = await tx.getConnection().execute<{ id: string }[]>(
        `insert into webhook_delivery (endpoint_id, event_id, event_type, message_id, payload)
         select endpoint_id, event_id, event_type, message_id, payload from (
           select distinct on (event_id) endpoint_id, event_id, event_type, message_id, payload
           from webhook_delivery where endpoint_id = ? and event_id > ? order by event_id, id
         ) firsts order by event_id limit ? returning id`,
        [raw.endpointId, after ?? 0, MAX_REPLAY],
        'all',
        tx.getTransactionContext(),
      );
      if (rows.length) await queueEndpoint(tx, raw.endpointId);
      return rows.length;
    }),
  );
}

/** Queues a test delivery (`WEBHOOK_TEST`, no data of anyone) to an endpoint of the viewer's; returns its id. */
export async function sendTestWebhook(em: EntityManager, viewer: Viewer, endpointId: number): Promise<number> {
  return inTransaction(em, async (tx) => {
    await ownEndpointId(tx, viewer, endpointId);
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const [row] = await conn.execute<{ id: string }[]>(
      `insert into webhook_delivery (endpoint_id, event_type, message_id, payload)
       values (?, ?, 'msg_test_' || md5(random()::text || clock_timestamp()::text), jsonb_build_object('type', ?::text, 'timestamp', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', jsonb_build_object('endpointId', ?::text)))
       returning id`,
      [endpointId, TEST_EVENT_KIND, TEST_EVENT_KIND, String(endpointId)],
      'all',
      ctx,
    );
    await queueEndpoint(tx, endpointId);
    return Number(row!.id);
  });
}
