import { parentProblem } from './structure-parent';

describe('parentProblem', () => {
  it('accepts any parent for a new structure', () => {
    expect(parentProblem(null, 3, [3, 1])).toBeNull();
  });

  it('accepts a parent outside the structure’s own antennas', () => {
    expect(parentProblem(7, 3, [3, 1])).toBeNull();
  });

  it('refuses the structure itself', () => {
    expect(parentProblem(7, 7, [7])).toBe('cannot be the structure itself');
  });

  it('refuses an antenna of the structure, direct or not', () => {
    expect(parentProblem(1, 3, [3, 1])).toMatch(/cycle/);
    expect(parentProblem(1, 5, [5, 3, 1])).toMatch(/cycle/);
  });
});
