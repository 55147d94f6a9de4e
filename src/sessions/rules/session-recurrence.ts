/**
 * Occurrences of a series (createSessionSeries): every N days, N times, or on given dates. Plain dates in, plain
 * dates out.
 */

/** A series holds 1 to 100 occurrences: two years of weekly visits; more is a programme, not a series. */
export const MAX_SERIES_OCCURRENCES = 100;
/** At most a year between two occurrences. */
export const MAX_SERIES_EVERY_DAYS = 365;

const DAY_MS = 86_400_000;

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Minutes Paris is ahead of UTC at `instant` (60 in winter, 120 in summer). */
export function parisOffsetMinutes(instant: Date): number {
  const p = Object.fromEntries(parisParts.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The starts of `count` occurrences every `everyDays` days from `first`, at the same Paris wall-clock time: a
 * visit at 14:00 stays at 14:00 across the change to or from summer time.
 */
export function recurringStarts(first: Date, everyDays: number, count: number): Date[] {
  const firstOffset = parisOffsetMinutes(first);
  return Array.from({ length: count }, (_, i) => {
    const naive = new Date(first.getTime() + i * everyDays * DAY_MS);
    return new Date(naive.getTime() - (parisOffsetMinutes(naive) - firstOffset) * 60_000);
  });
}

/** The index of the first date not strictly after the one before it (dates reversed or repeated), or -1. */
export function firstUnorderedDate(dates: readonly Date[]): number {
  return dates.findIndex((d, i) => i > 0 && d.getTime() <= dates[i - 1]!.getTime());
}
