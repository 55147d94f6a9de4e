import { Field, Int, ObjectType } from 'type-graphql';
import { ContractType } from '../rules/contract-type';
import { NoShowParty } from '../rules/no-show-party';
import { ReferralOutcome } from '../rules/referral-outcome';
import { ReferralStatus } from '../rules/referral-status';
import { RefusalReason } from '../rules/refusal-reason';
import { Node } from '../../graphql/connections';
import { DateTime, LocalDate } from '../../graphql/scalars';
import { FollowUpMilestone, FollowUpSituation, FollowUpStatus } from '../rules/follow-up';

@ObjectType('ReferralTransition', { description: 'One step of a referral\'s life: when, from which status to which, and why.', simpleResolvers: true })
export class ReferralTransitionType {
  @Field(() => ReferralStatus, { nullable: true, description: 'Null for the creation step.' })
  fromStatus!: ReferralStatus | null;

  @Field(() => ReferralStatus, { description: 'The status the referral moved to.' })
  toStatus!: ReferralStatus;

  // `reason` is resolved in referral.resolver.ts: it may hold a person's free text, audited when read.

  @Field(() => DateTime, { description: 'When the step happened.' })
  at!: Date;
}

@ObjectType('Referral', {
  implements: Node,
  description: 'A referral (prescription / orientation): a prescriber refers a participant to a session or an immersion offer; the host answers.',
  simpleResolvers: true,
})
export class ReferralType {
  // `motive`, `refusalDetail` and `outcomeNote` are resolved in referral.resolver.ts: free texts about a person,
  // audited as personal data when read.

  @Field(() => ReferralStatus, { description: 'Where the referral stands now.' })
  status!: ReferralStatus;

  @Field(() => RefusalReason, { nullable: true, description: 'Why the host refused; null for the participant when the host did not share it.' })
  refusalReason!: RefusalReason | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the refusal reason may be shared with the participant.' })
  refusalSharedWithParticipant!: boolean | null;

  @Field(() => NoShowParty, { nullable: true, description: 'Who missed the session, when the status is NO_SHOW; null otherwise.' })
  noShowParty!: NoShowParty | null;

  @Field(() => ReferralOutcome, { nullable: true, description: 'What came out of it, once its prescriber completed it (COMPLETED); null before.' })
  outcome!: ReferralOutcome | null;

  @Field(() => ContractType, { nullable: true, description: 'Contract type of the hire when the outcome is HIRED; null otherwise.' })
  contractType!: ContractType | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled: WITHDRAWN, SESSION_CANCELLED, OFFER_CLOSED or EXPIRED (no answer in time).' })
  cancellationReason!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When it joined the waiting list (promotion follows this order).' })
  waitlistedAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When the host first answered.' })
  answeredAt!: Date | null;

  @Field(() => DateTime, { description: 'When the prescriber sent it.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'When it last changed.' })
  updatedAt!: Date;
}

@ObjectType('ReferralFollowUp', {
  description: 'A follow-up of a completed referral (3 or 6 months after), recorded by its prescriber. Read by network admins, the prescribing and referent structures and the participant; never by the host.',
  simpleResolvers: true,
})
export class ReferralFollowUpType {
  @Field(() => FollowUpMilestone, { description: 'Which follow-up: 3 or 6 months after completion.' })
  milestone!: FollowUpMilestone;

  @Field(() => LocalDate, { description: 'The Paris calendar day it is due: 3 or 6 months after the day the referral was completed (the month\'s last day when it has no such day).' })
  dueOn!: string;

  @Field(() => FollowUpStatus, { description: 'Where it stands today (Paris).' })
  status!: FollowUpStatus;

  @Field(() => FollowUpSituation, { nullable: true, description: 'The participant\'s situation; null until recorded.' })
  situation!: FollowUpSituation | null;

  @Field(() => Int, { nullable: true, description: 'Length of the CDD or interim contract, in months; null for the other situations and until recorded.' })
  contractMonths!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Durable employment, computed from the situation (a CDI, a CDD or interim of 6 months or more, or a business created: docs/domain.md); null until recorded.',
  })
  durableEmployment!: boolean | null;

  // `note` is resolved in referral.resolver.ts: a free text about the person, audited when read.

  @Field(() => DateTime, { nullable: true, description: 'When it was recorded; null before.' })
  recordedAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When the follow-up job marked it overdue; null if it never was.' })
  overdueAt!: Date | null;
}
