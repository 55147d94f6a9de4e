import { Field, ObjectType } from 'type-graphql';
import { ImmersionOfferType } from '../../offers';
import { FollowUpMilestone, FollowUpStatus, ReferralChange, ReferralStatus, ReferralType } from '../../referrals';
import { SessionType } from '../../sessions';
import { OfferFilterType } from './offer-filter.types';

export { NearType, OfferEventFilterInput, OfferFilterType } from './offer-filter.types';

@ObjectType('OfferSubscription', { description: 'A partner\'s stored, named subscription: what `offerFeed` delivers.', simpleResolvers: true })
export class OfferSubscriptionType {
  @Field(() => String, { description: 'Its id (for unsubscribeFromOffers).' })
  id!: string;

  @Field({ description: 'Your name for it, unique per account.' })
  name!: string;

  @Field(() => OfferFilterType, { description: 'What it matches.' })
  filter!: OfferFilterType;
}

@ObjectType('VisitSlotEvent', { description: 'A session with seats was published, or reopened after being full.', simpleResolvers: true })
export class VisitSlotEventType {
  @Field({ description: 'Cursor of this event: give it as `after` when reconnecting to get what you missed.' })
  cursor!: string;

  @Field({ description: 'PUBLISHED or REOPENED.' })
  reason!: string;

  @Field(() => SessionType, { nullable: true, description: 'The session as it is now (null if no longer visible to you).' })
  session!: unknown;
}

@ObjectType('ImmersionOfferEvent', { description: 'An immersion offer (PMSMP) was published.', simpleResolvers: true })
export class ImmersionOfferEventType {
  @Field({ description: 'Cursor of this event: give it as `after` when reconnecting to get what you missed.' })
  cursor!: string;

  @Field(() => ImmersionOfferType, { nullable: true, description: 'The offer as it is now (null if no longer visible to you).' })
  immersionOffer!: unknown;
}

@ObjectType('OfferFeedEvent', { description: 'A new visit slot or immersion offer matching one of your stored subscriptions.', simpleResolvers: true })
export class OfferFeedEventType {
  @Field({ description: 'Cursor of this event: give it as `after` when reconnecting to get what you missed.' })
  cursor!: string;

  @Field(() => [String], { description: 'Names of your stored subscriptions it matched.' })
  matchedSubscriptions!: string[];

  @Field(() => SessionType, { nullable: true, description: 'The visit slot\'s session as it is now; null when the event is an offer, or the session is no longer visible to you.' })
  session!: unknown;

  @Field(() => ImmersionOfferType, { nullable: true, description: 'The immersion offer as it is now; null when the event is a visit slot, or the offer is no longer visible to you.' })
  immersionOffer!: unknown;
}

@ObjectType('ReferralFollowUpEvent', { description: 'What happened to a follow-up of the referral.', simpleResolvers: true })
export class ReferralFollowUpEventType {
  @Field(() => FollowUpMilestone, { description: 'Which follow-up: 3 or 6 months after completion.' })
  milestone!: FollowUpMilestone;

  @Field(() => FollowUpStatus, { description: 'DUE: its due day came; OVERDUE: still not recorded 30 days after it; RECORDED: its prescriber recorded it.' })
  status!: FollowUpStatus;
}

@ObjectType('ReferralEvent', { description: 'A referral you may see changed status, a debrief of it was recorded, or one of its follow-ups became due, overdue or was recorded (those go to the prescribing and referent structures only).', simpleResolvers: true })
export class ReferralEventType {
  @Field({ description: 'Cursor of this event: give it as `after` when reconnecting to get what you missed.' })
  cursor!: string;

  @Field(() => ReferralChange, { description: 'What changed: its status, a debrief was recorded (read it in `referral.debriefs`, as far as you may), or a follow-up (see `followUp`).' })
  change!: ReferralChange;

  @Field(() => ReferralStatus, { description: 'The status it moved to (STATUS), or its status when the debrief or follow-up event was made (COMPLETED for a follow-up).' })
  status!: ReferralStatus;

  @Field(() => ReferralFollowUpEventType, { nullable: true, description: 'Set when the event is about a follow-up rather than a status change; null otherwise.' })
  followUp!: ReferralFollowUpEventType | null;

  @Field(() => ReferralType, { nullable: true, description: 'The referral as it is now (null if no longer visible to you).' })
  referral!: unknown;
}
