import { Field, ObjectType } from 'type-graphql';
import { ImmersionOfferType } from '../../offers';
import { ReferralChange, ReferralStatus, ReferralType } from '../../referrals';
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

@ObjectType('ReferralEvent', { description: 'A referral you may see changed status, or a debrief of it was recorded.', simpleResolvers: true })
export class ReferralEventType {
  @Field({ description: 'Cursor of this event: give it as `after` when reconnecting to get what you missed.' })
  cursor!: string;

  @Field(() => ReferralChange, { description: 'What changed: its status, or a debrief was recorded (read it in `referral.debriefs`, as far as you may).' })
  change!: ReferralChange;

  @Field(() => ReferralStatus, { description: 'The status it moved to (STATUS), or its status when the debrief was recorded.' })
  status!: ReferralStatus;

  @Field(() => ReferralType, { nullable: true, description: 'The referral as it is now (null if no longer visible to you).' })
  referral!: unknown;
}
