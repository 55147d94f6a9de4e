/** A small seeded PRNG (mulberry32): the same seed gives the same subscribers, filters and events. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }

  /** Skewed towards the first values (a few big départements and common métiers get most of the traffic). */
  skewed<T>(values: readonly T[]): T {
    return values[Math.floor(values.length * this.next() ** 2.5)]!;
  }
}
