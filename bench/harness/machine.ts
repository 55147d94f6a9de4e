import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Pool } from 'pg';
import { cpuMs } from './process';

/**
 * Where the CPU went during a run, read from /proc (Linux; the database on this machine): the PostgreSQL backends
 * serving the bench database, the whole machine, and its load average. So that a server moving work into SQL is not
 * mistaken for a faster one, and a run disturbed by other processes shows it.
 */

/** CPU time so far (ms) of each client backend connected to the database of `db`, but the one asking. */
export async function backendsCpuMs(db: Pool): Promise<Map<number, number> | null> {
  const { rows } = await db.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = cpuMs(pid);
    // A remote database (or another container's): its backends are not ours to read.
    if (Number.isNaN(ms)) return null;
    cpu.set(pid, ms);
  }
  return cpu;
}

/** CPU the backends used between two readings: a backend born in between counts whole, one gone is lost (pools keep theirs). */
export function backendsCpuSpent(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

/** Busy CPU time of the whole machine so far (all cores, ms): /proc/stat's first line but idle and iowait. */
export function machineBusyMs(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ
  } catch {
    return Number.NaN;
  }
}

/** The 1-minute load average, sampled every second while a run lasts: its highest value. */
export function sampleLoad(): { stop(): number } {
  let highest = loadavg()[0];
  const timer = setInterval(() => {
    highest = Math.max(highest, loadavg()[0]);
  }, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(highest, loadavg()[0]);
    },
  };
}

/** This process's own CPU time so far (the load generator), in ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
