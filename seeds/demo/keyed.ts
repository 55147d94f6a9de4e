/**
 * The demo network's rows point to each other by key (`crepi`, `yacine`...), not by id: ids exist only once the
 * rows are flushed, and keys read better in the data modules.
 */

/** Builds one entity per seed, keeping the seed's key. */
export function mapSeeds<K extends string, S, E>(seeds: Record<K, S>, build: (seed: S, key: K) => E): Record<K, E> {
  return Object.fromEntries((Object.entries(seeds) as [K, S][]).map(([key, seed]) => [key, build(seed, key)])) as Record<K, E>;
}

/** A value the demo network must have built or loaded already; a missing one is a bug in the seed data. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo network: ${what} is missing`);
  return value;
}

/** The keys of a keyed record, typed. */
export function keysOf<K extends string>(record: Record<K, unknown>): K[] {
  return Object.keys(record) as K[];
}
