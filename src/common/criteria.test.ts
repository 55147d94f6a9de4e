import { ServiceError } from './errors';
import { criteriaOn, eventProperties, givenCriteria, matchesCriteria, validateCriteria, type Criteria } from './criteria';

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}

const CRITERIA = {
  colours: { property: 'colour', kind: 'enumList', enum: Colour, what: 'a colour', list: {}, event: { description: 'Of these colours.' } },
  accessible: { property: 'accessible', kind: 'boolean', list: {}, event: {} },
  statuses: { property: 'status', kind: 'enumList', enum: { OPEN: 'OPEN' }, what: 'a status', list: {} },
} as const satisfies Criteria;

const problem = (run: () => void) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return { field: error.field, message: error.message };
    throw error;
  }
  return null;
};

describe('criteria declared once', () => {
  it('lists the criteria of each surface, with the payload properties events must carry', () => {
    expect(criteriaOn(CRITERIA, 'list').map(([name]) => name)).toEqual(['colours', 'accessible', 'statuses']);
    expect(criteriaOn(CRITERIA, 'event').map(([name]) => name)).toEqual(['colours', 'accessible']);
    expect(eventProperties(CRITERIA)).toEqual(['colour', 'accessible']);
  });

  it('matches a payload when every given criterion holds; absent, null or empty lists do not filter', () => {
    const payload = { colour: 'RED', accessible: true };
    expect(matchesCriteria(CRITERIA, payload, {})).toBe(true);
    expect(matchesCriteria(CRITERIA, payload, { colours: [], accessible: null })).toBe(true);
    expect(matchesCriteria(CRITERIA, payload, { colours: ['BLUE', 'RED'] })).toBe(true);
    expect(matchesCriteria(CRITERIA, payload, { colours: ['BLUE'] })).toBe(false);
    expect(matchesCriteria(CRITERIA, payload, { accessible: true, colours: ['RED'] })).toBe(true);
    expect(matchesCriteria(CRITERIA, payload, { accessible: false })).toBe(false);
    // A payload without the property (an event of another kind) matches no given criterion.
    expect(matchesCriteria(CRITERIA, {}, { accessible: false })).toBe(false);
    // List-only criteria are not event criteria: they never filter events.
    expect(matchesCriteria(CRITERIA, payload, { statuses: ['OPEN'] })).toBe(true);
  });

  it('says which event criteria a filter gives', () => {
    expect(givenCriteria(CRITERIA, { colours: [], accessible: false, statuses: ['OPEN'] }).map(([name]) => name)).toEqual(['accessible']);
  });

  it('validates stored filters, naming the field', () => {
    expect(problem(() => validateCriteria(CRITERIA, { colours: ['RED'], accessible: true }, 'input.filter'))).toBeNull();
    expect(problem(() => validateCriteria(CRITERIA, { colours: ['GREEN'] }, 'input.filter'))).toEqual({
      field: 'input.filter.colours',
      message: 'input.filter.colours contains "GREEN", which is not a colour',
    });
    expect(problem(() => validateCriteria(CRITERIA, { colours: 'RED' }, 'f'))).toMatchObject({ field: 'f.colours' });
    expect(problem(() => validateCriteria(CRITERIA, { colours: Array(51).fill('RED') }, 'f'))).toMatchObject({ field: 'f.colours' });
    expect(problem(() => validateCriteria(CRITERIA, { accessible: 'yes' }, 'f'))).toMatchObject({ field: 'f.accessible' });
  });
});
