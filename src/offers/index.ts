// The public surface of offers: what other capabilities may import from it (dependency-cruiser checks it).
export { ImmersionObjective } from './rules/immersion-objective';
export { OfferStatus } from './rules/offer-status';
export { OFFER_CRITERIA } from './rules/offer-criteria';
export { offerTakesReferrals } from './rules/offer-transitions';
export { ImmersionOffer } from './entities/immersion-offer';
export { immersionOffersByIds, type ImmersionOfferRow } from './queries/immersion-offers';
export { ImmersionOfferType } from './graphql/immersion-offer.types';
