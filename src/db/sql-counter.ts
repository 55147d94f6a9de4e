import { currentRequestScope } from '../common/request-scope';

/**
 * Counts the SQL statements of one request (no N+1: tests assert the count, benchmarks report it), in the request's
 * scope (common/request-scope.ts): no AsyncLocalStorage of its own, whose cost every promise would pay.
 */

/** Runs `fn` counting statements from zero in the current request (nothing is counted outside a request). */
export function countStatements<T>(fn: () => T): T {
  const scope = currentRequestScope();
  if (scope) scope.sqlStatements = 0;
  return fn();
}

/** The ORM's onQuery hook: one more statement in the current request, if any. */
export function recordStatement(): void {
  const scope = currentRequestScope();
  if (scope) scope.sqlStatements += 1;
}

/** Statements so far in the current request (undefined outside one). */
export function statementsSoFar(): number | undefined {
  return currentRequestScope()?.sqlStatements;
}
