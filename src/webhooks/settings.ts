import type { TargetPolicy } from './rules/webhook-url';

/** How webhooks are delivered (configuration: README, "Webhooks"). */
export interface WebhookSettings extends TargetPolicy {
  /** Whether this instance runs the dispatcher and delivery workers (the API works either way). */
  workers: boolean;
  /** Deliveries in flight at once on this instance. */
  concurrency: number;
  /** How long a receiver has to answer one POST. */
  timeoutMs: number;
  /** Delays between attempts (retry-schedule.ts). */
  retryScheduleMs: readonly number[];
  /** An endpoint whose every attempt failed for this long is disabled. */
  disableAfterMs: number;
  /** How often idle workers look for due jobs and new events without a wake-up. */
  pollMs: number;
  /** Key sealing the stored signing secrets (secret-box.ts); unset: stored as they are. */
  secretKey: string | null;
  /**
   * A webhook job locked for longer than this is taken for the job of a dead instance, and released to the others
   * (the queue would otherwise wait 4 hours). Above the longest a live job runs (staleLockMsFor).
   */
  staleLockMs: number;
}

/** Deliveries one job sends before handing over to a new job; dispatcher batches likewise. */
export const DELIVERIES_PER_JOB = 20;

/** Longer than any live delivery job: each of its POSTs bounded by the timeout, plus a minute for the database. */
export function staleLockMsFor(timeoutMs: number): number {
  return DELIVERIES_PER_JOB * timeoutMs + 60_000;
}
