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
}
