import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { currentRequestScope, runInRequestScope, type RequestScope } from '../common/request-scope';
import { activeTraceId } from './telemetry';

/**
 * The request an HTTP request's code runs for: its id, on every log line (logger.ts) and in error extensions. Kept in
 * the request's scope (common/request-scope.ts) beside its SQL statement count; every scope is created here.
 */
interface RequestContext extends RequestScope {
  requestId: string;
  /** The GraphQL operation's label for /metrics, once known (metrics.ts). */
  operation?: string;
  /** The codes of the errors in its answer, counted when it has gone (metrics.ts: set for HTTP requests to /graphql). */
  errorCodes?: string[];
}

/** The current request's context: the scopes are all created below (`runWithRequestId`, `requestIdMiddleware`). */
const current = () => currentRequestScope() as RequestContext | undefined;

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
  return current()?.requestId;
}

/** Random bytes drawn 256 ids at a time: one `randomBytes(16)` call per request cost 7–10 µs, a slice of a pool far less. */
const POOLED_IDS = 256;
let idPool = Buffer.alloc(0);
let idPoolOffset = 0;

/** 32 random hex digits (the shape of a trace id). */
export function randomTraceId(): string {
  if (idPoolOffset >= idPool.length) {
    idPool = randomBytes(16 * POOLED_IDS);
    idPoolOffset = 0;
  }
  idPoolOffset += 16;
  return idPool.toString('hex', idPoolOffset - 16, idPoolOffset);
}

/** A new request id: the trace id of `traceparent` when valid, else the active span's, else 32 random hex digits. */
export function newRequestId(traceparent?: string | string[]): string {
  return traceIdOf(Array.isArray(traceparent) ? traceparent[0] : traceparent) ?? activeTraceId() ?? randomTraceId();
}

/** Runs `fn` as part of the request `requestId` (a graphql-ws operation): its log lines carry the id. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return runInRequestScope<RequestContext, T>({ requestId, sqlStatements: 0 }, fn);
}

/** The scope of a long-lived operation (a graphql-ws subscription), made once and entered again for each of its steps. */
export type OperationScope = Readonly<Pick<RequestContext, 'requestId'>>;

export function operationScope(requestId: string): OperationScope {
  const scope: RequestContext = { requestId, sqlStatements: 0 };
  return scope;
}

/**
 * Whether the current request (or the operation `scope`) changed tokens or accounts (common/request-scope.ts), once:
 * the flag is cleared as it is read.
 */
export function takeTokensChanged(scope: OperationScope | undefined = current()): boolean {
  const context = scope as RequestContext | undefined;
  if (!context?.tokensChanged) return false;
  context.tokensChanged = false;
  return true;
}

/**
 * Runs `fn` in `scope`. Entering the scope already active costs nothing (AsyncLocalStorage.run returns at once for
 * its current store): what a subscription event sets off (the relay's call, the stream's promises, graphql-ws's
 * pull of the next result) mostly runs in its operation's scope already.
 */
export function runInOperationScope<T>(scope: OperationScope, fn: () => T): T {
  return runInRequestScope<RequestContext, T>(scope as RequestContext, fn);
}

/** The context of the request being served here, if any (metrics.ts notes the operation's label in it). */
export function currentRequest(): RequestContext | undefined {
  return current();
}

/**
 * Gives each HTTP request an id: the trace id of the caller's `traceparent` when it sends a valid one (its logs then
 * join its own trace), else that of the span tracing started for it (telemetry.ts), else 32 random hex digits (the
 * shape of a trace id). Echoed in `x-request-id`; everything the request runs sees it (currentRequestId).
 */
export function requestIdMiddleware(): (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const requestId = newRequestId(req.headers.traceparent);
    res.setHeader('x-request-id', requestId);
    runInRequestScope<RequestContext, void>({ requestId, sqlStatements: 0 }, next);
  };
}
