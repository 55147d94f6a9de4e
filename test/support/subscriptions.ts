import type { Client } from 'graphql-ws';

export interface Collector<T> {
  events: T[];
  /** Resolves when `count` events arrived; rejects after `timeoutMs` (a bound, not a performance assertion). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** The close or error that ended the subscription, if any. */
  ended: Promise<unknown>;
  stop(): void;
}

/**
 * How long a wait on a condition may take before the test fails: it bounds a failure only, a passing test goes on as
 * soon as the condition holds. 15 s was too short for webhook retries when the suite ran at 4 workers beside a busy
 * loop (files 3 to 6 times slower than alone).
 */
export const WAIT_MS = 30_000;

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
    waitFor(count, timeoutMs = WAIT_MS) {
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
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
