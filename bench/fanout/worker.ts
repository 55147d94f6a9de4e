/**
 * A load worker thread: holds its share of the subscriber sockets (one graphql-ws client, one subscription each)
 * and timestamps every event at arrival. Driven by the main thread (bench/ws-fanout.ts) through `WorkerRequest`s.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { keyOfPayload } from './plan';

export interface SocketSpec {
  index: number;
  token: string;
  query: string;
  variables: Record<string, unknown>;
}

export type WorkerRequest =
  | { type: 'open'; url: string; specs: SocketSpec[]; concurrency: number }
  | { type: 'unwarmed' }
  | { type: 'collect' }
  | { type: 'close' };

export interface Receipts {
  index: number[];
  key: string[];
  /** Epoch milliseconds, sub-millisecond resolution (performance.timeOrigin + now()). */
  at: number[];
}

export interface Collected {
  receipts: Receipts;
  /** Subscriptions that ended: closed socket (code) or errors. */
  ended: { index: number; reason: string }[];
  /** This thread's event-loop utilisation since the previous collect: near 1, the client is the bottleneck. */
  elu: number;
}

const now = () => performance.timeOrigin + performance.now();

const clients: Client[] = [];
const warmed = new Set<number>();
const mine: number[] = [];
let receipts: Receipts = { index: [], key: [], at: [] };
let ended: { index: number; reason: string }[] = [];
let eluMark = performance.eventLoopUtilization();

function describe(reason: unknown): string {
  if (reason && typeof reason === 'object' && 'code' in reason) return `close ${(reason as { code: number }).code} ${(reason as { reason?: string }).reason ?? ''}`.trim();
  if (Array.isArray(reason)) return reason.map((e: { message?: string }) => e.message).join('; ');
  return String(reason);
}

/** Opens one socket, resolves once the server acknowledged the connection (the subscription is then sent). */
function open(url: string, spec: SocketSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${spec.token}` },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => {
          settled = true;
          resolve();
        },
        closed: (event) => {
          if (!settled) {
            settled = true;
            reject(new Error(describe(event)));
          }
        },
        error: (error) => {
          if (!settled) {
            settled = true;
            reject(error instanceof Error ? error : new Error(describe(error)));
          }
        },
      },
    });
    clients.push(client);
    mine.push(spec.index);
    client.subscribe<Record<string, unknown>>(
      { query: spec.query, variables: spec.variables },
      {
        next: (result) => {
          const at = now();
          const key = keyOfPayload(result.data as Record<string, unknown> | undefined);
          if (result.errors?.length) ended.push({ index: spec.index, reason: `errors: ${describe(result.errors)}` });
          if (key === null) return;
          receipts.index.push(spec.index);
          receipts.key.push(key);
          receipts.at.push(at);
          warmed.add(spec.index);
        },
        error: (error) => ended.push({ index: spec.index, reason: describe(error) }),
        complete: () => ended.push({ index: spec.index, reason: 'completed' }),
      },
    );
  });
}

async function openAll(url: string, specs: SocketSpec[], concurrency: number): Promise<{ opened: number; failed: string[] }> {
  let next = 0;
  let opened = 0;
  const failed: string[] = [];
  const lane = async () => {
    while (next < specs.length) {
      const spec = specs[next++]!;
      try {
        await open(url, spec);
        opened++;
      } catch (error) {
        failed.push(`#${spec.index}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { opened, failed };
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case 'open':
      return openAll(request.url, request.specs, request.concurrency);
    case 'unwarmed':
      return mine.filter((i) => !warmed.has(i));
    case 'collect': {
      const collected: Collected = { receipts, ended, elu: performance.eventLoopUtilization(eluMark).utilization };
      receipts = { index: [], key: [], at: [] };
      ended = [];
      eluMark = performance.eventLoopUtilization();
      return collected;
    }
    case 'close':
      await Promise.all(clients.map((c) => c.dispose()));
      return null;
  }
}

parentPort?.on('message', (message: { id: number; request: WorkerRequest }) => {
  handle(message.request).then(
    (result) => parentPort!.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: String(error) }),
  );
});
