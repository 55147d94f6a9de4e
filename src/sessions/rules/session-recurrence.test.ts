import { firstUnorderedDate, parisOffsetMinutes, recurringStarts } from './session-recurrence';

describe('recurring starts', () => {
  it('repeats every N days, N times, starting with the first', () => {
    const starts = recurringStarts(new Date('2026-01-06T13:00:00Z'), 15, 3);
    expect(starts.map((d) => d.toISOString())).toEqual(['2026-01-06T13:00:00.000Z', '2026-01-21T13:00:00.000Z', '2026-02-05T13:00:00.000Z']);
  });

  it('keeps the Paris wall-clock time across the change to summer time and back', () => {
    // 14:00 in Paris: 13:00 UTC in winter, 12:00 UTC in summer (29 March and 25 October 2026).
    const spring = recurringStarts(new Date('2026-03-17T13:00:00Z'), 14, 2);
    expect(spring[1]!.toISOString()).toBe('2026-03-31T12:00:00.000Z');
    const autumn = recurringStarts(new Date('2026-10-20T12:00:00Z'), 7, 2);
    expect(autumn[1]!.toISOString()).toBe('2026-10-27T13:00:00.000Z');
  });

  it('knows the Paris offset', () => {
    expect(parisOffsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(60);
    expect(parisOffsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(120);
  });
});

describe('dates of a series', () => {
  it('finds the first date that is not after the previous one', () => {
    const d = (iso: string) => new Date(iso);
    expect(firstUnorderedDate([d('2026-05-01T08:00:00Z'), d('2026-05-15T08:00:00Z')])).toBe(-1);
    expect(firstUnorderedDate([d('2026-05-15T08:00:00Z'), d('2026-05-01T08:00:00Z')])).toBe(1);
    expect(firstUnorderedDate([d('2026-05-01T08:00:00Z'), d('2026-05-08T08:00:00Z'), d('2026-05-08T08:00:00Z')])).toBe(2);
  });
});
