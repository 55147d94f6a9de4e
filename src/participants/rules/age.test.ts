import { ageOn, HIGHEST_MINIMUM_AGE, isOldEnough, LOWEST_MINIMUM_AGE, MINIMUM_AGE } from './age';

describe('the minimum age of a session or an offer', () => {
  it('is 16 by default, and may be set from 14 (school discovery visits) to 99', () => {
    expect(MINIMUM_AGE).toBe(16);
    expect(LOWEST_MINIMUM_AGE).toBe(14);
    expect(HIGHEST_MINIMUM_AGE).toBe(99);
  });

  it('is reached on the birthday itself, not the day before', () => {
    const start = new Date('2027-03-10T09:00:00Z');
    expect(isOldEnough('2013-03-10', start, 14)).toBe(true);
    expect(isOldEnough('2013-03-11', start, 14)).toBe(false);
    expect(ageOn('2013-03-11', start)).toBe(13);
  });

  it('counts whole years: a 15-year-old is old enough for 14 and 15, not 16', () => {
    const start = new Date('2027-06-01T09:00:00Z');
    expect([14, 15, 16].map((min) => isOldEnough('2012-01-15', start, min))).toEqual([true, true, false]);
  });

  it('handles a birthday on 29 February', () => {
    expect(isOldEnough('2012-02-29', new Date('2028-02-28T12:00:00Z'), 16)).toBe(false);
    expect(isOldEnough('2012-02-29', new Date('2028-02-29T12:00:00Z'), 16)).toBe(true);
  });
});
