import { LocalDateResolver } from 'graphql-scalars';
import { isCalendarDay, LocalDate } from './scalars';

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
