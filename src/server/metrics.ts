import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { poolUsage, type Orm } from '../db/orm';
import type { GraphQLContext } from '../graphql/context';
import { webhookQueueDepth, type WebhookQueueDepth } from '../webhooks';
import type { Logger } from './logger';
import { currentRequest } from './request-context';

/**
 * Distinct operation names one instance labels its metrics with; later new names count as `(other)`. Operation names
 * are chosen by callers: without a cap, a client naming each request differently would grow /metrics without end.
 */
export const MAX_OPERATION_NAMES = 100;
/** Operation labels that are not names the caller chose. */
export const ANONYMOUS = '(anonymous)';
export const UNRESOLVED = '(unresolved)';
export const OTHER = '(other)';

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
/** Seconds. GraphQL operations: most a few milliseconds, the limit at RELAIS_OPERATION_TIMEOUT_MS (10 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds from an event's writing to its dispatch: milliseconds when LISTEN works, up to RELAIS_RELAY_POLL_MS when not. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** How long one scrape's database figures serve the gauges that share them. */
const SCRAPE_MEMO_MS = 1000;

/** What the gauges read at scrape time: set by startServer once the pieces exist. */
export interface MetricsSources {
  httpServer: http.Server;
  /** Open graphql-ws sockets, and operations (subscriptions, and queries in flight) running on them. */
  websocket: () => { sockets: number; operations: number };
  orm: Orm;
  /** Operations compiled by graphql-jit since start (absent with RELAIS_JIT off). */
  compiledOperations: () => number;
}

/**
 * The Prometheus metrics of one instance (README, "Running in production"), on a registry of its own (several
 * servers in one test process do not mix). Counters and histograms are updated as things happen; gauges are read at
 * scrape time (pool, sockets, queues): nothing is measured between scrapes.
 */
export class RelaisMetrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private sources: Partial<MetricsSources> = {};
  private depth: { at: number; value: Promise<WebhookQueueDepth | null> } | null = null;

  readonly operations = new Counter({
    name: 'relais_graphql_operations_total',
    help: 'GraphQL operations received, by operation name (bounded: see MAX_OPERATION_NAMES) and transport (http, ws).',
    labelNames: ['operation', 'transport'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'relais_graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL request over HTTP to having sent its answer, by operation name.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'relais_graphql_errors_total',
    help: 'Errors sent to clients, by extensions.code (HTTP and WebSocket).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly executions = new Counter({
    name: 'relais_graphql_executions_total',
    help: 'GraphQL operations executed with RELAIS_JIT on, by engine: jit (compiled by graphql-jit) or graphql-js (mutations, introspection; graphql/jit-execution.ts).',
    labelNames: ['engine'] as const,
    registers: [this.registry],
  });
  readonly outboxLag = new Histogram({
    name: 'relais_outbox_dispatch_lag_seconds',
    help: "Seconds from an outbox event's writing (its transaction's start) to its dispatch to this instance's subscribers.",
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });
  readonly responseCache = new Counter({
    name: 'relais_response_cache_total',
    help: 'Answers of public lists looked up in the response cache (RELAIS_RESPONSE_CACHE_MB), by result: hit, miss (not held), stale (held, but the catalogue changed since).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'relais_job_runs_total',
    help: 'Runs of the scheduled jobs (referral expiry, retention, session course, follow-up course) made by this instance, by job and outcome (ok, failed).',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'relais_job_duration_seconds',
    help: 'Duration of the scheduled jobs run by this instance, by job.',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });
  readonly jobLastSuccess = new Gauge({
    name: 'relais_job_last_success_timestamp_seconds',
    help: 'When each scheduled job last ended without error on this instance (Unix time).',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  constructor(private readonly logger: Logger) {
    // Process figures (CPU, memory, event loop delay, handles), under their usual names (process_*, nodejs_*).
    collectDefaultMetrics({ register: this.registry });
    const metrics = this;
    new Gauge({
      name: 'relais_http_connections',
      help: 'Open HTTP connections (WebSocket ones included).',
      registers: [this.registry],
      async collect() {
        const server = metrics.sources.httpServer;
        if (server) this.set(await new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count))));
      },
    });
    new Gauge({
      name: 'relais_websocket_sockets',
      help: 'Open graphql-ws sockets.',
      registers: [this.registry],
      collect() {
        const ws = metrics.sources.websocket?.();
        if (ws) this.set(ws.sockets);
      },
    });
    new Gauge({
      name: 'relais_graphql_subscriptions',
      help: 'Operations running on graphql-ws sockets: the open subscriptions (and any query or mutation in flight).',
      registers: [this.registry],
      collect() {
        const ws = metrics.sources.websocket?.();
        if (ws) this.set(ws.operations);
      },
    });
    new Gauge({
      name: 'relais_graphql_compiled_operations',
      help: 'Operations graphql-jit compiled since start (each distinct document and operation once, while it stays in the cache).',
      registers: [this.registry],
      collect() {
        const compiled = metrics.sources.compiledOperations?.();
        if (compiled !== undefined) this.set(compiled);
      },
    });
    new Gauge({
      name: 'relais_db_pool_connections',
      help: "The ORM's PostgreSQL pool: connections in use, idle, and requests waiting for one (state: used, idle, waiting).",
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const usage = metrics.sources.orm ? poolUsage(metrics.sources.orm) : null;
        if (!usage) return;
        this.set({ state: 'used' }, usage.used);
        this.set({ state: 'idle' }, usage.idle);
        this.set({ state: 'waiting' }, usage.waiting);
      },
    });
    new Gauge({
      name: 'relais_db_pool_max',
      help: 'The largest number of connections the pool opens (RELAIS_DB_POOL_MAX).',
      registers: [this.registry],
      collect() {
        const usage = metrics.sources.orm ? poolUsage(metrics.sources.orm) : null;
        if (usage) this.set(usage.max);
      },
    });
    new Gauge({
      name: 'relais_webhook_pending_deliveries',
      help: 'Webhook deliveries neither delivered nor given up (all instances: read from the database).',
      registers: [this.registry],
      async collect() {
        const depth = await metrics.webhookDepth();
        if (depth) this.set(depth.pendingDeliveries);
      },
    });
    new Gauge({
      name: 'relais_webhook_oldest_pending_seconds',
      help: 'Age of the oldest pending webhook delivery (0 when none).',
      registers: [this.registry],
      async collect() {
        const depth = await metrics.webhookDepth();
        if (depth) this.set(depth.oldestPendingSeconds);
      },
    });
    new Gauge({
      name: 'relais_webhook_jobs',
      help: 'Jobs of the webhook queue (graphile-worker), by task and state (queued, running).',
      labelNames: ['task', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const depth = await metrics.webhookDepth();
        if (!depth) return;
        this.reset();
        for (const job of depth.jobs) this.inc({ task: job.task, state: job.locked ? 'running' : 'queued' }, job.count);
      },
    });
  }

  /** What the scrape-time gauges read (startServer calls it once the server's pieces exist). */
  watch(sources: Partial<MetricsSources>): void {
    Object.assign(this.sources, sources);
  }

  /**
   * The label of an operation: its name when it has one (the first MAX_OPERATION_NAMES distinct names, then
   * `(other)`), `(anonymous)` when it has none, `(unresolved)` when the request never got to one (not parsed, not
   * valid, several operations and none chosen).
   */
  operationLabel(resolved: boolean, name: string | null | undefined): string {
    if (!resolved) return UNRESOLVED;
    if (!name) return ANONYMOUS;
    if (!NAME.test(name)) return OTHER;
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return OTHER;
    this.names.add(name);
    return name;
  }

  /**
   * An error sent, by code: inside an HTTP request noted on it and counted when its answer has gone (the answer may
   * still be replaced: the execution budget's single error instead of those of the fields it stopped); else (a
   * graphql-ws operation) counted now.
   */
  recordError(code: string): void {
    const codes = currentRequest()?.errorCodes;
    if (codes) codes.push(code);
    else this.errors.inc({ code });
  }

  /** Wraps a scheduled job's run (jobs.ts): its count, duration and last success. */
  async timeJob(job: string, run: () => Promise<void>): Promise<void> {
    const end = this.jobDuration.startTimer({ job });
    try {
      await run();
      this.jobRuns.inc({ job, outcome: 'ok' });
      this.jobLastSuccess.set({ job }, Date.now() / 1000);
    } catch (error) {
      this.jobRuns.inc({ job, outcome: 'failed' });
      throw error;
    } finally {
      end();
    }
  }

  /** The webhook queues, read once for the three gauges of a scrape; null (gauges left out) when the database fails. */
  private webhookDepth(): Promise<WebhookQueueDepth | null> {
    const orm = this.sources.orm;
    if (!orm) return Promise.resolve(null);
    if (this.depth && Date.now() - this.depth.at < SCRAPE_MEMO_MS) return this.depth.value;
    const value = webhookQueueDepth(orm.em.fork()).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'metrics: could not read the webhook queues');
      return null;
    });
    this.depth = { at: Date.now(), value };
    return value;
  }
}

