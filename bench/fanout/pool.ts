import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Collected, SocketSpec, WorkerRequest } from './worker';

/** The load worker threads, each with its own event loop and its share of the sockets. */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(join(__dirname, 'worker.js'));
      worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
      });
      worker.on('error', (error) => {
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  private call<T>(worker: Worker, request: WorkerRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, request });
    });
  }

  private all<T>(request: WorkerRequest): Promise<T[]> {
    return Promise.all(this.workers.map((w) => this.call<T>(w, request)));
  }

  /** Subscriber i goes to worker i mod size. */
  async open(url: string, specs: SocketSpec[], concurrency: number): Promise<{ opened: number; failed: string[] }> {
    const results = await Promise.all(
      this.workers.map((w, n) =>
        this.call<{ opened: number; failed: string[] }>(w, { type: 'open', url, specs: specs.filter((s) => s.index % this.size === n), concurrency: Math.max(1, Math.ceil(concurrency / this.size)) }),
      ),
    );
    return { opened: results.reduce((s, r) => s + r.opened, 0), failed: results.flatMap((r) => r.failed) };
  }

  async unwarmed(): Promise<number[]> {
    return (await this.all<number[]>({ type: 'unwarmed' })).flat();
  }

  collect(): Promise<Collected[]> {
    return this.all<Collected>({ type: 'collect' });
  }

  async close(): Promise<void> {
    await this.all({ type: 'close' });
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
