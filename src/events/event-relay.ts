import { Client } from 'pg';
import { EVENTS_CHANNEL } from './outbox';
import { OutboxEventType } from './entities/outbox-event';
import { lastEventId, readEvents, type OutboxEventRow } from './outbox-reader';
import { outboxEventKeys, SubscriberIndex, type Interest } from './subscriber-index';
import type { Logger } from '../common/logger';
import type { Orm } from '../db/orm';

export type EventListener = (event: OutboxEventRow) => void;

const BATCH = 500;
/** Where the database says a token or account changed (Migration20261123140000TokenChanges). */
const TOKENS_CHANNEL = 'relais_tokens';

/** Delays between attempts to LISTEN again after the connection was lost. */
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5000;

/** A listener that said nothing of what it wants gets every event. */
const EVERYTHING: Interest = { types: Object.values(OutboxEventType), keys: 'all' };

/**
 * One per instance: LISTENs for the outbox wake-up (one NOTIFY per transaction), reads the new events in id order,
 * in batches, and hands each to the subscribers that may want it: those its index finds for the event's type and
 * keys (département, commune, ROME domaine, grid cell; referral parties), which then test it exactly; never to
 * every subscriber (docs/architecture.md, "How events flow"). Nothing depends on the memory of the instance that
 * wrote an event. A slow poll covers wake-ups lost while the listening connection was down.
 *
 * "Relay" as in relaying outbox events to subscriptions; the Relay cursor connections of the API are
 * graphql/connections.ts.
 */
export class EventRelay {
  /** This instance's subscribers, by what they may want. */
  readonly index = new SubscriberIndex<EventListener>(outboxEventKeys);
  private client: Client | null = null;
  private lastId = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | null = null;
  private stopped = false;
  private reconnecting: NodeJS.Timeout | null = null;
  private reconnectDelayMs = RECONNECT_MIN_MS;
  private readonly tokenListeners = new Set<() => void>();

  constructor(
    private readonly orm: Orm,
    private readonly url: string,
    private readonly logger: Logger,
    private readonly pollMs = 5000,
  ) {}

  /** The id of the newest event this relay has dispatched: live subscribers start after it. */
  get head(): number {
    return this.lastId;
  }

  async start(): Promise<void> {
    this.lastId = await lastEventId(this.orm.em.fork());
    await this.listen();
    this.poll = setInterval(() => this.wake(), this.pollMs);
    this.poll.unref();
  }

  /** Calls `listener` whenever a token or account may have changed (NOTIFY relais_tokens, or the connection was lost). */
  onTokensChanged(listener: () => void): void {
    this.tokenListeners.add(listener);
  }

  /**
   * Tells the listeners a token or account may have changed: on the NOTIFY, and, called by the server, when a request
   * served here has committed such a change (before its answer goes: the NOTIFY may come back after the caller's
   * next request).
   */
  tokensChanged(): void {
    for (const listener of this.tokenListeners) listener();
  }

  /** Whether the LISTEN connection is up (false while it reconnects: the poll delivers meanwhile). */
  get listening(): boolean {
    return this.client !== null;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', (message) => (message.channel === TOKENS_CHANNEL ? this.tokensChanged() : this.wake()));
    // A backend terminated, a server restarted or failed over: 'error', then 'end' (either alone on some paths).
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${EVENTS_CHANNEL}`);
      await client.query(`listen ${TOKENS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelayMs = RECONNECT_MIN_MS;
    this.tokensChanged();
    this.wake(); // catch up on what committed while not listening
  }

  /** The listening connection died: forget it and reconnect (once, however many events say so). */
  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.logger.warn({ err: error }, 'event relay connection lost; reconnecting');
    this.tokensChanged(); // a change may be missed while not listening
    this.reconnect();
  }

  /**
   * Tries to LISTEN again after a delay, doubling up to RECONNECT_MAX_MS while the database stays unreachable: a
   * failed attempt schedules the next one (it used to give up after one failure, leaving only the poll).
   */
  private reconnect(): void {
    if (this.stopped || this.reconnecting) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(delay * 2, RECONNECT_MAX_MS);
    this.reconnecting = setTimeout(() => {
      this.reconnecting = null;
      this.listen().catch((error: unknown) => {
        this.logger.warn({ err: error, retryInMs: this.reconnectDelayMs }, 'event relay could not listen; retrying');
        this.reconnect();
      });
    }, delay);
    this.reconnecting.unref();
  }

  /** Hands `listener` the events `interest` selects (all without one), from the next one read. */
  subscribe(listener: EventListener, interest: Interest = EVERYTHING): () => void {
    this.index.add(listener, interest);
    return () => this.index.remove(listener);
  }

  /** Reads and dispatches new events; wake-ups during a read cause one more read, never two at once. */
  wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'event relay read failed'))
      .finally(() => {
        this.reading = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    const em = this.orm.em.fork();
    for (;;) {
      const events = await readEvents(em, this.lastId, BATCH);
      for (const event of events) {
        this.lastId = event.id;
        for (const listener of this.index.candidates(event)) {
          try {
            listener(event);
          } catch (error) {
            this.logger.error({ err: error, eventId: event.id }, 'event listener failed');
          }
        }
      }
      if (events.length < BATCH) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.reconnecting) clearTimeout(this.reconnecting);
    await this.reading;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
