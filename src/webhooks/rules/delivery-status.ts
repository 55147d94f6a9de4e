/** Where a webhook delivery stands. */
export enum WebhookDeliveryStatus {
  /** Not yet answered with a 2xx: the next attempt is due at `nextAttemptAt`. */
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  /** Every attempt of the schedule failed: a dead letter, kept for the log and replay. */
  DEAD = 'DEAD',
}
