import { trace } from '@opentelemetry/api';
import {
  defaultFieldResolver,
  execute,
  getOperationAST,
  GraphQLError,
  isLeafType,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
  visit,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { Extensions } from 'type-graphql';

/**
 * Documents whose compiled operations one instance keeps, least recently used dropped first. Clients send a few
 * dozen distinct documents (schema/examples, the portals' and the app's queries). Measured on this schema: W1's
 * portal list compiles in about 5 ms (its parse and validation take 8) into 29 kB of generated code, W2's in 2 ms
 * into 21 kB; 500 documents hold some tens of MB at worst, and a flood of distinct documents recompiles (after the
 * same parser bound, validation and cost limits as any) rather than grows the process. The introspection query
 * would take 53 ms and 525 kB: it is left to graphql-js (see JitExecutor).
 */
export const MAX_COMPILED_DOCUMENTS = 500;

/** Which engine ran an operation: `jit` (graphql-jit, compiled once per document and operation) or `graphql-js`. */
export type ExecutionEngine = 'jit' | 'graphql-js';

/** Why an operation was not run compiled: see `JitExecutor`. */
type FallbackReason = 'mutation' | 'subscription' | 'introspection' | 'not compiled';

/** An operation compiled, with what each run needs to know of it. */
interface CompiledOperation {
  query: CompiledQuery['query'];
  type: OperationTypeNode;
  name: string | undefined;
  /**
   * Variables given as the value of an input object's field (`filter: { near: $near }`), without a default of their
   * own. One absent from a request makes graphql-js leave the field out (or give it its declared default), where
   * graphql-jit sets it to null: such a request runs on graphql-js.
   */
  fieldVariables: readonly string[];
}

/** One document's operations: compiled, or the reason each one runs on graphql-js. */
type Compiled = CompiledOperation | FallbackReason;

/**
 * Runs queries through graphql-jit (issue 16): each distinct document and operation is compiled once into a plain
 * JavaScript function — the selection walked, arguments and leaf serialisers resolved at compile time — instead of
 * graphql-js walking the document for every object of every answer (its executeFields / completeValue /
 * getArgumentValues were about 20 % of a list's CPU).
 *
 * What keeps its guarantees unchanged: the compiled function calls the schema's own resolvers (field.resolve), so
 * the execution budget (execution-budget.ts wraps them), the personal-data audit, type-graphql's argument classes,
 * DataLoaders and the resolvers' `info` (graphql-jit builds it from the same AST: graphql-parse-resolve-info reads it
 * alike) work as before; leaf values go through the schema's scalars and enums (`serialize`); a non-null field's
 * null bubbles to the nearest nullable parent. Errors are handed back as graphql-js GraphQLErrors with the same
 * message, path, locations, extensions and originalError as graphql-js gives (`asGraphQLJsError`), so that Apollo
 * Server and the error formatter (errors.ts, unavailable.ts) see what they always saw.
 *
 * What runs on graphql-js `execute`, as before:
 * - mutations: each runs once, its time is the database's, and the audit of every mutation, the transactions and the
 *   answer of a change made are not worth a second execution engine;
 * - subscriptions (served by multiplex.ts, never here; listed for completeness);
 * - documents that select `__schema` or `__type`: introspection is sent once by a tool, its compiled form would be
 *   the largest of all (`ofType` nested seven deep), and its object count (MAX_INTROSPECTION_OBJECTS) is measured
 *   on graphql-js;
 * - a request that leaves out a variable given as an input object's field (`filter: { near: $near }` without
 *   `near`): graphql-js leaves the field out (or gives its default), graphql-jit would set it to null;
 * - anything graphql-jit refuses to compile (none of the schema's operations known today): kept as refused, never
 *   retried.
 */
export class JitExecutor {
  private readonly documents = new LRUCache<DocumentNode, Map<string, Compiled>>({ max: MAX_COMPILED_DOCUMENTS });
  private readonly serializers: Record<string, (value: unknown) => unknown>;
  /** Operations compiled since start, and operations run by each engine: read by tests and /metrics. */
  readonly stats = { compiled: 0, runs: { jit: 0, 'graphql-js': 0 } as Record<ExecutionEngine, number> };

  /** `onRun`: told the engine of each operation run (metrics.ts counts them). */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly onRun: (engine: ExecutionEngine) => void = () => undefined,
  ) {
    this.serializers = leafSerializers(schema);
  }

  /** graphql-js `execute`'s contract (synchronous results come back as a promise too). */
  readonly execute = async (args: ExecutionArgs): Promise<ExecutionResult> => {
    const { document, operationName, contextValue, variableValues, rootValue } = args;
    const compiled = this.compiledOperation(document, operationName);
    if (typeof compiled === 'string' || compiled.fieldVariables.some((name) => !Object.hasOwn(variableValues ?? {}, name))) {
      this.ran('graphql-js');
      return execute(args);
    }
    this.ran('jit');
    const run = async () => {
      const result = await compiled.query(rootValue, contextValue, variableValues);
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    };
    // OpenTelemetry's graphql instrumentation makes its operation span from graphql-js `execute`: a compiled query
    // makes the same one (name and attributes), so that a trace still shows the operation with its SQL under it.
    // Without tracing (no span active) nothing is made.
    if (!trace.getActiveSpan()) return run();
    const { type, name } = compiled;
    return trace.getTracer('relais').startActiveSpan(name ? `${type} ${name}` : type, { attributes: { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) } }, async (span) => {
      try {
        return await run();
      } finally {
        span.end();
      }
    });
  };

  private ran(engine: ExecutionEngine): void {
    this.stats.runs[engine] += 1;
    this.onRun(engine);
  }

  /**
   * Which engine the operation `operationName` of `document` runs on with these variables (compiling it if not done
   * yet).
   */
  engineOf(document: DocumentNode, operationName?: string | null, variableValues: Record<string, unknown> = {}): ExecutionEngine {
    const compiled = this.compiledOperation(document, operationName);
    return typeof compiled === 'string' || compiled.fieldVariables.some((name) => !Object.hasOwn(variableValues, name)) ? 'graphql-js' : 'jit';
  }

  private compiledOperation(document: DocumentNode, operationName: string | null | undefined): Compiled {
    const key = operationName ?? '';
    let operations = this.documents.get(document);
    const known = operations?.get(key);
    if (known !== undefined) return known;
    const compiled = this.compile(document, operationName ?? undefined);
    if (!operations) this.documents.set(document, (operations = new Map()));
    operations.set(key, compiled);
    return compiled;
  }

  private compile(document: DocumentNode, operationName: string | undefined): Compiled {
    const operation = getOperationAST(document, operationName);
    // No single operation: graphql-js answers the error (Apollo Server resolves it before execution anyway).
    if (!operation) return 'not compiled';
    if (operation.operation === 'mutation') return 'mutation';
    if (operation.operation === 'subscription') return 'subscription';
    if (selectsIntrospection(document, operation)) return 'introspection';
    const compiled = compileQuery(this.schema, document, operationName, { customSerializers: this.serializers });
    if (!isCompiledQuery(compiled)) return 'not compiled';
    this.stats.compiled += 1;
    const withoutDefault = new Set(operation.variableDefinitions?.filter((d) => d.defaultValue === undefined).map((d) => d.variable.name.value));
    const fieldVariables = new Set<string>();
    visit(document, {
      ObjectField(field) {
        if (field.value.kind === Kind.VARIABLE && withoutDefault.has(field.value.name.value)) fieldVariables.add(field.value.name.value);
      },
    });
    return { query: compiled.query, type: operation.operation, name: operation.name?.value, fieldVariables: [...fieldVariables] };
  }
}

