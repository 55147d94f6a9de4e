import fc from 'fast-check';
import { LocalDateResolver } from 'graphql-scalars';
import { DateTime, isCalendarDay, isoOfUtcTimestamp, LocalDate } from './scalars';

const two = (n: number) => String(n).padStart(2, '0');
const acceptedByGraphqlScalars = (value: string) => {
  try {
    return LocalDateResolver.serialize(value) === value;
  } catch {
    return false;
  }
};

describe('LocalDate output', () => {
  it('accepts exactly the days graphql-scalars accepts (month and day bounds, leap years, years 0000 to 9999)', () => {
    const candidates: string[] = [];
    for (const year of ['0000', '0001', '0004', '1900', '2000', '2023', '2024', '2025', '2100', '2400', '9999']) {
      for (let month = 0; month <= 13; month++) for (let day = 0; day <= 32; day++) candidates.push(`${year}-${two(month)}-${two(day)}`);
    }
    candidates.push('2026-1-01', '2026-01-1', '26-01-01', '2026-01-01T00:00:00Z', ' 2026-01-01', '2026/01/01', '');
    const differing = candidates.filter((c) => isCalendarDay(c) !== acceptedByGraphqlScalars(c));
    expect(differing).toEqual([]);
    expect(candidates.filter(isCalendarDay).length).toBeGreaterThan(3000);
  });

  it('serialises a day as it is, and refuses what is not one with graphql-scalars\' error', () => {
    expect(LocalDate.serialize('2024-02-29')).toBe('2024-02-29');
    expect(() => LocalDate.serialize('2025-02-29')).toThrow('Value is not a valid LocalDate: 2025-02-29');
    expect(() => LocalDate.serialize(20250101)).toThrow('Value is not string');
  });
});

describe('DateTime output', () => {
  /** An instant as PostgreSQL prints a timestamptz in UTC: microseconds, trailing zeros of the fraction dropped. */
  const printed = (date: Date, micros: number) => {
    const iso = date.toISOString();
    const fraction = String(date.getUTCMilliseconds() * 1000 + micros).padStart(6, '0').replace(/0+$/, '');
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
  };

  it('rewrites a UTC timestamp as Date would print it, for every instant of years 1000 to 9999', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (date, micros) => {
        const text = printed(date, micros);
        expect(isoOfUtcTimestamp(text)).toBe(new Date(text).toISOString());
        expect(DateTime.serialize(text)).toBe(date.toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves any other text to Date: another offset, another shape', () => {
    for (const text of ['2026-11-24 09:00:00+01', '2026-11-24T08:00:00Z', '2026-11-24 08:00:00', '2026-11-24 08:00:00.1234567+00', '12026-11-24 08:00:00+00']) {
      expect(isoOfUtcTimestamp(text)).toBeNull();
    }
    expect(DateTime.serialize('2026-11-24 09:00:00+01')).toBe('2026-11-24T08:00:00.000Z');
    expect(DateTime.serialize(new Date('2026-11-24T08:00:00.5Z'))).toBe('2026-11-24T08:00:00.500Z');
    expect(() => DateTime.serialize('not a date')).toThrow('DateTime cannot represent not a date');
  });
});
