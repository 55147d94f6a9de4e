import {
  defaultFieldResolver, execute, getNamedType, getOperationAST, GraphQLError, isCompositeType, isObjectType, type ExecutionArgs,
  type ExecutionResult, type GraphQLSchema,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from './context';

/**
 * The second line behind the cost limit (src/graphql/limits.ts): while a query executes, the objects its answer
 * holds are counted and its time is bounded. The cost estimate is an upper bound computed from declared sizes; if
 * one is wrong, or a resolver is slow, the operation stops here with one clean error instead of building an answer
 * of hundreds of thousands of objects while the process stops answering.
 */
export class ExecutionBudget {
  private objects = 0;
  private deadline = Number.POSITIVE_INFINITY;
  /** The error the operation stopped with; every later field resolution fails fast with it. */
  stoppedBy: GraphQLError | null = null;

  constructor(
    private readonly maxObjects: number,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Starts counting, and the clock for a query. A mutation's objects are counted but it has no deadline: stopping
   * it once its transaction committed would answer an error for a change made. A subscription's stream, which
   * lives for hours, is never started (its events are bounded by the cost limit).
   */
  start(operation: 'query' | 'mutation' | 'subscription'): void {
    if (operation === 'subscription') return;
    this.deadline = operation === 'query' ? Date.now() + this.timeoutMs : Number.MAX_VALUE;
  }

  get started(): boolean {
    return this.deadline !== Number.POSITIVE_INFINITY;
  }

  /** Before a field that returns objects resolves. */
  check(): void {
    if (this.stoppedBy) throw this.stoppedBy;
    if (Date.now() > this.deadline) {
      throw this.stop(`the operation ran longer than ${this.timeoutMs} ms and was stopped: ask for fewer or smaller pages`, 'OPERATION_TIMEOUT', 503);
    }
  }

  /** After it resolved: its objects (a list's items, or one object) count against the answer's bound. */
  count(value: unknown): void {
    this.objects += Array.isArray(value) ? value.length : value == null ? 0 : 1;
    if (this.objects > this.maxObjects && !this.stoppedBy) {
      throw this.stop(`the answer would hold more than ${this.maxObjects} objects: ask for fewer or smaller pages`, 'RESPONSE_TOO_LARGE', 400);
    }
  }

  private stop(message: string, code: string, status: number): GraphQLError {
    this.stoppedBy = new GraphQLError(message, { extensions: { code, http: { status } } });
    return this.stoppedBy;
  }
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | null)?.then === 'function';

/**
 * Wraps the resolver of every field that returns objects (or lists of them), whether written or default: leaves,
 * which are most fields, keep graphql-js's own resolution and cost nothing more. Operations whose context holds no
 * started budget (subscription events) are not counted.
 */
export function budgetEveryObjectField(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isCompositeType(getNamedType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context: GraphQLContext, info) => {
        const budget = context.budget;
        if (!budget?.started) return resolve(root, args, context, info);
        budget.check();
        const value = resolve(root, args, context, info);
        if (!isPromise(value)) {
          budget.count(value);
          return value;
        }
        return value.then((resolved) => {
          budget.count(resolved);
          return resolved;
        });
      };
    }
  }
}

/** The answer of an operation its budget stopped: that one error, no partial data (which could be huge). */
function stoppedAnswer(error: GraphQLError): ExecutionResult {
  return { errors: [new GraphQLError(error.message, { extensions: { code: error.extensions.code } })] };
}

/** Over HTTP: starts the budget when execution starts, replaces the answer when it stopped the operation. */
export function executionBudgetPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ contextValue, operation }) {
          // No operation: Apollo answers 400 (no operation, or an unknown operationName) without executing.
          if (operation) contextValue.budget?.start(operation.operation);
        },
        async willSendResponse({ contextValue, response }) {
          const stoppedBy = contextValue.budget?.stoppedBy;
          if (!stoppedBy) return;
          response.http.status = (stoppedBy.extensions.http as { status: number }).status;
          response.body = { kind: 'single', singleResult: stoppedAnswer(stoppedBy) };
        },
      };
    },
  };
}

/** Over graphql-ws: graphql-js's `execute` (queries and mutations), with the same budget. */
export async function executeWithBudget(args: ExecutionArgs): Promise<ExecutionResult> {
  const budget = (args.contextValue as GraphQLContext).budget;
  const operation = getOperationAST(args.document, args.operationName);
  if (operation) budget?.start(operation.operation);
  const result = await execute(args);
  return budget?.stoppedBy ? stoppedAnswer(budget.stoppedBy) : result;
}
