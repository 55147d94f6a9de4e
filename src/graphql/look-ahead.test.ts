import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { connectionNodeSelections, embeddedRowKeys, type FieldRowKeys } from './look-ahead';

interface Row {
  id: number;
  name: string;
  parentId: number | null;
  description: string | null;
}

const NEEDS: FieldRowKeys<Row> = { id: ['id'], name: ['name'], parent: ['parentId'], children: ['id'] };

describe('embeddedRowKeys', () => {
  it('embeds nothing when the relation is not asked', () => {
    expect(embeddedRowKeys(undefined, NEEDS, ['id'])).toBeUndefined();
  });

  it('embeds the keys the fields asked read, and the row key always', () => {
    expect(embeddedRowKeys(new Set(['name', 'parent', '__typename']), NEEDS, ['id'])).toEqual(['id', 'name', 'parentId']);
    expect(embeddedRowKeys(new Set(['__typename']), NEEDS, ['id'])).toEqual(['id']);
  });

  it('embeds the whole row when a field asked is not in the map (a field it does not know the needs of)', () => {
    expect(embeddedRowKeys(new Set(['name', 'description']), NEEDS, ['id'])).toBe('all');
    // Not a key of the map through the prototype either.
    expect(embeddedRowKeys(new Set(['toString']), NEEDS, ['id'])).toBe('all');
  });
});

describe('connectionNodeSelections', () => {
  const schema = buildSchema(`
    type Query { items(first: Int): Connection }
    type Connection { edges: [Edge] }
    type Edge { node: Item }
    type Item { id: ID, owner: Owner, tags: [Tag] }
    type Owner { name: String, city: String }
    type Tag { code: String }
  `);
  /** What the list field saw for `query` with `variables`. */
  const selectionsOf = (document: ReturnType<typeof parse>, variables: Record<string, unknown> = {}) => {
    let seen: ReturnType<typeof connectionNodeSelections> | undefined;
    const rootValue = { items: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => ((seen = connectionNodeSelections(info)), { edges: [] }) };
    const result = execute({ schema, document, rootValue, variableValues: variables });
    if ('then' in result || result.errors) throw new Error('the query did not run');
    return seen!;
  };
  const plain = (selections: ReturnType<typeof connectionNodeSelections>) => Object.fromEntries([...selections].map(([field, asked]) => [field, [...asked].sort()]));

  it('merges every alias and fragment of the nodes\' fields', () => {
    const document = parse('query { items(first: 2) { edges { node { id a: owner { name } b: owner { ...O } tags { code } } } } } fragment O on Owner { city }');
    expect(plain(selectionsOf(document))).toEqual({ id: [], owner: ['city', 'name'], tags: ['code'] });
  });

  it('is computed once per document, then the same for every request of it', () => {
    const document = parse('query { items { edges { node { owner { name } } } } }');
    const first = selectionsOf(document);
    expect(selectionsOf(document)).toBe(first);
    // Another parse of the same text is another document: computed again, equal.
    const again = selectionsOf(parse('query { items { edges { node { owner { name } } } } }'));
    expect(again).not.toBe(first);
    expect(plain(again)).toEqual(plain(first));
  });

  it('follows the variables of a @skip or @include on every request', () => {
    const document = parse('query($withOwner: Boolean!) { items { edges { node { id owner @include(if: $withOwner) { name } } } } }');
    expect(plain(selectionsOf(document, { withOwner: true }))).toEqual({ id: [], owner: ['name'] });
    expect(plain(selectionsOf(document, { withOwner: false }))).toEqual({ id: [] });
    expect(plain(selectionsOf(document, { withOwner: true }))).toEqual({ id: [], owner: ['name'] });
  });
});
