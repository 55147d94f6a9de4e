import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEventType } from '../src/events/entities/outbox-event';
import type { SubscriptionChannel } from '../src/graphql/context';
import { eventStream, MAX_BUFFERED_BYTES, MAX_QUEUED_EVENTS, SLOW_CONSUMER_CLOSE_CODE } from '../src/events/graphql/event-stream';
import type { OutboxEventRow } from '../src/events/outbox-reader';

/**
 * Back-pressure of one subscription, on an in-process channel (the relay's fan-out, without the database: a live-only
 * stream reads nothing from it). The end-to-end delivery paths are in subscriptions.test.ts.
 */
function channel() {
  const listeners = new Set<(e: OutboxEventRow) => void>();
  const state = { buffered: 0, closed: null as null | { code: number; reason: string } };
  const ch: SubscriptionChannel = {
    head: () => 0,
    listen: (l) => (listeners.add(l), () => listeners.delete(l)),
    bufferedAmount: () => state.buffered,
    close: (code, reason) => (state.closed = { code, reason }),
  };
  const publish = (id: number) => listeners.forEach((l) => l({ id, type: OutboxEventType.SESSION_SLOT_PUBLISHED, entityId: id, data: {} }));
  return { ch, state, publish, listeners };
}

const noDatabase = {} as EntityManager;

describe('event stream back-pressure', () => {
  it('closes a subscriber that lets more than the bounded queue pile up, and keeps no more than the bound', async () => {
    const { ch, state, publish, listeners } = channel();
    const stream = eventStream({ channel: ch, em: noDatabase, after: null, types: [OutboxEventType.SESSION_SLOT_PUBLISHED], accept: () => true });
    for (let id = 1; id <= MAX_QUEUED_EVENTS + 500; id++) publish(id);
    const result = await stream.next();
    expect(result.done).toBe(true);
    expect(state.closed?.code).toBe(SLOW_CONSUMER_CLOSE_CODE);
    expect(listeners.size).toBe(0);
  });

  it('closes a subscriber whose socket does not drain', async () => {
    const { ch, state, publish } = channel();
    const stream = eventStream({ channel: ch, em: noDatabase, after: null, types: [OutboxEventType.SESSION_SLOT_PUBLISHED], accept: () => true });
    publish(1);
    expect((await stream.next()).value?.id).toBe(1);
    state.buffered = MAX_BUFFERED_BYTES + 1;
    publish(2);
    expect((await stream.next()).done).toBe(true);
    expect(state.closed?.code).toBe(SLOW_CONSUMER_CLOSE_CODE);
  });

  it('delivers in order, skips other types and filtered events, and releases its listener when the client completes', async () => {
    const { ch, publish, listeners } = channel();
    const stream = eventStream({ channel: ch, em: noDatabase, after: null, types: [OutboxEventType.SESSION_SLOT_PUBLISHED], accept: (e) => e.id % 2 === 1 });
    publish(1);
    publish(2);
    publish(3);
    expect((await stream.next()).value?.id).toBe(1);
    expect((await stream.next()).value?.id).toBe(3);
    const pending = stream.next(); // waiting for an event that never comes
    await stream.return?.(undefined);
    expect((await pending).done).toBe(true);
    expect(listeners.size).toBe(0);
  });
});
