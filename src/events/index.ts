// The public surface of events: what other capabilities may import from it (dependency-cruiser checks it).
export { OfferSubscription } from './entities/offer-subscription';
export { OutboxEventType } from './entities/outbox-event';
export { emitEvent } from './outbox';
