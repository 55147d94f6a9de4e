import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxEventRow } from '../events/outbox-reader';
import type { Interest } from '../events/subscriber-index';
import type { TokenPolicy } from '../access/use-cases/accounts';
import type { Viewer } from '../access/rules/viewer';
import type { ExecutionBudget } from './execution-budget';
import type { Loaders } from './loaders';
import type { WebhookSettings } from '../webhooks/settings';

/** What a subscription needs from the server: the instance's event relay (events/event-relay.ts) and its own socket. */
export interface SubscriptionChannel {
  /** Newest event dispatched by this instance's event relay. */
  head(): number;
  /**
   * Receives the events this instance reads from the outbox that `interest` selects (every event without one: the
   * event relay's fan-out index finds a subscriber only under its keys); returns the unsubscribe function.
   */
  listen(listener: (event: OutboxEventRow) => void, interest?: Interest): () => void;
  /** Bytes written to the socket and not yet sent: a slow consumer shows here first. */
  bufferedAmount(): number;
  /** Closes the client's socket (slow consumer). */
  close(code: number, reason: string): void;
}

/** What every resolver gets: the request's own EntityManager fork, the viewer, and the request's loaders. */
export interface GraphQLContext {
  /** The request's own fork (on graphql-ws operations made when first used: an idle subscription holds none). */
  em: EntityManager;
  /**
   * Where `em` comes from, never used for work itself: what forks apart from the request's own (an event's shared
   * execution, events/graphql/multiplex.ts) and what per-database caches are keyed by are taken from it.
   */
  origin: EntityManager;
  viewer: Viewer;
  /** Per request (made when first used on graphql-ws operations); for subscriptions, renewed for every event (their data changes between events). */
  loaders: Loaders;
  /** Largest `first` a client may ask for. */
  maxPageSize: number;
  /** What createApiToken allows (configuration). */
  tokenPolicy: TokenPolicy;
  /** Present on graphql-ws operations. */
  channel?: SubscriptionChannel;
  /** Objects and time this operation may still use (execution-budget.ts); absent on contexts made for events. */
  budget?: ExecutionBudget;
  /** Webhook target policy (configuration); the strictest when absent. */
  webhooks?: WebhookSettings;
}
