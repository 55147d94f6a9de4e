/**
 * How the mobile app follows new immersion offers (PMSMP) near a person, over graphql-ws, without ever missing one:
 * it keeps the cursor of the last event it handled and gives it back as `after` when it reconnects.
 *
 *   npm run build && RELAIS_TOKEN=rls_demo_crepi_portal node dist/schema/examples/mobile-offers.js
 *
 * Options (environment): RELAIS_URL (default ws://127.0.0.1:4000/graphql), RELAIS_TOKEN, RELAIS_AFTER (a cursor),
 * RELAIS_NEAR ("lat,lon,km", default Libourne 44.9153,-0.2439,30).
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export const OFFERS_SUBSCRIPTION = /* GraphQL */ `
  subscription Offers($filter: OfferEventFilter, $after: String) {
    immersionOfferPublished(filter: $filter, after: $after) {
      cursor
      immersionOffer { id title objective availableFrom availableUntil company { name } metier { code label } distanceKm }
    }
  }
`;

export interface OfferEvent {
  cursor: string;
  immersionOffer: { id: string; title: string; objective: string; company: { name: string } | null; metier: { code: string; label: string } | null } | null;
}

export interface FollowOptions {
  url: string;
  token: string;
  near: { latitude: number; longitude: number; radiusKm: number };
  /** Resume after this cursor (the last one handled); from now when absent. */
  after?: string;
  onEvent: (event: OfferEvent) => void;
}

/**
 * Follows offers; on every reconnection (tunnel, airplane mode) graphql-ws subscribes again, and the subscription
 * resumes after the last cursor handled, so nothing is lost and nothing comes twice. Returns a stop function.
 */
export function followOffers(options: FollowOptions): { stop: () => Promise<void>; client: Client } {
  let after = options.after ?? null;
  let stopSubscription: () => void = () => undefined;
  const client = createClient({
    url: options.url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${options.token}` },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      // graphql-ws re-sends active subscriptions after a reconnect with the variables they were created with:
      // subscribe anew instead, with the latest cursor.
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) subscribe();
      },
    },
  });
  const subscribe = () => {
    stopSubscription();
    stopSubscription = client.subscribe<{ immersionOfferPublished: OfferEvent }>(
      { query: OFFERS_SUBSCRIPTION, variables: { filter: { near: options.near }, after } },
      {
        next: (result) => {
          const event = result.data?.immersionOfferPublished;
          if (!event) return;
          after = event.cursor;
          options.onEvent(event);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  };
  subscribe();
  return {
    client,
    stop: async () => {
      stopSubscription();
      await client.dispose();
    },
  };
}

if (require.main === module) {
  const [latitude, longitude, radiusKm] = (process.env.RELAIS_NEAR ?? '44.9153,-0.2439,30').split(',').map(Number) as [number, number, number];
  const { stop } = followOffers({
    url: process.env.RELAIS_URL ?? 'ws://127.0.0.1:4000/graphql',
    token: process.env.RELAIS_TOKEN ?? 'rls_demo_crepi_portal',
    near: { latitude, longitude, radiusKm },
    after: process.env.RELAIS_AFTER,
    onEvent: (e) => console.log(JSON.stringify({ cursor: e.cursor, offer: e.immersionOffer?.title, company: e.immersionOffer?.company?.name })),
  });
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
}
