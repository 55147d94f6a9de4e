import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { personalDataAuditPlugin } from '../access/graphql/audit-recording';
import { statementsSoFar } from '../db/sql-counter';
import type { GraphQLContext } from '../graphql/context';
import { executionBudgetPlugin } from '../graphql/execution-budget';
import type { OperationGuard } from '../graphql/limits';
import type { Config } from './config';
import type { Logger } from './logger';
import { metricsPlugin, type RelaisMetrics } from './metrics';
import { unavailableStatusPlugin } from './unavailable';

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
}): Promise<ApolloServer<GraphQLContext>> {
  const { schema, config, logger, httpServer, guard, formatError, drain, metrics } = options;
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
      metricsPlugin(metrics),
      personalDataAuditPlugin(logger),
      unavailableStatusPlugin(),
    ],
  });
  await apollo.start();
  return apollo;
}
