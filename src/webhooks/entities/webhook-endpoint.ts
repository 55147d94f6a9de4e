import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Account } from '../../access';
import type { OfferFilterData } from '../../events';

/**
 * A partner's webhook: where the hub POSTs the events of the given kinds that pass the filter, signed with its
 * secret (Standard Webhooks). `cursor` is the last outbox event the dispatcher has considered for it.
 */
@Entity({ tableName: 'webhook_endpoint' })
export class WebhookEndpoint {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'cursor' | 'filter';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Outbox event kinds (OutboxEventType values) this endpoint receives. */
  @Property({ type: 'json' })
  events!: string[];

  @Property({ type: 'json', defaultRaw: `'{}'` })
  filter: OfferFilterData = {};

  /** `whsec_...`, sealed (secret-box.ts) when a key is configured. */
  @Property({ type: 'text' })
  secret!: string;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Property({ type: 'text', nullable: true })
  previousSecret?: string | null;

  @Property({ type: 'datetime', nullable: true })
  previousSecretExpiresAt?: Date | null;

  @Property({ type: 'bigint', defaultRaw: '0' })
  cursor: string = '0';

  /** Since when every attempt has failed (null after a success). */
  @Property({ type: 'datetime', nullable: true })
  failingSince?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date | null;

  /** MANUAL or FAILING. */
  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
