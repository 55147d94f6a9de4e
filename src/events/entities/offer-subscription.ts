import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Account } from '../../access';
import type { CriteriaValues } from '../../common/criteria';
import type { OFFER_CRITERIA } from '../../offers';
import type { SESSION_CRITERIA } from '../../sessions';

/**
 * What a stored partner subscription matches (all given criteria must hold): the location and métiers, and the
 * criteria sessions and offers declare (sessionKinds, objectives...).
 */
export interface OfferFilterData extends CriteriaValues<typeof SESSION_CRITERIA, 'event', true>, CriteriaValues<typeof OFFER_CRITERIA, 'event', true> {
  romeCodes?: string[];
  departementCodes?: string[];
  communeCodes?: string[];
  near?: { latitude: number; longitude: number; radiusKm: number };
  /** SESSION, IMMERSION_OFFER: which kinds of offers; both when absent. */
  offerKinds?: string[];
}

/** A partner's named, stored subscription to new visit slots and immersion offers (`subscribeToOffers`). */
@Entity({ tableName: 'offer_subscription' })
@Unique({ properties: ['account', 'name'] })
export class OfferSubscription {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Index()
  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'json' })
  filter!: OfferFilterData;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
