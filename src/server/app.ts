import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { EntityManager } from '@mikro-orm/postgresql';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { Pool } from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { personalDataAuditPlugin, recordPersonalDataReads } from '../access/graphql/audit-recording';
import type { GraphQLContext, SubscriptionChannel } from '../graphql/context';
import { createErrorFormatter, toGraphQLError } from '../graphql/errors';
import { ExecutionBudget, executeWithBudget, executionBudgetPlugin } from '../graphql/execution-budget';
import { Loaders } from '../graphql/loaders';
import { multiplexedSubscribe } from '../events/graphql/multiplex';
import { ServiceError } from '../common/errors';
import type { Viewer } from '../access/rules/viewer';
import { invalidTokenIds, TokenUsageRecorder } from '../access/use-cases/api-tokens';
import { authenticate } from '../access/use-cases/authenticate';
import { ViewerCache } from '../access/viewer-cache';
import type { Config } from './config';
import { EventRelay } from '../events/event-relay';
import type { Logger } from './logger';
import type { Orm } from '../db/orm';
import { createOperationGuard } from '../graphql/limits';
import { RateLimiter } from './rate-limit';
import { countStatements, statementsSoFar } from '../db/sql-counter';

export interface RelaisServer {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** Stops accepting, drains in-flight requests and sockets. Does not close the ORM. */
  close(): Promise<void>;
}

/** Builds the per-operation context: its own EntityManager fork, the viewer `admit` lets in, loaders. */
async function createContext(orm: Orm, config: Config, admit: (em: EntityManager) => Promise<Viewer>, channel?: SubscriptionChannel): Promise<GraphQLContext> {
  const em = orm.em.fork();
  const viewer = await admit(em);
  const budget = new ExecutionBudget(config.maxResponseObjects, config.operationTimeoutMs);
  const tokenPolicy = { maxLivePerAccount: config.maxTokensPerAccount, maxLifetimeDays: config.tokenMaxDays };
  return { em, viewer, loaders: new Loaders(em, viewer), maxPageSize: config.maxPageSize, tokenPolicy, channel, budget };
}

/** Subscriptions one socket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;
/** How often each instance checks that the tokens of its open sockets are still valid. */
const TOKEN_SWEEP_MS = 5000;
/** Connections of the pool for writes beside the requests (rate-limit counters, tokens' last use). */
const SIDE_POOL_MAX = 3;
/** graphql-ws close code for a connection refused by the rate limit (4000-4999 are the application's). */
const WS_TOO_MANY_REQUESTS = 4429;
/** graphql-ws close code for a connection over its account's number of open sockets (README, "Limits"). */
export const WS_TOO_MANY_SOCKETS = 4430;

/**
 * Errors raised before GraphQL (reading the body: too large, not JSON) answer JSON with a code, like every GraphQL
 * error, instead of express's HTML page, which shows a stack trace outside production.
 */
function httpErrorHandler(logger: Logger, bodyLimitBytes: number): express.ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, type } = error as { status?: unknown; type?: unknown };
    let answer = { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
    if (type === 'entity.too.large') answer = { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `the request body must be at most ${bodyLimitBytes} bytes` };
    else if (type === 'entity.parse.failed') answer = { status: 400, code: 'BAD_REQUEST', message: 'the request body is not valid JSON' };
    // Other refusals of the body reader: unsupported charset or encoding, aborted or malformed request.
    else if (typeof status === 'number' && status >= 400 && status < 500) answer = { status, code: 'BAD_REQUEST', message: 'the request body cannot be read' };
    else logger.error({ err: error }, 'unexpected HTTP error');
    res.status(answer.status).json({ errors: [{ message: answer.message, extensions: { code: answer.code } }] });
  };
}

