import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { ViewerCache } from '../access/viewer-cache';
import type { Orm } from '../db/orm';
import { EventRelay } from '../events/event-relay';
import { createErrorFormatter } from '../graphql/errors';
import { JitExecutor } from '../graphql/jit-execution';
import { createOperationGuard } from '../graphql/limits';
import { createAdmission } from './admission';
import { startApollo } from './apollo';
import type { Config } from './config';
import { mountConsole } from './console';
import { createHttpServer, listen, mountHttpRoutes } from './http';
import { PASSEPORT_PDF_PATH, passeportPdfRoute } from './passeport-route';
import { INDICATORS_EXPORT_PATHS, indicatorsExportRoute, REFERRALS_EXPORT_PATHS, referralsExportRoute } from './exports-route';
import type { Logger } from './logger';
import { RelaisMetrics } from './metrics';
import { ResponseCache } from './response-cache';
import { createOperationContext } from './operation-context';
import { currentRequestId } from './request-context';
import { startWebSocket } from './websocket';
import { formatUnavailable, serviceUnavailableError } from './unavailable';
import { isDatabaseUnavailable } from '../db/availability';
import { createWebhookRenderer } from '../webhooks/graphql/render';
import { WebhookWorker } from '../webhooks/delivery-worker';
import type { ScheduledJob } from './jobs';
import { JobWorker } from './worker';

