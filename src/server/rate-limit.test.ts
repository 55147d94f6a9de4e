import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { LeasedCounter } from './rate-limit';

/** Spends `requests` requests of `key` on `counter`, one after the other; how many were let through. */
async function allowed(counter: LeasedCounter, key: string, requests: number): Promise<number> {
  let through = 0;
  for (let i = 0; i < requests; i++) {
    try {
      await counter.consume(key);
      through += 1;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    }
  }
  return through;
}

/**
 * A shared count (one limiter, as PostgreSQL is for every instance) that counts its round trips and the leases it
 * granted (a refusal of a key already over costs no round trip in production: inMemoryBlockOnConsumed).
 */
function sharedCount(points: number): { store: { consume(key: string, points: number): Promise<RateLimiterRes> }; trips: () => number; granted: () => number } {
  const limiter = new RateLimiterMemory({ points, duration: 60 });
  let trips = 0;
  let granted = 0;
  return {
    store: {
      consume: async (key, taken) => {
        trips += 1;
        const result = await limiter.consume(key, taken);
        granted += 1;
        return result;
      },
    },
    trips: () => trips,
    granted: () => granted,
  };
}

describe('LeasedCounter', () => {
  it('counts every request exactly under 100 a minute: one round trip each, the limit+1st refused', async () => {
    const shared = sharedCount(3);
    const [a, b] = [new LeasedCounter(shared.store, 3), new LeasedCounter(shared.store, 3)];
    expect([await allowed(a, 'k', 1), await allowed(b, 'k', 1), await allowed(a, 'k', 1), await allowed(b, 'k', 1)]).toEqual([1, 1, 1, 0]);
    expect(shared.trips()).toBe(4);
  });

  it('never lets a key over its limit across instances, refuses it at most a lease early per other instance, in few round trips', async () => {
    const points = 1000;
    const shared = sharedCount(points);
    const instances = [new LeasedCounter(shared.store, points), new LeasedCounter(shared.store, points), new LeasedCounter(shared.store, points)];
    let through = 0;
    // Interleaved, as a load balancer spreads a client's requests, until every instance is refused.
    for (let round = 0; round < 600; round++) for (const instance of instances) through += await allowed(instance, 'k', 1);
    expect(through).toBeLessThanOrEqual(points);
    // Leases of 20 (2 %): what is lost is at most the part of one lease refused whole (19 points).
    expect(through).toBeGreaterThanOrEqual(points - 19);
    // About one round trip per 20 requests let through, not one per request.
    expect(shared.granted()).toBeLessThanOrEqual(points / 20 + 5);
  });

  it('gives one lease to simultaneous requests of a key on one instance', async () => {
    const shared = sharedCount(1000);
    const counter = new LeasedCounter(shared.store, 1000);
    await Promise.all(Array.from({ length: 20 }, () => counter.consume('k')));
    expect(shared.trips()).toBe(1);
  });
});
