import type { DocumentNode, GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';

/** Variable shapes (with the operation name) kept per document. */
const MAX_SHAPES_PER_DOCUMENT = 100;
/** Longer shapes (lists of hundreds of ids) are estimated every time rather than kept. */
const MAX_SHAPE_LENGTH = 2000;
/** Kept for an operation the estimate refused for its size (more fields than the estimate may visit). */
const OVER_NODE_BOUND = -1;

/**
 * What of an operation's coerced variables its cost may depend on: every value but strings. The estimate
 * (limits.ts: `perItem`, `itemsCounted`, and graphql-query-complexity's handling of `@include`/`@skip`) reads
 * numbers (`first`), booleans (the directives), nulls and absences (defaults apply), and list lengths (`ids`),
 * never the text of a string: strings all count the same, so a search text, a code or an id does not make a new
 * shape. Undefined when the variables cannot be written as JSON (a value no coercion here produces).
 */
export function costShape(variables: Record<string, unknown>): string | undefined {
  try {
    return JSON.stringify(variables, (_key, value: unknown) => (typeof value === 'string' ? 0 : value));
  } catch {
    return undefined;
  }
}

/**
 * The cost of each operation already estimated, by schema, document, operation name and variable shape
 * (`costShape`): the estimate walks the whole document with its types on every request otherwise, while a client
 * sends the same few documents with different values. The result is the same as estimating again — the estimate is
 * a function of exactly these — so no bound is relaxed.
 * Held beside the document, never holding it: HTTP documents live in Apollo Server's document store (one object per
 * query text, bounded), graphql-ws ones in limits.ts's own cache; when they go, their costs go. A document parsed
 * afresh is a new key, estimated once more, never a wrong hit. Per document, the least recently used shapes go.
 */
export class CostCache {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, LRUCache<string, number>>>();

  /** The cost (null: over the estimate's node bound) from the cache, else from `estimate`, then kept. */
  costOf(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    coercedVariables: Record<string, unknown>,
    estimate: () => number | null,
  ): number | null {
    const shape = costShape(coercedVariables);
    if (shape === undefined || shape.length > MAX_SHAPE_LENGTH) return estimate();
    const key = `${operationName ?? ''} ${shape}`;
    let documents = this.bySchema.get(schema);
    if (!documents) this.bySchema.set(schema, (documents = new WeakMap()));
    let shapes = documents.get(document);
    const known = shapes?.get(key);
    if (known !== undefined) return known === OVER_NODE_BOUND ? null : known;
    const cost = estimate();
    if (!shapes) documents.set(document, (shapes = new LRUCache({ max: MAX_SHAPES_PER_DOCUMENT })));
    shapes.set(key, cost ?? OVER_NODE_BOUND);
    return cost;
  }
}
