import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** What happened, for the subscriptions (docs/architecture.md, "How events flow"). */
export enum OutboxEventType {
  /** A session is published with seats, or reopens after being full: a visit slot. */
  SESSION_SLOT_PUBLISHED = 'SESSION_SLOT_PUBLISHED',
  IMMERSION_OFFER_PUBLISHED = 'IMMERSION_OFFER_PUBLISHED',
  REFERRAL_UPDATED = 'REFERRAL_UPDATED',
  /** The hub disabled a webhook endpoint that kept failing: for its owner only (the entity is the endpoint). */
  WEBHOOK_ENDPOINT_DISABLED = 'WEBHOOK_ENDPOINT_DISABLED',
}

/**
 * One event of the outbox, written in the same transaction as the change that makes it: a change that rolls back
 * emits nothing. The id is the subscription cursor. Writers take a transaction-level advisory lock before inserting,
 * so ids become visible in commit order and a reader that has seen id N will never later find an id below N.
 */
@Entity({ tableName: 'event' })
@Index({ properties: ['type', 'id'] })
export class OutboxEvent {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Enum({ items: () => OutboxEventType })
  type!: OutboxEventType;

  /** Id of the session, offer, referral or webhook endpoint. */
  @Property({ type: 'integer' })
  entityId!: number;

  /** What subscribers are matched on: public fields and ids (never personal data). */
  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
