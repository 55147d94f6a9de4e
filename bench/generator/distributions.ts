import type { Random } from './prng';

/**
 * Skewed choices. Real networks are lopsided: a few départements (Nord, Paris, Seine-Saint-Denis, Bouches-du-Rhône,
 * Rhône, Gironde) hold much of the activity, and a few métiers most of the offers. Both are drawn from Zipf laws
 * over a ranking, and communes within a département by population.
 */

/** Draws indexes 0..n-1 with probability proportional to fixed weights (cumulative table, binary search). */
export class WeightedSampler {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`WeightedSampler: weight ${i} is ${w}`);
      sum += w;
      this.cumulative[i] = sum;
    }
    if (sum <= 0) throw new Error('WeightedSampler: all weights are zero');
    this.total = sum;
  }

  get size(): number {
    return this.cumulative.length;
  }

  /** An index, with probability weight / total. */
  sample(rng: Random): number {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The probability of index i. */
  probability(i: number): number {
    return (this.cumulative[i]! - (i > 0 ? this.cumulative[i - 1]! : 0)) / this.total;
  }
}

/** Zipf weights for ranks 1..n: 1 / rank^exponent. */
export function zipfWeights(n: number, exponent: number): Float64Array {
  const weights = new Float64Array(n);
  for (let rank = 1; rank <= n; rank++) weights[rank - 1] = 1 / rank ** exponent;
  return weights;
}

/** A sampler of items ranked best first, Zipf-distributed. */
export class ZipfSampler<T> {
  private readonly sampler: WeightedSampler;

  constructor(
    readonly ranked: readonly T[],
    exponent: number,
  ) {
    this.sampler = new WeightedSampler(zipfWeights(ranked.length, exponent));
  }

  sample(rng: Random): T {
    return this.ranked[this.sampler.sample(rng)]!;
  }

  /** Probability of the item at `rank` (0-based). */
  probability(rank: number): number {
    return this.sampler.probability(rank);
  }
}

/** A list shuffled by `rng` (Fisher–Yates), leaving the input alone. */
export function shuffled<T>(items: readonly T[], rng: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Picks a key of `table` with probability proportional to its value: `{ A: 3, B: 1 }`. */
export function pickWeighted<K extends string>(rng: Random, table: Readonly<Record<K, number>>): K {
  const entries = Object.entries(table) as [K, number][];
  let total = 0;
  for (const [, w] of entries) total += w;
  let target = rng.next() * total;
  for (const [key, w] of entries) {
    target -= w;
    if (target < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

/**
 * Splits `total` among items in proportion to `weights`, in whole numbers that add up exactly to `total`
 * (cumulative rounding: deterministic, no remainder to place).
 */
export function apportion(total: number, weights: ArrayLike<number>): Int32Array {
  const counts = new Int32Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]!;
  if (sum <= 0) return counts;
  let cumulative = 0;
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]!;
    const upTo = i === weights.length - 1 ? total : Math.floor((total * cumulative) / sum);
    counts[i] = upTo - given;
    given = upTo;
  }
  return counts;
}
