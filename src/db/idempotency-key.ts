import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Account } from '../access/entities/account';

/**
 * A client's idempotency key for a creating mutation: the same key replayed by the same account returns the first
 * result; with a different input it is a CONFLICT. The unique index makes concurrent replays wait for the first.
 */
@Entity({ tableName: 'idempotency_key' })
@Unique({ properties: ['account', 'key'] })
export class IdempotencyKey {
  [OptionalProps]?: 'resultId' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'string', length: 128 })
  key!: string;

  /** The mutation it belongs to (`referParticipant`...). */
  @Property({ type: 'string', length: 64 })
  operation!: string;

  /** SHA-256 of the canonical input: tells a replay from a different request under the same key. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  /** Id of what the first request created. */
  @Property({ type: 'integer', nullable: true })
  resultId?: number | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
