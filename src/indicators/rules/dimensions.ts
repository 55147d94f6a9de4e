/** What indicators can be grouped by (at most two at once). Sex is not recorded by the hub, so it is not offered. */
export enum IndicatorDimension {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
  DEPARTEMENT = 'DEPARTEMENT',
  STRUCTURE = 'STRUCTURE',
  PROGRAMME = 'PROGRAMME',
  SESSION_KIND = 'SESSION_KIND',
  ROME_DOMAINE = 'ROME_DOMAINE',
  AGE_BAND = 'AGE_BAND',
}

/** The facts indicators count: each measure block reads one of them. */
export type IndicatorFact = 'sessions' | 'offers' | 'referrals' | 'commitments';

/**
 * The dimensions each fact can be split by; a block whose fact cannot be split by a requested dimension (or
 * filtered by a requested criterion) is absent (null) from the answer rather than wrong: sessions have no age band,
 * immersion offers no session kind nor organising structure, commitments only a time, a place and an animator.
 */
export const FACT_DIMENSIONS: Readonly<Record<IndicatorFact, ReadonlySet<IndicatorDimension>>> = {
  sessions: new Set([IndicatorDimension.MONTH, IndicatorDimension.QUARTER, IndicatorDimension.YEAR, IndicatorDimension.DEPARTEMENT,
    IndicatorDimension.STRUCTURE, IndicatorDimension.PROGRAMME, IndicatorDimension.SESSION_KIND, IndicatorDimension.ROME_DOMAINE]),
  offers: new Set([IndicatorDimension.MONTH, IndicatorDimension.QUARTER, IndicatorDimension.YEAR, IndicatorDimension.DEPARTEMENT,
    IndicatorDimension.PROGRAMME, IndicatorDimension.ROME_DOMAINE]),
  referrals: new Set(Object.values(IndicatorDimension)),
  commitments: new Set([IndicatorDimension.MONTH, IndicatorDimension.QUARTER, IndicatorDimension.YEAR, IndicatorDimension.DEPARTEMENT,
    IndicatorDimension.STRUCTURE]),
};

/** Filter criteria each fact can honour (territory and period apply to all). */
export type IndicatorCriterion = 'structures' | 'programmes' | 'sessionKinds' | 'romeCodes';
export const FACT_CRITERIA: Readonly<Record<IndicatorFact, ReadonlySet<IndicatorCriterion>>> = {
  sessions: new Set(['structures', 'programmes', 'sessionKinds', 'romeCodes']),
  offers: new Set(['programmes', 'romeCodes']),
  referrals: new Set(['structures', 'programmes', 'sessionKinds', 'romeCodes']),
  commitments: new Set(['structures']),
};

export const MAX_GROUP_BY = 2;

/** The groupBy problem, if any: at most two distinct dimensions. */
export function groupByProblem(groupBy: readonly IndicatorDimension[]): string | null {
  if (groupBy.length > MAX_GROUP_BY) return `must hold at most ${MAX_GROUP_BY} dimensions`;
  if (new Set(groupBy).size !== groupBy.length) return 'must not repeat a dimension';
  return null;
}

/** Whether a fact answers for these dimensions and criteria. */
export function factApplies(fact: IndicatorFact, groupBy: readonly IndicatorDimension[], criteria: readonly IndicatorCriterion[]): boolean {
  return groupBy.every((d) => FACT_DIMENSIONS[fact].has(d)) && criteria.every((c) => FACT_CRITERIA[fact].has(c));
}