/**
 * Counts and times each request to /graphql over HTTP, when its answer has gone: also those that never reach a GraphQL
 * operation (body refused, token refused before Apollo's pipeline starts), as `(unresolved)`.
 */
export function metricsMiddleware(metrics: RelaisMetrics): (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void {
  return (_req, res, next) => {
    const end = metrics.duration.startTimer();
    const request = currentRequest();
    if (request) request.errorCodes = [];
    res.once('finish', () => {
      const operation = request?.operation ?? UNRESOLVED;
      metrics.operations.inc({ operation, transport: 'http' });
      end({ operation });
      for (const code of request?.errorCodes ?? []) metrics.errors.inc({ code });
    });
    next();
  };
}

/**
 * Notes, for metricsMiddleware, the label of the operation a request resolved to and the codes of the errors of its
 * final answer; gives those errors the request id if a plugin replaced them after formatting (the execution budget).
 * Listed after the plugins that may replace the answer.
 */
export function metricsPlugin(metrics: RelaisMetrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, operationName, response }) {
          const request = currentRequest();
          if (!request) return;
          request.operation = metrics.operationLabel(operation !== undefined, operationName);
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const errors = result.errors ?? [];
          request.errorCodes = errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
          if (errors.some((e) => e.extensions?.requestId === undefined)) {
            result.errors = errors.map((e) => (e.extensions?.requestId === undefined ? { ...e, extensions: { ...e.extensions, requestId: request.requestId } } : e));
          }
        },
      };
    },
  };
}

/**
 * GET /metrics in Prometheus's text format. With RELAIS_METRICS_TOKEN set, only for `Authorization: Bearer <it>`
 * (401 otherwise); compared in constant time.
 */
export function metricsHandler(metrics: RelaisMetrics, token: string | null): express.RequestHandler {
  const expected = token === null ? null : createHash('sha256').update(token).digest();
  return async (req, res, next) => {
    if (expected) {
      const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
        res.status(401).setHeader('www-authenticate', 'Bearer').json({ errors: [{ message: 'a metrics token is required', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
    }
    try {
      const text = await metrics.registry.metrics();
      res.setHeader('content-type', metrics.registry.contentType).send(text);
    } catch (error) {
      next(error);
    }
  };
}
