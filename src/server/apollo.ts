import type http from 'node:http';
import { ApolloServer, type ApolloServerOptionsWithGateway, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError, printSchema, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { personalDataAuditPlugin } from '../access/graphql/audit-recording';
import { statementsSoFar } from '../db/sql-counter';
import type { GraphQLContext } from '../graphql/context';
import { executionBudgetPlugin } from '../graphql/execution-budget';
import type { JitExecutor } from '../graphql/jit-execution';
import type { OperationGuard } from '../graphql/limits';
import type { Config } from './config';
import type { Logger } from './logger';
import { metricsPlugin, type RelaisMetrics } from './metrics';
import { safelistPlugin, type OperationSafelists } from './operation-safelist';
import { isPublicDocument } from '../graphql/public-operations';
import { unavailableStatusPlugin } from './unavailable';
import { responseCachePlugin, type ResponseCache } from './response-cache';
import { takeTokensChanged } from './request-context';

/** One log line per operation, with its SQL statement count (and, if configured, the count in the response). */
function operationLogPlugin(logger: Logger, exposeSqlCount: boolean): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, response, errors, operationName }) {
          const sqlStatements = statementsSoFar();
          if (exposeSqlCount && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements };
          }
          logger.info(
            {
              // The name of the operation run (the document's), else the one the request gave.
              operation: operationName ?? request.operationName ?? null,
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
 * A request that revoked tokens or disabled an account (common/request-scope.ts) has this instance forget its cached
 * viewers and safelists before its answer goes: the caller's next request, here, cannot pass with the old token.
 */
function localTokenChangesPlugin(tokensChanged: () => void): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse() {
          if (takeTokensChanged()) tokensChanged();
        },
      };
    },
  };
}

/**
 * Subscriptions are served over WebSocket (graphql-ws, websocket.ts): sent over HTTP, one answers 400 saying so,
 * rather than an execution error from a resolver that has nothing to stream to.
 */
function subscriptionsOverWebSocketPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('subscriptions are served over WebSocket with the graphql-ws protocol, at the same path: open a socket to subscribe', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        },
      };
    },
  };
}

/**
 * Bytes of query text the automatic persisted queries (APQ) keep per instance, least recently used dropped first.
 * Real documents weigh 0.2 to 4 kB (schema/examples): some thousands of distinct operations fit, and a flood of
 * registrations cannot grow the process. A client whose hash was dropped, or registered on another instance, gets
 * PERSISTED_QUERY_NOT_FOUND and sends the query again with its hash, as the protocol expects.
 */
