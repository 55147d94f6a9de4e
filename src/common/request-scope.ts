import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the code run for one request (an HTTP request, a graphql-ws operation) reaches without it being passed along:
 * the count of its SQL statements (db/sql-counter.ts) and, in the server, the rest of its context (its id, its
 * operation's label: server/request-context.ts, which creates every scope). One AsyncLocalStorage holds them all:
 * on Node 20 each instance adds its own work to every promise the process creates, and a read creates thousands.
 */
export interface RequestScope {
  /** SQL statements run so far for the request. */
  sqlStatements: number;
  /**
   * Set when the request revoked a token or disabled an account: the instance serving it forgets its cached viewers
   * before it answers, so that the caller's next request cannot be let in by the revoked token. Other instances
   * forget on the database's NOTIFY, which can reach this one after the answer.
   */
  tokensChanged?: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn`, and everything it starts, in `scope`. */
export function runInRequestScope<S extends RequestScope, T>(scope: S, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the request being served here, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Notes, for the request being served, that it changed tokens or accounts (see `RequestScope.tokensChanged`). */
export function noteTokensChanged(): void {
  const scope = storage.getStore();
  if (scope) scope.tokensChanged = true;
}
