import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-context';

export type { Logger };

/**
 * Structured JSON logs on stdout (one object a line), for any log collector. Each line written while serving an HTTP
 * request carries its `requestId` (request-context.ts): a mixin rather than child loggers, because the loggers are
 * made at start and handed to the error formatter, the plugins and the use cases, which never see the request.
 * `destination`: elsewhere than stdout (tests read the lines).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'relais' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
