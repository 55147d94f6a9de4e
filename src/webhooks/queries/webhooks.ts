import type { EntityManager } from '@mikro-orm/postgresql';
import type { OfferFilterData } from '../../events';
import type { WebhookDeliveryStatus } from '../rules/delivery-status';

export interface WebhookEndpointRow {
  id: number;
  url: string;
  description: string | null;
  events: string[];
  filter: OfferFilterData;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  cursor: string;
}

const ENDPOINT_COLUMNS = `id, url, description, events, filter, created_at as "createdAt", updated_at as "updatedAt", disabled_at as "disabledAt",
  disabled_reason as "disabledReason", failing_since as "failingSince", previous_secret_expires_at as "previousSecretExpiresAt", cursor`;

/** The account's endpoints, oldest first (secrets never leave the table). */
export function webhookEndpointsOf(em: EntityManager, accountId: number): Promise<WebhookEndpointRow[]> {
  return em.getConnection().execute<WebhookEndpointRow[]>(`select ${ENDPOINT_COLUMNS} from webhook_endpoint where account_id = ? order by id`, [accountId]);
}

export interface WebhookAttemptRow {
  deliveryId: string;
  attempt: number;
  startedAt: string;
  durationMs: number | null;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  succeeded: boolean | null;
}

export interface WebhookDeliveryRow {
  id: string;
  eventId: string | null;
  eventType: string;
  messageId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  completedAt: string | null;
  attemptLog: WebhookAttemptRow[];
}

export interface DeliveryFilter {
  status?: WebhookDeliveryStatus | null;
  from?: Date | null;
  to?: Date | null;
}

/**
 * An endpoint's deliveries (only if it is the account's), newest first, with their attempts: two statements
 * whatever the count.
 */
export async function webhookDeliveriesOf(em: EntityManager, accountId: number, endpointId: number, filter: DeliveryFilter, limit: number): Promise<WebhookDeliveryRow[] | null> {
  const conn = em.getConnection();
  const [own] = await conn.execute<{ id: number }[]>('select id from webhook_endpoint where id = ? and account_id = ?', [endpointId, accountId]);
  if (!own) return null;
  const conditions = ['endpoint_id = ?'];
  const params: unknown[] = [endpointId];
  if (filter.status) (conditions.push('status = ?'), params.push(filter.status));
  if (filter.from) (conditions.push('created_at >= ?'), params.push(filter.from));
  if (filter.to) (conditions.push('created_at < ?'), params.push(filter.to));
  const deliveries = await conn.execute<Omit<WebhookDeliveryRow, 'attemptLog'>[]>(
    `select id, event_id as "eventId", event_type as "eventType", message_id as "messageId", status, attempts, next_attempt_at as "nextAttemptAt",
            created_at as "createdAt", completed_at as "completedAt"
     from webhook_delivery where ${conditions.join(' and ')} order by id desc limit ?`,
    [...params, limit],
  );
  if (deliveries.length === 0) return [];
  const attempts = await conn.execute<WebhookAttemptRow[]>(
    `select delivery_id as "deliveryId", attempt, started_at as "startedAt", duration_ms as "durationMs", status_code as "statusCode", error,
            response_body as "responseBody", succeeded
     from webhook_attempt where delivery_id in (${deliveries.map(() => '?').join(', ')}) order by delivery_id, attempt`,
    deliveries.map((d) => d.id),
  );
  const byDelivery = new Map<string, WebhookAttemptRow[]>();
  for (const a of attempts) {
    const key = String(a.deliveryId);
    byDelivery.set(key, [...(byDelivery.get(key) ?? []), a]);
  }
  return deliveries.map((d) => ({ ...d, id: String(d.id), attemptLog: byDelivery.get(String(d.id)) ?? [] }));
}
