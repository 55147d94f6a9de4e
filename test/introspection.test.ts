import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildClientSchema, buildSchema, execute, getIntrospectionQuery, lexicographicSortSchema, parse, printSchema, type GraphQLSchema, type IntrospectionOptions,
  type IntrospectionQuery,
} from 'graphql';
import { ExecutionBudget, MAX_INTROSPECTION_OBJECTS } from '../src/graphql/execution-budget';
import { OPERATION_LIMITS } from '../src/graphql/limits';
import { buildRelaisSchema } from '../src/graphql/schema';
import { TOKENS } from './support/graphql';
import { CLIENT_ERROR_CODES, codesOf, overWs, problems, rawRequests } from './support/hostile';
import { startTestServer, type TestServer } from './support/server';

/**
 * Introspection where it is on (RELAIS_INTROSPECTION): the standard query that GraphiQL, Apollo Sandbox, Postman and
 * codegen tools send is answered over HTTP and graphql-ws; a hostile one is refused by graphql-js's
 * MaxIntrospectionDepthRule, or stopped by the bound on introspection objects (execution-budget.ts,
 * MAX_INTROSPECTION_OBJECTS), and the server keeps answering.
 */

let t: TestServer;
let schema: GraphQLSchema;
const { gql, expectHealthy } = rawRequests(() => t);

/** schema/schema.graphql as `printSchema` prints it (its generated-file header left out). */
let contract: string;

beforeAll(async () => {
  t = await startTestServer();
  schema = await buildRelaisSchema();
  const file = await readFile(path.resolve(__dirname, '../schema/schema.graphql'), 'utf8');
  contract = printSchema(lexicographicSortSchema(buildSchema(file)));
});
afterAll(async () => {
  await t?.stop();
});

const sdlOf = (answer: IntrospectionQuery) => printSchema(lexicographicSortSchema(buildClientSchema(answer)));

/** What common tools send: graphql-js's defaults, each option, and GraphiQL 4's (inputValueDeprecation, schemaDescription). */
const VARIANTS: Record<string, IntrospectionOptions> = {
  'getIntrospectionQuery()': {},
  'without descriptions': { descriptions: false },
  specifiedByUrl: { specifiedByUrl: true },
  directiveIsRepeatable: { directiveIsRepeatable: true },
  inputValueDeprecation: { inputValueDeprecation: true },
  'GraphiQL 4': { inputValueDeprecation: true, schemaDescription: true },
  'every option': { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true },
};

describe('the standard introspection query', () => {
  it('is answered over HTTP (graphql-request), and its answer rebuilds schema/schema.graphql', async () => {
    const answer = await t.client(TOKENS.portal).request<IntrospectionQuery>(getIntrospectionQuery());
    expect(sdlOf(answer)).toBe(contract);
  });

  it.each(Object.entries(VARIANTS))('is answered with the options tools give: %s', async (_name, options) => {
    const answer = await t.client(TOKENS.portal).request<IntrospectionQuery>(getIntrospectionQuery(options));
    const rebuilt = buildClientSchema(answer);
    expect(Object.keys(rebuilt.getTypeMap()).sort()).toEqual(Object.keys(schema.getTypeMap()).sort());
    if (options.descriptions !== false) expect(sdlOf(answer)).toBe(contract);
  });

  it('is answered over graphql-ws, the same schema', async () => {
    const answer = await overWs(t.wsClient(TOKENS.portal), getIntrospectionQuery({ inputValueDeprecation: true, specifiedByUrl: true }));
    expect(answer.errors).toBeUndefined();
    expect(sdlOf(answer.data as IntrospectionQuery)).toBe(contract);
  });

  it(`costs the fields it selects (under ${OPERATION_LIMITS.cost}), its objects counted against MAX_INTROSPECTION_OBJECTS with room to spare`, async () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    const objects = (budget: ExecutionBudget) => {
      budget.start('query');
      return execute({ schema, document: parse(query), contextValue: { budget } });
    };
    // Every object of the answer below `__schema`, as the budget counts them: a list's items, an object.
    const answer = await objects(new ExecutionBudget(10, 10_000, Number.MAX_SAFE_INTEGER));
    let count = -1; // `__schema` itself is graphql-js's meta field, not counted
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        count++;
        Object.values(value).forEach(walk);
      }
    };
    walk(answer.data?.__schema);
    console.info(`standard introspection answer: ${count} objects, ${JSON.stringify(answer).length} bytes`);
    // Counted apart from the data's objects (this budget allows 10 of them), each one: one fewer and it stops.
    const exact = new ExecutionBudget(10, 10_000, count);
    expect((await objects(exact)).errors).toBeUndefined();
    const short = new ExecutionBudget(10, 10_000, count - 1);
    await objects(short);
    expect(short.stoppedBy?.extensions.code).toBe('RESPONSE_TOO_LARGE');
    // The bound is sized at 5 times the standard answer: a schema grown past that asks for it to be measured again.
    expect(count * 5).toBeLessThanOrEqual(MAX_INTROSPECTION_OBJECTS);
  });
});

