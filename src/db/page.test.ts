import type { Knex } from '@mikro-orm/postgresql';
import { ServiceError } from '../common/errors';
import { type Ordering, type PageArgs, paginate } from './page';

interface Row {
  id: number;
  name: string;
  startsAt: Date;
}

const byStart: Ordering<Row> = {
  keys: [
    { sql: 's.starts_at', type: 'timestamp', read: (r) => r.startsAt },
    { sql: 's.id', type: 'int', read: (r) => r.id },
  ],
  direction: 'asc',
};

const byName: Ordering<Row> = {
  keys: [
    { sql: 's.name', type: 'text', read: (r) => r.name },
    { sql: 's.id', type: 'int', read: (r) => r.id },
  ],
  direction: 'asc',
};

const rows: Row[] = [
  { id: 1, name: 'a', startsAt: new Date('2026-03-01T09:00:00Z') },
  { id: 2, name: 'b', startsAt: new Date('2026-03-02T09:00:00Z') },
  { id: 3, name: 'c', startsAt: new Date('2026-03-03T09:00:00Z') },
];

/** A query builder that records the keyset condition and answers `rows` (the database is not the subject here). */
function fakeQuery() {
  const where: { sql: string; bindings: unknown[] }[] = [];
  const query = {
    whereRaw: (sql: string, bindings: unknown[]) => (where.push({ sql, bindings }), query),
    orderByRaw: () => query,
    limit: () => query,
  };
  return { query: query as unknown as Knex.QueryBuilder, where };
}

async function page<T>(ordering: Ordering<T>, args: PageArgs, found: T[]) {
  const { query, where } = fakeQuery();
  const result = await paginate(query, ordering, args, async () => found, async () => found.length);
  return { result, where };
}

/** A cursor as a client could forge it: base64url JSON. */
const forge = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

async function refusal(after: string, ordering: Ordering<Row> = byStart): Promise<string> {
  try {
    await page(ordering, { first: 2, after }, rows);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('BAD_USER_INPUT');
    expect((error as ServiceError).field).toBe('after');
    return (error as ServiceError).message;
  }
  throw new Error(`the cursor ${after} was accepted`);
}

describe('cursors', () => {
  it('come back as the keyset condition of the next page', async () => {
    const first = await page(byStart, { first: 2 }, rows);
    expect(first.result.hasNextPage).toBe(true);
    expect(first.result.edges.map((e) => e.node.id)).toEqual([1, 2]);
    const next = await page(byStart, { first: 2, after: first.result.edges[1]!.cursor }, [rows[2]!]);
    expect(next.where).toEqual([{ sql: '(s.starts_at, s.id) > (?, ?)', bindings: ['2026-03-02T09:00:00.000Z', 2] }]);
    expect(next.result.hasPreviousPage).toBe(true);
    expect(next.result.hasNextPage).toBe(false);
  });

  it('are refused by another ordering of the same rows', async () => {
    const { result } = await page(byStart, { first: 2 }, rows);
    expect(await refusal(result.edges[0]!.cursor, byName)).toMatch(/cursor of another list or order/);
  });

  it('are refused when they are not base64url JSON, or not an object with a tag and keys', async () => {
    for (const after of ['%%%', forge('just a string'), forge(null), forge({ k: [1] }), forge({ o: 'x' })]) {
      expect(await refusal(after)).toMatch(/is not a cursor of this list|another list or order/);
    }
  });

  it('are refused when too long', async () => {
    expect(await refusal('A'.repeat(2001))).toBe('after is not a cursor of this list');
  });

  it('are refused when their values do not fit their keys', async () => {
    const { result } = await page(byStart, { first: 1 }, rows);
    const { o } = JSON.parse(Buffer.from(result.edges[0]!.cursor, 'base64url').toString('utf8')) as { o: string };
    const bad: unknown[][] = [
      ['2026-03-01T09:00:00.000Z'], // one key missing
      ['2026-03-01T09:00:00.000Z', 1, 2], // one too many
      ['2026-03-01T09:00:00.000Z', 1.5], // not an integer
      ['2026-03-01T09:00:00.000Z', 2 ** 31], // beyond int4
      ['2026-03-01T09:00:00.000Z', '1'], // a string for an int
      ['2026-02-30T09:00:00Z', 1], // no such day
      ['0000-01-01T00:00:00Z', 1], // no year 0 in PostgreSQL
      ['2026-03-01T24:00:00Z', 1], // no such hour
      ['yesterday', 1],
      [null, 1],
    ];
    for (const k of bad) expect(await refusal(forge({ o, k }))).toBe('after is not a cursor of this list');
  });

  it('accept what PostgreSQL prints for a timestamp, and the largest int4', async () => {
    const { result } = await page(byStart, { first: 1 }, rows);
    const { o } = JSON.parse(Buffer.from(result.edges[0]!.cursor, 'base64url').toString('utf8')) as { o: string };
    for (const k of [
      ['2026-03-01 09:00:00.123456+01', 2 ** 31 - 1],
      ['2026-03-01T09:00:00Z', -(2 ** 31)],
    ]) {
      const { where } = await page(byStart, { first: 1, after: forge({ o, k }) }, rows);
      expect(where[0]!.bindings).toEqual(k);
    }
  });

  it('refuse text holding NUL', async () => {
    const { result } = await page(byName, { first: 1 }, rows);
    const { o } = JSON.parse(Buffer.from(result.edges[0]!.cursor, 'base64url').toString('utf8')) as { o: string };
    expect(await refusal(forge({ o, k: ['a\u0000', 1] }), byName)).toBe('after is not a cursor of this list');
  });
});
