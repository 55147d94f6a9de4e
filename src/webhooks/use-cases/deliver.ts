import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../common/logger';
import { emitEvent, OutboxEventType } from '../../events';
import { failedTooLong, retryDelayMs } from '../rules/retry-schedule';
import { DELIVERIES_PER_JOB, type WebhookSettings } from '../settings';
import { unseal } from './secret-box';
import { sendWebhook, type SendResult } from './send';
import { queueEndpoint } from './queue';


interface EndpointRow {
  id: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  disabledAt: string | null;
}

interface DeliveryRow {
  id: string;
  messageId: string;
  payload: Record<string, unknown>;
  attempts: number;
  nextAttemptAt: string;
}

/** For tests and the fault suite: replaces the HTTP call. */
export type Sender = typeof sendWebhook;

/**
 * Sends an endpoint's pending deliveries, oldest first, one at a time: the next waits while the oldest is being
 * retried, so a receiver sees events in outbox order. Each attempt is claimed before it is sent by inserting its
 * row (unique per delivery and attempt number) in the same statement that counts it: two workers can never send
 * the same attempt, whatever the queue does. A failure schedules the next attempt (retry-schedule.ts) as a queue
 * job at that time; after the last, the delivery is a dead letter and the next one goes. An endpoint failing for
 * longer than `disableAfterMs` is disabled (FAILING), and its owner told (`webhookEndpointDisabled`). When `stopping` says so, it stops after the POST in flight;
 * `signal` (the instance shutting down) cuts that POST short: the attempt stays made (the receiver may have had it),
 * recorded as cut, not counted against the receiver, and the next job, on any instance, makes the next attempt at
 * once. So no attempt number is ever sent twice, whether an instance stops or is killed.
 */
export async function deliverForEndpoint(
  em: EntityManager,
  endpointId: number,
  settings: WebhookSettings,
  logger: Logger,
  send: Sender = sendWebhook,
  stopping: () => boolean = () => false,
  signal?: AbortSignal,
): Promise<void> {
  const conn = em.getConnection();
  // A bounded run (other endpoints get their turn, and a live job never looks stale): then a new job goes on.
  for (let sent = 0; sent < DELIVERIES_PER_JOB; sent++) {
    // Shutting down: the rest goes to a new job, which any instance may run (this one's lock is released as the job ends).
    if (stopping()) break;
    const [endpoint] = await conn.execute<EndpointRow[]>(
      `select id, url, secret, previous_secret as "previousSecret", previous_secret_expires_at as "previousSecretExpiresAt", disabled_at as "disabledAt"
       from webhook_endpoint where id = ?`,
      [endpointId],
    );
    if (!endpoint || endpoint.disabledAt) return;
    const [head] = await conn.execute<DeliveryRow[]>(
      `select id, message_id as "messageId", payload, attempts, next_attempt_at as "nextAttemptAt"
       from webhook_delivery where endpoint_id = ? and status = 'PENDING' order by id limit 1`,
      [endpointId],
    );
    if (!head) return;
    const due = new Date(head.nextAttemptAt);
    if (due.getTime() > Date.now()) {
      await queueEndpoint(em, endpointId, due);
      return;
    }
    const attempt = head.attempts + 1;
    const claimed = await conn.execute<{ id: string }[]>(
      `with claim as (update webhook_delivery set attempts = ? where id = ? and attempts = ? and status = 'PENDING' returning id)
       insert into webhook_attempt (delivery_id, attempt) select id, ? from claim on conflict do nothing returning id`,
      [attempt, head.id, head.attempts, attempt],
    );
    if (claimed.length === 0) continue; // another worker took this attempt: look again
    const secrets = [unseal(endpoint.secret, settings.secretKey)];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && new Date(endpoint.previousSecretExpiresAt).getTime() > Date.now()) {
      secrets.push(unseal(endpoint.previousSecret, settings.secretKey));
    }
    const result = await send({ url: endpoint.url, messageId: head.messageId, body: JSON.stringify(head.payload), secrets }, settings, settings.timeoutMs, new Date(), signal);
    if (result.aborted) {
      await recordCut(em, claimed[0]!.id, result);
      await queueEndpoint(em, endpointId);
      return;
    }
    const retryAt = await record(em, endpointId, head.id, claimed[0]!.id, attempt, result, settings, logger);
    if (retryAt) {
      await queueEndpoint(em, endpointId, retryAt);
      return;
    }
  }
  await queueEndpoint(em, endpointId); // more to send: a new job, after the others waiting
}