describe('a hostile introspection query', () => {
  it('nested `fields { type { fields ... } }` is refused before it runs (graphql-js MaxIntrospectionDepthRule), over both transports', async () => {
    let selection = 'name';
    for (let i = 0; i < 5; i++) selection = `fields { type { ${selection} } }`;
    const query = `{ __type(name: "Query") { ${selection} } }`;
    const answer = await gql(query, undefined, { token: TOKENS.portal });
    expect(problems(answer)).toEqual([]);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['Maximum introspection depth exceeded', 'GRAPHQL_VALIDATION_FAILED']]);
    expect((await overWs(t.wsClient(TOKENS.portal), query)).errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    await expectHealthy();
  });

  // Two nested lists of those graphql-js counts (`fields`, `inputFields`), multiplied by those it does not (`types`,
  // `args`, `enumValues`) and 15 aliases: 126,000 objects, 2.5 MB, about 1.5 s of the event loop if it ran whole.
  const unwrap = (inner: string) => `${inner} ofType { ${inner} ofType { ${inner} ofType { ${inner} } } }`;
  const wide = `fragment Wide on __Type { fields { args { type { ${unwrap(`inputFields { type { ${unwrap('enumValues { name }')} } }`)} } } type { ${unwrap('fields { args { name } type { name } }')} } } }`;
  const aliased = `{ ${Array.from({ length: OPERATION_LIMITS.aliases }, (_, i) => `a${i}: __schema { types { ...Wide } }`).join(' ')} } ${wide}`;

  it('multiplied by aliases and unbounded lists, is stopped by the bound on introspection objects: RESPONSE_TOO_LARGE, no data, /healthz answering', async () => {
    const health = healthProbe(t.server.url);
    const answer = await gql(aliased, undefined, { token: TOKENS.portal });
    const probes = await health.stop();
    expect(problems(answer, new Set([...CLIENT_ERROR_CODES, 'RESPONSE_TOO_LARGE']))).toEqual([]);
    expect(answer.status).toBe(400);
    expect(answer.body?.data).toBeUndefined();
    expect(answer.body?.errors).toEqual([
      {
        message: `the introspection answer would hold more than ${MAX_INTROSPECTION_OBJECTS} objects: send the standard introspection query (getIntrospectionQuery), or ask for less`,
        extensions: { code: 'RESPONSE_TOO_LARGE', requestId: expect.any(String) },
      },
    ]);
    expect(probes.failed).toBe(0);
    expect(probes.answered).toBeGreaterThan(0);
    await expectHealthy();
  });

  it('is stopped over graphql-ws as well, and the socket keeps serving', async () => {
    const ws = t.wsClient(TOKENS.portal);
    const answer = await overWs(ws, aliased);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);
    expect((await overWs(ws, '{ __type(name: "Session") { name } }')).data).toEqual({ __type: { name: 'Session' } });
  });
});

describe('introspection bounds apart from data', () => {
  let small: TestServer;
  let closed: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ RELAIS_MAX_RESPONSE_OBJECTS: '50' }, { db: t.db });
    closed = await startTestServer({ RELAIS_INTROSPECTION: 'false' }, { db: t.db });
  });
  afterAll(async () => {
    await small?.stop();
    await closed?.stop();
  });

  it('answers the standard query on a server that allows answers of 50 data objects', async () => {
    const answer = await small.client(TOKENS.portal).request<IntrospectionQuery>(getIntrospectionQuery());
    expect(sdlOf(answer)).toBe(contract);
  });

  it('refuses it where introspection is off (RELAIS_INTROSPECTION=false), over both transports', async () => {
    const answer = await gql(getIntrospectionQuery(), undefined, { token: TOKENS.portal, url: closed.server.url });
    expect(problems(answer)).toEqual([]);
    expect(answer.status).toBe(400);
    expect(new Set(codesOf(answer))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(answer.body?.errors?.[0]?.message).toMatch(/^GraphQL introspection is not allowed/);
    // graphql-ws: graphql-js's NoSchemaIntrospectionCustomRule (limits.ts), the same code.
    const ws = await overWs(closed.wsClient(TOKENS.portal), getIntrospectionQuery());
    expect(ws.data).toBeUndefined();
    expect(ws.errors?.[0]?.message).toBe('GraphQL introspection has been disabled, but the requested query contained the field "__schema".');
    expect(new Set(ws.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
  });
});

/** Polls GET /healthz every 10 ms until stopped: how many answered 200, how many did not. */
function healthProbe(graphqlUrl: string) {
  const url = graphqlUrl.replace(/\/graphql$/, '/healthz');
  let running = true;
  const counts = { answered: 0, failed: 0 };
  const loop = (async () => {
    while (running) {
      const response = await fetch(url).catch(() => null);
      if (response?.status === 200) counts.answered++;
      else counts.failed++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return counts;
    },
  };
}
