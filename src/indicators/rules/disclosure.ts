/**
 * Statistical disclosure control of the indicators' counts of people (plain values in, plain values out).
 *
 * Every count of people in an answer is a sum of *base counts*, disjoint groups of people (a cell's referrals of one
 * status to one kind of target, a cell's distinct participants). A count from 1 to 4 that the viewer may not read
 * in full is *primary*: it reads "< 5". Totals, other measures and rates are sums (or functions) of the same base
 * counts, so they could give it back: a primary count stays hidden only if one of its base counts can move by one
 * without any exposed figure moving (and without another primary leaving 1..4). Until every primary count has such
 * a free base, the exposed figures containing one of its bases are hidden as well (secondary suppression, read
 * "hidden"). Then every primary count has at least two values consistent with all the figures shown: no
 * combination of the exposed figures reveals it.
 */

/** Smallest count of people shown to a viewer who may not read those people's personal data. */
export const DISCLOSURE_THRESHOLD = 5;

/** What a primary (small) count reads. */
export const SMALL_COUNT_DISPLAY = `< ${DISCLOSURE_THRESHOLD}`;
/** What a count hidden to protect another one reads. */
export const HIDDEN_DISPLAY = 'hidden';

/** One figure of the answer, as the sums of base counts it is made of. */
export interface ProtectedFigure {
  id: string;
  /** The base counts it adds up (or, for a rate, depends on). */
  bases: readonly string[];
  /** Its value; null when it has none (a rate without denominator): never primary. */
  value: number | null;
  /** Whether the viewer may read every person it counts (then it is never primary). */
  readable: boolean;
  /** A count of people (false: a rate or ratio, which is never primary but is hidden with its bases). */
  isCount: boolean;
}

export type Suppression = 'PRIMARY' | 'SECONDARY';

/** Which figures to hide, and why. */
export function suppress(figures: readonly ProtectedFigure[], baseCounts: ReadonlyMap<string, number>): Map<string, Suppression> {
  const hidden = new Map<string, Suppression>();
  const primaries = figures.filter((f) => f.isCount && !f.readable && f.value !== null && f.value >= 1 && f.value < DISCLOSURE_THRESHOLD);
  for (const f of primaries) hidden.set(f.id, 'PRIMARY');
  const containing = new Map<string, ProtectedFigure[]>();
  for (const f of figures) for (const b of f.bases) containing.set(b, [...(containing.get(b) ?? []), f]);
  const countOf = (b: string) => baseCounts.get(b) ?? 0;

  // A base can move by one, up or down, keeping every primary that contains it within 1..4 and itself >= 0.
  const movable = (b: string): boolean => {
    const touched = (containing.get(b) ?? []).filter((f) => hidden.get(f.id) === 'PRIMARY');
    const down = countOf(b) >= 1 && touched.every((f) => (f.value ?? 0) >= 2);
    const up = touched.every((f) => (f.value ?? 0) <= DISCLOSURE_THRESHOLD - 2);
    return down || up;
  };
  const free = (b: string) => (containing.get(b) ?? []).every((f) => hidden.has(f.id)) && movable(b);

  for (let changed = true; changed;) {
    changed = false;
    for (const f of primaries) {
      if (f.bases.some(free)) continue;
      // Hide what holds the base the fewest exposed figures hold: the least lost for the protection gained.
      const candidates = f.bases.filter(movable);
      if (candidates.length === 0) continue;
      const exposedHolding = (b: string) => (containing.get(b) ?? []).filter((g) => !hidden.has(g.id));
      const best = candidates.reduce((a, b) => (exposedHolding(b).length < exposedHolding(a).length ? b : a));
      for (const g of exposedHolding(best)) hidden.set(g.id, 'SECONDARY');
      changed = true;
    }
  }
  // A primary count with no movable base at all cannot be protected by hiding others: hide every figure it touches.
  for (const f of primaries) {
    if (f.bases.some(free)) continue;
    for (const b of f.bases) for (const g of containing.get(b) ?? []) if (!hidden.has(g.id)) hidden.set(g.id, 'SECONDARY');
  }
  return hidden;
}
