import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/** Who a request is counted against: its token once authenticated, else the address it came from. */
export type RateLimitKey = { tokenId: number } | { ip: string };

const WINDOW_SECONDS = 60;
const TABLE = 'relais_rate_limit';

/**
 * Requests per minute per token (per IP address for requests without a valid token), counted in PostgreSQL so
 * that every instance behind the load balancer shares the same counters (instances are stateless). The counters
 * go through a small pool of their own, not the ORM: they are no statement of the request (test/sql-count.test.ts)
 * and never wait behind the request pool.
 */
export class RateLimiter {
  private constructor(
    private readonly limiter: RateLimiterPostgres,
    readonly perMinute: number,
  ) {}

  /** Creates the counters' table if needed (unlogged: losing counts in a crash is harmless, skipping WAL is not). */
  static async create(pool: Pool, perMinute: number): Promise<RateLimiter> {
    try {
      await pool.query(`create unlogged table if not exists ${TABLE} (key varchar(255) primary key, points integer not null default 0, expire bigint)`);
    } catch (error) {
      // Two instances creating it at once: the loser gets a unique violation on the catalog; the table exists.
      if (!['23505', '42P07'].includes((error as { code?: string }).code ?? '')) throw error;
    }
    const options = { points: perMinute, duration: WINDOW_SECONDS, keyPrefix: 'relais' };
    const limiter = new RateLimiterPostgres({
      ...options,
      storeClient: pool,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      // A key over its limit is refused from memory until its window ends: a flood costs no database round trip.
      inMemoryBlockOnConsumed: perMinute + 1,
      // If PostgreSQL cannot count, count in this instance's memory rather than refuse or let everything through.
      insuranceLimiter: new RateLimiterMemory(options),
    });
    return new RateLimiter(limiter, perMinute);
  }

  /** Counts one request against `key`; over the limit, the refusal to answer (HTTP: status 429 and Retry-After). */
  async refusal(key: RateLimitKey, transport: 'http' | 'ws'): Promise<GraphQLError | null> {
    try {
      await this.limiter.consume('tokenId' in key ? `token:${key.tokenId}` : `ip:${key.ip}`);
      return null;
    } catch (rejection) {
      // A failing store is the insurance limiter's business: what comes back here is a refusal.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const http = { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
      return new GraphQLError(`too many requests: at most ${this.perMinute} a minute; retry in ${retryAfterSeconds} s`, {
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds, ...(transport === 'http' ? { http } : {}) },
      });
    }
  }
}
