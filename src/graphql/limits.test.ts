import 'reflect-metadata';
import { getIntrospectionQuery, type GraphQLObjectType, type GraphQLSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { MAX_TRANSITIONS } from '../referrals/rules/referral-transitions';
import { MAX_SESSION_METIERS } from '../sessions/use-cases/sessions';
import { itemsCounted, OPERATION_LIMITS, perItem } from './limits';
import { buildRelaisSchema } from './schema';

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildRelaisSchema();
});

const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name]!;
const cost = (query: string, variables: Record<string, unknown> = {}) => getComplexity({ schema, query: parse(query), variables, estimators: [perItem] });

describe('itemsCounted', () => {
  it('counts a page by its `first`, at least 1', () => {
    expect(itemsCounted(field('Query', 'sessions'), { first: 50 })).toBe(50);
    expect(itemsCounted(field('Query', 'sessions'), { first: 0 })).toBe(1);
  });

  it('counts `nodes` by its ids, at least 1', () => {
    expect(itemsCounted(field('Query', 'nodes'), { ids: ['a', 'b', 'c'] })).toBe(3);
    expect(itemsCounted(field('Query', 'nodes'), { ids: [] })).toBe(1);
  });

  it('counts an unpaged list of objects by the bound it declares', () => {
    expect(itemsCounted(field('Session', 'metiers'), {})).toBe(MAX_SESSION_METIERS);
    expect(itemsCounted(field('Referral', 'transitions'), {})).toBe(MAX_TRANSITIONS);
  });

  it('counts a leaf, and a list of leaves, as 1', () => {
    expect(itemsCounted(field('Session', 'title'), {})).toBe(1);
    expect(itemsCounted(field('Commitment', 'publicPartners'), {})).toBe(1);
  });

  it('counts one object as 1', () => {
    expect(itemsCounted(field('Session', 'hostCompany'), {})).toBe(1);
  });

  it('counts an introspection list as 1: introspection objects are bounded while they run (execution-budget.ts)', () => {
    expect(itemsCounted(field('__Schema', 'types'), {})).toBe(1);
    expect(itemsCounted(field('__Type', 'fields'), { includeDeprecated: true })).toBe(1);
    expect(itemsCounted(field('__Field', 'args'), {})).toBe(1);
  });
});

describe('the cost of an operation', () => {
  it('is 1 per field, times the items of each list', () => {
    // sessions: 10 × (1 + edges: 1 × (1 + node: 1 × (1 + title 1)))
    expect(cost('{ sessions(first: 10) { edges { node { title } } } }')).toBe(10 * (1 + 1 * (1 + 1 * (1 + 1))));
  });

  it('counts a `first` given by a variable, and a default page size, like a literal one', () => {
    const literal = cost('{ sessions(first: 30) { edges { node { title } } } }');
    expect(cost('query ($n: Int!) { sessions(first: $n) { edges { node { title } } } }', { n: 30 })).toBe(literal);
    expect(cost('{ sessions { edges { node { title } } } }')).toBe(cost('{ sessions(first: 20) { edges { node { title } } } }'));
  });

  it('multiplies nested lists', () => {
    const one = cost('{ sessions(first: 10) { edges { node { metiers { code } } } } }');
    expect(one).toBe(10 * (1 + 1 * (1 + 1 * (1 + MAX_SESSION_METIERS * (1 + 1)))));
  });

  it('admits the standard introspection query, with every option: the fields it selects, added (it counted 35 million)', () => {
    const all = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    expect(cost(getIntrospectionQuery())).toBeLessThanOrEqual(OPERATION_LIMITS.cost / 100);
    expect(cost(all)).toBeLessThanOrEqual(OPERATION_LIMITS.cost / 100);
    // A data list next to it is still multiplied.
    expect(cost('{ __schema { types { name } } sessions(first: 10) { edges { node { title } } } }')).toBe(1 + 1 * (1 + 1) + 10 * (1 + 1 * (1 + 1 * (1 + 1))));
  });

  it('admits an ordinary portal page and refuses pages of pages', () => {
    expect(cost('{ sessions(first: 50) { edges { node { title metiers { code label } hostCompany { name } } } } }')).toBeLessThanOrEqual(OPERATION_LIMITS.cost);
    const nested = `{ metiers(first: 100) { edges { node { sessions(first: 100) { metiers { sessions(first: 100) { title } } } } } } }`;
    expect(cost(nested)).toBeGreaterThan(OPERATION_LIMITS.cost);
  });
});
