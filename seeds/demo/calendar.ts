/**
 * Calendar arithmetic in Europe/Paris for the demo network. Everything is computed from the seed time, so that the
 * network always has sessions coming up, whatever day it is seeded; instants are stored in UTC.
 */

/** A calendar day, `YYYY-MM-DD` (what `date` columns hold). */
export type CalendarDay = string;

/** Days of the week as `Date.getUTCDay()` numbers them. */
export const Weekday = { SUNDAY: 0, MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6 } as const;
export type Weekday = (typeof Weekday)[keyof typeof Weekday];

const DAY_MS = 86_400_000;

/** The wall clock of Europe/Paris, which is what people mean by "Tuesday 9:00". */
const parisClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function parisWallClockMs(instant: number): number {
  const part = Object.fromEntries(parisClock.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
}

function toUtcMidnight(day: CalendarDay): number {
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year, month - 1, date);
}

function fromUtcMs(ms: number): CalendarDay {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day it is in Paris at `instant`. */
export function parisDay(instant: Date): CalendarDay {
  return fromUtcMs(parisWallClockMs(instant.getTime()));
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return fromUtcMs(toUtcMidnight(day) + days * DAY_MS);
}

export function addYears(day: CalendarDay, years: number): CalendarDay {
  const [year, month, date] = day.split('-').map(Number);
  // Date.UTC rolls 29 February over to 1 March in common years, which is what a birthday does.
  return fromUtcMs(Date.UTC(year + years, month - 1, date));
}

/** Whole years from `birth` to `on` (an age). */
export function yearsBetween(birth: CalendarDay, on: CalendarDay): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [oy, om, od] = on.split('-').map(Number);
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/**
 * The `n`-th `weekday` after `day` (n > 0) or before it (n < 0), never `day` itself: the first Tuesday after today
 * is always in the future, the first one before always in the past.
 */
export function nthWeekday(day: CalendarDay, weekday: Weekday, n: number): CalendarDay {
  if (!Number.isInteger(n) || n === 0) throw new Error(`nthWeekday: n must be a non-zero integer, got ${n}`);
  const current = new Date(toUtcMidnight(day)).getUTCDay();
  const first = n > 0 ? ((weekday - current + 7) % 7 || 7) : -((current - weekday + 7) % 7 || 7);
  return addDays(day, first + (n > 0 ? n - 1 : n + 1) * 7);
}

/** The instant of `time` (`HH:MM`, Paris wall clock) on `day`, summer time included. */
export function parisInstant(day: CalendarDay, time: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  const wall = toUtcMidnight(day) + (hour * 60 + minute) * 60_000;
  // Paris is UTC+1 or UTC+2: correct by the offset at the first guess, then again if that crossed a DST change.
  let utc = wall - (parisWallClockMs(wall) - wall);
  utc = wall - (parisWallClockMs(utc) - utc);
  return new Date(utc);
}

/** `instant` moved by a number of days (fractions allowed): for "sent 12 days ago" timestamps. */
export function shiftDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

/** `instant` moved by a number of hours. */
export function shiftHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}

/** The seed time, and the day it is in Paris: every date of the demo network is relative to it. */
export interface Clock {
  now: Date;
  today: CalendarDay;
}

export function clockAt(now: Date): Clock {
  return { now, today: parisDay(now) };
}
