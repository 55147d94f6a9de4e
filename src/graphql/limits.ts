import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isIntrospectionType,
  isLeafType,
  isListType,
  getVariableValues,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { declaredListItems } from './list-size';
import { argumentPath, variableArguments, withArgumentFields } from './argument-paths';
import { CostCache } from './cost-cache';

/**
 * Bounds of one GraphQL operation, over HTTP and graphql-ws alike (docs/architecture.md, "How a request flows").
 * Each is set from the real operations — schema/examples/*.graphql and every query of test/*.test.ts, measured with
 * the same counters — with headroom; graphql-armor's defaults (depth 6) would refuse ordinary portal queries.
 */
export const OPERATION_LIMITS = {
  /**
   * Deepest real query: test/sql-count.test.ts PortalSessions, depth 7 (sessions › edges › node › hostCompany ›
   * commitments › progress › ratio); Relay's `edges { node }` makes portal queries 8 deep or more.
   * 12 leaves room for a few more relations (a commitment's animator's commune's département's région).
   */
  depth: 12,
  /**
   * At most how many values an operation resolves: 1 per field, times the items of each list — a `first` (literal,
   * variable or default), the ids of `nodes`, or a list's declared bound (see `perItem`). An upper bound: a session
   * counts its 10 possible métiers, each its 10 first appellations. Costliest real query: test/sql-count.test.ts
   * PortalSessions, 16,500 at `first: 50`, 33,000 at the largest page (`first: 100`). 50,000 admits it and refuses
   * nested pages of pages (métier › sessions › métiers › sessions... 9 deep at default sizes: over 10^7) and the
   * 15 aliases × `nodes` of 100 métiers × 4 levels of appellations that once built 894,000 objects (about 3.5 × 10^7).
   * What the bound lets through is bounded again while it runs (execution-budget.ts: 20,000 objects, 10 s).
   */
  cost: 50_000,
  /** Most aliases in a real query: 2 (test/read-api.test.ts, `a: structures ... b: companies`). */
  aliases: 15,
  /** No real query uses a directive yet; clients generate a few `@include`/`@skip` for optional fields. */
  directives: 20,
  /**
   * Longest real operation: 122 tokens (a test querying one page of each list); schema/examples: at most 85
   * (ambassadeurs-sessions.graphql). 2,000 allows generated client queries with many fragments, and bounds literal
   * lists to about 1,000 items, like MAX_LIST_LENGTH for variables.
   */
  tokens: 2_000,
} as const;

/**
 * Most items in any list an operation gives (ids, ROME codes, départements, communes...), checked on the variables
 * of every operation: written once, it holds for every list argument of every query, mutation and subscription.
 * Real lists are far shorter (`nodes` takes 100 ids, a session 10 métiers; a département has under 900 communes).
 * Without it, lists long enough to pass the body limit turn into SQL `in (...)` lists of tens of thousands of
 * parameters, and past 65,535 of them PostgreSQL refuses the statement (an internal error).
 */
export const MAX_LIST_LENGTH = 1000;

/**
 * PostgreSQL text cannot hold U+0000: a string carrying it fails its statement (an internal error) wherever it is
 * stored or compared. Refused once, at the door, for every string an operation gives — variables and literals.
 */
const NUL = '\u0000';
const NUL_PROBLEM = 'must not contain the NUL character (U+0000)';

const noNulInLiterals: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes(NUL)) context.reportError(new GraphQLError(`a string ${NUL_PROBLEM}`, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } }));
  },
});

/**
 * The cost estimator: a field costs 1 plus its selection, times the number of items it may return — see
 * `itemsCounted`. The arguments come with variables and defaults applied: graphql-armor's cost multiplies only a
 * literal `first`, so `first: $first` or a default page size escaped it entirely.
 */
export const perItem: ComplexityEstimator = ({ field, args, childComplexity }) => itemsCounted(field, args) * (1 + childComplexity);

/** What an undeclared list of objects counts: none is left undeclared (test/limits.test.ts), this is the fallback. */
const UNDECLARED_LIST_ITEMS = 100;

