import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { FollowUpMilestone, FollowUpSituation } from '../rules/follow-up';
import { Referral } from './referral';

/**
 * One follow-up of a completed referral (3 or 6 months after, rules/follow-up.ts), created by completeReferral and
 * recorded by its prescriber. Indicators count durable outcomes from this table: `durable` is written from the rule
 * (isDurableEmployment) and the check below keeps it equal to the rule's SQL form.
 */
@Entity({ tableName: 'referral_follow_up' })
@Unique({ properties: ['referral', 'milestone'] })
// The follow-up job and `referrals(filter: { followUpDue })` look for unrecorded ones by due date.
@Index({ name: 'referral_follow_up_open', expression: `create index "referral_follow_up_open" on "referral_follow_up" ("due_on", "id") where "recorded_at" is null` })
@Check({ name: 'referral_follow_up_contract_months', expression: '(contract_months >= 1) AND (contract_months <= 600)' })
@Check({
  name: 'referral_follow_up_durable',
  expression:
    "(durable IS NULL) = (situation IS NULL) AND ((durable IS NULL) OR (durable = ((situation = ANY (ARRAY['CDI'::text, 'CREATION'::text])) OR ((situation = ANY (ARRAY['CDD'::text, 'INTERIM'::text])) AND (contract_months >= 6)))))",
})
export class ReferralFollowUp {
  [OptionalProps]?: 'dueNotifiedAt' | 'overdueAt' | 'situation' | 'contractMonths' | 'durable' | 'note' | 'recordedAt' | 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Referral, { deleteRule: 'cascade' })
  referral!: Referral;

  @Enum({ items: () => FollowUpMilestone })
  milestone!: FollowUpMilestone;

  /** Paris calendar day it is due: 3 or 6 months after the day the referral was completed. */
  @Property({ type: 'date' })
  dueOn!: string;

  /** When the follow-up job told the prescriber it was due (its event); null before. */
  @Property({ type: 'datetime', nullable: true })
  dueNotifiedAt?: Date | null;

  /** When the follow-up job marked it overdue (FOLLOW_UP_OVERDUE_DAYS after its due date, unrecorded); null otherwise. */
  @Property({ type: 'datetime', nullable: true })
  overdueAt?: Date | null;

  @Enum({ items: () => FollowUpSituation, nullable: true })
  situation?: FollowUpSituation | null;

  /** Length of the CDD or interim contract, in months; null for the other situations. */
  @Property({ type: 'smallint', nullable: true })
  contractMonths?: number | null;

  /** Durable employment (rules/follow-up.ts, isDurableEmployment); null until recorded. */
  @Property({ type: 'boolean', nullable: true })
  durable?: boolean | null;

  /** The prescriber's note (free text, personal data): erased with the participant's data, the situation kept. */
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'datetime', nullable: true })
  recordedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
