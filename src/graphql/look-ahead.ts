import { BREAK, visit, type ASTNode, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
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
export function connectionNodeSelections(info: GraphQLResolveInfo): ReadonlyMap<string, ReadonlySet<string>> {
  const field = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : undefined;
  const known = field && selectionsByField.get(field);
  if (known) return known;
  const selections = new Map<string, Set<string>>();
  for (const node of nodeFields(info)) {
    const asked = selections.get(node.name) ?? new Set<string>();
    for (const child of children(node)) asked.add(child.name);
    selections.set(node.name, asked);
  }
  if (field && !dependsOnVariables(info)) selectionsByField.set(field, selections);
  return selections;
}

/**
 * The selections of each list field of a document, computed on its first request: the document is parsed once and
 * kept (Apollo Server's and graphql-ws's document caches), so its field nodes are the same objects on every request
 * of the same query, and what they select is the same unless a `@skip` or `@include` reads a variable.
 */
const selectionsByField = new WeakMap<FieldNode, ReadonlyMap<string, ReadonlySet<string>>>();

/** Whether the operation or its fragments hold a `@skip` or `@include` (their selections may change with the variables). */
function dependsOnVariables(info: GraphQLResolveInfo): boolean {
  let known = conditionalOperations.get(info.operation);
  if (known === undefined) conditionalOperations.set(info.operation, (known = holdsConditions(info)));
  return known;
}

const conditionalOperations = new WeakMap<OperationDefinitionNode, boolean>();

function holdsConditions(info: GraphQLResolveInfo): boolean {
  const conditional = (node: ASTNode) => {
    let found = false;
    visit(node, {
      Directive(directive) {
        if (directive.name.value !== 'skip' && directive.name.value !== 'include') return undefined;
        found = true;
        return BREAK;
      },
    });
    return found;
  };
  return conditional(info.operation) || Object.values(info.fragments).some(conditional);
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