/**
 * The items a field may return: its `first` (a connection or a nested list), the length of its `ids` (`nodes`),
 * the bound a list declares (`@ListItems`, list-size.ts), 1 for anything else. A list of leaves (scalars, enums)
 * counts 1 like a leaf: its values are not objects with selections of their own.
 *
 * Introspection (`__schema`, `__type` and the fields of the `__` types, which return `__` types) counts 1 item a
 * list too: an introspection query costs the fields it selects, added. Multiplied, at 100 items or even at this
 * schema's real sizes (224 types × 52 fields × 4 arguments...), the standard introspection query every tool sends
 * would be refused (35 million; 2.4 million by real sizes), although its answer holds 3,679 objects. What an
 * introspection query returns is bounded while it runs instead, exactly: its objects are counted against
 * MAX_INTROSPECTION_OBJECTS (execution-budget.ts), so a nested one stops there with RESPONSE_TOO_LARGE.
 */
export function itemsCounted(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  if (typeof args.first === 'number') return Math.max(args.first, 1);
  if (Array.isArray(args.ids)) return Math.max(args.ids.length, 1);
  const type = getNullableType(field.type);
  if (!isListType(type) || isLeafType(getNamedType(type)) || isIntrospectionType(getNamedType(type))) return 1;
  return declaredListItems(field.extensions) ?? UNDECLARED_LIST_ITEMS;
}
/** Fields the cost estimate may visit (fragments expanded): a fragment bomb stops here. */
const MAX_COST_NODES = 10_000;

export interface OperationGuard {
  /** Options for Apollo Server (HTTP). */
  apollo: { validationRules: ValidationRule[]; parseOptions: ParseOptions; plugins: ApolloServerPlugin[] };
  /**
   * graphql-ws `onSubscribe`: parses, validates and checks the variables and cost with the same rules as HTTP;
   * returns the execution arguments, or errors with the codes Apollo Server gives over HTTP.
   */
  prepare(schema: GraphQLSchema, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }): ExecutionArgs | GraphQLError[];
  /** Applied to every formatted error (HTTP and graphql-ws): hides schema suggestions unless error details are on. */
  format(error: GraphQLFormattedError): GraphQLFormattedError;
}

/** Parsed and validated documents by query text (graphql-ws; Apollo Server keeps its own for HTTP), most recent kept. */
class DocumentCache {
  private static readonly MAX_ENTRIES = 500;
  private static readonly MAX_QUERY_LENGTH = 20_000;
  /** lru-cache per schema: the least recently used document goes first once MAX_ENTRIES are held. */
  private readonly bySchema = new WeakMap<GraphQLSchema, LRUCache<string, DocumentNode>>();

  get(schema: GraphQLSchema, query: string): DocumentNode | undefined {
    return this.bySchema.get(schema)?.get(query);
  }

  set(schema: GraphQLSchema, query: string, document: DocumentNode): void {
    if (query.length > DocumentCache.MAX_QUERY_LENGTH) return;
    let documents = this.bySchema.get(schema);
    if (!documents) this.bySchema.set(schema, (documents = new LRUCache({ max: DocumentCache.MAX_ENTRIES })));
    documents.set(query, document);
  }
}

/**
 * `errorDetails`: say which limit a query broke and keep graphql-js suggestions (RELAIS_ERROR_DETAILS);
 * `introspection`: allowed or not (Apollo Server applies it over HTTP, `prepare` over graphql-ws).
 */