/** One log line per operation, with its SQL statement count (and, if configured, the count in the response). */
function operationLogPlugin(logger: Logger, exposeSqlCount: boolean): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, response, errors }) {
          const sqlStatements = statementsSoFar();
          if (exposeSqlCount && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements };
          }
          logger.info(
            {
              operation: request.operationName ?? null,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              sqlStatements,
              errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/**
 * Starts the HTTP server: POST /graphql (Apollo Server 5 on express 5), WebSocket /graphql (graphql-ws),
 * GET /healthz (alive) and GET /readyz (database reachable, not shutting down).
 */
export async function startServer(options: { config: Config; logger: Logger; orm: Orm; schema: GraphQLSchema; databaseUrl: string }): Promise<RelaisServer> {
  const { config, logger, orm, schema } = options;
  const relay = new EventRelay(orm, options.databaseUrl, logger, config.relayPollMs);
  // Viewers of recently used tokens; forgotten whenever the database says a token or account changed.
  const viewers = new ViewerCache();
  relay.onTokensChanged(() => viewers.clear());
  await relay.start();
  /** Open sockets and the token (and its account) each one authenticated with: revocation sweep, rate limit, cap. */
  const sockets = new Map<WebSocket, { tokenId: number; accountId: number }>();
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const guard = createOperationGuard(config);
  const baseFormatError = createErrorFormatter(logger);
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => guard.format(baseFormatError(formatted, error));
  let draining = false;

  // Rate-limit counters and tokens' last use are written on a small pool of their own: not statements of the
  // request (test/sql-count.test.ts counts those), and never queued behind the request pool.
  const sidePool = new Pool({ connectionString: options.databaseUrl, max: SIDE_POOL_MAX });
  sidePool.on('error', (error) => logger.warn({ err: error }, 'side pool connection lost'));
  const limiter = config.rateLimitPerMinute > 0 || config.tokenRateLimitPerMinute > 0 ? await RateLimiter.create(sidePool, config.rateLimitPerMinute, config.tokenRateLimitPerMinute) : null;
  const tokenUsage = new TokenUsageRecorder(sidePool, (error) => logger.warn({ err: error }, 'could not record a token use'));

  /** The viewer behind an Authorization value, its token's use recorded; UNAUTHENTICATED as a GraphQL error. */
  const viewerOf = async (em: EntityManager, authorization: unknown): Promise<Viewer> => {
    try {
      const viewer = await authenticate(em, authorization, viewers);
      tokenUsage.record(viewer.tokenId);
      return viewer;
    } catch (error) {
      throw error instanceof ServiceError ? toGraphQLError(error) : error;
    }
  };
  /**
   * HTTP: authenticates, then counts the request against its token, or against its address when the token is not
   * valid (so guessing tokens is limited too). Runs before the document is even parsed.
   */
  const admitHttp = async (em: EntityManager, authorization: unknown, ip: string): Promise<Viewer> => {
    let viewer: Viewer;
    try {
      viewer = await viewerOf(em, authorization);
    } catch (error) {
      throw (await limiter?.refusal({ ip }, 'http')) ?? error;
    }
    const refusal = await limiter?.refusal({ accountId: viewer.accountId, tokenId: viewer.tokenId }, 'http');
    if (refusal) throw refusal;
    return viewer;
  };

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.bodyLimitBytes });
  const formatErrors = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON() as GraphQLFormattedError, e) as unknown as GraphQLError);
  const wsCleanup = useServer<Record<string, unknown>, { viewerAuthorization?: unknown }>(
    {
      schema,
      // An event's result is executed once per selection and authorization class, then shared (multiplex.ts).
      subscribe: multiplexedSubscribe,
      execute: executeWithBudget,
      // A missing or invalid token closes the socket with 4403 Forbidden (graphql-ws); a connection over the rate
      // limit (its account's, or its address's without a valid token) with 4429; over its account's open sockets on
      // this instance with 4430.
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const viewer = await viewerOf(orm.em.fork(), authorization).catch(() => null);
        const refusal = await limiter?.refusal(viewer ? { accountId: viewer.accountId, tokenId: viewer.tokenId } : { ip: ctx.extra.request.socket.remoteAddress ?? 'unknown' }, 'ws');
        if (refusal) ctx.extra.socket.close(WS_TOO_MANY_REQUESTS, 'Too many requests');
        // Closed while authenticating: onDisconnect will not come for it, so it must not be counted.
        if (refusal || !viewer || ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
        // Counted and registered with no await in between: concurrent connections cannot both take the last place.
        let open = 0;
        for (const held of sockets.values()) if (held.accountId === viewer.accountId) open++;
        if (open >= config.wsMaxSocketsPerAccount) {
          ctx.extra.socket.close(WS_TOO_MANY_SOCKETS, 'Too many connections for this account');
          return false;
        }
        ctx.extra.viewerAuthorization = authorization;
        sockets.set(ctx.extra.socket, { tokenId: viewer.tokenId, accountId: viewer.accountId });
        return true;
      },
      onDisconnect: (ctx) => {
        sockets.delete(ctx.extra.socket);
      },
      // Every operation counts against the token's rate limit, then goes through the same parser limits and
      // validation rules as over HTTP (depth, cost, aliases, directives, tokens, list lengths, NUL characters).
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has already registered this operation's id: the count includes it.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} operations at once per connection`, { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        const held = sockets.get(ctx.extra.socket);
        const refusal = held === undefined ? null : await limiter?.refusal(held, 'ws');
        return refusal ? [refusal] : guard.prepare(schema, payload);
      },
      context: (ctx) => {
        const socket = ctx.extra.socket;
        return createContext(orm, config, (em) => viewerOf(em, ctx.extra.viewerAuthorization), {
          head: () => relay.head,
          listen: (listener, interest) => relay.subscribe(listener, interest),
          bufferedAmount: () => socket.bufferedAmount,
          close: (code, reason) => socket.close(code, reason),
        });
      },
      onNext: async (_ctx, _id, _payload, args, result) => {
        // Personal data read for this result is audited before it goes out (audit.ts), or withheld.
        const auditFailure = await recordPersonalDataReads(args.contextValue as GraphQLContext, logger);
        if (auditFailure) return { errors: [auditFailure] };
        return 'errors' in result && result.errors ? { ...result, errors: formatErrors(result.errors) } : result;
      },
      onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    },
    wsServer,
    12_000,
  );

  // A token revoked (or expired, or its account disabled) while connected ends its subscriptions: 4403. Checked
  // every TOKEN_SWEEP_MS (expiry sends no word), and at once when the database says a token or account changed.
  const sweepSockets = () => {
    if (sockets.size === 0) return;
    invalidTokenIds(orm.em.fork(), [...new Set([...sockets.values()].map((held) => held.tokenId))])
      .then((invalid) => {
        for (const [socket, held] of sockets) {
          if (invalid.has(held.tokenId)) {
            sockets.delete(socket);
            socket.close(4403, 'Forbidden: token revoked or expired');
          }
        }
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'token sweep failed'));
  };
  relay.onTokensChanged(sweepSockets);
  const sweep = setInterval(sweepSockets, TOKEN_SWEEP_MS);
  sweep.unref();

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // The process owns its signals (main.ts): drain, close the pool, then stop the database.
    stopOnTerminationSignals: false,
    formatError,
    validationRules: guard.apollo.validationRules,
    parseOptions: guard.apollo.parseOptions,
    plugins: [
      ...guard.apollo.plugins,
      executionBudgetPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No HTTP caching hints are given: without this, Apollo wraps every field's resolver to compute them.
      ApolloServerPluginCacheControlDisabled(),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      operationLogPlugin(logger, config.exposeSqlCount),
      personalDataAuditPlugin(logger),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await orm.em.fork().getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  // CORS only for the browser origins configured: without any, no CORS header at all (portals call server-side).
  if (config.corsOrigins.length > 0) app.use('/graphql', cors({ origin: config.corsOrigins, methods: ['GET', 'POST'], exposedHeaders: ['Retry-After'], maxAge: 600 }));
  app.use(
    '/graphql',
    express.json({ limit: config.bodyLimitBytes }),
    (_req, _res, next) => countStatements(next),
    expressMiddleware(apollo, { context: async ({ req }) => createContext(orm, config, (em) => admitHttp(em, req.headers.authorization, req.ip ?? 'unknown')) }),
  );
  app.use(httpErrorHandler(logger, config.bodyLimitBytes));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    async close() {
      draining = true;
      clearInterval(sweep);
      await apollo.stop();
      await relay.stop();
      await sidePool.end();
    },
  };
}