/**
 * The schema's scalars' and enums' own `serialize`, refusing a function or a promise: a field without a resolver
 * whose value is one (graphql-js would call or await it) fails loudly, naming the fix, instead of being serialised
 * as whatever its scalar makes of it.
 */
function leafSerializers(schema: GraphQLSchema): Record<string, (value: unknown) => unknown> {
  const serializers: Record<string, (value: unknown) => unknown> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isLeafType(type)) continue;
    serializers[type.name] = (value) => {
      if (typeof value === 'function' || (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function')) {
        throw new Error(`a ${type.name} field's value is a ${typeof value === 'function' ? 'function' : 'promise'}: graphql-jit reads a field without a resolver as a value; mark the field CalledValue`);
      }
      return type.serialize(value);
    };
  }
  return serializers;
}

/** Whether the operation (or a fragment of the document) selects `__schema` or `__type`. */
function selectsIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const pending = [operation.selectionSet, ...document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.selectionSet] : []))];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type')) return true;
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  return false;
}

/** The extension `CalledValue` sets. */
const CALLED_VALUE = 'calledValue';

/**
 * Marks a field (of a type with `simpleResolvers`, which have no resolver) whose value is a function to call, or a
 * promise, rather than the value itself: `resolveCalledValues` gives it graphql-js's default resolver. graphql-js
 * calls a function-valued property and awaits a promise on any field; graphql-jit reads a field without a resolver
 * as a plain value (and would fail to serialise the function).
 */
export function CalledValue(): MethodDecorator & PropertyDecorator {
  return Extensions({ [CALLED_VALUE]: true });
}

/** Gives every field marked `CalledValue` graphql-js's default resolver (the same answer with both engines). */
export function resolveCalledValues(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.extensions[CALLED_VALUE] === true && !field.resolve) field.resolve = defaultFieldResolver;
    }
  }
}

/**
 * graphql-jit's errors are GraphQLErrors of its own making: same message, locations, path and originalError, but
 * no `extensions` when the thrown error had none, where graphql-js gives `{}` (Apollo Server reads
 * `extensions.code` and, failing, would answer a bare internal error without the formatter seeing it), no `nodes`,
 * and not built by graphql-js's constructor. Rebuilt here as graphql-js's `locatedError` builds them: a thrown
 * GraphQLError that already has a path is kept as it is; anything else becomes a GraphQLError with the thrown error
 * as `originalError` and its extensions.
 */
export function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof GraphQLError && Array.isArray(original.path) && Object.getPrototypeOf(original) === GraphQLError.prototype) return original;
  // graphql-js's own errors (a null in a non-null field, a value its scalar cannot serialise) are Errors it throws
  // and locates: the formatter logs that Error; graphql-jit keeps only the message.
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: original ?? new Error(error.message), extensions: error.extensions ?? undefined });
  // graphql-js computes locations from the field's AST nodes, which graphql-jit resolved at compile time already.
  if (error.locations?.length) (rebuilt as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}
