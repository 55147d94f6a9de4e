import { EvaluationLevel } from './evaluation-level';
import { competenceGridProblem, evaluationReadable, inCoreOrder } from './evaluation-rules';

const { MASTERED, BEGINNER, NOT_OBSERVED } = EvaluationLevel;

describe('evaluationReadable', () => {
  it('lets the prescriber side and the company read it at once', () => {
    expect(evaluationReadable('FULL', null)).toBe(true);
    expect(evaluationReadable('HOST', null)).toBe(true);
  });

  it('lets the participant read it only once shared', () => {
    expect(evaluationReadable('PARTICIPANT', null)).toBe(false);
    expect(evaluationReadable('PARTICIPANT', '2026-12-02T10:00:00Z')).toBe(true);
  });
});

describe('competenceGridProblem', () => {
  const core = [10, 20, 30];

  it('accepts every core compétence once, in any order', () => {
    expect(competenceGridProblem([{ code: 30, level: MASTERED }, { code: 10, level: BEGINNER }, { code: 20, level: NOT_OBSERVED }], core)).toBeNull();
  });

  it('names the item that is not a core compétence', () => {
    expect(competenceGridProblem([{ code: 10, level: MASTERED }, { code: 99, level: MASTERED }], core)).toEqual({ index: 1, message: '99 is not a core compétence of the immersion\'s métier' });
  });

  it('names a compétence given twice', () => {
    expect(competenceGridProblem([{ code: 10, level: MASTERED }, { code: 10, level: BEGINNER }], core)?.index).toBe(1);
  });

  it('refuses a grid that leaves a core compétence out, naming it', () => {
    expect(competenceGridProblem([{ code: 10, level: MASTERED }, { code: 30, level: MASTERED }], core)).toEqual({ index: null, message: expect.stringContaining('missing: 20') });
  });
});

describe('inCoreOrder', () => {
  it('orders the grid as the métier lists its compétences', () => {
    expect(inCoreOrder([{ code: 30, level: MASTERED }, { code: 10, level: BEGINNER }], [10, 30])).toEqual([{ code: 10, level: BEGINNER }, { code: 30, level: MASTERED }]);
  });
});
