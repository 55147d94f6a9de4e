import type { GraphQLSchema } from 'graphql';
import type { Client } from 'graphql-ws';
import { buildRelaisSchema } from '../src/graphql/schema';
import { MAX_LIST_LENGTH, OPERATION_LIMITS } from '../src/graphql/limits';
import { TOKENS } from './support/graphql';
import { argumentPositions, codesOf, deepSelection, isList, listBombs, overBodyLimit, overWs, oversized, problems, rawRequests, STACK_FRAME } from './support/hostile';
import { startTestServer, type TestServer } from './support/server';

/**
 * The bounds every operation is checked against before it runs (src/graphql/limits.ts: depth, aliases, directives,
 * tokens, cost, list lengths), over HTTP and graphql-ws alike: each refusal is a clean 400 or an operation error with
 * a known code, and the server answers normally right after. How cost is estimated for each list, and the bounds
 * applied while a query runs: test/query-limits.
 */

let t: TestServer;
let schema: GraphQLSchema;
const { gql, expectHealthy } = rawRequests(() => t);

beforeAll(async () => {
  t = await startTestServer();
  schema = await buildRelaisSchema();
});
afterAll(async () => {
  await t?.stop();
});

describe('operation limits', () => {
  it(`refuses a query 50 deep (the limit is ${OPERATION_LIMITS.depth}) and accepts a deep real one`, async () => {
    const answer = await gql(`{ metier(code: "F1701") { ${deepSelection(50)} } }`);
    expect(problems(answer)).toEqual([]);
    expect(answer.status).toBe(400);
    expect(new Set(codesOf(answer))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(answer.body?.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(/depth limit of 12 exceeded, found 50/));
    // Through single objects (a session's host company), so that the cost stays low at any depth.
    const atLimit = await gql(`{ metier(code: "F1701") { ${deepSelection(OPERATION_LIMITS.depth, 'sessions(first: 1)', 'hostCompany')} } }`);
    expect(atLimit.body?.errors).toBeUndefined();
    await expectHealthy();
  });

  it('refuses alias bombs (500 aliases), cheap or costly', async () => {
    const ids = await gql(`{ viewer { ${Array.from({ length: 500 }, (_, i) => `a${i}: id`).join(' ')} } }`);
    expect(problems(ids)).toEqual([]);
    expect(codesOf(ids)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(ids.body?.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded, found 500/);
    const pages = await gql(`{ ${Array.from({ length: 500 }, (_, i) => `p${i}: sessions(first: 100) { totalCount }`).join(' ')} }`);
    expect(problems(pages)).toEqual([]);
    expect(pages.status).toBe(400);
    await expectHealthy();
  });

  it(`refuses pages of pages (cost over ${OPERATION_LIMITS.cost}), whether their sizes are literal, variables or defaults`, async () => {
    const nested = 'companies(first: $n) { edges { node { sessions(first: $n) { metiers { sessions(first: $n) { title } } } } } }';
    const answers = [
      await gql(`{ ${nested.replaceAll('$n', '100')} }`),
      await gql(`query($n: Int!) { ${nested} }`, { n: 100 }),
      // métier › sessions › métiers › sessions... 10 deep at the default page size (10): seconds of work
      await gql(`{ metier(code: "F1701") { ${deepSelection(10, 'sessions')} } }`),
    ];
    for (const answer of answers) {
      expect(problems(answer)).toEqual([]);
      expect(answer.status).toBe(400);
      expect(codesOf(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(answer.body?.errors?.[0]?.message).toMatch(new RegExp(`cost limit of ${OPERATION_LIMITS.cost} exceeded, found \\d+`));
    }
    // the portal's heaviest page, at the largest page size
    const portal = await gql('query($first: Int!) { sessions(first: $first) { edges { node { title organiser { name } hostCompany { name commitments { axis progress { ratio } } } metiers { code domaine { grandDomaine { label } } appellations { label } } commune { departement { region { name } } } } } } }', { first: 100 });
    expect(portal.body?.errors).toBeUndefined();
    await expectHealthy();
  });

  it('refuses fragment cycles and survives a fragment bomb', async () => {
    const cycles = [
      'query { metier(code: "F1701") { ...A } } fragment A on Metier { sessions { metiers { ...A } } }',
      'query { viewer { ...A } } fragment A on Account { structure { ...B } } fragment B on Structure { id ...C } fragment C on Structure { ...B }',
    ];
    for (const query of cycles) {
      const answer = await gql(query);
      expect(problems(answer)).toEqual([]);
      expect(codesOf(answer)).toContain('GRAPHQL_VALIDATION_FAILED');
    }
    // 2^30 spreads if expanded: each fragment spreads the previous one twice.
    const laughs = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'fragment F0 on Account { id role }' : `fragment F${i} on Account { ...F${i - 1} ...F${i - 1} }`));
    const bomb = await gql(`{ viewer { ...F29 } } ${laughs.join(' ')}`);
    expect(problems(bomb)).toEqual([]);
    await expectHealthy();
  });

  it('refuses directive bombs', async () => {
    const many = await gql(`{ viewer { id ${Array.from({ length: 50 }, (_, i) => `f${i % 10}: role @skip(if: false)`).join(' ')} } }`);
    expect(problems(many)).toEqual([]);
    expect(codesOf(many)).toContain('GRAPHQL_VALIDATION_FAILED');
    const repeated = await gql(`{ viewer { id ${'@include(if: true) '.repeat(1000)} } }`);
    expect(problems(repeated)).toEqual([]);
    expect(repeated.status).toBe(400);
    await expectHealthy();
  });

  it('accepts every list of exactly the maximum length', async () => {
    const answer = await gql('query($d: [String!]) { sessions(filter: { departementCodes: $d }) { totalCount } }', { d: Array.from({ length: MAX_LIST_LENGTH }, () => '33') });
    expect(answer.body?.errors).toBeUndefined();
  });
});

describe('graphql-ws: the same limits as HTTP', () => {
  let client: Client;
  beforeAll(() => {
    client = t.wsClient(TOKENS.portal);
  });

  const refusals: [string, string, Record<string, unknown> | undefined, string][] = [
    ['a subscription 50 deep', `subscription { visitSlotPublished { session { metiers { ${deepSelection(48)} } } } }`, undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['an alias bomb', `subscription { visitSlotPublished { ${Array.from({ length: 500 }, (_, i) => `a${i}: cursor`).join(' ')} } }`, undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['pages of pages given by variables', 'query($n: Int!) { companies(first: $n) { edges { node { sessions(first: $n) { hostCompany { sessions(first: $n) { title } } } } } } }', { n: 100 }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a directive bomb', `subscription { visitSlotPublished { cursor ${Array.from({ length: 30 }, (_, i) => `c${i % 5}: cursor @skip(if: false)`).join(' ')} } }`, undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['a syntax error', 'subscription { visitSlotPublished { cursor }', undefined, 'GRAPHQL_PARSE_FAILED'],
    ['too many tokens', `{ ${'viewer { id } '.repeat(2000)} }`, undefined, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', 'subscription { visitSlotPublishd { cursor } }', undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['a fragment cycle', 'query { metier(code: "F1701") { ...A } } fragment A on Metier { sessions { metiers { ...A } } }', undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['a wrong variable type', 'subscription($f: OfferEventFilter) { visitSlotPublished(filter: $f) { cursor } }', { f: { sessionKinds: ['NOPE'] } }, 'BAD_USER_INPUT'],
    ['an unknown operation name', 'query A { viewer { id } } query B { viewer { id } }', undefined, 'OPERATION_RESOLUTION_FAILURE'],
  ];
  it.each(refusals)('refuses %s with a code, keeping the socket open', async (_what, query, variables, code) => {
    const result = await overWs(client, query, variables);
    expect(result.closed).toBeUndefined();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining([code]));
    expect(JSON.stringify(result)).not.toMatch(STACK_FRAME);
    expect(result.errors?.every((e) => e.extensions?.code !== 'INTERNAL_SERVER_ERROR')).toBe(true);
  });

  it('refuses 10,000-item lists in every list argument of every subscription, naming it', async () => {
    const cases = argumentPositions(schema, 'subscription').filter(([, p]) => isList(p)).flatMap(([field, p]) => listBombs('subscription', field, p));
    expect(cases.length).toBeGreaterThan(3);
    for (const c of cases) {
      // a message over the body limit closes its socket (1009, below): those go on a socket of their own
      const result = overBodyLimit(c) ? await oversized(() => overWs(t.wsClient(TOKENS.portal), c.operation, c.variables)) : await overWs(client, c.operation, c.variables);
      const got = result.closed ?? result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
      expect({ label: c.label, got }).toEqual({ label: c.label, got: overBodyLimit(c) ? 1009 : [['BAD_USER_INPUT', c.field]] });
    }
  });

  it('closes the socket of a message over the body limit (1009)', async () => {
    const result = await oversized(() => overWs(t.wsClient(TOKENS.portal), `{ viewer { id } } # ${'x'.repeat(200_000)}`));
    expect(result.closed).toBe(1009);
  });

  it('still serves the same connection', async () => {
    const result = await overWs(client, '{ viewer { role } }');
    expect(result).toEqual({ data: { viewer: { role: 'PARTNER_INTEGRATION' } } });
  });
});
