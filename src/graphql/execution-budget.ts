import {
  defaultFieldResolver, execute, getNamedType, getOperationAST, GraphQLError, isCompositeType, isIntrospectionType, isObjectType,
  type ExecutionArgs, type ExecutionResult, type GraphQLField, type GraphQLSchema,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { Extensions } from 'type-graphql';
import type { GraphQLContext } from './context';

/**
 * Most introspection objects (`__Schema`, `__Type`, `__Field`, `__InputValue`, `__EnumValue`, `__Directive`) one
 * answer may hold, counted apart from the data's objects (RELAIS_MAX_RESPONSE_OBJECTS): the bound on introspection.
 * The cost estimate (limits.ts, `itemsCounted`) does not multiply introspection lists, so that the standard
 * introspection query (graphql-js `getIntrospectionQuery()`, what GraphiQL, Apollo Sandbox, Postman and codegen
 * tools send) gets through; graphql-armor does not bound depth under `__schema` either (the standard query is 21 deep
 * by its count). graphql-js refuses three nested `fields`/`inputFields`/`interfaces`/`possibleTypes`
 * (MaxIntrospectionDepthRule), but `types`, `args`, `enumValues` and aliases still multiply: 15 aliases of
 * `types { fields { args { type { inputFields { type { enumValues ... } } } } } }` hold 126,000 objects (2.5 MB,
 * 1.5 s of the event loop), so introspection objects are counted here as they resolve.
 * Measured on this schema (224 types, 652 fields; test/introspection.test.ts): the standard answer holds 3,677
 * objects, 355 kB as JSON (220 kB without descriptions; with every option of `getIntrospectionQuery`, the same
 * objects, 386 kB). 20,000 is over 5 times that, headroom for the schema to grow; past it the operation stops with
 * RESPONSE_TOO_LARGE (HTTP 400) after at most 20,000 small objects built in memory, no statement.
 */
export const MAX_INTROSPECTION_OBJECTS = 20_000;

/** Objects a resolved value brings to an answer: a list's items, or one object. */
const objectsIn = (value: unknown): number => (Array.isArray(value) ? value.length : value == null ? 0 : 1);

/**
 * The second line behind the cost limit (src/graphql/limits.ts): while a query executes, the objects its answer
 * holds are counted and its time is bounded. The cost estimate is an upper bound computed from declared sizes; if
 * one is wrong, or a resolver is slow, the operation stops here with one clean error instead of building an answer
 * of hundreds of thousands of objects while the process stops answering.
 */
export class ExecutionBudget {
  private objects = 0;
  private introspectionObjects = 0;
  private deadline = Number.POSITIVE_INFINITY;
  /** The error the operation stopped with; every later field resolution fails fast with it. */
  stoppedBy: GraphQLError | null = null;

  constructor(
    private readonly maxObjects: number,
    private readonly timeoutMs: number,
    private readonly maxIntrospectionObjects: number = MAX_INTROSPECTION_OBJECTS,
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

  /**
   * After it resolved: its objects (a list's items, or one object) count against the answer's bound; `perItem` when
   * each item brings more than itself (an edge and its node).
   */
  count(value: unknown, perItem = 1): void {
    this.objects += objectsIn(value) * perItem;
    if (this.objects > this.maxObjects && !this.stoppedBy) {
      throw this.stop(`the answer would hold more than ${this.maxObjects} objects: ask for fewer or smaller pages`, 'RESPONSE_TOO_LARGE', 400);
    }
  }

  /** The same for an introspection field's objects, against their own bound (MAX_INTROSPECTION_OBJECTS). */
  countIntrospection(value: unknown): void {
    this.introspectionObjects += objectsIn(value);
    if (this.introspectionObjects > this.maxIntrospectionObjects && !this.stoppedBy) {
      throw this.stop(
        `the introspection answer would hold more than ${this.maxIntrospectionObjects} objects: send the standard introspection query (getIntrospectionQuery), or ask for less`,
        'RESPONSE_TOO_LARGE',
        400,
      );
    }
  }

  private stop(message: string, code: string, status: number): GraphQLError {
    this.stoppedBy = new GraphQLError(message, { extensions: { code, http: { status } } });
    return this.stoppedBy;
  }
}

/** The extensions `EdgesCountTheirNodes` and `CountedByItsEdge` set. */
const OBJECTS_PER_ITEM = 'objectsPerItem';
const COUNTED_BY_ITS_EDGE = 'countedByItsEdge';

/**
 * Marks a connection's `edges`: each edge counts as two objects, itself and its node (the `node` field, marked
 * `CountedByItsEdge`, is not wrapped). Without a resolver of its own, graphql-jit reads `node` inline, where a wrapped
 * one costs a call per edge. An edge whose node is not asked is counted as if it were: the bound stays a bound.
 */
export function EdgesCountTheirNodes(): MethodDecorator & PropertyDecorator {
  return Extensions({ [OBJECTS_PER_ITEM]: 2 });
}

/** Marks an edge's `node`, counted with its edge (`EdgesCountTheirNodes`). */
export function CountedByItsEdge(): MethodDecorator & PropertyDecorator {
  return Extensions({ [COUNTED_BY_ITS_EDGE]: true });
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | null)?.then === 'function';

/**
 * Fields already wrapped. graphql-js's introspection types are module singletons that every schema shares: a schema
 * built again in the same process (each test server) must not wrap them twice, which would count each object twice.
 */
const budgeted = new WeakSet<GraphQLField<unknown, unknown>>();

/**
 * Wraps the resolver of every field that returns objects (or lists of them), whether written or default: leaves,
 * which are most fields, keep graphql-js's own resolution and cost nothing more. Fields of the introspection types
 * count against their own bound (MAX_INTROSPECTION_OBJECTS). Operations whose context holds no started budget
 * (subscription events, or an `execute` without a Relais context) are not counted.
 */
export function budgetEveryObjectField(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const introspection = isIntrospectionType(type);
    for (const field of Object.values(type.getFields())) {
      if (!isCompositeType(getNamedType(field.type)) || budgeted.has(field) || field.extensions[COUNTED_BY_ITS_EDGE] === true) continue;
      budgeted.add(field);
      const resolve = field.resolve ?? defaultFieldResolver;
      const perItem = typeof field.extensions[OBJECTS_PER_ITEM] === 'number' ? field.extensions[OBJECTS_PER_ITEM] : 1;
      field.resolve = (root, args, context: GraphQLContext | undefined, info) => {
        const budget = context?.budget;
        if (!budget?.started) return resolve(root, args, context, info);
        budget.check();
        const count = (resolved: unknown) => (introspection ? budget.countIntrospection(resolved) : budget.count(resolved, perItem));
        const value = resolve(root, args, context, info);
        if (!isPromise(value)) {
          count(value);
          return value;
        }
        return value.then((resolved) => {
          count(resolved);
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

/**
 * Over graphql-ws: queries and mutations, with the same budget, run by `run` (graphql-js's `execute`, or the compiled
 * executor of jit-execution.ts).
 */
export async function executeWithBudget(args: ExecutionArgs, run: (args: ExecutionArgs) => Promise<ExecutionResult> | ExecutionResult = execute): Promise<ExecutionResult> {
  const budget = (args.contextValue as GraphQLContext).budget;
  const operation = getOperationAST(args.document, args.operationName);
  if (operation) budget?.start(operation.operation);
  const result = await run(args);
  return budget?.stoppedBy ? stoppedAnswer(budget.stoppedBy) : result;
}
