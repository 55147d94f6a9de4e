import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { OFFER_CRITERIA, ImmersionOfferType } from '../../offers';
import { ReferralStatus, ReferralType } from '../../referrals';
import { SESSION_CRITERIA, SessionType } from '../../sessions';
import { NearInput } from '../../territories';
import type { CriteriaValues } from '../../common/criteria';
import { addCriteriaFields } from '../../graphql/criteria-fields';

type EventCriteria = CriteriaValues<typeof SESSION_CRITERIA, 'event'> & CriteriaValues<typeof OFFER_CRITERIA, 'event'>;

@InputType('OfferEventFilter', { description: 'Which new visit slots and immersion offers to receive; every given criterion must hold.' })
export class OfferEventFilterInput {
  @Field(() => [String], { nullable: true, description: 'ROME fiches, domaines or grands domaines: F1701, F17, F.' })
  romeCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'INSEE codes of départements.' })
  departementCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'INSEE codes of communes.' })
  communeCodes?: string[] | null;

  @Field(() => NearInput, { nullable: true, description: 'Within a distance of a point.' })
  near?: NearInput | null;

  @Field(() => [String], { nullable: true, description: 'SESSION and/or IMMERSION_OFFER (offerFeed and stored subscriptions); both when absent.' })
  offerKinds?: string[] | null;
}

// The criteria sessions and offers declare (sessionKinds, objectives...): src/*/rules/*-criteria.ts.
export interface OfferEventFilterInput extends EventCriteria {}
addCriteriaFields(OfferEventFilterInput, SESSION_CRITERIA, 'event');
addCriteriaFields(OfferEventFilterInput, OFFER_CRITERIA, 'event');

@ObjectType('OfferFilter', { description: 'A stored filter (see OfferEventFilter).', simpleResolvers: true })
export class OfferFilterType {
  @Field(() => [String], { nullable: true })
  romeCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  departementCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  communeCodes?: string[] | null;

  @Field(() => NearType, { nullable: true })
  near?: NearType | null;

  @Field(() => [String], { nullable: true })
  offerKinds?: string[] | null;
}

export interface OfferFilterType extends EventCriteria {}
addCriteriaFields(OfferFilterType, SESSION_CRITERIA, 'event');
addCriteriaFields(OfferFilterType, OFFER_CRITERIA, 'event');

@ObjectType('Near', { simpleResolvers: true })
export class NearType {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field(() => Float)
  radiusKm!: number;
}

@ObjectType('OfferSubscription', { description: 'A partner\'s stored, named subscription: what `offerFeed` delivers.', simpleResolvers: true })
export class OfferSubscriptionType {
  @Field(() => String)
  id!: string;

  @Field()
  name!: string;

  @Field(() => OfferFilterType)
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
  @Field()
  cursor!: string;

  @Field(() => ImmersionOfferType, { nullable: true })
  immersionOffer!: unknown;
}

@ObjectType('OfferFeedEvent', { description: 'A new visit slot or immersion offer matching one of your stored subscriptions.', simpleResolvers: true })
export class OfferFeedEventType {
  @Field()
  cursor!: string;

  @Field(() => [String], { description: 'Names of your stored subscriptions it matched.' })
  matchedSubscriptions!: string[];

  @Field(() => SessionType, { nullable: true })
  session!: unknown;

  @Field(() => ImmersionOfferType, { nullable: true })
  immersionOffer!: unknown;
}

@ObjectType('ReferralEvent', { description: 'A referral you may see changed status.', simpleResolvers: true })
export class ReferralEventType {
  @Field()
  cursor!: string;

  @Field(() => ReferralStatus, { description: 'The status it moved to.' })
  status!: ReferralStatus;

  @Field(() => ReferralType, { nullable: true })
  referral!: unknown;
}
