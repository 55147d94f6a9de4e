import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the memory probe (memory-probe.cjs, preloaded into the hub) writes after its collections, in bytes. */
export interface ProbedMemory {
  seq: number;
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/**
 * Asks the hub `pid`, started with `-r bench/fanout/memory-probe.cjs` and RELAIS_MEMORY_PROBE_FILE=`file`, for its
 * memory after full garbage collections (SIGUSR2), and waits for the answer: null after `timeoutMs` without one.
 */
export async function probeMemory(pid: number, file: string, timeoutMs = 30_000): Promise<ProbedMemory | null> {
  const previous = readProbe(file)?.seq ?? 0;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(100);
    const m = readProbe(file);
    if (m && m.seq > previous) return m;
  }
  return null;
}

function readProbe(file: string): ProbedMemory | null {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ProbedMemory) : null;
  } catch {
    return null;
  }
}

/** Kibibytes per socket between two probes, one decimal. */
export function perSocketKB(at0: ProbedMemory, atN: ProbedMemory, n: number): { rssKB: number; heapUsedKB: number; externalKB: number } {
  const kb = (bytes: number) => Math.round((bytes / 1024 / n) * 10) / 10;
  return { rssKB: kb(atN.rss - at0.rss), heapUsedKB: kb(atN.heapUsed - at0.heapUsed), externalKB: kb(atN.external - at0.external) };
}
