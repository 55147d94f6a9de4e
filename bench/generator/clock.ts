import { addDays, addYears, parisDay, parisInstant, type CalendarDay } from '../../seeds/demo/calendar';
import type { Random } from './prng';

export { addDays, addYears, parisDay, parisInstant, type CalendarDay };

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * The reference "now" of the generated network (never the wall clock): every date is placed relative to it, so
 * that the same seed gives the same rows on any day.
 */
export class Clock {
  readonly today: CalendarDay;

  constructor(readonly now: Date) {
    this.today = parisDay(now);
  }

  get nowMs(): number {
    return this.now.getTime();
  }

  /** `days` (fractions allowed) from now, as an instant. */
  daysFromNow(days: number): Date {
    return new Date(this.nowMs + days * DAY_MS);
  }

  /** A uniform instant in [from, to). */
  between(rng: Random, fromMs: number, toMs: number): number {
    return fromMs + Math.floor(rng.next() * Math.max(0, toMs - fromMs));
  }

  /** A working day (Monday to Friday) at or after `day`. */
  static workingDay(day: CalendarDay): CalendarDay {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday === 6) return addDays(day, 2);
    if (weekday === 0) return addDays(day, 1);
    return day;
  }
}

export function isoDay(ms: number): CalendarDay {
  return new Date(ms).toISOString().slice(0, 10);
}
