import {
  execute,
  getIntrospectionQuery,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionResult,
} from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { asGraphQLJsError, JitExecutor, resolveCalledValues } from './jit-execution';
import { DateTime, LocalDate } from './scalars';

/**
 * A small schema with what Relais's relies on: resolvers that throw coded GraphQLErrors and plain Errors, non-null
 * fields inside lists (null bubbling), custom scalars both ways, an interface resolved by a synchronous resolveType,
 * a function-valued field marked CalledValue, a resolver reading `info` through graphql-parse-resolve-info.
 */
function toySchema(): { schema: GraphQLSchema; seen: { lookAhead: string[] } } {
  const seen = { lookAhead: [] as string[] };
  const Thing: GraphQLInterfaceType = new GraphQLInterfaceType({
    name: 'Thing',
    fields: { id: { type: new GraphQLNonNull(GraphQLID) } },
    resolveType: (value: { kind: string }) => value.kind,
  });
  const Item = new GraphQLObjectType({
    name: 'Item',
    interfaces: [Thing],
    fields: {
      id: { type: new GraphQLNonNull(GraphQLID) },
      label: { type: new GraphQLNonNull(GraphQLString) },
      day: { type: LocalDate },
      at: { type: DateTime },
      count: { type: GraphQLInt, extensions: { calledValue: true } },
      coded: {
        type: GraphQLString,
        resolve: (item: { id: string }) => {
          if (item.id === '2') throw new GraphQLError('not yours', { extensions: { code: 'FORBIDDEN', field: 'coded' } });
          return `coded ${item.id}`;
        },
      },
      strict: {
        type: new GraphQLNonNull(GraphQLString),
        resolve: async (item: { id: string }) => {
          if (item.id === '3') throw new Error('boom');
          return `strict ${item.id}`;
        },
      },
    },
  });
  const Query = new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLList(new GraphQLNonNull(Item)),
        args: { first: { type: GraphQLInt }, after: { type: DateTime } },
        resolve: (_root, args: { first?: number; after?: Date }, _context, info) => {
          const tree = parseResolveInfo(info) as ResolveTree;
          seen.lookAhead.push(Object.keys(tree.fieldsByTypeName.Item ?? {}).sort().join(','));
          const after = args.after instanceof Date ? args.after.toISOString() : String(args.after);
          return [1, 2, 3, 4].slice(0, args.first ?? 4).map((n) => ({
            kind: 'Item',
            id: String(n),
            label: `item ${n} after ${after}`,
            day: '2026-12-03',
            at: new Date(Date.UTC(2026, 11, n)),
            count: () => n * 10,
          }));
        },
      },
      things: { type: new GraphQLList(Thing), resolve: () => [{ kind: 'Item', id: '1', label: 'one', count: () => 1 }] },
      plainFunction: {
        type: new GraphQLObjectType({ name: 'Holder', fields: { value: { type: GraphQLInt } } }),
        resolve: () => ({ value: () => 1 }),
      },
    },
  });
  const schema = new GraphQLSchema({
    query: Query,
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: { touch: { type: GraphQLInt, resolve: () => 1 } } }),
    types: [Item],
  });
  resolveCalledValues(schema);
  return { schema, seen };
}

/** A result as a client sees it, and what the error formatter reads of each error. */
const seenByClient = (result: ExecutionResult) => ({
  json: JSON.parse(JSON.stringify(result)) as unknown,
  errors: result.errors?.map((e) => ({
    graphqlJs: Object.getPrototypeOf(e) === GraphQLError.prototype,
    extensions: e.extensions,
    original: e.originalError === undefined ? 'none' : e.originalError instanceof GraphQLError ? 'GraphQLError' : e.originalError.message,
  })),
});

