import path from 'node:path';
import { getNamedType, getNullableType, isCompositeType, isListType, isObjectType, type GraphQLSchema } from 'graphql';
import { MAX_TRANSITIONS } from '../src/referrals/rules/referral-transitions';
import { toGlobalId } from '../src/graphql/global-id';
import { declaredListItems } from '../src/graphql/list-size';
import { buildRelaisSchema } from '../src/graphql/schema';
import { OPERATION_LIMITS } from '../src/graphql/limits';
import { importRome } from '../seeds/importers/rome';
import { sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * The cost limit, the bound on the objects of an answer and the execution deadline (issue: a read-only token sent
 * one request of 15 aliases × `nodes` of 100 métiers × 4 levels of `appellations { metier { appellations ... } }`,
 * estimated at 210, which built 894,000 objects and kept /healthz waiting for 33 s).
 */

const ROME_DIR = path.resolve(__dirname, '../../shared/data/rome');

let schema: GraphQLSchema;
let t: TestServer;

beforeAll(async () => {
  schema = await buildRelaisSchema();
  t = await startTestServer();
  // The real ROME 4.0 (1,584 fiches, up to 121 appellations each), over the demo's few.
  await importRome(t.orm.em.fork(), ROME_DIR);
});
afterAll(async () => {
  await t?.stop();
});

async function post(url: string, token: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } };
}

/** `appellations { metier { appellations { ... } } }`, `levels` deep, optionally with a `first` on each. */
function appellationLoop(levels: number, first?: number): string {
  const args = first === undefined ? '' : `(first: ${first})`;
  let selection = 'label';
  for (let i = 0; i < levels; i++) selection = `appellations${args} { ${i === 0 ? selection : `metier { code ${selection} }`} }`;
  return selection;
}

/** 15 aliases of `nodes(ids: $ids)`, each selecting the loop on métiers. */
function aliasedNodes(levels: number, first?: number): string {
  const aliases = Array.from({ length: OPERATION_LIMITS.aliases }, (_, i) => `a${i}: nodes(ids: $ids) { ... on Metier { code ${appellationLoop(levels, first)} } }`);
  return `query Loop($ids: [ID!]!) { ${aliases.join(' ')} }`;
}

describe('every list counts what it may return', () => {
  it('gives every list of objects in the schema a `first`, an `ids` or a declared bound', () => {
    const undeclared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const returned = getNullableType(field.type);
        if (!isListType(returned) || !isCompositeType(getNamedType(returned))) continue;
        const paged = field.args.some((a) => a.name === 'first' || a.name === 'ids');
        if (!paged && declaredListItems(field.extensions) === null) undeclared.push(`${type.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('bounds a referral\'s transitions by the longest path of its state machine', () => {
    // creation, then PENDING → WAITLISTED → ACCEPTED → ATTENDED → COMPLETED
    expect(MAX_TRANSITIONS).toBe(5);
    const referral = schema.getType('Referral');
    expect(isObjectType(referral) && declaredListItems(referral.getFields().transitions.extensions)).toBe(5);
  });
});

describe('the request that stopped the server, on the real ROME', () => {
  let ids: string[];

  beforeAll(async () => {
    // The 100 fiches with the most appellations.
    const rows = await sql<{ code: string; n: string }>(
      t,
      'select metier_code as code, count(*) as n from appellation group by metier_code order by count(*) desc, metier_code limit 100',
    );
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(100);
    ids = rows.map((r) => toGlobalId('Metier', r.code));
  });

  it('refuses 15 aliases × 100 métiers × 4 levels of appellations before running it, /healthz answering all along', async () => {
    const health = healthProbe(t.server.url);
    const answer = await post(t.server.url, TOKENS.portal, aliasedNodes(4), { ids });
    const probes = await health.stop();
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(answer.body.errors?.[0].message).toMatch(/^Query cost limit of 50000 exceeded, found \d+\.$/);
    expect(probes.failed).toBe(0);
    expect(probes.answered).toBeGreaterThan(0);
  });

  it('refuses it with two appellations per level too: `nodes` counts its ids (114,000; it counted 1,140)', async () => {
    const answer = await post(t.server.url, TOKENS.portal, aliasedNodes(4, 2), { ids });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].message).toBe('Query cost limit of 50000 exceeded, found 114000.');
  });

  it('estimates each request of a document already seen by its own variables (the cost is cached per shape of them)', async () => {
    const query = aliasedNodes(4, 2);
    const refused = 'Query cost limit of 50000 exceeded, found 114000.';
    const first = await post(t.server.url, TOKENS.portal, query, { ids });
    expect(first.body.errors?.[0].message).toBe(refused);
    // The same document with 10 ids costs 11,400: admitted, although its text was just refused.
    const fewer = await post(t.server.url, TOKENS.portal, query, { ids: ids.slice(0, 10) });
    expect(fewer.status).toBe(200);
    expect((fewer.body.data!.a0 as unknown[]).length).toBe(10);
    // 100 other strings are the same shape as the first 100: refused again, at the same cost.
    const again = await post(t.server.url, TOKENS.portal, query, { ids: [...ids].reverse() });
    expect(again.status).toBe(400);
    expect(again.body.errors?.[0].message).toBe(refused);
  });

  it('still answers the same loop at a size the cost allows', async () => {
    const answer = await post(t.server.url, TOKENS.portal, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Metier { code ${appellationLoop(2, 5)} } } }`, { ids: ids.slice(0, 10) });
    expect(answer.status).toBe(200);
    const metiers = answer.body.data!.nodes as { appellations: { metier: { appellations: unknown[] } }[] }[];
    expect(metiers).toHaveLength(10);
    expect(metiers.every((m) => m.appellations.length === 5 && m.appellations.every((a) => a.metier.appellations.length === 5))).toBe(true);
  });

  it('pages appellations: 10 by default, a whole fiche of the ROME at `first: 200`', async () => {
    const [largest] = await sql<{ code: string; n: string }>(t, 'select metier_code as code, count(*) as n from appellation group by metier_code order by count(*) desc limit 1');
    const query = 'query($code: String!, $first: Int) { metier(code: $code) { all: appellations(first: $first) { code } some: appellations { code } } }';
    const answer = await post(t.server.url, TOKENS.portal, query, { code: largest.code, first: 200 });
    const metier = answer.body.data!.metier as { all: unknown[]; some: unknown[] };
    expect(metier.all).toHaveLength(Number(largest.n));
    expect(metier.some).toHaveLength(10);
    const tooMany = await failure(t.server.url, TOKENS.portal, query, { code: largest.code, first: 201 });
    expect(tooMany.codes).toEqual(['BAD_USER_INPUT']);
  });
});

