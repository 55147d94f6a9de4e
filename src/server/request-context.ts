import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type express from 'express';
import { activeTraceId } from './telemetry';

/** The request an HTTP request's code runs for: its id, on every log line (logger.ts) and in error extensions. */
interface RequestContext {
  requestId: string;
  /** The GraphQL operation's label for /metrics, once known (metrics.ts). */
  operation?: string;
  /** The codes of the errors in its answer, counted when it has gone (metrics.ts: set for HTTP requests to /graphql). */
  errorCodes?: string[];
}

const current = new AsyncLocalStorage<RequestContext>();

/** W3C trace context: version 00, a 32-hex trace id and a 16-hex parent id (neither all zeros), 2-hex flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The trace id of a valid `traceparent` header, lower-case; undefined otherwise. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = TRACEPARENT.exec(traceparent?.trim().toLowerCase() ?? '');
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return match[1];
}

/** The id of the request being served here, if any. */
export function currentRequestId(): string | undefined {
  return current.getStore()?.requestId;
}

/** A new request id: the trace id of `traceparent` when valid, else the active span's, else 32 random hex digits. */
export function newRequestId(traceparent?: string | string[]): string {
  return traceIdOf(Array.isArray(traceparent) ? traceparent[0] : traceparent) ?? activeTraceId() ?? randomBytes(16).toString('hex');
}

/** Runs `fn` as part of the request `requestId` (a graphql-ws operation): its log lines carry the id. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return current.run({ requestId }, fn);
}

/** The context of the request being served here, if any (metrics.ts notes the operation's label in it). */
export function currentRequest(): RequestContext | undefined {
  return current.getStore();
}

/**
 * Gives each HTTP request an id: the trace id of the caller's `traceparent` when it sends a valid one (its logs then
 * join its own trace), else that of the span tracing started for it (telemetry.ts), else 32 random hex digits (the
 * shape of a trace id). Echoed in `x-request-id`; everything the request runs sees it (currentRequestId).
 */
export function requestIdMiddleware(): express.RequestHandler {
  return (req, res, next) => {
    const requestId = newRequestId(req.headers.traceparent);
    res.setHeader('x-request-id', requestId);
    current.run({ requestId }, next);
  };
}