describe('JitExecutor', () => {
  const query = /* GraphQL */ `
    query Items($first: Int, $after: DateTime, $withDay: Boolean!) {
      items(first: $first, after: $after) {
        id label day @include(if: $withDay) at count coded strict
        ... on Thing { id }
      }
      things { __typename id ... on Item { label count } }
    }
  `;

  it('gives the answer graphql-js gives: data, null bubbling, errors with their codes, paths and locations, scalars both ways', async () => {
    const { schema } = toySchema();
    const jit = new JitExecutor(schema);
    const document = parse(query);
    for (const variableValues of [{ withDay: true }, { first: 2, after: '2026-01-01T10:00:00+02:00', withDay: false }]) {
      const args = { schema, document, variableValues, contextValue: {} };
      const expected = await execute(args);
      const got = await jit.execute(args);
      expect(seenByClient(got)).toEqual(seenByClient(expected));
    }
    expect(jit.stats.runs).toEqual({ jit: 2, 'graphql-js': 0 });
    // With the third item's non-null `strict` failing, the list of non-null items is null as a whole.
    const bubbled = await jit.execute({ schema, document, variableValues: { withDay: true }, contextValue: {} });
    expect(bubbled.data?.items).toBeNull();
    expect(bubbled.errors?.map((e) => [e.message, e.path, e.extensions.code])).toEqual([
      ['not yours', ['items', 1, 'coded'], 'FORBIDDEN'],
      ['boom', ['items', 2, 'strict'], undefined],
    ]);
  });

  it('compiles each document and operation once, and hands resolvers an info that graphql-parse-resolve-info reads', async () => {
    const { schema, seen } = toySchema();
    const jit = new JitExecutor(schema);
    const document = parse(query);
    for (let i = 0; i < 3; i++) await jit.execute({ schema, document, variableValues: { withDay: true }, contextValue: {} });
    expect(jit.stats.compiled).toBe(1);
    expect(jit.engineOf(document, 'Items')).toBe('jit');
    expect(seen.lookAhead).toEqual(Array(3).fill('at,coded,count,day,id,label,strict'));
  });

  it('leaves mutations and introspection to graphql-js', async () => {
    const { schema } = toySchema();
    const jit = new JitExecutor(schema);
    expect(jit.engineOf(parse('mutation { touch }'))).toBe('graphql-js');
    expect(jit.engineOf(parse(getIntrospectionQuery()))).toBe('graphql-js');
    expect(jit.engineOf(parse('query { ...F } fragment F on Query { __type(name: "Item") { name } }'))).toBe('graphql-js');
    expect(jit.engineOf(parse('query { things { __typename } }'))).toBe('jit');
    const result = await jit.execute({ schema, document: parse('mutation { touch }') });
    expect(result).toEqual({ data: { touch: 1 } });
    expect(jit.stats).toEqual({ compiled: 1, runs: { jit: 0, 'graphql-js': 1 } });
  });

  it('fails loudly, naming the fix, on a field without resolver whose value is a function', async () => {
    const { schema } = toySchema();
    const result = await new JitExecutor(schema).execute({ schema, document: parse('{ plainFunction { value } }') });
    expect(result.errors?.map((e) => e.message)).toEqual([expect.stringContaining('mark the field CalledValue')]);
  });
});

describe('JitExecutor, variables inside input objects', () => {
  // graphql-jit sets an input object's field to null when its variable is absent; graphql-js leaves it out (or gives
  // the field's default): such requests run on graphql-js, the others on jit, with the same arguments.
  const Filter = new GraphQLInputObjectType({
    name: 'Filter',
    fields: { a: { type: GraphQLString }, b: { type: new GraphQLList(GraphQLString) }, c: { type: GraphQLInt, defaultValue: 5 } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        args: {
          type: GraphQLString,
          args: { filter: { type: Filter }, x: { type: GraphQLString } },
          resolve: (_root, args: Record<string, unknown>) => JSON.stringify({ args, keys: Object.keys((args.filter as object | undefined) ?? {}) }),
        },
      },
    }),
  });
  const cases: [string, Record<string, unknown>, 'jit' | 'graphql-js'][] = [
    ['query($a: String, $b: [String]) { args(filter: { a: $a, b: $b }) }', {}, 'graphql-js'],
    ['query($a: String, $b: [String]) { args(filter: { a: $a, b: $b }) }', { a: null }, 'graphql-js'],
    ['query($a: String, $b: [String]) { args(filter: { a: $a, b: $b }) }', { a: null, b: null }, 'jit'],
    ['query($a: String) { args(filter: { b: ["x", $a] }, x: $a) }', {}, 'jit'],
    ['query($c: Int) { args(filter: { c: $c }) }', {}, 'graphql-js'],
    ['query($c: Int) { args(filter: { c: $c }) }', { c: 1 }, 'jit'],
    ['query($c: Int = 7) { args(filter: { c: $c }) }', {}, 'jit'],
  ];
  it.each(cases)('%s with %j: the arguments graphql-js gives, on %s', async (query, variableValues, engine) => {
    const jit = new JitExecutor(schema);
    const document = parse(query);
    expect(jit.engineOf(document, undefined, variableValues)).toBe(engine);
    expect(await jit.execute({ schema, document, variableValues })).toEqual(await execute({ schema, document, variableValues }));
  });
});

describe('asGraphQLJsError', () => {
  it('keeps a thrown GraphQLError that has a path, as graphql-js does, and rebuilds the others with their original error', () => {
    const located = new GraphQLError('located', { path: ['a'], extensions: { code: 'X' } });
    expect(asGraphQLJsError(new GraphQLError('located', { originalError: located }))).toBe(located);
    const rebuilt = asGraphQLJsError(new GraphQLError('no extensions', { path: ['b', 0] }));
    expect(rebuilt.extensions).toEqual({});
    expect(rebuilt.originalError?.message).toBe('no extensions');
    expect(rebuilt.path).toEqual(['b', 0]);
  });
});
