import { joinedOnProblem, leftOnProblem } from './membership-dates';

describe('membership dates', () => {
  const today = '2026-12-02';

  it('takes a joining day up to today', () => {
    expect(joinedOnProblem('2020-01-15', today)).toBeNull();
    expect(joinedOnProblem(today, today)).toBeNull();
    expect(joinedOnProblem('2026-12-03', today)).toMatch(/^must be today \(2026-12-02\) or earlier/);
  });

  it('takes a leaving day between the joining day and today', () => {
    expect(leftOnProblem('2020-01-15', '2020-01-15', today)).toBeNull();
    expect(leftOnProblem('2020-01-15', today, today)).toBeNull();
    expect(leftOnProblem(null, '2001-01-01', today)).toBeNull();
  });

  it('refuses dates in reverse order, and a departure in the future', () => {
    expect(leftOnProblem('2020-01-15', '2020-01-14', today)).toBe('must be on or after the day the company joined the club (2020-01-15)');
    expect(leftOnProblem('2020-01-15', '2026-12-03', today)).toMatch(/^must be today/);
  });
});
