import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { WebhookEndpoint } from './webhook-endpoint';
import { WebhookDeliveryStatus } from '../rules/delivery-status';

/**
 * One event for one endpoint, with the body signed and sent on every attempt (rendered once, as the owner could see
 * it then). Deliveries of an endpoint go out in id order: the next waits while the oldest PENDING one is retried.
 */
@Entity({ tableName: 'webhook_delivery' })
// The log of an endpoint, and its head: the oldest PENDING delivery (deliver.ts).
@Index({ name: 'webhook_delivery_endpoint_id_id_index', expression: 'create index "webhook_delivery_endpoint_id_id_index" on "webhook_delivery" ("endpoint_id", "id")' })
@Index({ name: 'webhook_delivery_endpoint_pending_index', expression: `create index "webhook_delivery_endpoint_pending_index" on "webhook_delivery" ("endpoint_id", "id") where status = 'PENDING'` })
export class WebhookDelivery {
  [OptionalProps]?: 'status' | 'attempts' | 'nextAttemptAt' | 'createdAt';

  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @ManyToOne(() => WebhookEndpoint, { deleteRule: 'cascade' })
  endpoint!: WebhookEndpoint;

  /** The outbox event (null for a test delivery). */
  @Property({ type: 'bigint', nullable: true })
  eventId?: string | null;

  @Property({ type: 'text' })
  eventType!: string;

  /** The `webhook-id` header: the same on every attempt, so that receivers can drop duplicates. */
  @Property({ type: 'text' })
  messageId!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Enum({ items: () => WebhookDeliveryStatus, default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null;
}
