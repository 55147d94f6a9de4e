import { embeddedRowKeys, type FieldRowKeys } from './look-ahead';

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
