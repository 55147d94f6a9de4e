import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An event written by a transaction that has not committed yet (Migration20261203143000EventsAtCommit). A deferred
 * trigger moves a transaction's rows into `event` at its commit, under the outbox lock, and deletes them: a committed
 * transaction leaves none behind. Written by events/outbox.ts only; declared so that the entities describe the whole
 * schema.
 */
@Entity({ tableName: 'event_pending' })
export class PendingEvent {
  /** Keeps a transaction's events in the order it wrote them. */
  @PrimaryKey({ type: 'bigint' })
  seq!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'integer' })
  entityId!: number;

  @Property({ type: 'json' })
  data!: Record<string, unknown>;
}