export const APQ_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * HTTP caching of GET answers (README, "Persisted operations"): an answer without errors to a document that selects
 * only public reference data (graphql/public-operations.ts: the same for every token) says
 * `public, max-age=<RELAIS_GET_MAX_AGE_SECONDS>` (a CDN or the app's cache may keep it); every other GET answer says
 * `private, no-store`, since it depends on the token. POST answers are left as they are (never stored by caches).
 * `maxAgeSeconds` 0: no GET answer is cacheable.
 */
function getCacheControlPlugin(maxAgeSeconds: number): ApolloServerPlugin<GraphQLContext> {
  const publicDocuments = new WeakMap<object, boolean>();
  return {
    async requestDidStart({ request }) {
      if (request.http?.method !== 'GET') return;
      return {
        async willSendResponse({ response, errors, document, schema }) {
          let cacheable = maxAgeSeconds > 0 && !errors?.length && document !== undefined && response.body.kind === 'single' && !response.body.singleResult.errors?.length;
          if (cacheable && document) {
            // Apollo Server hands the same validated AST for the same text (its document store): walked once.
            let known = publicDocuments.get(document);
            if (known === undefined) publicDocuments.set(document, (known = isPublicDocument(schema, document)));
            cacheable = known;
          }
          response.http.headers.set('cache-control', cacheable ? `public, max-age=${maxAgeSeconds}` : 'private, no-store');
          if (cacheable) response.http.headers.set('vary', 'accept');
        },
      };
    },
  };
}

/**
 * Apollo Server 5 has no executor option: its `gateway` is the one way to run operations on another engine than
 * graphql-js `execute` (the route Apollo's migration guide gives for custom executors; graphql-jit issue #219,
 * graphql-modules' `createApolloExecutor`). Apollo Server treats
 * `schema` as the gateway's and runs its whole request pipeline as with a schema — parse and validation rules, the
 * document store, APQ, every plugin hook (didResolveOperation: safelists, limits; executionDidStart: budget, audit;
 * willSendResponse), error formatting and HTTP statuses — and calls `executor` where it would call `execute`.
 * The schema never changes: it is announced once, and there is nothing to stop.
 */
function jitGateway(schema: GraphQLSchema, jit: JitExecutor): ApolloServerOptionsWithGateway<GraphQLContext>['gateway'] {
  return {
    onSchemaLoadOrUpdate(callback) {
      // The SDL is read only by Apollo's reporting plugins, which the hub does not install: printed if ever asked.
      callback({
        apiSchema: schema,
        get coreSupergraphSdl() {
          return printSchema(schema);
        },
      });
      return () => undefined;
    },
    async load() {
      return {
        executor: async ({ document, request, context }) =>
          jit.execute({ schema, document, operationName: request.operationName, variableValues: request.variables, contextValue: context }),
      };
    },
    async stop() {},
  };
}

/**
 * Starts Apollo Server 5 for POST /graphql: the operation limits (`guard`), the execution budget, the operation log
 * and the personal-data audit. Stopping it drains, together, the HTTP server and `drain` (the WebSocket endpoint).
 */
export async function startApollo(options: {
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  httpServer: http.Server;
  guard: OperationGuard;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  drain: () => Promise<void>;
  metrics: RelaisMetrics;
  safelists: OperationSafelists;
  /** The response cache of public lists (response-cache.ts), when RELAIS_RESPONSE_CACHE_MB is not 0. */
  responseCache?: ResponseCache | null;
  /** Runs queries compiled (config.jit); null: Apollo Server runs every operation on graphql-js. */
  jit: JitExecutor | null;
  /** Called when a request served here has changed tokens or accounts, before its answer goes. */
  tokensChanged: () => void;
}): Promise<ApolloServer<GraphQLContext>> {
  const { schema, config, logger, httpServer, guard, formatError, drain, metrics, safelists, responseCache, jit, tokensChanged } = options;
  const apollo = new ApolloServer<GraphQLContext>({
    ...(jit ? { gateway: jitGateway(schema, jit) } : { schema }),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // The process owns its signals (main.ts): drain, close the pool, then stop the database.
    stopOnTerminationSignals: false,
    formatError,
    validationRules: guard.apollo.validationRules,
    parseOptions: guard.apollo.parseOptions,
    // Automatic persisted queries (Apollo's APQ, over POST and GET), in a bounded store of their own. A persisted
    // document goes through the same parser bound, validation rules and plugins (limits, safelists) as any other:
    // Apollo Server registers it only once it has passed them, and checks it again on every hit.
    persistedQueries: { cache: new InMemoryLRUCache<string>({ maxSize: APQ_CACHE_BYTES }) },
    // Kept explicit: GET requests (and simple POSTs) need a non-simple header (`apollo-require-preflight`,
    // `x-apollo-operation-name`) or content type, so that a browser cannot send one cross-site unannounced.
    csrfPrevention: true,
    plugins: [
      // First: a restricted token's document is refused before the limits spend anything on it.
      safelistPlugin(safelists),
      subscriptionsOverWebSocketPlugin(),
      ...guard.apollo.plugins,
      executionBudgetPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No HTTP caching hints are given: without this, Apollo wraps every field's resolver to compute them.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads from a CDN: the hub serves its own GraphiQL at /console/graphiql (console.ts).
      ApolloServerPluginLandingPageDisabled(),
      { async serverWillStart() { return { drainServer: drain }; } },
      operationLogPlugin(logger, config.exposeSqlCount),
      localTokenChangesPlugin(tokensChanged),
      metricsPlugin(metrics),
      personalDataAuditPlugin(logger),
      unavailableStatusPlugin(),
      getCacheControlPlugin(config.getMaxAgeSeconds),
      // Looked up after every check of didResolveOperation (safelist, limits, cost), instead of executing.
      ...(responseCache ? [responseCachePlugin(responseCache, metrics)] : []),
    ],
  });
  await apollo.start();
  return apollo;
}
