import { DEBRIEF_WINDOW_DAYS, debriefWindowClosesAt, interestProblem, isDebriefWindowOpen } from './debrief-rules';

describe('the debrief window', () => {
  const endsAt = new Date('2026-11-10T16:00:00Z');

  it(`stays open ${DEBRIEF_WINDOW_DAYS} days after the session's end, and closes then`, () => {
    expect(debriefWindowClosesAt(endsAt).toISOString()).toBe('2026-12-10T16:00:00.000Z');
    expect(isDebriefWindowOpen(endsAt, new Date('2026-11-10T17:00:00Z'))).toBe(true);
    expect(isDebriefWindowOpen(endsAt, new Date('2026-12-10T15:59:59Z'))).toBe(true);
    expect(isDebriefWindowOpen(endsAt, new Date('2026-12-10T16:00:00Z'))).toBe(false);
  });
});

describe('interestProblem', () => {
  it('accepts distinct métiers of the session, in any order', () => {
    expect(interestProblem(['F1703', 'F1701'], ['F1701', 'F1703'])).toBeNull();
    expect(interestProblem([], ['F1701'])).toBeNull();
  });

  it('names the first métier the session did not show, by its index', () => {
    expect(interestProblem(['F1701', 'K2204'], ['F1701'])).toEqual([1, 'is not a métier of the session (F1701)']);
  });

  it('names a métier given twice', () => {
    expect(interestProblem(['F1701', 'F1701'], ['F1701'])).toEqual([1, 'is given twice: one interest per métier']);
  });
});