export interface RelaisServer {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** Its Prometheus metrics (GET /metrics): the scheduled jobs report there too. */
  metrics: RelaisMetrics;
  /** This instance's job runner (worker.ts), when it runs scheduled jobs or webhook workers. */
  worker: JobWorker | null;
  /** Stops accepting, drains in-flight requests and sockets. Does not close the ORM. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP server: POST /graphql (Apollo Server 5 on express 5, apollo.ts and http.ts), WebSocket /graphql
 * (graphql-ws, websocket.ts), GET /healthz and GET /readyz, GET /participants/:id/passeport.pdf (passeport-route.ts), the CSV and XLSX exports (exports-route.ts), the console under /console (console.ts); both transports admit their callers through
 * admission.ts (token, rate limit) and give each operation its context (operation-context.ts).
 */
export async function startServer(options: {
  config: Config;
  logger: Logger;
  orm: Orm;
  schema: GraphQLSchema;
  databaseUrl: string;
  metrics?: RelaisMetrics;
  /** The scheduled jobs this instance runs and schedules (jobs.ts; main.ts gives those the configuration enables). */
  jobs?: readonly ScheduledJob[];
}): Promise<RelaisServer> {
  const { config, logger, orm, schema, databaseUrl } = options;
  // main.ts makes them first; tests get one per server.
  const metrics = options.metrics ?? new RelaisMetrics(logger);
  // Pushes outbox events to this instance's subscriptions (events/event-relay.ts); says when tokens or accounts changed.
  const eventRelay = new EventRelay(orm, databaseUrl, logger, config.relayPollMs);
  // Viewers of recently used tokens; forgotten whenever the database says a token or account changed.
  const viewers = new ViewerCache();
  // Every event read: its lag from writing to dispatch (metrics.ts).
  eventRelay.subscribe((event) => {
    if (event.ageSeconds !== undefined) metrics.outboxLag.observe(event.ageSeconds);
  });
  await eventRelay.start();
  // Webhook dispatch and delivery (webhooks/delivery-worker.ts), when configured: woken by each new outbox event.
  const webhooks = config.webhooks.workers ? new WebhookWorker(orm, config.webhooks, createWebhookRenderer(schema, logger), logger) : null;
  // One graphile-worker runner for the scheduled jobs (their cron) and the webhook tasks, with one slot more than the
  // webhooks' concurrency when it runs scheduled jobs, so that a long retention run takes little from the deliveries.
  const jobs = options.jobs ?? [];
  const worker =
    webhooks || jobs.length
      ? await JobWorker.start({
          databaseUrl, logger, jobs, webhooks, metrics,
          concurrency: (webhooks ? config.webhooks.concurrency : 0) + (jobs.length ? 1 : 0),
          pollMs: config.webhooks.pollMs,
        })
      : null;
  if (webhooks) eventRelay.subscribe(() => webhooks.wake());
  const admission = await createAdmission({ config, logger, databaseUrl, viewers });
  // So are the tokens' safelists (operation-safelist.ts): a change of token_operation NOTIFYs the same channel.
  eventRelay.onTokensChanged(() => {
    viewers.clear();
    admission.safelists.clear();
  });
  const guard = createOperationGuard(config);
  const baseFormatError = createErrorFormatter(logger);
  // A database failure answers SERVICE_UNAVAILABLE (unavailable.ts), whatever the operation.
  // Then every error is counted by code, and carries the id of its HTTP request (request-context.ts), as its log lines do.
  const formatError = countedWithRequestId(
    metrics,
    formatUnavailable(logger, (formatted: GraphQLFormattedError, error: unknown) => guard.format(baseFormatError(formatted, error))),
  );
  const server = createHttpServer();
  const { app, httpServer } = server;
  // Queries compiled once per document by graphql-jit, over both transports (graphql/jit-execution.ts).
  const jit = config.jit ? new JitExecutor(schema, (engine) => metrics.executions.inc({ engine })) : null;
  const websocket = startWebSocket({ httpServer, schema, config, logger, orm, eventRelay, admission, guard, formatError, metrics, jit });
  // Answers of public lists (response-cache.ts), valid while the catalogue's committed version stays the same.
  const responseCache = config.responseCacheBytes > 0 ? new ResponseCache(config.responseCacheBytes) : null;
  const apollo = await startApollo({ schema, config, logger, httpServer, guard, formatError, drain: () => websocket.dispose(), metrics, safelists: admission.safelists, responseCache, jit, tokensChanged: () => eventRelay.tokensChanged() });
  metrics.watch({ httpServer, orm, websocket: () => websocket.stats(), ...(jit ? { compiledOperations: () => jit.stats.compiled } : {}) });
  let draining = false;
  // Authentication needs the database: down, the request answers 503 SERVICE_UNAVAILABLE, not 500.
  // The caller's address is the socket's (express's req.ip, without 'trust proxy', is the same): POST /graphql is
  // served without express (http.ts).
  const context = (req: { headers: { authorization?: string }; socket: { remoteAddress?: string } }) =>
    createOperationContext(orm, config, (em) => admission.admitHttp(em, req.headers.authorization, req.socket.remoteAddress ?? 'unknown')).catch((error: unknown) => {
      throw isDatabaseUnavailable(error) ? serviceUnavailableError(error) : error;
    });
  const downloads = {
    [PASSEPORT_PDF_PATH]: passeportPdfRoute({ orm, config, logger, admission }),
    [INDICATORS_EXPORT_PATHS.csv]: indicatorsExportRoute('csv', { orm, logger, admission }),
    [INDICATORS_EXPORT_PATHS.xlsx]: indicatorsExportRoute('xlsx', { orm, logger, admission }),
    [REFERRALS_EXPORT_PATHS.csv]: referralsExportRoute('csv', { orm, logger, admission }),
    [REFERRALS_EXPORT_PATHS.xlsx]: referralsExportRoute('xlsx', { orm, logger, admission }),
  };
  // The console (console.ts) first: a browser's GET /graphql goes to GraphiQL, before Apollo Server sees it.
  mountConsole(app, { config, schema, authenticate: context });
  mountHttpRoutes(server, { config, logger, orm, apollo, context, draining: () => draining, eventsListening: () => eventRelay.listening, downloads, metrics });
  const { url, port } = await listen(httpServer, config);
  return {
    url,
    port,
    metrics,
    worker,
    async close() {
      draining = true;
      websocket.stopSweep();
      await apollo.stop();
      await eventRelay.stop();
      await worker?.stop();
      await admission.close();
    },
  };
}

/** Wraps the error formatter: each error sent counted by its code, with `extensions.requestId` inside an HTTP request. */
function countedWithRequestId(
  metrics: RelaisMetrics,
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const out = format(formatted, error);
    const code = out.extensions?.code;
    metrics.recordError(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
    const requestId = currentRequestId();
    return requestId ? { ...out, extensions: { ...out.extensions, requestId } } : out;
  };
}
