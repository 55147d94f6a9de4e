/**
 * Delays before each retry, in milliseconds: attempt 1 is immediate, attempt n+1 waits schedule[n-1] after
 * attempt n failed; after the last, the delivery is a dead letter. Exponential to a day's cap: 12 retries over
 * about 2.8 days (the sum below), jittered.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000, 57_600_000, 86_400_000,
];

/** Most retries a configured schedule may have; so at most MAX_ATTEMPTS attempts per delivery. */
export const MAX_RETRIES = 24;
export const MAX_ATTEMPTS = MAX_RETRIES + 1;

/** ±20%: retries of many endpoints failing together (a receiver down) spread out instead of arriving at once. */
const JITTER = 0.2;

/**
 * When the attempt after `failedAttempt` is due, in ms from now; null when `failedAttempt` was the last (dead letter).
 * `random` in [0, 1).
 */
export function retryDelayMs(failedAttempt: number, schedule: readonly number[], random: number): number | null {
  const base = schedule[failedAttempt - 1];
  if (base === undefined) return null;
  return Math.max(0, Math.round(base * (1 - JITTER + 2 * JITTER * random)));
}

/** Whether an endpoint failing since `failingSince` has failed long enough to be disabled. */
export function failedTooLong(failingSince: Date, now: Date, disableAfterMs: number): boolean {
  return now.getTime() - failingSince.getTime() >= disableAfterMs;
}
