import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxEventType } from '../entities/outbox-event';
import { readEvents, type OutboxEventRow } from '../outbox-reader';
import type { Interest } from '../subscriber-index';
import type { SubscriptionChannel } from '../../graphql/context';

/** Undelivered events a subscription may hold, and socket bytes a client may leave unread, before it is closed. */
export const MAX_QUEUED_EVENTS = 1000;
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Close code for a client that does not keep up (private-use range of WebSocket close codes). */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

const BACKLOG_BATCH = 200;

export interface EventStreamOptions {
  channel: SubscriptionChannel;
  /** For the replay (or a function giving it when first needed: a live-only stream never reads the outbox itself). */
  em: EntityManager | (() => EntityManager);
  /** Replay everything after this cursor first; live only when null. */
  after: number | null;
  types: readonly OutboxEventType[];
  /**
   * Whether this subscriber gets this event, synchronously, from the event alone (filters): tested as the event relay
   * dispatches a live event, so that a subscriber is not even queued or woken for what it does not want; and on
   * replayed events.
   */
  test?: (event: OutboxEventRow) => boolean;
  /** What `test` cannot decide (authorization against the database), on the events that passed it; may be async. */
  accept?: (event: OutboxEventRow) => boolean | Promise<boolean>;
  /**
   * For the event relay's fan-out index (subscriber-index.ts): keys under which this subscriber is found, `all` when
   * absent. Only events sharing a key with it are tested.
   */
  keys?: Interest['keys'];
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };
const resolvedDone = () => Promise.resolve(DONE);

/**
 * The events of one subscription, in cursor order, each once: the replay from the outbox after `after`, then the
 * live events of this instance's event relay (event-relay.ts). It listens before reading the backlog and skips what it has already
 * delivered, so the seam between the two has neither a gap nor a duplicate.
 *
 * A hand-written iterator rather than an async generator: a live event already queued and accepted is handed out
 * in a resolved promise, without the generator's extra promises and microtasks (thousands per event in a fan-out).
 */
export function eventStream(options: EventStreamOptions): AsyncIterableIterator<OutboxEventRow> {
  const { channel, em, types, test, accept } = options;
  const queue: OutboxEventRow[] = [];
  let overflow = false;
  let finished = false;
  let last = options.after ?? channel.head();
  let replaying = options.after !== null;
  let backlog: OutboxEventRow[] = [];
  let backlogDone = false;
  /** The pending `next()` of a consumer waiting for a live event. */
  let waiting: { resolve: (r: IteratorResult<OutboxEventRow>) => void; reject: (e: unknown) => void } | null = null;

  const stopListening = channel.listen(
    (event) => {
      if (finished || !types.includes(event.type) || (test && !test(event))) return;
      if (queue.length >= MAX_QUEUED_EVENTS) overflow = true;
      else queue.push(event);
      if (waiting) {
        // Handed to the waiting consumer directly: no promise of its own for an event accepted at once.
        const step = liveStep();
        const w = waiting;
        if (step === undefined || !w) return;
        waiting = null;
        if (step instanceof Promise) step.then(w.resolve, w.reject);
        else w.resolve(step);
      }
    },
    { types, keys: options.keys ?? 'all' },
  );

  function finish(): void {
    if (finished) return;
    finished = true;
    stopListening();
    if (waiting) {
      const w = waiting;
      waiting = null;
      w.resolve(DONE);
    }
  }

  const slow = () => overflow || channel.bufferedAmount() > MAX_BUFFERED_BYTES;

  /** The next live event's step: at once when decided synchronously, a promise when `accept` is, undefined when none is queued. */
  function liveStep(): IteratorResult<OutboxEventRow> | Promise<IteratorResult<OutboxEventRow>> | undefined {
    for (;;) {
      if (finished) return DONE;
      if (slow()) {
        finish();
        channel.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: too many undelivered events');
        return DONE;
      }
      const event = queue.shift();
      if (!event) return undefined;
      if (event.id <= last) continue;
      last = event.id;
      const accepted = accept ? accept(event) : true;
      if (accepted === true) return { value: event, done: false };
      if (accepted === false) continue;
      return accepted.then(
        (yes) => (yes && !finished ? { value: event, done: false } : liveNext()),
        (error: unknown) => {
          finish();
          throw error;
        },
      );
    }
  }

  function liveNext(): Promise<IteratorResult<OutboxEventRow>> {
    const step = liveStep();
    if (step === undefined) return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    return step instanceof Promise ? step : Promise.resolve(step);
  }

  async function replayNext(): Promise<IteratorResult<OutboxEventRow>> {
    try {
      for (;;) {
        if (finished) return DONE;
        if (backlog.length === 0) {
          if (backlogDone) {
            replaying = false;
            return liveNext();
          }
          backlog = await readEvents(typeof em === 'function' ? em() : em, last, BACKLOG_BATCH, types);
          if (backlog.length < BACKLOG_BATCH) backlogDone = true;
          continue;
        }
        const event = backlog.shift()!;
        last = event.id;
        if ((test ? test(event) : true) && (accept ? await accept(event) : true) && !finished) return { value: event, done: false };
      }
    } catch (error) {
      finish();
      throw error;
    }
  }

  const iterator: AsyncIterableIterator<OutboxEventRow> = {
    next: () => (finished ? resolvedDone() : replaying ? replayNext() : liveNext()),
    // A consumer waiting for the next event is released at once when the client completes or the socket closes.
    return: () => {
      finish();
      return resolvedDone();
    },
    throw: (error?: unknown) => {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Opaque cursor of an event. */
export function eventCursor(id: number): string {
  return Buffer.from(`event:${id}`, 'utf8').toString('base64url');
}

/** The event id behind a cursor, or null for "live only". Throws a plain Error that the resolver maps. */
export function parseEventCursor(cursor: string | null | undefined): number | null {
  if (cursor == null) return null;
  const match = /^event:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new RangeError('after is not an event cursor');
  return Number(match[1]);
}
