import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

/** The fields of `tree` (any type condition, fragments merged), by field name. */
function children(tree: ResolveTree | undefined): ResolveTree[] {
  return tree ? Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields)) : [];
}

/**
 * Names of the fields a connection query asks of each node (`edges { node { … } }`), whatever the aliases and
 * fragments: a list resolver looks ahead to read related rows in its own statement (embedded-rows.ts).
 */
export function connectionNodeFields(info: GraphQLResolveInfo): Set<string> {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  const edges = children(tree ?? undefined).filter((f) => f.name === 'edges');
  const nodes = edges.flatMap(children).filter((f) => f.name === 'node');
  return new Set(nodes.flatMap(children).map((f) => f.name));
}
