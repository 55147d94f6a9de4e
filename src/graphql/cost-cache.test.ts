import 'reflect-metadata';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { CostCache, costShape } from './cost-cache';
import { createOperationGuard } from './limits';
import { buildRelaisSchema } from './schema';

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildRelaisSchema();
});

describe('costShape', () => {
  it('keeps numbers, booleans, nulls, absences and list lengths; not the text of strings', () => {
    expect(costShape({ first: 50, on: true, after: null, ids: ['a', 'b'], filter: { codes: ['93'], near: { radiusKm: 20 } } })).toBe(
      '{"first":50,"on":true,"after":null,"ids":[0,0],"filter":{"codes":[0],"near":{"radiusKm":20}}}',
    );
    expect(costShape({ q: 'boulangerie' })).toBe(costShape({ q: 'maçonnerie' }));
    expect(costShape({ ids: ['a'] })).not.toBe(costShape({ ids: ['a', 'b'] }));
    expect(costShape({ first: 10 })).not.toBe(costShape({ first: 11 }));
    expect(costShape({ first: null })).not.toBe(costShape({}));
    expect(costShape({ at: new Date(0) })).toBe(costShape({ at: new Date(1) }));
  });
});

describe('CostCache', () => {
  const document = parse('{ __typename }');

  it('estimates once per document, operation name and shape, and again for anything else', () => {
    const cache = new CostCache();
    let estimates = 0;
    const estimate = (cost: number | null) => () => {
      estimates += 1;
      return cost;
    };
    expect(cache.costOf(schema, document, 'A', { q: 'x', first: 5 }, estimate(5))).toBe(5);
    expect(cache.costOf(schema, document, 'A', { q: 'y', first: 5 }, estimate(-1))).toBe(5);
    expect(estimates).toBe(1);
    expect(cache.costOf(schema, document, 'A', { q: 'y', first: 6 }, estimate(6))).toBe(6);
    expect(cache.costOf(schema, document, 'B', { q: 'y', first: 6 }, estimate(7))).toBe(7);
    expect(cache.costOf(schema, parse('{ __typename }'), 'A', { q: 'x', first: 5 }, estimate(8))).toBe(8);
    expect(estimates).toBe(4);
  });

  it('keeps a refusal for size (null) as a refusal', () => {
    const cache = new CostCache();
    expect(cache.costOf(schema, document, undefined, {}, () => null)).toBeNull();
    expect(cache.costOf(schema, document, undefined, {}, () => 1)).toBeNull();
  });
});

describe('the cost limit with its cache (graphql-ws: prepare)', () => {
  it('refuses and admits the same document by the variables of each request', () => {
    const guard = createOperationGuard({ errorDetails: true, introspection: false });
    // Pages of pages: 100 × 100 × 100 fields at `first: 100`, 10 × 10 × 10 at `first: 10`.
    const query = 'query ($n: Int!) { metiers(first: $n) { edges { node { sessions(first: $n) { metiers { sessions(first: $n) { title } } } } } } }';
    const verdict = (n: number) => {
      const prepared = guard.prepare(schema, { query, variables: { n } });
      return Array.isArray(prepared) ? prepared.map((e: GraphQLError) => e.message) : 'admitted';
    };
    expect(verdict(100)).toEqual([expect.stringMatching(/^Query cost limit of 50000 exceeded, found \d+\.$/)]);
    expect(verdict(2)).toBe('admitted');
    expect(verdict(100)).toEqual([expect.stringMatching(/^Query cost limit of 50000 exceeded/)]);
    expect(verdict(2)).toBe('admitted');
  });
});