export function createOperationGuard({ errorDetails, introspection }: { errorDetails: boolean; introspection: boolean }): OperationGuard {
  const exposeLimits = errorDetails;
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.depth, exposeLimits },
    maxAliases: { n: OPERATION_LIMITS.aliases, exposeLimits },
    maxDirectives: { n: OPERATION_LIMITS.directives, exposeLimits },
    // Armor's cost sees the document only (no variables, no defaults): `perPage` below replaces it.
    costLimit: { enabled: false },
    // Armor's Apollo token plugin throws from `parsingDidStart`, which Apollo Server 5 answers with HTTP 500, and it
    // parses every document twice. graphql-js's own parser counts tokens (`maxTokens`, below): one parse, a 400.
    maxTokens: { enabled: false },
    // Armor's suggestion masking is an Apollo plugin (graphql-ws has no plugins) and misses graphql-js's enum
    // suggestions ('Did you mean the enum value "X"?'): `format` hides both, on both transports.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const parseOptions: ParseOptions = { maxTokens: OPERATION_LIMITS.tokens };
  const ownRules = [...validationRules, noNulInLiterals];
  const rules = [...specifiedRules, ...ownRules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const tooCostly = (cost: number | null) =>
    new GraphQLError(errorDetails ? `Query cost limit of ${OPERATION_LIMITS.cost} exceeded, found ${cost ?? `over ${MAX_COST_NODES} fields`}.` : 'Query validation error.', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });

  // Estimated once per document, operation and shape of the variables (cost-cache.ts), not on every request.
  const costs = new CostCache();

  /** Refusals of an operation for its variables (list lengths, NUL, types) or its cost; empty when it may run. */
  const refusals = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined): GraphQLError[] => {
    const unfit = unfitVariable(variables, (path) => argumentPath(variableArguments(document, operation), path));
    if (unfit) return [unfit];
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 10 });
    if (coerced.errors) return withArgumentFields(schema, document, operation, variables ?? {}, coerced.errors.map((e) => coded(e, 'BAD_USER_INPUT')));
    const operationName = operation.name?.value;
    const cost = costs.costOf(schema, document, operationName, coerced.coerced, () => {
      try {
        return getComplexity({ schema, query: document, variables: coerced.coerced, operationName, estimators: [perItem], maxQueryNodes: MAX_COST_NODES });
      } catch (error) {
        // With valid variables, what the estimate throws is the node bound.
        if (error instanceof GraphQLError) return null;
        throw error;
      }
    });
    if (cost === null) return [tooCostly(null)];
    return cost > OPERATION_LIMITS.cost ? [tooCostly(cost)] : [];
  };

  const validDocuments = new DocumentCache();

  const variablesAndCost: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        // After validation, before execution; Apollo Server answers the first refusal.
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // Apollo Server answers an unresolved operation itself
          const [refusal] = refusals(schema, document, operation, request.variables);
          if (refusal) throw new GraphQLError(refusal.message, { nodes: refusal.nodes, extensions: { ...refusal.extensions, http: { status: 400 } } });
        },
      };
    },
  };

  return {
    apollo: { validationRules: ownRules, parseOptions, plugins: [variablesAndCost] },
    prepare(schema, payload) {
      // Thousands of sockets subscribe with the same few documents: each is parsed and validated once and its AST
      // shared (graphql-js never mutates one), instead of one AST with its tokens held per subscription.
      let document = validDocuments.get(schema, payload.query);
      if (!document) {
        try {
          document = parse(payload.query, parseOptions);
        } catch (error) {
          return [coded(error, 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) return invalid.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
        validDocuments.set(schema, payload.query, document);
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('unknown or ambiguous operationName', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
      // Variables are coerced here rather than in execution, whose errors graphql-ws would send without a code.
      const refused = refusals(schema, document, operation, payload.variables);
      return refused.length > 0 ? refused : { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    },
    format(error) {
      return errorDetails ? error : { ...error, message: error.message.replace(/ ?Did you mean .+\?$/s, '') };
    },
  };
}

/**
 * The first list longer than MAX_LIST_LENGTH, or string holding NUL, in the variables: a BAD_USER_INPUT naming it
 * by its argument path (`argumentOf`: `$i.motive` given as `input` is `input.motive`).
 */
function unfitVariable(variables: Record<string, unknown> | null | undefined, argumentOf: (variablePath: string) => string): GraphQLError | null {
  const refuse = (path: string, problem: string) => {
    const field = argumentOf(path);
    return new GraphQLError(`${field} ${problem}`, { extensions: { code: 'BAD_USER_INPUT', field } });
  };
  // Iterative: a body of nested arrays must not overflow the stack.
  const pending: [string, unknown][] = Object.entries(variables ?? {});
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [path, value] = next;
    if (typeof value === 'string' && value.includes(NUL)) return refuse(path, NUL_PROBLEM);
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > MAX_LIST_LENGTH) return refuse(path, `must hold at most ${MAX_LIST_LENGTH} items`);
      value.forEach((item, i) => pending.push([`${path}[${i}]`, item]));
    } else {
      for (const [key, item] of Object.entries(value)) pending.push([`${path}.${key}`, item]);
    }
  }
  return null;
}

/** A graphql-js error with the code Apollo Server gives the same problem. */
function coded(error: unknown, code: string): GraphQLError {
  if (!(error instanceof GraphQLError)) throw error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
