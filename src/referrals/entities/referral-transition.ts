import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ReferralStatus } from '../rules/referral-status';
import type { Account } from '../../access';
import { Referral } from './referral';

/** One step of a referral's life: who moved it, when, from which status to which, and why. */
@Entity({ tableName: 'referral_transition' })
export class ReferralTransition {
  [OptionalProps]?: 'fromStatus' | 'actor' | 'reason' | 'at';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Referral, { deleteRule: 'cascade' })
  referral!: Referral;

  /** Null for the creation step. */
  @Enum({ items: () => ReferralStatus, nullable: true })
  fromStatus?: ReferralStatus | null;

  @Enum({ items: () => ReferralStatus })
  toStatus!: ReferralStatus;

  /** Null when the system moved it (expiry, promotion from the waiting list). */
  @Index()
  @ManyToOne({ entity: () => 'Account', nullable: true })
  actor?: Account | null;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();
}
