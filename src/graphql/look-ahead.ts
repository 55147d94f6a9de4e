import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

/** The fields of `tree` (any type condition, fragments merged), by field name. */
function children(tree: ResolveTree | undefined): ResolveTree[] {
  return tree ? Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields)) : [];
}

/** The fields a connection query asks of each node (`edges { node { … } }`, every alias of both). */
function nodeFields(info: GraphQLResolveInfo): ResolveTree[] {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  const edges = children(tree ?? undefined).filter((f) => f.name === 'edges');
  const nodes = edges.flatMap(children).filter((f) => f.name === 'node');
  return nodes.flatMap(children);
}

/**
 * For each field a connection query asks of its nodes (a list resolver looks ahead to read related rows in its own
 * statement, embedded-rows.ts), the names of the fields it asks of that field's value, all
 * aliases and fragments of both merged (`a: organiser { name } b: organiser { ... on Located { address } }` gives
 * organiser → name, address): what an embedded row must hold for every one of them.
 */
export function connectionNodeSelections(info: GraphQLResolveInfo): Map<string, Set<string>> {
  const selections = new Map<string, Set<string>>();
  for (const field of nodeFields(info)) {
    const asked = selections.get(field.name) ?? new Set<string>();
    for (const child of children(field)) asked.add(child.name);
    selections.set(field.name, asked);
  }
  return selections;
}

/**
 * What each field of a GraphQL type reads of its row (the keys its resolver, or the default one, reads): a list embeds
 * only those of the fields asked. A field missing from the map is read from a whole row.
 */
export type FieldRowKeys<Row> = Readonly<Record<string, readonly (keyof Row & string)[]>>;

/**
 * The row keys an embedded row needs for the fields `asked` of it: undefined when the relation is not asked (nothing
 * embedded), 'all' when a field asked is not in `needs` (the whole row, as its loader reads it), the keys otherwise,
 * with `always` (the row's key, which the Node id and the nested loaders read).
 */
export function embeddedRowKeys<Row>(asked: ReadonlySet<string> | undefined, needs: FieldRowKeys<Row>, always: readonly (keyof Row & string)[]): readonly (keyof Row & string)[] | 'all' | undefined {
  if (asked === undefined) return undefined;
  const keys = new Set(always);
  for (const field of asked) {
    if (field === '__typename') continue;
    const read = Object.hasOwn(needs, field) ? needs[field] : undefined;
    if (read === undefined) return 'all';
    for (const key of read) keys.add(key);
  }
  return [...keys].sort();
}