describe('while a query runs', () => {
  // Two more instances on the same database: one allows answers of 50 objects, the other 1 ms of execution.
  let small: TestServer;
  let hasty: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ RELAIS_MAX_RESPONSE_OBJECTS: '50' }, { db: t.db });
    hasty = await startTestServer({ RELAIS_OPERATION_TIMEOUT_MS: '1' }, { db: t.db });
  });
  afterAll(async () => {
    await small?.stop();
    await hasty?.stop();
  });

  it('stops an answer past its object bound with one RESPONSE_TOO_LARGE error, no partial data (HTTP)', async () => {
    const fits = await post(small.server.url, TOKENS.portal, '{ metiers(first: 10) { edges { node { code } } } }');
    expect(fits.status).toBe(200);
    const big = await post(small.server.url, TOKENS.portal, '{ metiers(first: 100) { edges { node { code } } } }');
    expect(big.status).toBe(400);
    expect(big.body.data).toBeUndefined();
    expect(big.body.errors).toEqual([{ message: 'the answer would hold more than 50 objects: ask for fewer or smaller pages', extensions: { code: 'RESPONSE_TOO_LARGE', requestId: expect.any(String) } }]);
  });

  it('counts the connection, each edge and its node: 1 + 2 × 24 = 49 objects fit in 50, 1 + 2 × 25 do not', async () => {
    const page = (first: number) => post(small.server.url, TOKENS.portal, `{ metiers(first: ${first}) { edges { node { code } } } }`);
    expect((await page(24)).status).toBe(200);
    expect((await page(25)).body.errors?.map((e) => e.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);
  });

  it('stops it over graphql-ws as well', async () => {
    const ws = small.wsClient(TOKENS.portal);
    const result = await new Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[]; data?: unknown }>((resolve, reject) => {
      ws.subscribe({ query: '{ metiers(first: 100) { edges { node { code } } } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);
  });

  it('stops a query past its deadline with OPERATION_TIMEOUT (503), and answers the next one', async () => {
    // Five levels of relations, each a round trip to PostgreSQL: far longer than the 1 ms this server allows.
    const slow = await post(hasty.server.url, TOKENS.portal, '{ metiers(first: 2) { edges { node { code appellations(first: 2) { metier { sessions(first: 2) { metiers { appellations(first: 2) { label } } } } } } } } }');
    expect(slow.status).toBe(503);
    expect(slow.body.errors?.map((e) => e.extensions?.code)).toEqual(['OPERATION_TIMEOUT']);
    expect(slow.body.data).toBeUndefined();
    const fast = await post(hasty.server.url, TOKENS.portal, '{ __typename }');
    expect(fast.status).toBe(200);
    expect(fast.body.data).toEqual({ __typename: 'Query' });
  });
});

/** Polls GET /healthz every 10 ms until stopped: how many answered 200, how many did not, the slowest (logged). */
function healthProbe(graphqlUrl: string) {
  const url = graphqlUrl.replace(/\/graphql$/, '/healthz');
  let running = true;
  const counts = { answered: 0, failed: 0, slowestMs: 0 };
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(url).catch(() => null);
      counts.slowestMs = Math.max(counts.slowestMs, performance.now() - started);
      if (response?.status === 200) counts.answered++;
      else counts.failed++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      // A figure for the reader, not an assertion: timings depend on the machine.
      console.info(`/healthz during the refused request: ${counts.answered} answers, slowest ${counts.slowestMs.toFixed(1)} ms`);
      return counts;
    },
  };
}
