import { DEFAULT_RETRY_SCHEDULE_MS, failedTooLong, retryDelayMs } from './retry-schedule';
import { validateEventKinds } from './event-kinds';

describe('retryDelayMs', () => {
  it('follows the schedule within ±20% jitter, then gives up', () => {
    expect(retryDelayMs(1, [1000, 2000], 0)).toBe(800);
    expect(retryDelayMs(1, [1000, 2000], 0.5)).toBe(1000);
    expect(retryDelayMs(2, [1000, 2000], 0.999)).toBeLessThanOrEqual(2400);
    expect(retryDelayMs(3, [1000, 2000], 0.5)).toBeNull();
  });
  it('spreads the default retries over about three days, growing', () => {
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.5);
    for (let i = 1; i < DEFAULT_RETRY_SCHEDULE_MS.length; i++) expect(DEFAULT_RETRY_SCHEDULE_MS[i]!).toBeGreaterThan(DEFAULT_RETRY_SCHEDULE_MS[i - 1]!);
  });
});

describe('failedTooLong', () => {
  it('compares the failing time with the limit', () => {
    expect(failedTooLong(new Date(0), new Date(5), 5)).toBe(true);
    expect(failedTooLong(new Date(0), new Date(4), 5)).toBe(false);
  });
});

describe('validateEventKinds', () => {
  it('keeps known kinds once', () => expect(validateEventKinds(['REFERRAL_UPDATED', 'REFERRAL_UPDATED'], 'input.events')).toEqual(['REFERRAL_UPDATED']));
  it('names an unknown kind and the field', () => expect(() => validateEventKinds(['SESSION_SLOT_PUBLISHED', 'NOPE'], 'input.events')).toThrow(/input\.events contains "NOPE"/));
  it('refuses none', () => expect(() => validateEventKinds([], 'input.events')).toThrow(/at least one/));
});
