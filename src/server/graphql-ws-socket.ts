import type http from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { jsonOf } from '../graphql/shared-serialisation';
import type { Logger } from './logger';

/**
 * What graphql-ws's hooks see of a connection (`ctx.extra`): its socket, and the two things read from its upgrade
 * request (the request itself is not kept: thousands of idle sockets would each hold their headers).
 */
export interface SocketExtra {
  socket: WebSocket;
  remoteAddress: string | undefined;
  /** The W3C `traceparent` header of the upgrade request, if any (request-context.ts). */
  traceparent: string | undefined;
}

/**
 * graphql-ws (6.4) serialises each message with `JSON.stringify(message, replacer)` and hands the string to the
 * socket's `send` at once, synchronously. The replacer below takes the payload out (graphql-ws puts it last:
 * `{id, type, payload}`), leaving a placeholder, and `send` puts the payload's JSON back in place of it: a shared
 * result is then serialised once per event instead of once per subscriber. The replacer sees only the message's own
 * keys (the payload is never descended into), so it costs four calls per message.
 */
const PLACEHOLDER = '\u0000relais-payload';
const PLACEHOLDER_SUFFIX = `"payload":${JSON.stringify(PLACEHOLDER)}}`;
const NOTHING = Symbol('nothing');
let pendingMessage: unknown = NOTHING;
let pendingPayload: unknown = NOTHING;

function replacer(this: unknown, key: string, value: unknown): unknown {
  if (key === '') {
    pendingMessage = value;
    pendingPayload = NOTHING;
    return value;
  }
  if (key === 'payload' && this === pendingMessage) {
    pendingPayload = value;
    return PLACEHOLDER;
  }
  return value;
}

/** The message graphql-ws serialised just now, its payload put back. */
function withPayload(data: string): string {
  const payload = pendingPayload;
  const message = pendingMessage;
  pendingPayload = NOTHING;
  pendingMessage = NOTHING;
  if (payload === NOTHING) return data;
  if (data.endsWith(PLACEHOLDER_SUFFIX)) return data.slice(0, data.length - PLACEHOLDER_SUFFIX.length) + `"payload":${jsonOf(payload)}}`;
  // Another layout than graphql-ws 6.4's: serialised again, whole.
  return JSON.stringify(message);
}

/** A socket that has not sent its `connection_init` within this time is closed (4408), as graphql-ws does. */
const CONNECTION_INIT_WAIT_MS = 3000;

/**
 * graphql-ws on a `ws` server, as `graphql-ws/use/ws` does, with what thousands of mostly idle sockets need:
 * - one keep-alive sweep for all sockets (every `keepAliveMs`: a socket that did not answer the previous ping is
 *   terminated, the others pinged) instead of an interval, a timeout and a listener per socket;
 * - one sweep for the `connection_init` wait (sockets still waiting after CONNECTION_INIT_WAIT_MS, give or take a
 *   second, are closed with 4408) instead of a timer per socket;
 * - no upgrade request kept per socket (SocketExtra);
 * - `send` hands the frame to `ws` and returns: the write's completion is not awaited (ws writes frames in order;
 *   a socket that does not keep up shows in its `bufferedAmount`, which the event streams watch, event-stream.ts);
 * - shared results serialised once (graphql/shared-serialisation.ts).
 */
export function serveGraphQLWs<P extends Record<string, unknown>, E extends SocketExtra>(
  options: ServerOptions<P, E>,
  ws: WebSocketServer,
  keepAliveMs: number,
  logger: Logger,
): { dispose(): Promise<void> } {
  const waitingForInit = new Map<WebSocket, number>();
  const server = makeServer<P, E>({
    ...options,
    connectionInitWaitTimeout: 0,
    jsonMessageReplacer: replacer,
    onConnect: (ctx) => {
      waitingForInit.delete(ctx.extra.socket);
      return options.onConnect?.(ctx);
    },
  });
  ws.options.handleProtocols = handleProtocols;
  /** Sockets that answered since the last sweep's ping (or opened since): one listener function for all of them. */
  const alive = new WeakSet<WebSocket>();
  function answered(this: WebSocket): void {
    alive.add(this);
  }
  ws.once('error', (error) => {
    logger.error({ err: error }, 'internal error emitted on the WebSocket server');
    for (const client of ws.clients) client.close(CloseCode.InternalServerError, 'Internal server error');
  });
  ws.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
    socket.once('error', (error) => {
      logger.error({ err: error }, 'internal error emitted on a WebSocket socket');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    alive.add(socket);
    socket.on('pong', answered);
    waitingForInit.set(socket, Date.now());
    const traceparent = request.headers.traceparent;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          const out = withPayload(data);
          if (socket.readyState === socket.OPEN) socket.send(out);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            cb(String(data)).catch((error: unknown) => {
              logger.error({ err: error }, 'internal error while handling a graphql-ws message');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, remoteAddress: request.socket.remoteAddress, traceparent: Array.isArray(traceparent) ? traceparent[0] : traceparent } as E,
    );
    socket.once('close', (code, reason) => {
      waitingForInit.delete(socket);
      void closed(code, String(reason));
    });
  });
  const keepAlive =
    keepAliveMs > 0
      ? setInterval(() => {
          for (const socket of ws.clients) {
            if (socket.readyState !== socket.OPEN) continue;
            if (!alive.has(socket)) {
              socket.terminate();
              continue;
            }
            alive.delete(socket);
            socket.ping();
          }
        }, keepAliveMs)
      : null;
  keepAlive?.unref();
  const initWait = setInterval(() => {
    const now = Date.now();
    for (const [socket, since] of waitingForInit) {
      if (now - since < CONNECTION_INIT_WAIT_MS) continue;
      waitingForInit.delete(socket);
      socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }
  }, 1000);
  initWait.unref();
  return {
    async dispose() {
      if (keepAlive) clearInterval(keepAlive);
      clearInterval(initWait);
      for (const client of ws.clients) client.close(1001, 'Going away');
      ws.removeAllListeners();
      await new Promise<void>((resolve, reject) => ws.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
