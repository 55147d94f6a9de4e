/**
 * Whether an error says the database cannot be reached right now (down, restarting, failing over, refusing
 * connections, or every pool connection busy past the acquire deadline), rather than that the request is wrong.
 * Such a failure is answered 503 SERVICE_UNAVAILABLE (server/unavailable.ts): the client may retry, with its
 * idempotency key for a mutation, and nothing was written (one transaction per mutation).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  // The ORM wraps driver errors (copying their code), and some errors carry the original as `cause`.
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (code === '55000' && typeof message === 'string' && message.includes('not currently accepting connections')) return true;
    if (name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Network errors of the socket, and PostgreSQL's: admin_shutdown (a backend terminated, a server stopping),
 * crash_shutdown, cannot_connect_now (starting up, or a standby being promoted), too_many_connections; class 08
 * (connection exception) is tested by prefix.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

/** What node-postgres and knex say when a connection dies or cannot be had in time (they give no code). */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Timeout acquiring a connection',
];
