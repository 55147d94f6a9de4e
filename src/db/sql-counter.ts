import { AsyncLocalStorage } from 'node:async_hooks';

/** Counts the SQL statements of one request (no N+1: tests assert the count, benchmarks report it). */
const requestStatements = new AsyncLocalStorage<{ count: number }>();

/** Runs `fn` with a fresh statement counter. */
export function countStatements<T>(fn: () => T): T {
  return requestStatements.run({ count: 0 }, fn);
}

/** The ORM's onQuery hook: one more statement in the current request, if any. */
export function recordStatement(): void {
  const store = requestStatements.getStore();
  if (store) store.count += 1;
}

/** Statements so far in the current request (undefined outside one). */
export function statementsSoFar(): number | undefined {
  return requestStatements.getStore()?.count;
}
