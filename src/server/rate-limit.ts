import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Who a request is counted against: once authenticated, its account (every token of it together: minting tokens
 * buys no budget) and its token; else the address it came from.
 */
export type RateLimitKey = { accountId: number; tokenId: number } | { ip: string };

const WINDOW_SECONDS = 60;
const TABLE = 'relais_rate_limit';
/** A lease is this fraction of the limit (1/50: 2 %), at least one point. */
const LEASE_DIVISOR = 50;
/** Past this many keys in memory, leases whose window ended are dropped. */
const LEASES_SWEPT_ABOVE = 10_000;

/**
 * Requests per minute per account and per token (per IP address for requests without a valid token), counted in PostgreSQL so
 * that every instance behind the load balancer shares the same counters (instances are stateless). The counters
 * go through a small pool of their own, not the ORM: they are no statement of the request (test/sql-count.test.ts)
 * and never wait behind the request pool.
 *
 * An instance takes points from the shared count in leases (LeasedCounter) and spends them from memory, so that a
 * busy key costs one upsert per lease rather than one per request. The tolerance: the shared limit is never exceeded
 * (points leased count as used); a key may be refused early, by the points leased but not yet spent by other
 * instances (under 2 % of the limit per instance), and what a lease has left when its window ends is lost. Limits
 * under 100 a minute lease one point at a time: counted per request, exactly, as before.
 */
export class RateLimiter {
  private constructor(
    /** Per account, and per address without a valid token; null: no limit. */
    private readonly account: Counter | null,
    /** Per token, when lower than the account's (otherwise the account's count already bounds it); null: none. */
    private readonly token: Counter | null,
  ) {}

  /**
   * Creates the counters' table if needed (unlogged: losing counts in a crash is harmless, skipping WAL is not).
   * `perMinute` bounds an account (or an address), `perTokenPerMinute` each token; 0: no such limit.
   */
  static async create(pool: Pool, perMinute: number, perTokenPerMinute = perMinute): Promise<RateLimiter> {
    try {
      await pool.query(`create unlogged table if not exists ${TABLE} (key varchar(255) primary key, points integer not null default 0, expire bigint)`);
    } catch (error) {
      // Two instances creating it at once: the loser gets a unique violation on the catalog; the table exists.
      if (!['23505', '42P07'].includes((error as { code?: string }).code ?? '')) throw error;
    }
    const counter = (points: number, per: string): Counter | null => {
      if (points <= 0) return null;
      const options = { points, duration: WINDOW_SECONDS, keyPrefix: 'relais' };
      const limiter = new RateLimiterPostgres({
        ...options,
        storeClient: pool,
        storeType: 'pool',
        tableName: TABLE,
        tableCreated: true,
        // A key over its limit is refused from memory until its window ends: a flood costs no database round trip.
        inMemoryBlockOnConsumed: points + 1,
        // If PostgreSQL cannot count, count in this instance's memory rather than refuse or let everything through.
        insuranceLimiter: new RateLimiterMemory(options),
      });
      return { counter: new LeasedCounter(limiter, points), points, per };
    };
    const tokenBound = perTokenPerMinute > 0 && (perMinute <= 0 || perTokenPerMinute < perMinute);
    return new RateLimiter(counter(perMinute, ''), tokenBound ? counter(perTokenPerMinute, ' for this token') : null);
  }

  /** Counts one request against `key`; over a limit, the refusal to answer (HTTP: status 429 and Retry-After). */
  async refusal(key: RateLimitKey, transport: 'http' | 'ws'): Promise<GraphQLError | null> {
    if ('ip' in key) return this.account && refused(this.account, `ip:${key.ip}`, transport);
    // The token's own count first: what it refuses does not use up the budget of the account's other tokens.
    // `account:` keys are shared by every token of the account, on every instance.
    return (this.token && (await refused(this.token, `token:${key.tokenId}`, transport))) ?? (this.account && refused(this.account, `account:${key.accountId}`, transport));
  }
}

interface Counter {
  counter: LeasedCounter;
  points: number;
  /** How the refusal names what is counted. */
  per: string;
}

/** Points of one key this instance leased and has not spent, until the end of the key's window. */
interface Lease {
  left: number;
  until: number;
  /** What the shared count had left after this lease: the next lease asks no more (a last lease of 1 is refused exactly). */
  remaining: number;
}

/**
 * One shared counter spent from leases (see RateLimiter): a request spends a point of its key's lease; when the
 * lease is spent or its window ended, one upsert takes the next lease (2 % of the limit, at most what the shared
 * count had left, at least 1). A lease larger than what is left once others have counted is refused whole: the
 * key is refused early, never let over its limit. Requests of one key on one instance wait for the same lease
 * rather than each taking one.
 */
export class LeasedCounter {
  private readonly leases = new Map<string, Lease>();
  private readonly taking = new Map<string, Promise<unknown>>();
  private readonly leaseSize: number;

  constructor(
    /** The shared count (RateLimiterPostgres; any limiter of the library in the unit tests). */
    private readonly limiter: { consume(key: string, points: number): Promise<RateLimiterRes> },
    points: number,
  ) {
    this.leaseSize = Math.max(1, Math.floor(points / LEASE_DIVISOR));
  }

  /** Counts one request of `key`: resolves when it may go on, rejects with the store's RateLimiterRes when refused. */
  async consume(key: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      const lease = this.leases.get(key);
      if (lease && lease.until > now && lease.left > 0) {
        lease.left -= 1;
        return;
      }
      const pending = this.taking.get(key);
      if (pending) {
        // Another request of this key is taking a lease: spend from it, or, refused, take the next turn.
        await pending.catch(() => undefined);
        continue;
      }
      const size = lease && lease.until > now ? Math.max(1, Math.min(this.leaseSize, lease.remaining)) : this.leaseSize;
      const taken = this.limiter.consume(key, size);
      this.taking.set(key, taken);
      try {
        const result = await taken;
        this.sweep(now);
        this.leases.set(key, { left: size - 1, until: now + result.msBeforeNext, remaining: result.remainingPoints });
        return;
      } finally {
        this.taking.delete(key);
      }
    }
  }

  /** Drops leases whose window ended, once there are many (addresses without a token are keys too). */
  private sweep(now: number): void {
    if (this.leases.size < LEASES_SWEPT_ABOVE) return;
    for (const [key, lease] of this.leases) if (lease.until <= now) this.leases.delete(key);
  }
}

async function refused(counter: Counter, key: string, transport: 'http' | 'ws'): Promise<GraphQLError | null> {
  try {
    await counter.counter.consume(key);
    return null;
  } catch (rejection) {
    // A failing store is the insurance limiter's business: what comes back here is a refusal.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    const http = { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
    return new GraphQLError(`too many requests: at most ${counter.points} a minute${counter.per}; retry in ${retryAfterSeconds} s`, {
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds, ...(transport === 'http' ? { http } : {}) },
    });
  }
}
