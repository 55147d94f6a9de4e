import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout (one object a line), for any log collector. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'relais' }, timestamp: pino.stdTimeFunctions.isoTime });
}
