import { ageOn, YOUNGEST_PARTICIPANT_AGE } from './age';
import { AGE_BANDS, ageBandOf } from './age-band';

describe('ageBandOf', () => {
  it('has no band below the youngest participant\'s age (14, a 3e class pupil)', () => {
    expect(YOUNGEST_PARTICIPANT_AGE).toBe(14);
    expect(ageBandOf(13)).toBeNull();
    expect(ageBandOf(0)).toBeNull();
    expect(ageBandOf(-1)).toBeNull();
  });

  it('puts each edge in the right band', () => {
    const cases: [number, string][] = [
      [14, '14-15'],
      [15, '14-15'],
      [16, '16-17'],
      [17, '16-17'],
      [18, '18-25'],
      [25, '18-25'],
      [26, '26-44'],
      [44, '26-44'],
      [45, '45+'],
      [99, '45+'],
    ];
    for (const [age, band] of cases) expect(ageBandOf(age)).toBe(band);
  });

  it('gives every age from the youngest participant\'s a band of the list', () => {
    for (let age = YOUNGEST_PARTICIPANT_AGE; age <= 120; age++) expect(AGE_BANDS).toContain(ageBandOf(age));
  });
});

describe('ageOn', () => {
  it('turns a year older on the birthday, not the day before', () => {
    expect(ageOn('2000-03-15', new Date('2026-03-14T23:59:59Z'))).toBe(25);
    expect(ageOn('2000-03-15', new Date('2026-03-15T00:00:00Z'))).toBe(26);
  });

  it('counts someone born on 29 February older from 1 March in a common year', () => {
    expect(ageOn('2004-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(21);
    expect(ageOn('2004-02-29', new Date('2026-03-01T12:00:00Z'))).toBe(22);
  });

  it('is 0 before the first birthday', () => {
    expect(ageOn('2026-01-10', new Date('2026-06-01T00:00:00Z'))).toBe(0);
  });
});
