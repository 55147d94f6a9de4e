import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLError } from 'graphql';
import { Pool } from 'pg';
import type { Viewer } from '../access/rules/viewer';
import { TokenUsageRecorder } from '../access/use-cases/api-tokens';
import { authenticate } from '../access/use-cases/authenticate';
import type { ViewerCache } from '../access/viewer-cache';
import { ServiceError } from '../common/errors';
import { toGraphQLError } from '../graphql/errors';
import type { Config } from './config';
import type { Logger } from './logger';
import { OperationSafelists } from './operation-safelist';
import { RateLimiter, type RateLimitKey } from './rate-limit';
import { tokenOperations } from '../access/queries/token-operations';

/** Connections of the pool beside the requests (rate-limit counters, tokens' last use, tokens' safelists). */
const SIDE_POOL_MAX = 3;

/** Who may come in: authentication by bearer token and the rate limit, for HTTP requests and graphql-ws. */
export interface Admission {
  /** The viewer behind an Authorization value, its token's use recorded; UNAUTHENTICATED as a GraphQL error. */
  viewerOf(em: EntityManager, authorization: unknown): Promise<Viewer>;
  /**
   * HTTP: authenticates, then counts the request against its token, or against its address when the token is not
   * valid (so guessing tokens is limited too). Runs before the document is even parsed.
   */
  admitHttp(em: EntityManager, authorization: unknown, ip: string): Promise<Viewer>;
  /** Counts one request against `key`; over the rate limit, the refusal to answer (null: no limit configured). */
  refusal(key: RateLimitKey, transport: 'http' | 'ws'): Promise<GraphQLError | null | undefined>;
  /** The operations each token may run (operation-safelist.ts), read on the side pool; app.ts clears them on NOTIFY. */
  safelists: OperationSafelists;
  /** Ends the side pool. */
  close(): Promise<void>;
}

export async function createAdmission(options: { config: Config; logger: Logger; databaseUrl: string; viewers: ViewerCache }): Promise<Admission> {
  const { config, logger, viewers } = options;
  // Rate-limit counters and tokens' last use are written on a small pool of their own: not statements of the
  // request (test/sql-count.test.ts counts those), and never queued behind the request pool.
  // Waits for a connection at most as long as the request pool does (0, pg's default, would wait forever).
  const sidePool = new Pool({ connectionString: options.databaseUrl, max: SIDE_POOL_MAX, connectionTimeoutMillis: config.dbAcquireTimeoutMs });
  sidePool.on('error', (error) => logger.warn({ err: error }, 'side pool connection lost'));
  const limiter = config.rateLimitPerMinute > 0 || config.tokenRateLimitPerMinute > 0 ? await RateLimiter.create(sidePool, config.rateLimitPerMinute, config.tokenRateLimitPerMinute) : null;
  const tokenUsage = new TokenUsageRecorder(sidePool, (error) => logger.warn({ err: error }, 'could not record a token use'));

  const viewerOf = async (em: EntityManager, authorization: unknown): Promise<Viewer> => {
    try {
      const viewer = await authenticate(em, authorization, viewers);
      tokenUsage.record(viewer.tokenId);
      return viewer;
    } catch (error) {
      throw error instanceof ServiceError ? toGraphQLError(error) : error;
    }
  };
  const refusal = async (key: RateLimitKey, transport: 'http' | 'ws') => limiter?.refusal(key, transport);
  const safelists = new OperationSafelists((tokenId) => tokenOperations(sidePool, tokenId));
  return {
    viewerOf,
    refusal,
    safelists,
    async admitHttp(em, authorization, ip) {
      let viewer: Viewer;
      try {
        viewer = await viewerOf(em, authorization);
      } catch (error) {
        throw (await refusal({ ip }, 'http')) ?? error;
      }
      const refused = await refusal({ accountId: viewer.accountId, tokenId: viewer.tokenId }, 'http');
      if (refused) throw refused;
      return viewer;
    },
    async close() {
      await sidePool.end();
    },
  };
}
