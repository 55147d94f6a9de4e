import { MAX_PROGRAMME_YEARS, offerLinkProblem, programmePeriodProblem, sessionLinkProblem } from './programme-rules';

const programme = { structure: { id: 7 }, startsOn: '2026-01-01', endsOn: '2026-12-31' };

describe('a programme period', () => {
  it.each([
    ['2026-01-01', '2026-12-31', null],
    ['2026-01-01', '2026-01-01', null],
    ['2026-03-01', '2026-02-28', 'must be on or after startsOn'],
    ['2026-01-01', '2032-01-01', `must be at most ${MAX_PROGRAMME_YEARS} years after startsOn`],
  ])('%s → %s: %s', (from, to, problem) => {
    expect(programmePeriodProblem(from, to)).toBe(problem);
  });
});

describe('a session joining a programme', () => {
  it('must be organised by the programme structure', () => {
    expect(sessionLinkProblem(programme, 8, '2026-05-05')).toMatch(/another structure/);
    expect(sessionLinkProblem(programme, 7, '2026-05-05')).toBeNull();
  });
  it('must start within the period, ends included', () => {
    expect(sessionLinkProblem(programme, 7, '2026-01-01')).toBeNull();
    expect(sessionLinkProblem(programme, 7, '2026-12-31')).toBeNull();
    expect(sessionLinkProblem(programme, 7, '2027-01-01')).toMatch(/running from 2026-01-01 to 2026-12-31/);
    expect(sessionLinkProblem(programme, 7, '2025-12-31')).toMatch(/running from/);
  });
});

describe('an offer joining a programme', () => {
  it('needs a member company and a window overlapping the period', () => {
    expect(offerLinkProblem(programme, false, '2026-02-01', '2026-03-01')).toMatch(/not a member/);
    expect(offerLinkProblem(programme, true, '2025-12-01', '2026-01-01')).toBeNull();
    expect(offerLinkProblem(programme, true, '2026-12-31', '2027-03-01')).toBeNull();
    expect(offerLinkProblem(programme, true, '2027-01-01', '2027-03-01')).toMatch(/outside/);
  });
});