/**
 * An attempt cut short by this instance's shutdown: kept as made (its row, the delivery's count), its error saying
 * so, neither a failure of the receiver (no retry delay, nothing towards disabling the endpoint) nor a success. The
 * next job sends the next attempt number, with the same webhook-id (delivery is at least once).
 */
async function recordCut(em: EntityManager, attemptId: string, result: SendResult): Promise<void> {
  await em.getConnection().execute('update webhook_attempt set duration_ms = ?, error = ?, succeeded = false where id = ?', [result.durationMs, result.error, attemptId], 'run');
}

/** Writes an attempt's outcome and what follows from it, in one transaction; returns when to retry, if it must. */
async function record(em: EntityManager, endpointId: number, deliveryId: string, attemptId: string, attempt: number, result: SendResult, settings: WebhookSettings, logger: Logger): Promise<Date | null> {
  return em.fork().transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute(
      'update webhook_attempt set duration_ms = ?, status_code = ?, error = ?, response_body = ?, succeeded = ? where id = ?',
      [result.durationMs, result.statusCode, result.error, result.body, result.ok, attemptId],
      'run',
      ctx,
    );
    if (result.ok) {
      await conn.execute(`update webhook_delivery set status = 'SUCCEEDED', completed_at = now() where id = ?`, [deliveryId], 'run', ctx);
      await conn.execute('update webhook_endpoint set failing_since = null where id = ? and failing_since is not null', [endpointId], 'run', ctx);
      return null;
    }
    const delay = retryDelayMs(attempt, settings.retryScheduleMs, Math.random());
    const retryAt = delay === null ? null : new Date(Date.now() + delay);
    if (retryAt) await conn.execute('update webhook_delivery set next_attempt_at = ? where id = ?', [retryAt, deliveryId], 'run', ctx);
    else await conn.execute(`update webhook_delivery set status = 'DEAD', completed_at = now() where id = ?`, [deliveryId], 'run', ctx);
    const [row] = await conn.execute<{ failingSince: string }[]>(
      'update webhook_endpoint set failing_since = coalesce(failing_since, now()) where id = ? returning failing_since as "failingSince"',
      [endpointId],
      'all',
      ctx,
    );
    if (row && failedTooLong(new Date(row.failingSince), new Date(), settings.disableAfterMs)) {
      const [disabled] = await conn.execute<{ accountId: number; disabledAt: Date }[]>(
        `update webhook_endpoint set disabled_at = now(), disabled_reason = 'FAILING', updated_at = now() where id = ? and disabled_at is null
         returning account_id as "accountId", disabled_at as "disabledAt"`,
        [endpointId],
        'all',
        ctx,
      );
      // Its owner is told, once (only the statement that disabled it returns a row), in the same transaction.
      if (disabled) {
        await emitEvent(tx, OutboxEventType.WEBHOOK_ENDPOINT_DISABLED, endpointId, {
          accountId: disabled.accountId,
          reason: 'FAILING',
          disabledAt: new Date(disabled.disabledAt).toISOString(),
          failingSince: new Date(row.failingSince).toISOString(),
        });
        logger.warn({ endpointId }, 'webhook endpoint disabled: failing for too long');
      }
      return null;
    }
    if (!retryAt) logger.warn({ endpointId, deliveryId }, 'webhook delivery dead after its last attempt');
    return retryAt;
  });
}
