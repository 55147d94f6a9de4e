import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { WebhookDelivery } from './webhook-delivery';

/** One POST of a delivery. Unique per (delivery, attempt): an attempt is claimed by inserting it, before it is sent. */
@Entity({ tableName: 'webhook_attempt' })
@Unique({ name: 'webhook_attempt_delivery_attempt_unique', properties: ['delivery', 'attempt'] })
export class WebhookAttempt {
  [OptionalProps]?: 'startedAt';

  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @ManyToOne(() => WebhookDelivery, { deleteRule: 'cascade' })
  delivery!: WebhookDelivery;

  @Property({ type: 'integer' })
  attempt!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  startedAt: Date = new Date();

  @Property({ type: 'integer', nullable: true })
  durationMs?: number | null;

  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** The first kilobyte of the answer. */
  @Property({ type: 'text', nullable: true })
  responseBody?: string | null;

  @Property({ type: 'boolean', nullable: true })
  succeeded?: boolean | null;
}
