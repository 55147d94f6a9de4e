import type { ExecutionResult } from 'graphql';
import { RELAIS_NEAR_SEARCH_QUERY } from '../bench/workloads/near-search';
import { RELAIS_PORTAL_LIST_QUERY } from '../bench/workloads/portal-list';
import { exampleDocuments, exampleOperation, exampleOperations } from './support/examples';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * graphql-jit (src/graphql/jit-execution.ts, issue 16): the same database served twice, with RELAIS_JIT on (the
 * default) and off; every request here gets the same answer from both — data, errors with their codes and paths,
 * and the SQL statements it cost — and the server with jit on says (in /metrics) that it ran the queries compiled.
 */
let on: TestServer;
let off: TestServer;

beforeAll(async () => {
  on = await startTestServer();
  off = await startTestServer({ RELAIS_JIT: 'false' }, { db: on.db });
});
afterAll(async () => {
  await off?.stop();
  await on?.stop();
});

/** The answer as the client gets it, without the request ids (one per request, different by nature). */
async function answer(server: TestServer, token: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
  for (const error of body.errors ?? []) delete error.extensions?.requestId;
  return { status: response.status, body };
}

/** Operations run, by engine, on a server with jit on. */
async function runs(server: TestServer): Promise<Record<string, number>> {
  const { values } = await server.server.metrics.executions.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.engine), v.value]));
}

async function compiledOperations(server: TestServer): Promise<number> {
  const { values } = await server.server.metrics.registry.getSingleMetric('relais_graphql_compiled_operations')!.get();
  return values[0]?.value ?? 0;
}

/** Runs one query over graphql-ws and resolves with its result. */
function overWs(server: TestServer, token: string, query: string): Promise<ExecutionResult> {
  const client = server.wsClient(token);
  return new Promise((resolve, reject) => {
    let result: ExecutionResult | undefined;
    client.subscribe({ query }, { next: (value) => (result = value as ExecutionResult), error: reject, complete: () => (result ? resolve(result) : reject(new Error('no result'))) });
  });
}

describe('graphql-jit', () => {
  it('gives the W1 portal list and the W2 near search the answers graphql-js gives, and runs them compiled, once compiled', async () => {
    const sampleQuery = '{ sessions(first: 50) { edges { node { startsAt departement { code } } } } }';
    const sample = await answer(on, TOKENS.portal, sampleQuery);
    // The same on both, so that both know the token (its first request costs one more statement: the viewer cache).
    expect(await answer(off, TOKENS.portal, sampleQuery)).toEqual(sample);
    const sessions = (sample.body as { data: { sessions: { edges: { node: { startsAt: string; departement: { code: string } | null } }[] } } }).data.sessions.edges.map((e) => e.node);
    const departement = sessions.find((s) => s.departement)!.departement!.code;
    const w1 = { departementCodes: [departement], startsFrom: '2020-01-01T00:00:00Z', startsBefore: '2040-01-01T00:00:00Z', first: 50 };
    const offers = await answer(on, TOKENS.portal, '{ immersionOffers(first: 50, filter: { statuses: [PUBLISHED] }) { edges { node { latitude longitude metier { code } } } } }');
    type Offer = { latitude: number | null; longitude: number | null; metier: { code: string } | null };
    const offer = (offers.body as { data: { immersionOffers: { edges: { node: Offer }[] } } }).data.immersionOffers.edges.map((e) => e.node).find((o) => o.latitude !== null && o.metier)!;
    const w2 = { near: { latitude: offer.latitude, longitude: offer.longitude, radiusKm: 20 }, romeCodes: [offer.metier!.code.slice(0, 3)], first: 20 };
    const before = await runs(on);
    for (const [query, variables] of [[RELAIS_PORTAL_LIST_QUERY, w1], [RELAIS_NEAR_SEARCH_QUERY, w2]] as const) {
      const expected = await answer(off, TOKENS.portal, query, variables);
      expect((expected.body as { errors?: unknown }).errors).toBeUndefined();
      for (let i = 0; i < 3; i++) expect(await answer(on, TOKENS.portal, query, variables)).toEqual(expected);
    }
    const portalList = (await answer(on, TOKENS.portal, RELAIS_PORTAL_LIST_QUERY, w1)).body as { data: { sessions: { edges: unknown[] } } };
    expect(portalList.data.sessions.edges.length).toBeGreaterThan(0);
    const nearSearch = (await answer(on, TOKENS.portal, RELAIS_NEAR_SEARCH_QUERY, w2)).body as { data: { immersionOffers: { edges: unknown[] } } };
    expect(nearSearch.data.immersionOffers.edges.length).toBeGreaterThan(0);
    expect((await runs(on)).jit).toBe((before.jit ?? 0) + 8);
    // The two samples, W1 and W2: each document compiled once, whatever the number of requests.
    expect(await compiledOperations(on)).toBe(4);
  });

  it('gives the answers graphql-js gives to every example query of schema/examples, and to errors', async () => {
    const requests: [string, string, Record<string, unknown>?][] = [];
    for (const file of exampleDocuments()) {
      for (const operation of exampleOperations(file)) {
        if (operation.operation === 'query' && (operation.variableDefinitions ?? []).length === 0) requests.push([TOKENS.portal, exampleOperation(file, operation.name!.value)]);
      }
    }
    requests.push(
      // A coded error beside data, a node of each kind through an interface, a list asked with @include.
      [TOKENS.admin, 'query($with: Boolean!) { a: node(id: "not-an-id") { id } sessions(first: 3) { totalCount edges { cursor node { id title metiers @include(if: $with) { code } } } } }', { with: true }],
      [TOKENS.admin, '{ structures(first: 5) { edges { node { id ... on Node { __typename } ... on Located { commune { name } } } } } }'],
      // Personal data: read, audited, the same statements.
      [TOKENS.plie, '{ participants(first: 5) { totalCount edges { node { id ageBand personalData { firstName lastName } } } } }'],
      [TOKENS.portal, '{ participants(first: 5) { totalCount } }'],
    );
    expect(requests.length).toBeGreaterThan(8);
    for (const [token, query, variables] of requests) {
      const expected = await answer(off, token, query, variables);
      expect({ query, ...(await answer(on, token, query, variables)) }).toEqual({ query, ...expected });
    }
  });

  it('leaves mutations and introspection to graphql-js, and runs queries over graphql-ws compiled too', async () => {
    const before = await runs(on);
    const mutation = 'mutation { cancelReferral(input: { referralId: "UmVmZXJyYWw6OTk5OTk5" }) { referral { id } } }';
    const refused = await answer(on, TOKENS.plie, mutation);
    expect(refused).toEqual(await answer(off, TOKENS.plie, mutation));
    expect((refused.body as { errors: unknown[] }).errors.length).toBe(1);
    const typeQuery = '{ __type(name: "Session") { name fields { name } } }';
    expect(await answer(on, TOKENS.portal, typeQuery)).toEqual(await answer(off, TOKENS.portal, typeQuery));
    const afterHttp = await runs(on);
    expect(afterHttp['graphql-js']).toBe((before['graphql-js'] ?? 0) + 2);
    expect(afterHttp.jit).toBe(before.jit);

    const query = '{ metiers(first: 3) { edges { node { code label } } } }';
    expect(await overWs(on, TOKENS.portal, query)).toEqual(await overWs(off, TOKENS.portal, query));
    expect((await runs(on)).jit).toBe((afterHttp.jit ?? 0) + 1);
    // With jit off nothing is counted: every operation runs as Apollo Server and graphql-ws run them.
    expect(await runs(off)).toEqual({});
  });
});
