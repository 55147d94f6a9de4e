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

/**
 * Requests per minute per account and per token (per IP address for requests without a valid token), counted in PostgreSQL so
 * that every instance behind the load balancer shares the same counters (instances are stateless). The counters
 * go through a small pool of their own, not the ORM: they are no statement of the request (test/sql-count.test.ts)
 * and never wait behind the request pool.
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
      return { limiter, points, per };
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
  limiter: RateLimiterPostgres;
  points: number;
  /** How the refusal names what is counted. */
  per: string;
}

async function refused(counter: Counter, key: string, transport: 'http' | 'ws'): Promise<GraphQLError | null> {
  try {
    await counter.limiter.consume(key);
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
