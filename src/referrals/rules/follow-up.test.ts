import {
  contractMonthsProblem, followUpDueOn, followUpStatus, FollowUpMilestone, FollowUpSituation, FollowUpStatus, isDurableEmployment, monthsAfter,
} from './follow-up';

const { CDI, CDD, INTERIM, ALTERNANCE, TRAINING, IAE_CONTRACT, CREATION, JOB_SEEKING, OTHER } = FollowUpSituation;

describe('isDurableEmployment (docs/domain.md: a CDI, a CDD or interim of 6 months or more, or a business created)', () => {
  it('counts a CDI and a business created whatever the length', () => {
    expect(isDurableEmployment(CDI, null)).toBe(true);
    expect(isDurableEmployment(CREATION, null)).toBe(true);
  });

  it('counts a CDD or interim from 6 months', () => {
    expect(isDurableEmployment(CDD, 7)).toBe(true);
    expect(isDurableEmployment(CDD, 6)).toBe(true);
    expect(isDurableEmployment(CDD, 5)).toBe(false);
    expect(isDurableEmployment(INTERIM, 6)).toBe(true);
    expect(isDurableEmployment(INTERIM, 1)).toBe(false);
    expect(isDurableEmployment(CDD, null)).toBe(false);
  });

  it('does not count alternance, IAE contracts, training, job search or other', () => {
    for (const situation of [ALTERNANCE, IAE_CONTRACT, TRAINING, JOB_SEEKING, OTHER]) expect(isDurableEmployment(situation, 12)).toBe(false);
  });
});

describe('contractMonthsProblem', () => {
  it('requires a length for CDD and interim, and refuses it otherwise', () => {
    expect(contractMonthsProblem(CDD, null)).toMatch(/required/);
    expect(contractMonthsProblem(INTERIM, undefined)).toMatch(/required/);
    expect(contractMonthsProblem(CDD, 3)).toBeNull();
    expect(contractMonthsProblem(CDI, 3)).toMatch(/only for a CDD or INTERIM/);
    expect(contractMonthsProblem(CDI, null)).toBeNull();
  });
});

describe('monthsAfter and followUpDueOn (Paris calendar days)', () => {
  it('keeps the day of the month, or the month\'s last day', () => {
    expect(monthsAfter('2026-12-02', 3)).toBe('2027-03-02');
    expect(monthsAfter('2026-11-30', 3)).toBe('2027-02-28');
    expect(monthsAfter('2027-11-30', 3)).toBe('2028-02-29');
    expect(monthsAfter('2026-08-31', 6)).toBe('2027-02-28');
    expect(monthsAfter('2026-10-15', 3)).toBe('2027-01-15');
    expect(monthsAfter('2026-12-31', 6)).toBe('2027-06-30');
  });

  it('dates each milestone', () => {
    expect(followUpDueOn('2026-12-02', FollowUpMilestone.MONTH_3)).toBe('2027-03-02');
    expect(followUpDueOn('2026-12-02', FollowUpMilestone.MONTH_6)).toBe('2027-06-02');
  });
});

describe('followUpStatus', () => {
  const at = new Date('2027-03-02T10:00:00Z');
  it('is UPCOMING before the due day, DUE from it, OVERDUE once marked, RECORDED once recorded', () => {
    expect(followUpStatus({ dueOn: '2027-03-02', recordedAt: null, overdueAt: null }, '2027-03-01')).toBe(FollowUpStatus.UPCOMING);
    expect(followUpStatus({ dueOn: '2027-03-02', recordedAt: null, overdueAt: null }, '2027-03-02')).toBe(FollowUpStatus.DUE);
    expect(followUpStatus({ dueOn: '2027-03-02', recordedAt: null, overdueAt: at }, '2027-04-10')).toBe(FollowUpStatus.OVERDUE);
    expect(followUpStatus({ dueOn: '2027-03-02', recordedAt: at, overdueAt: at }, '2027-04-10')).toBe(FollowUpStatus.RECORDED);
  });
});
