import type http from 'node:http';
import { GraphQLError, getOperationAST, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { hasPersonalDataReads, recordPersonalDataReads } from '../access/graphql/audit-recording';
import { invalidTokenIds } from '../access/use-cases/api-tokens';
import { isDatabaseUnavailable } from '../db/availability';
import type { Orm } from '../db/orm';
import type { EventRelay } from '../events/event-relay';
import { multiplexedSubscribe } from '../events/graphql/multiplex';
import type { GraphQLContext } from '../graphql/context';
import { executeWithBudget } from '../graphql/execution-budget';
import type { JitExecutor } from '../graphql/jit-execution';
import type { OperationGuard } from '../graphql/limits';
import type { Admission } from './admission';
import type { Config } from './config';
import { serveGraphQLWs, type SocketExtra } from './graphql-ws-socket';
import type { Logger } from './logger';
import type { RelaisMetrics } from './metrics';
import { createOperationContext } from './operation-context';
import { newRequestId, operationScope, runInOperationScope, takeTokensChanged, type OperationScope } from './request-context';
import { SERVICE_UNAVAILABLE } from './unavailable';
import { persistedQueryHash, safelistRefusal } from './operation-safelist';

/** One graphql-ws operation of a socket, from its subscribe message to its end. */
interface SocketOperation {
  /** Its request id's scope (request-context.ts). */
  scope: OperationScope;
  started: bigint;
  /** The operation's name (the document's, else the one the message gave). */
  name: string | null;
  subscription: boolean;
  /** Results sent: events of a subscription, the one result of a query or mutation. */
  results: number;
}

/**
 * `iterator`, each of whose steps runs in the operation's `scope`: what a step sets off (promise reactions, the
 * event's execution) inherits it, whoever pulls.
 */
function inRequestIterator<T>(iterator: AsyncIterableIterator<T>, scope: OperationScope): AsyncIterableIterator<T> {
  const next = () => iterator.next();
  const wrapped: AsyncIterableIterator<T> = {
    next: () => runInOperationScope(scope, next),
    return: () => runInOperationScope(scope, () => iterator.return?.() ?? Promise.resolve({ value: undefined, done: true as const })),
    throw: (error?: unknown) => runInOperationScope(scope, () => iterator.throw?.(error) ?? Promise.reject(error)),
    [Symbol.asyncIterator]: () => wrapped,
  };
  return wrapped;
}

function isAsyncIterator<T>(value: T | AsyncIterableIterator<T>): value is AsyncIterableIterator<T> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** Subscriptions one socket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;
/** How often each instance checks that the tokens of its open sockets are still valid. */
const TOKEN_SWEEP_MS = 5000;
/** WebSocket close code (RFC 6455 registry) for a connection refused while the database cannot be reached. */
const WS_TRY_AGAIN_LATER = 1013;
/** graphql-ws close code for a connection refused by the rate limit (4000-4999 are the application's). */
const WS_TOO_MANY_REQUESTS = 4429;
/** graphql-ws close code for a connection over its account's number of open sockets (README, "Limits"). */
export const WS_TOO_MANY_SOCKETS = 4430;

export interface WebSocketEndpoint {
  /** Stops the token sweep. */
  stopSweep(): void;
  /** Closes the sockets and the WebSocket server (called while Apollo Server drains). */
  dispose(): Promise<void>;
  /** Open sockets (admitted or not yet) and the operations running on the admitted ones, for /metrics. */
  stats(): { sockets: number; operations: number };
}

/**
 * Serves graphql-ws on the HTTP server's /graphql: each connection authenticated and rate-limited, at most
 * `wsMaxSocketsPerAccount` sockets per account on this instance and MAX_SUBSCRIPTIONS_PER_CONNECTION operations per
 * socket; sockets whose token stops being valid are closed (the token sweep).
 */
export function startWebSocket(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  orm: Orm;
  eventRelay: EventRelay;
  admission: Admission;
  guard: OperationGuard;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  metrics: RelaisMetrics;
  /** Runs queries compiled (config.jit); null: graphql-js `execute`. */
  jit: JitExecutor | null;
}): WebSocketEndpoint {
  const { httpServer, schema, config, logger, orm, eventRelay, admission, guard, formatError, metrics, jit } = options;
  /**
   * Open sockets and the token (and its account) each one authenticated with: revocation sweep, rate limit, cap;
   * `operations`: how many run on it now (/metrics).
   */
  const sockets = new Map<WebSocket, { tokenId: number; accountId: number; operations: () => number }>();
  const counted = (args: ExecutionArgs) => {
    const operation = getOperationAST(args.document, args.operationName);
    metrics.operations.inc({ operation: metrics.operationLabel(operation !== null, operation?.name?.value), transport: 'ws' });
  };
  /**
   * Each operation, by socket and operation id, from its subscribe message to its end: its request id
   * (request-context.ts: the caller's trace id when the socket was opened with a `traceparent`, else a new one per
   * operation), for its errors and for every log line of its work — its execution, each event of a subscription
   * (the event relay's fan-out, the stream, the result, its audit), its end; and what its closing log line says.
   */
  const operations = new WeakMap<WebSocket, Map<string, SocketOperation>>();
  const operationOf = (socket: WebSocket, id: string) => operations.get(socket)?.get(id);
  const scopeOf = (socket: WebSocket, id: string) => operationOf(socket, id)?.scope;
  /** Runs `fn` as part of the operation whose scope is `scope` (as is when unknown). */
  const within = <T>(scope: OperationScope | undefined, fn: () => T): T => (scope ? runInOperationScope(scope, fn) : fn());
  /** The operation's line when it ends (as the HTTP operation log does): once, then it is forgotten. */
  const ended = (socket: WebSocket, id: string, errors?: readonly GraphQLError[]) => {
    const operation = operationOf(socket, id);
    if (!operation) return;
    operations.get(socket)?.delete(id);
    within(operation.scope, () =>
      logger.info(
        {
          operation: operation.name,
          transport: 'ws',
          ms: Number(process.hrtime.bigint() - operation.started) / 1e6,
          results: operation.results,
          ...(errors ? { errors: errors.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') } : {}),
        },
        'graphql operation',
      ),
    );
  };
  /** The scope of each operation's context, for its execution (execute and subscribe see only the context). */
  const contextScopes = new WeakMap<object, OperationScope>();
  const inRequest = <T>(args: ExecutionArgs, run: () => T): T => within(contextScopes.get(args.contextValue as object), run);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.bodyLimitBytes });
  // Formatted within the operation (the callers see to it): the formatter adds its id to each error and to what it
  // logs (an unexpected error).
  const formatErrors = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON() as GraphQLFormattedError, e) as unknown as GraphQLError);
  /** After the rate limit, the limits and validation of an operation, as over HTTP: its errors, or its arguments. */
  const admitted = async (socket: WebSocket, running: number, payload: SubscribePayload) => {
    if (running > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      return [new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} operations at once per connection`, { extensions: { code: 'BAD_USER_INPUT' } })];
    }
    const held = sockets.get(socket);
    const refusal = held === undefined ? null : await admission.refusal(held, 'ws');
    if (refusal) return [refusal];
    if (held === undefined) return guard.prepare(schema, payload);
    // A restricted token runs only its registered operations (operation-safelist.ts), as over HTTP; it may name
    // one by its hash alone (`extensions.persistedQuery.sha256Hash`, as in APQ), its document read from the list.
    let list: Awaited<ReturnType<typeof admission.safelists.of>>;
    try {
      list = await admission.safelists.of(held.tokenId);
    } catch (error) {
      // Closed meanwhile (the server stopping ends the side pool after the sockets): nobody to answer.
      const closed = socket.readyState !== socket.OPEN;
      if (!closed && !isDatabaseUnavailable(error)) throw error;
      return [new GraphQLError('the database is unavailable for the moment: retry later', { extensions: { code: SERVICE_UNAVAILABLE } })];
    }
    const hash = list.size > 0 && !payload.query ? persistedQueryHash(payload.extensions) : null;
    const listed = hash === null ? undefined : list.get(hash);
    const prepared = guard.prepare(schema, listed === undefined ? payload : { ...payload, query: listed });
    if (Array.isArray(prepared)) return prepared;
    const notAllowed = safelistRefusal(list, prepared.document, prepared.operationName);
    return notAllowed ? [notAllowed] : prepared;
  };
  const wsCleanup = serveGraphQLWs<Record<string, unknown>, SocketExtra & { viewerAuthorization?: unknown }>(
    {
      schema,
      // An event's result is executed once per selection and authorization class, then shared (multiplex.ts).
      // graphql-ws pulls the events from its own code, outside the operation: each pull (and what it sets off: the
      // next event's resolution, its shared execution) runs in the operation's request.
      subscribe: async (args) => {
        counted(args);
        const scope = contextScopes.get(args.contextValue as object);
        const result = await within(scope, () => multiplexedSubscribe(args));
        return scope && isAsyncIterator(result) ? inRequestIterator(result, scope) : result;
      },
      execute: (args) => {
        counted(args);
        return inRequest(args, () => executeWithBudget(args, jit?.execute));
      },
      // A missing or invalid token closes the socket with 4403 Forbidden (graphql-ws); a connection over the rate
      // limit (its account's, or its address's without a valid token) with 4429; over its account's open sockets on
      // this instance with 4430.
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        // The database down is no reason to tell the client its token is bad (4403): 1013 Try Again Later.
        let unavailable = false;
        const viewer = await admission.viewerOf(orm.em.fork(), authorization).catch((error: unknown) => ((unavailable = isDatabaseUnavailable(error)), null));
        if (unavailable) {
          ctx.extra.socket.close(WS_TRY_AGAIN_LATER, 'Database unavailable: try again later');
          return false;
        }
        const refusal = await admission.refusal(viewer ? { accountId: viewer.accountId, tokenId: viewer.tokenId } : { ip: ctx.extra.remoteAddress ?? 'unknown' }, 'ws');
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
        const running = ctx.subscriptions;
        sockets.set(ctx.extra.socket, { tokenId: viewer.tokenId, accountId: viewer.accountId, operations: () => Object.keys(running).length });
        return true;
      },
      onDisconnect: (ctx) => {
        sockets.delete(ctx.extra.socket);
      },
      // Every operation counts against the token's rate limit, then goes through the same parser limits and
      // validation rules as over HTTP (depth, cost, aliases, directives, tokens, list lengths, NUL characters).
      onSubscribe: async (ctx, id, payload) => {
        const held = operations.get(ctx.extra.socket) ?? new Map<string, SocketOperation>();
        const scope = operationScope(newRequestId(ctx.extra.traceparent));
        operations.set(ctx.extra.socket, held.set(id, { scope, started: process.hrtime.bigint(), name: payload.operationName ?? null, subscription: false, results: 0 }));
        // graphql-ws has already registered this operation's id: the count includes it.
        return within(scope, () => admitted(ctx.extra.socket, Object.keys(ctx.subscriptions).length, payload));
      },
      context: async (ctx, id, _payload, args) => {
        const socket = ctx.extra.socket;
        const operation = operationOf(socket, id);
        const scope = operation?.scope;
        const ast = getOperationAST(args.document, args.operationName);
        if (operation) {
          operation.name = ast?.name?.value ?? operation.name;
          operation.subscription = ast?.operation === 'subscription';
        }
        const context = await within(scope, () =>
          createOperationContext(orm, config, (em) => admission.viewerOf(em, ctx.extra.viewerAuthorization), {
            head: () => eventRelay.head,
            // The relay hands this operation its events from its own reading loop: each one in the operation's request.
            listen: (listener, interest) => eventRelay.subscribe(scope ? (event) => runInOperationScope(scope, () => listener(event)) : listener, interest),
            bufferedAmount: () => socket.bufferedAmount,
            close: (code, reason) => socket.close(code, reason),
          }),
        );
        if (scope) contextScopes.set(context, scope);
        return context;
      },
      onNext: (ctx, id, _payload, args, result) => {
        const operation = operationOf(ctx.extra.socket, id);
        // A mutation that revoked tokens or disabled an account: this instance forgets them before the answer goes.
        if (operation && takeTokensChanged(operation.scope)) eventRelay.tokensChanged();
        // The common case, a result with no error and no personal data read, to send as is (a shared result then
        // goes out serialised once, graphql/shared-serialisation.ts): no promise, no scope, nothing to log.
        if (!('errors' in result && result.errors) && !hasPersonalDataReads(args.contextValue as GraphQLContext) && !logger.isLevelEnabled('debug')) {
          if (operation) operation.results += 1;
          return result;
        }
        return within(operation?.scope, async () => {
          // Personal data read for this result is audited before it goes out (audit-recording.ts), or withheld.
          const auditFailure = await recordPersonalDataReads(args.contextValue as GraphQLContext, logger);
          const out = auditFailure ? { errors: [auditFailure] } : 'errors' in result && result.errors ? { ...result, errors: formatErrors(result.errors) } : result;
          if (operation) {
            operation.results += 1;
            // A line per event pushed at debug level: one per subscriber of every event would swamp the info level.
            if (operation.subscription && logger.isLevelEnabled('debug')) {
              logger.debug({ operation: operation.name, transport: 'ws', event: operation.results, errors: out.errors?.map((e) => (e as GraphQLFormattedError).extensions?.code) }, 'subscription event');
            }
          }
          // An event withheld or resolved without its data because the database was away is not handed out half (a
          // cursor the client would move past): the socket closes with 1013 and the client resumes from its last cursor.
          if (auditFailure || (out.errors ?? []).some((e) => (e as GraphQLFormattedError).extensions?.code === SERVICE_UNAVAILABLE)) {
            ctx.extra.socket.close(WS_TRY_AGAIN_LATER, 'Database unavailable: resume from your last cursor');
          }
          return out;
        });
      },
      onError: (ctx, id, _payload, errors) => {
        const formatted = within(scopeOf(ctx.extra.socket, id), () => formatErrors(errors));
        ended(ctx.extra.socket, id, formatted);
        return formatted;
      },
      onComplete: (ctx, id) => {
        ended(ctx.extra.socket, id);
      },
    },
    wsServer,
    12_000,
    logger,
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
  eventRelay.onTokensChanged(sweepSockets);
  const sweep = setInterval(sweepSockets, TOKEN_SWEEP_MS);
  sweep.unref();

  return {
    stopSweep: () => clearInterval(sweep),
    stats: () => {
      let operations = 0;
      for (const held of sockets.values()) operations += held.operations();
      return { sockets: wsServer.clients.size, operations };
    },
    async dispose() {
      await wsCleanup.dispose();
    },
  };
}
