// The public surface of events: what other capabilities may import from it (dependency-cruiser checks it).
export { OfferSubscription } from './entities/offer-subscription';
export { emitOfferPublished, emitReferralUpdated, emitSessionSlot } from './outbox';
