import type { Client } from 'graphql-ws';

export interface Collector<T> {
  events: T[];
  /** Resolves when `count` events arrived; rejects after `timeoutMs` (a bound, not a performance assertion). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** The close or error that ended the subscription, if any. */
  ended: Promise<unknown>;
  stop(): void;
}

/** Subscribes and collects every `next` payload's data. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Collector<T> {
  const events: T[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let end!: (reason: unknown) => void;
  const ended = new Promise<unknown>((resolve) => (end = resolve));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) end(result.errors);
        if (result.data) events.push(result.data as T);
        for (const w of waiters.filter((w) => events.length >= w.count)) w.resolve();
      },
      error: (error) => end(error),
      complete: () => end('complete'),
    },
  );
  return {
    events,
    ended,
    stop,
    waitFor(count, timeoutMs = 15_000) {
      if (events.length >= count) return Promise.resolve(events);
      return new Promise<T[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`got ${events.length} of ${count} events in ${timeoutMs} ms: ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(events)) });
        void ended.then((reason) => reject(new Error(`subscription ended: ${JSON.stringify(reason)}`)));
      });
    },
  };
}

/** Waits until `predicate` holds, checking every 50 ms, at most `timeoutMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
