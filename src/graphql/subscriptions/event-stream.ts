import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxEventType } from '../../domain/entities/outbox-event';
import { readEvents, type EventRecord } from '../../services/events/outbox-reader';
import type { SubscriptionChannel } from '../context';

/** Undelivered events a subscription may hold, and socket bytes a client may leave unread, before it is closed. */
export const MAX_QUEUED_EVENTS = 1000;
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Close code for a client that does not keep up (private-use range of WebSocket close codes). */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

const BACKLOG_BATCH = 200;

export interface EventStreamOptions {
  channel: SubscriptionChannel;
  em: EntityManager;
  /** Replay everything after this cursor first; live only when null. */
  after: number | null;
  types: readonly OutboxEventType[];
  /** Whether this subscriber gets this event (filters, authorization). */
  accept: (event: EventRecord) => boolean | Promise<boolean>;
}

/**
 * The events of one subscription, in cursor order, each once: the replay from the outbox after `after`, then the
 * live events of this instance's relay. It listens before reading the backlog and skips what it has already
 * delivered, so the seam between the two has neither a gap nor a duplicate.
 */
export function eventStream(options: EventStreamOptions): AsyncIterableIterator<EventRecord> {
  const { channel, em, types } = options;
  const queue: EventRecord[] = [];
  let wakeUp: (() => void) | null = null;
  let overflow = false;
  let closed = false;
  const startHead = channel.head();
  const stopListening = channel.listen((event) => {
    if (!types.includes(event.type)) return;
    if (queue.length >= MAX_QUEUED_EVENTS) overflow = true;
    else queue.push(event);
    wakeUp?.();
  });

  const slow = () => overflow || channel.bufferedAmount() > MAX_BUFFERED_BYTES;

  async function* run(): AsyncGenerator<EventRecord> {
    try {
      let last = options.after ?? startHead;
      if (options.after !== null) {
        for (let batch: EventRecord[] = []; ; ) {
          batch = await readEvents(em, last, BACKLOG_BATCH, types);
          for (const event of batch) {
            last = event.id;
            if (await options.accept(event)) yield event;
          }
          if (batch.length < BACKLOG_BATCH) break;
        }
      }
      for (;;) {
        if (slow()) {
          channel.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: too many undelivered events');
          return;
        }
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wakeUp = resolve));
          wakeUp = null;
          if (closed) return;
          continue;
        }
        if (event.id <= last) continue;
        last = event.id;
        if (await options.accept(event)) yield event;
      }
    } finally {
      stopListening();
    }
  }
  const generator = run();
  // A generator waiting for the next event would only see `return()` once an event arrives: wake it up instead,
  // so that a client's `complete` releases the listener at once.
  return {
    next: () => generator.next(),
    return: async (value?: unknown) => {
      closed = true;
      stopListening();
      wakeUp?.();
      return generator.return(value as undefined);
    },
    throw: (error?: unknown) => generator.throw(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
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
