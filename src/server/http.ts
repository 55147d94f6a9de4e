import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { Orm } from '../db/orm';
import { countStatements } from '../db/sql-counter';
import type { GraphQLContext } from '../graphql/context';
import type { Config } from './config';
import type { Logger } from './logger';
import { metricsHandler, metricsMiddleware, type RelaisMetrics } from './metrics';
import { currentRequestId, requestIdMiddleware } from './request-context';

/**
 * The express 5 application and the HTTP server it answers on (the WebSocket endpoint shares the server). Its first
 * middleware gives every request its id (request-context.ts), whatever route is mounted later.
 */
export function createHttpServer(): { app: express.Express; httpServer: http.Server } {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestIdMiddleware());
  return { app, httpServer: http.createServer(app) };
}

/**
 * Errors raised before GraphQL (reading the body: too large, not JSON) answer JSON with a code, like every GraphQL
 * error, instead of express's HTML page, which shows a stack trace outside production.
 */
function httpErrorHandler(logger: Logger, bodyLimitBytes: number, metrics: RelaisMetrics): express.ErrorRequestHandler {
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
    metrics.recordError(answer.code);
    const requestId = currentRequestId();
    res.status(answer.status).json({ errors: [{ message: answer.message, extensions: { code: answer.code, ...(requestId ? { requestId } : {}) } }] });
  };
}

/**
 * Mounts the routes: GET /healthz (alive), GET /readyz (database reachable, not `draining`; 503 otherwise), GET /metrics
 * (Prometheus, metrics.ts), CORS for the configured origins, POST /graphql (Apollo Server, each request's SQL
 * statements counted), the `downloads` (GET), and JSON answers to body errors.
 */
export function mountHttpRoutes(
  app: express.Express,
  options: {
    config: Config;
    logger: Logger;
    orm: Orm;
    apollo: ApolloServer<GraphQLContext>;
    context: (req: express.Request) => Promise<GraphQLContext>;
    draining: () => boolean;
    eventsListening?: () => boolean;
    metrics: RelaisMetrics;
    /** GET routes beside /graphql, admitted by the same token rules (the passeport PDF, passeport-route.ts). */
    downloads?: Record<string, express.RequestHandler>;
  },
): void {
  const { config, logger, orm, apollo, context, draining, eventsListening, metrics, downloads = {} } = options;
  app.get('/metrics', metricsHandler(metrics, config.metricsToken));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await orm.em.fork().getConnection().execute('select 1');
      // `polling`: the event relay lost its LISTEN connection and reconnects; events still flow, by the poll.
      res.json({ status: 'ready', events: eventsListening === undefined || eventsListening() ? 'listening' : 'polling' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  // CORS only for the browser origins configured: without any, no CORS header at all (portals call server-side).
  if (config.corsOrigins.length > 0) app.use('/graphql', cors({ origin: config.corsOrigins, methods: ['GET', 'POST'], exposedHeaders: ['Retry-After', 'X-Request-Id'], maxAge: 600 }));
  app.use(
    '/graphql',
    metricsMiddleware(metrics),
    express.json({ limit: config.bodyLimitBytes }),
    (_req, _res, next) => countStatements(next),
    expressMiddleware(apollo, { context: async ({ req }) => context(req) }),
  );
  for (const [path, handler] of Object.entries(downloads)) {
    if (config.corsOrigins.length > 0) app.use(path, cors({ origin: config.corsOrigins, methods: ['GET'], exposedHeaders: ['Retry-After', 'Content-Disposition'], maxAge: 600 }));
    app.get(path, handler);
  }
  app.use(httpErrorHandler(logger, config.bodyLimitBytes, metrics));
}

/** Listens on the configured host and port; the URL of /graphql and the port listened on (tests ask for 0). */
export async function listen(httpServer: http.Server, config: Config): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}/graphql`, port };
}
