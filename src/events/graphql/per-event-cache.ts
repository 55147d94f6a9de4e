import type { EntityManager } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../../access';

/** Computations run (misses) and answers shared (hits): for tests and the bench. */
export interface SharingStats {
  computed: number;
  shared: number;
}

/**
 * What the subscribers of one event share: a value computed once per event and key (an execution result, an
 * authorization answer), then handed to every subscriber asking for the same — as is once settled, so that they
 * take it without another promise. Bounded: the last `maxEvents` events, each for at most `ttlMs` (a subscriber far
 * behind, or replaying, computes afresh). A failed computation is forgotten, so that the next subscriber tries again.
 */
export class PerEventCache<T> {
  /** lru-cache: at most `maxEvents` events, each for `ttlMs` from its first computation (not renewed by use). */
  private readonly events: LRUCache<number, Map<string, Shared<T>>>;

  constructor(
    private readonly stats: SharingStats = { computed: 0, shared: 0 },
    maxEvents = 256,
    ttlMs = 5000,
  ) {
    this.events = new LRUCache({ max: maxEvents, ttl: ttlMs });
  }

  get(eventId: number, key: string, compute: () => Promise<T>): T | Promise<T> {
    let values = this.events.get(eventId);
    if (!values) {
      values = new Map();
      this.events.set(eventId, values);
    }
    const found = values.get(key);
    if (found) {
      this.stats.shared++;
      return found.settled ? found.value! : found.promise;
    }
    this.stats.computed++;
    const slot = values;
    const entry: Shared<T> = { promise: compute(), settled: false };
    slot.set(key, entry);
    entry.promise.then(
      (value) => {
        entry.value = value;
        entry.settled = true;
      },
      () => {
        if (slot.get(key) === entry) slot.delete(key);
      },
    );
    return entry.promise;
  }
}

/**
 * One cache per database: event ids are unique within a database only, and a process may serve several (tests run
 * two instances, or two databases, in one process). Keyed by the ORM's driver, which every fork shares.
 */
export class PerDatabase<T> {
  private readonly caches = new WeakMap<object, PerEventCache<T>>();

  constructor(private readonly create: () => PerEventCache<T>) {}

  of(em: EntityManager): PerEventCache<T> {
    const driver = em.getDriver();
    let cache = this.caches.get(driver);
    if (!cache) this.caches.set(driver, (cache = this.create()));
    return cache;
  }
}

interface Shared<T> {
  promise: Promise<T>;
  settled: boolean;
  value?: T;
}

/**
 * The authorization class of a viewer: what the read rules (queries/visibility.ts of each capability) and the personal-data rules
 * (src/access/personal-data-access.ts) decide from. Two viewers of one class see the same rows and fields.
 */
export function authorizationClass(viewer: Viewer): string {
  return `${viewer.role}|${viewer.structureId ?? ''}|${viewer.companyId ?? ''}|${viewer.participantId ?? ''}`;
}
