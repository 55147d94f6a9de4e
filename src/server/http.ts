import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import cors from 'cors';
import express from 'express';
import type { Orm } from '../db/orm';
import { countStatements } from '../db/sql-counter';
import type { GraphQLContext } from '../graphql/context';
import type { Config } from './config';
import type { Logger } from './logger';
import { metricsHandler, metricsMiddleware, type RelaisMetrics } from './metrics';
import { currentRequestId, requestIdMiddleware } from './request-context';

/** A connect-style handler on Node's own request and response: express mounts it as it is, and so does the fast path. */
type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: (error?: unknown) => void) => void;
type NodeErrorHandler = (error: unknown, req: http.IncomingMessage, res: http.ServerResponse, next: (error?: unknown) => void) => void;

export interface HttpServer {
  app: express.Express;
  httpServer: http.Server;
  /**
   * Serves POST /graphql (that path exactly, with or without a query string) with `handlers`, then `onError` for an
   * error one of them passes on, without going through express: the same handlers express mounts at /graphql, in the
   * same order, so the answer is the same (less express's ETag). Every partner's read and write is such a POST, and
   * express's share of it was large: `{ __typename }` took 0.53 ms of server CPU through express, 0.29 ms without
   * (bench/RESULTS.md, 2026-12-03 16:30).
   */
  serveGraphQLPost(handlers: readonly NodeHandler[], onError: NodeErrorHandler): void;
}

/**
 * The express 5 application and the HTTP server it answers on (the WebSocket endpoint shares the server). Its first
 * middleware gives every request its id (request-context.ts), whatever route is mounted later; so does the fast path
 * of POST /graphql.
 */
export function createHttpServer(): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  const requestId = requestIdMiddleware();
  app.use(requestId);
  let graphqlPost: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const httpServer = http.createServer((req, res) => {
    if (graphqlPost && req.method === 'POST' && isGraphQLPath(req.url)) graphqlPost(req, res);
    else void app(req, res);
  });
  return {
    app,
    httpServer,
    serveGraphQLPost(handlers, onError) {
      const chain = [requestId, ...handlers];
      graphqlPost = (req, res) => runHandlers(chain, onError, req, res);
    },
  };
}

function isGraphQLPath(url: string | undefined): boolean {
  return url === '/graphql' || (url !== undefined && url.startsWith('/graphql?'));
}

/**
 * Runs `handlers` in turn, each calling `next` to hand over; an error (passed on or thrown) goes to `onError`, as in
 * express. After the error handler has passed an error on (the answer had started), the connection is dropped, as
 * express's final handler does.
 */
function runHandlers(handlers: readonly NodeHandler[], onError: NodeErrorHandler, req: http.IncomingMessage, res: http.ServerResponse): void {
  let i = 0;
  const fail = (error: unknown) => onError(error, req, res, () => req.socket.destroy());
  const next = (error?: unknown): void => {
    if (error !== undefined && error !== null) {
      fail(error);
      return;
    }
    const handler = handlers[i++];
    if (!handler) return;
    try {
      handler(req, res, next);
    } catch (thrown) {
      fail(thrown);
    }
  };
  next();
}

/**
 * Apollo Server on Node's request and response, as `@as-integrations/express5` does it, minus what it cost on every
 * request: the deprecated `url.parse` for the query string, and express's `res.send` (an ETag hashed over each
 * answer, which a POST never revalidates). Reads `req.body` as express.json leaves it.
 */
function apolloHandler(apollo: ApolloServer<GraphQLContext>, context: (req: http.IncomingMessage) => Promise<GraphQLContext>): NodeHandler {
  return (req, res, next) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const httpGraphQLRequest = { method: (req.method ?? 'POST').toUpperCase(), headers, search: query >= 0 ? url.slice(query) : '', body: (req as { body?: unknown }).body };
    apollo
      .executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context(req) })
      .then(async (answer) => {
        for (const [key, value] of answer.headers) res.setHeader(key, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          res.setHeader('content-length', Buffer.byteLength(answer.body.string));
          res.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}

/**
 * Errors raised before GraphQL (reading the body: too large, not JSON) answer JSON with a code, like every GraphQL
 * error, instead of express's HTML page, which shows a stack trace outside production.
 */
function httpErrorHandler(logger: Logger, bodyLimitBytes: number, metrics: RelaisMetrics): NodeErrorHandler {
  return (error, _req, res, next) => {
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
    const body = JSON.stringify({ errors: [{ message: answer.message, extensions: { code: answer.code, ...(requestId ? { requestId } : {}) } }] });
    res.statusCode = answer.status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
  };
}

/**
 * Mounts the routes: GET /healthz (alive), GET /readyz (database reachable, not `draining`; 503 otherwise), GET /metrics
 * (Prometheus, metrics.ts), CORS for the configured origins, POST /graphql (Apollo Server, each request's SQL
 * statements counted), the `downloads` (GET), and JSON answers to body errors.
 */
export function mountHttpRoutes(
  { app, serveGraphQLPost }: HttpServer,
  options: {
    config: Config;
    logger: Logger;
    orm: Orm;
    apollo: ApolloServer<GraphQLContext>;
    context: (req: http.IncomingMessage) => Promise<GraphQLContext>;
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
  const graphql: NodeHandler[] = [
    ...(config.corsOrigins.length > 0 ? [cors({ origin: config.corsOrigins, methods: ['GET', 'POST'], exposedHeaders: ['Retry-After', 'X-Request-Id'], maxAge: 600 })] : []),
    metricsMiddleware(metrics),
    express.json({ limit: config.bodyLimitBytes }),
    (_req, _res, next) => countStatements(next),
    apolloHandler(apollo, context),
  ];
  const errors = httpErrorHandler(logger, config.bodyLimitBytes, metrics);
  app.use('/graphql', ...graphql);
  serveGraphQLPost(graphql, errors);
  for (const [path, handler] of Object.entries(downloads)) {
    if (config.corsOrigins.length > 0) app.use(path, cors({ origin: config.corsOrigins, methods: ['GET'], exposedHeaders: ['Retry-After', 'Content-Disposition'], maxAge: 600 }));
    app.get(path, handler);
  }
  app.use(errors);
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
