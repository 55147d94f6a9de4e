import { trace } from '@opentelemetry/api';
import type { NodeSDK } from '@opentelemetry/sdk-node';

/** Routes whose requests are not traced: probes and scrapes, many a minute, which say nothing about the API. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

let sdk: NodeSDK | null = null;

/**
 * Starts OpenTelemetry tracing (README, "Running in production") when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans of
 * the HTTP server, express, graphql (parse, validate, execute; no span per resolver, too many) and pg (only
 * statements inside a traced request: the event relay's and the jobs' polls would each make a trace of their own),
 * exported as OTLP over HTTP (JSON) to `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`. Unset: nothing is loaded or
 * patched, no span is made. Must run before http, express, pg and graphql are first required (the instrumentations
 * patch them as they load): main.ts imports ./instrument first.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk || !env.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  // Loaded here, not at the top: with tracing off, the SDK and the instrumentations are not even loaded.
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'relais',
    traceExporter: new OTLPTraceExporter(),
    // Traces only: metrics are prom-client's (/metrics), logs are pino's (stdout). Without these empty lists the SDK
    // would start OTLP metric and log exporters of its own.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? '') }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return true;
}

/** Sends the spans still buffered and stops tracing (at shutdown). */
export async function stopTelemetry(): Promise<void> {
  const running = sdk;
  sdk = null;
  await running?.shutdown();
}

/** The trace id of the span active here, if tracing is on and a span is (the HTTP server span, in a request). */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}
