/**
 * Statistical disclosure control of the indicators' counts of people (plain values in, plain values out).
 *
 * Every count of people in an answer is a sum of *base counts*, disjoint groups of people (a cell's referrals of one
 * status to one kind of target, a cell's distinct participants). A count from 1 to 4 that the viewer may not read
 * in full is *primary*: it reads "< 5". Totals, other measures and rates are sums (or functions) of the same base
 * counts, so they could give it back. A primary count is protected when some *move* changes it while no exposed
 * figure changes: one base up or down by one that no exposed figure holds, or two bases swapped (one up, the other
 * down) that exactly the same exposed sums hold, no rate holding either; every base stays >= 0 and every primary
 * count within 1..4. Until every primary count has such a move, the exposed figures holding one of its bases are
 * hidden as well (secondary suppression, read "hidden"). Then every primary count has at least two values consistent
 * with all the figures shown: no combination of the exposed figures reveals it.
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
  const holders = (b: string) => containing.get(b) ?? [];
  /** Bases grouped by what they are a base of in every cell (the part after the cell key): swap partners across cells. */
  const bySuffix = new Map<string, string[]>();
  const byCell = new Map<string, string[]>();
  for (const b of baseCounts.keys()) {
    const cut = b.indexOf('|');
    const [cell, suffix] = cut < 0 ? ['', b] : [b.slice(0, cut), b.slice(cut)];
    bySuffix.set(suffix, [...(bySuffix.get(suffix) ?? []), b]);
    byCell.set(cell, [...(byCell.get(cell) ?? []), b]);
  }

  /** Whether moving these bases by these deltas keeps every exposed figure and keeps primaries and bases in range. */
  const allowed = (move: ReadonlyMap<string, number>): boolean => {
    for (const [b, d] of move) if (countOf(b) + d < 0) return false;
    const touched = new Set([...move.keys()].flatMap(holders));
    for (const f of touched) {
      const change = f.bases.reduce((n, b) => n + (move.get(b) ?? 0), 0);
      if (!hidden.has(f.id)) {
        if (!f.isCount && f.bases.some((b) => move.has(b))) return false;
        if (change !== 0) return false;
      } else if (hidden.get(f.id) === 'PRIMARY' && f.value !== null) {
        const after = f.value + change;
        if (after < 1 || after >= DISCLOSURE_THRESHOLD) return false;
      }
    }
    return true;
  };
  const changes = (f: ProtectedFigure, move: ReadonlyMap<string, number>) => f.bases.reduce((n, b) => n + (move.get(b) ?? 0), 0) !== 0;
  const protectedBy = (f: ProtectedFigure): boolean => {
    for (const b of f.bases) {
      for (const d of [1, -1]) if (allowed(new Map([[b, d]]))) return true;
      const cut = b.indexOf('|');
      const partners = new Set([...(byCell.get(cut < 0 ? '' : b.slice(0, cut)) ?? []), ...(bySuffix.get(cut < 0 ? b : b.slice(cut)) ?? [])]);
      for (const g of partners) {
        if (g === b) continue;
        for (const d of [1, -1]) {
          const move = new Map([[b, d], [g, -d]]);
          if (changes(f, move) && allowed(move)) return true;
        }
      }
    }
    return false;
  };

  for (let changed = true; changed;) {
    changed = false;
    for (const f of primaries) {
      if (protectedBy(f)) continue;
      // Hide what holds the base the fewest exposed figures hold: the least lost for the protection gained.
      const exposedHolding = (b: string) => holders(b).filter((g) => !hidden.has(g.id));
      const candidates = f.bases.filter((b) => exposedHolding(b).length > 0);
      if (candidates.length === 0) continue;
      const best = candidates.reduce((a, b) => (exposedHolding(b).length < exposedHolding(a).length ? b : a));
      for (const g of exposedHolding(best)) hidden.set(g.id, 'SECONDARY');
      changed = true;
    }
  }
  return hidden;
}
