import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { OFFER_CRITERIA } from '../../offers';
import { SESSION_CRITERIA } from '../../sessions';
import { NearInput } from '../../territories';
import type { CriteriaValues } from '../../common/criteria';
import { addCriteriaFields } from '../../graphql/criteria-fields';

// The filters of subscriptions, stored subscriptions and webhooks; apart from the event types (events.types.ts),
// which reach the referrals, so that the public surface (index.ts) can export them without an import cycle.

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
  @Field(() => [String], { nullable: true, description: 'ROME fiches, domaines or grands domaines: F1701, F17, F; null: any.' })
  romeCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'INSEE codes of départements; null: any.' })
  departementCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'INSEE codes of communes; null: any.' })
  communeCodes?: string[] | null;

  @Field(() => NearType, { nullable: true, description: 'Within a distance of a point; null: anywhere.' })
  near?: NearType | null;

  @Field(() => [String], { nullable: true, description: 'SESSION and/or IMMERSION_OFFER; null: both.' })
  offerKinds?: string[] | null;
}

export interface OfferFilterType extends EventCriteria {}
addCriteriaFields(OfferFilterType, SESSION_CRITERIA, 'event');
addCriteriaFields(OfferFilterType, OFFER_CRITERIA, 'event');

@ObjectType('Near', { description: 'A disc around a point (see NearInput).', simpleResolvers: true })
export class NearType {
  @Field(() => Float, { description: 'Latitude in degrees (WGS 84).' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude in degrees (WGS 84).' })
  longitude!: number;

  @Field(() => Float, { description: 'Radius in kilometres.' })
  radiusKm!: number;
}
