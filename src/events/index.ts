// The public surface of events: what other capabilities may import from it (dependency-cruiser checks it).
export { OfferSubscription } from './entities/offer-subscription';
export { OutboxEventType } from './entities/outbox-event';
export { emitEvent, eventInsertSql } from './outbox';
// For webhooks (src/webhooks): the same filters, audience and cursors as the subscriptions.
export type { OfferFilterData } from './entities/offer-subscription';
export { matchesOfferEvent, validateOfferEventFilter, type OfferEventData } from './rules/offer-event-filter';
export { mayConcern, type ReferralEventData } from './rules/referral-event-audience';
export { lastEventId, readEvents, type OutboxEventRow } from './outbox-reader';
export { eventCursor, parseEventCursor } from './graphql/event-stream';
export { accountEventStream } from './graphql/account-events';
export { OfferEventFilterInput, OfferFilterType } from './graphql/offer-filter.types';
