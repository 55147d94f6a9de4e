import { planningHorizon, plannedDayProblem, PLANNING_HORIZON_YEARS } from './planning-horizon';

const TODAY = '2026-05-20';

describe('the planning horizon', () => {
  it('ends two years ahead, on the same calendar day', () => {
    expect(PLANNING_HORIZON_YEARS).toBe(2);
    expect(planningHorizon(TODAY)).toBe('2028-05-20');
    expect(planningHorizon('2028-02-29')).toBe('2030-02-29');
  });

  it('accepts today, tomorrow, and the last day of the horizon', () => {
    for (const day of [TODAY, '2026-05-21', '2027-12-31', '2028-05-20']) expect(plannedDayProblem(day, TODAY)).toBeNull();
  });

  it('refuses the past', () => {
    expect(plannedDayProblem('2026-05-19', TODAY)).toBe('must be today (2026-05-20) or later');
    expect(plannedDayProblem('1999-12-31', TODAY)).toBe('must be today (2026-05-20) or later');
  });

  it('refuses the day after the horizon, and a typo far ahead', () => {
    const beyond = 'must be at most 2 years ahead (on or before 2028-05-20)';
    expect(plannedDayProblem('2028-05-21', TODAY)).toBe(beyond);
    expect(plannedDayProblem('2999-01-01', TODAY)).toBe(beyond);
  });

  it('orders years of more than four digits by their value, not as text', () => {
    // "275760-01-01" sorts before "2028-..." as text; it is still far beyond the horizon.
    expect(plannedDayProblem('275760-01-01', TODAY)).toBe('must be at most 2 years ahead (on or before 2028-05-20)');
  });

  it('keeps 29 February of a common year after the 28th', () => {
    // planningHorizon('2028-02-29') is "2030-02-29", a day that does not exist: it compares as text, after the 28th.
    expect(plannedDayProblem('2030-02-28', '2028-02-29')).toBeNull();
    expect(plannedDayProblem('2030-03-01', '2028-02-29')).toBe('must be at most 2 years ahead (on or before 2030-02-29)');
  });
});
