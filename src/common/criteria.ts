import { BadInputError } from './errors';

/**
 * A filter criterion declared once, for every place that filters on it: the list filter input (GraphQL), its SQL
 * condition, the event filter input and stored subscriptions, their validation, and the in-memory match of an
 * event's payload. The GraphQL side (src/graphql/criteria-fields.ts) and the SQL side (src/db/criteria-sql.ts) read
 * these declarations; this file holds the plain rules.
 *
 * A criterion compares one entity property (a column, and the key of the same name in event payloads):
 * - `enumList`: the property is one of the given values (an empty or absent list does not filter);
 * - `boolean`: the property equals the given value.
 */
export type Criterion = {
  /** The entity property compared (the column in lists, the payload key in events). */
  property: string;
  /** In list filters (`immersionOffers(filter: ...)`), with this description (or none). */
  list?: { description?: string };
  /** In event filters and stored subscriptions, with this description (or none). */
  event?: { description?: string };
} & ({ kind: 'enumList'; enum: Record<string, string>; what: string } | { kind: 'boolean' });

export type Criteria = Readonly<Record<string, Criterion>>;

/** The value a client gives for a criterion (enum values as plain strings when `Loose`: stored JSON). */
type CriterionValue<C extends Criterion, Loose extends boolean> = C extends { kind: 'enumList'; enum: infer E }
  ? Array<Loose extends true ? string : E[keyof E]>
  : C extends { kind: 'boolean' }
    ? boolean
    : never;

/**
 * The filter values of the criteria that appear on `surface`, as the use cases receive them (absent or null: no
 * condition); `Loose` types enum values as strings, for filters stored as JSON and checked by validateCriteria.
 */
export type CriteriaValues<C extends Criteria, Surface extends 'list' | 'event', Loose extends boolean = false> = {
  -readonly [K in keyof C as C[K] extends Record<Surface, object> ? K : never]?: CriterionValue<C[K], Loose> | null;
};

/** The criteria of `surface`, with their filter field names. */
export function criteriaOn(criteria: Criteria, surface: 'list' | 'event'): Array<[string, Criterion]> {
  return Object.entries(criteria).filter(([, c]) => c[surface] !== undefined);
}

/** Longest list a stored or streamed event filter may hold per criterion. */
export const MAX_CRITERION_VALUES = 50;

/**
 * Checks one list of a filter: at most MAX_CRITERION_VALUES values, each `valid` (else the first bad one is named,
 * as not being `what`). Event filters' own lists (ROME codes, communes...) are checked so too.
 */
export function checkValues(values: readonly unknown[] | null | undefined, field: string, valid: (value: unknown) => boolean, what: string): void {
  if (!values) return;
  if (values.length > MAX_CRITERION_VALUES) throw new BadInputError(field, `must hold at most ${MAX_CRITERION_VALUES} values`);
  const bad = values.find((v) => !valid(v));
  if (bad !== undefined) throw new BadInputError(field, `contains "${String(bad)}", which is not ${what}`);
}

/** Checks the given values of event criteria (stored subscriptions are JSON: GraphQL did not check them); `field` prefixes names. */
export function validateCriteria(criteria: Criteria, filter: object, field: string): void {
  const values = filter as Record<string, unknown>;
  for (const [name, criterion] of criteriaOn(criteria, 'event')) {
    const value = values[name];
    if (value == null) continue;
    if (criterion.kind === 'boolean') {
      if (typeof value !== 'boolean') throw new BadInputError(`${field}.${name}`, 'must be true or false');
      continue;
    }
    if (!Array.isArray(value)) throw new BadInputError(`${field}.${name}`, 'must be a list');
    const allowed: readonly unknown[] = Object.values(criterion.enum);
    checkValues(value, `${field}.${name}`, (v) => allowed.includes(v), criterion.what);
  }
}

/** Whether the criterion holds for a payload value. */
function holds(criterion: Criterion, given: unknown, actual: unknown): boolean {
  if (criterion.kind === 'boolean') return actual === given;
  const values = given as readonly unknown[];
  return values.length === 0 || values.includes(actual);
}

/** Whether a filter was given a value for this criterion (an empty list filters nothing). */
function isGiven(given: unknown): boolean {
  return given != null && !(Array.isArray(given) && given.length === 0);
}

/** The event criteria given in `values` (those that filter). */
export function givenCriteria(criteria: Criteria, filter: object): Array<[string, Criterion]> {
  const values = filter as Record<string, unknown>;
  return criteriaOn(criteria, 'event').filter(([name]) => isGiven(values[name]));
}

/** Whether an event payload satisfies every given criterion. */
export function matchesCriteria(criteria: Criteria, payload: Record<string, unknown>, filter: object): boolean {
  const values = filter as Record<string, unknown>;
  return givenCriteria(criteria, values).every(([name, criterion]) => holds(criterion, values[name], payload[criterion.property]));
}

/** The payload properties the event criteria read: what an event must carry to be matched. */
export function eventProperties(criteria: Criteria): string[] {
  return criteriaOn(criteria, 'event').map(([, c]) => c.property);
}
