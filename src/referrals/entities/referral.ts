import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ContractType } from '../rules/contract-type';
import { NoShowParty } from '../rules/no-show-party';
import { ReferralOutcome } from '../rules/referral-outcome';
import { ReferralStatus } from '../rules/referral-status';
import { RefusalReason } from '../rules/refusal-reason';
import type { Account } from '../../access';
import { ImmersionOffer } from '../../offers';
import { Participant } from '../../participants';
import { Session } from '../../sessions';
import { Structure } from '../../network';

/** A prescriber's referral (prescription / orientation) of a participant to a session or an immersion offer. */
@Entity({ tableName: 'referral' })
@Check({ name: 'referral_one_target', expression: '(session_id is null) <> (immersion_offer_id is null)' })
// One open referral per person and target, and the waiting list's order: partial indexes (Mutations migration),
// declared so that migration:create keeps them.
@Index({ name: 'referral_open_per_session', expression: `create unique index "referral_open_per_session" on "referral" ("participant_id", "session_id") where "session_id" is not null and "status" in ('PENDING', 'ACCEPTED', 'WAITLISTED')` })
@Index({ name: 'referral_open_per_offer', expression: `create unique index "referral_open_per_offer" on "referral" ("participant_id", "immersion_offer_id") where "immersion_offer_id" is not null and "status" in ('PENDING', 'ACCEPTED', 'WAITLISTED')` })
@Index({ name: 'referral_waitlist', expression: `create index "referral_waitlist" on "referral" ("session_id", "waitlisted_at", "id") where "status" = 'WAITLISTED'` })
// Referrals to offers by the day they were sent, for indicators (Indicators migration).
@Index({ name: 'referral_offer_created_at', expression: `create index "referral_offer_created_at" on "referral" ("created_at") where "immersion_offer_id" is not null` })
// Status and participant of a session's referrals from the index alone, for indicators (Indicators migration).
@Index({ name: 'referral_session_indicators', properties: ['session', 'status', 'participant'] })
@Index({ properties: ['session', 'status'] })
@Index({ properties: ['status', 'createdAt'] })
export class Referral {
  [OptionalProps]?:
    | 'prescriberAccount' | 'session' | 'immersionOffer' | 'status' | 'refusalReason' | 'refusalDetail'
    | 'refusalSharedWithParticipant' | 'noShowParty' | 'outcome' | 'contractType' | 'outcomeNote'
    | 'cancellationReason' | 'waitlistedAt' | 'answeredAt' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Participant)
  participant!: Participant;

  /** The prescribing structure (it keeps the follow-up). */
  @Index()
  @ManyToOne(() => Structure)
  prescriberStructure!: Structure;

  @Index()
  @ManyToOne({ entity: () => 'Account', nullable: true })
  prescriberAccount?: Account | null;

  @Index()
  @ManyToOne(() => Session, { nullable: true })
  session?: Session | null;

  @Index()
  @ManyToOne(() => ImmersionOffer, { nullable: true })
  immersionOffer?: ImmersionOffer | null;

  /** Why the prescriber refers this person; null once the participant is erased. */
  @Property({ type: 'text', nullable: true })
  motive!: string | null;

  @Index()
  @Enum({ items: () => ReferralStatus, default: ReferralStatus.PENDING })
  status: ReferralStatus = ReferralStatus.PENDING;

  @Enum({ items: () => RefusalReason, nullable: true })
  refusalReason?: RefusalReason | null;

  @Property({ type: 'text', nullable: true })
  refusalDetail?: string | null;

  @Property({ type: 'boolean', nullable: true })
  refusalSharedWithParticipant?: boolean | null;

  @Enum({ items: () => NoShowParty, nullable: true })
  noShowParty?: NoShowParty | null;

  @Enum({ items: () => ReferralOutcome, nullable: true })
  outcome?: ReferralOutcome | null;

  @Enum({ items: () => ContractType, nullable: true })
  contractType?: ContractType | null;

  @Property({ type: 'text', nullable: true })
  outcomeNote?: string | null;

  /** Why it was cancelled: WITHDRAWN, SESSION_CANCELLED, OFFER_CLOSED, EXPIRED (rules/referral-transitions.ts). */
  @Property({ type: 'string', length: 32, nullable: true })
  cancellationReason?: string | null;

  /** When it joined the waiting list: promotion follows this order. */
  @Property({ type: 'datetime', nullable: true })
  waitlistedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  answeredAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
