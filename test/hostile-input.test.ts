import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Client } from 'graphql-ws';
import { buildRelaisSchema } from '../src/graphql/schema';
import { ConfigError, loadConfig } from '../src/server/config';
import { MAX_LIST_LENGTH, OPERATION_LIMITS } from '../src/graphql/limits';
import { Account } from '../src/access/entities/account';
import { issueToken } from '../src/access/use-cases/api-tokens';
import { hashTokenSecret } from '../src/access/rules/token-secret';
import { globalIdOf, sql } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { tableChecksums } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

/**
 * Hostile input through the real server (HTTP and graphql-ws): every answer is a clean 4xx or a GraphQL error with a
 * known code — never a 500, never a stack trace —, nothing is written, and the server answers normally right after.
 */

let t: TestServer;
let schema: GraphQLSchema;

beforeAll(async () => {
  t = await startTestServer();
  schema = await buildRelaisSchema();
});
afterAll(async () => {
  await t?.stop();
});

/** Codes a refusal may carry (DESIGN.md §3, Apollo Server's request errors, the body reader's). */
const CLIENT_ERROR_CODES = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'CAPACITY_REACHED', 'INVALID_TRANSITION',
  'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE',
]);

/** Tables a refused request must leave untouched (api_token's last use and the audit log of refusals do change). */
const MAIN_TABLES = [
  'account', 'structure', 'company', 'company_membership', 'session', 'session_metier', 'immersion_offer', 'participant',
  'participant_personal_data', 'referral', 'referral_transition', 'commitment', 'offer_subscription', 'idempotency_key', 'event',
];

interface FormattedError {
  message: string;
  extensions?: { code?: string; field?: string; stacktrace?: unknown; retryAfterSeconds?: number };
}
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: FormattedError[] } | null;
}

async function post(body: string, options: { token?: string | null; contentType?: string | null; url?: string } = {}): Promise<Answer> {
  const token = options.token === undefined ? TOKENS.admin : options.token;
  const headers: Record<string, string> = {};
  if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(options.url ?? t.server.url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: Answer['body'] = null;
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

function gql(query: string, variables?: Record<string, unknown>, options?: { token?: string | null; url?: string }): Promise<Answer> {
  return post(JSON.stringify({ query, variables }), options);
}

/** A V8 stack frame (`at fn (/path/file.js:12:34)`), a dependency's path, Apollo's stacktrace extension. */
const STACK_FRAME = /\bat (?:[\w$.<>[\] ]+ )?\(?(?:\/|node:|file:)[^\s"()]+:\d+:\d+|node_modules|stacktrace/i;

/** What is wrong with an answer to hostile input: an empty list when it is a clean refusal or plain data. */
function problems(answer: Answer, codes: ReadonlySet<string> = CLIENT_ERROR_CODES): string[] {
  const found: string[] = [];
  if (answer.status >= 500) found.push(`HTTP ${answer.status}`);
  if (!answer.body) found.push(`not JSON: ${answer.text.slice(0, 200)}`);
  if (STACK_FRAME.test(answer.text)) found.push(`stack trace: ${answer.text.slice(0, 300)}`);
  for (const error of answer.body?.errors ?? []) {
    const code = error.extensions?.code;
    if (!code || !codes.has(code)) found.push(`code ${code}: ${error.message}`);
  }
  if (answer.body && !answer.body.errors && answer.body.data === undefined) found.push('neither data nor errors');
  return found;
}

function codesOf(answer: Answer): string[] {
  return (answer.body?.errors ?? []).map((e) => String(e.extensions?.code));
}

/** A normal query answers right after the attack. */
async function expectHealthy(): Promise<void> {
  const answer = await gql('{ viewer { role } sessions(first: 2) { totalCount } }');
  expect(answer.status).toBe(200);
  expect(answer.body?.errors).toBeUndefined();
  expect(answer.body?.data).toMatchObject({ viewer: { role: 'NETWORK_ADMIN' } });
}

/**
 * The selection under `metier` making a query `depth` deep: métier (1) › sessions › métiers › ... › a scalar (depth),
 * one session a page (cheap: only the depth is at stake).
 */
function deepSelection(depth: number, sessions = 'sessions(first: 1)', back = 'metiers'): string {
  const fields = Array.from({ length: depth - 2 }, (_, i) => (i % 2 === 0 ? sessions : back));
  return fields.reduceRight((inner, field) => `${field} { ${inner} }`, fields.length % 2 === 1 ? 'title' : back === 'metiers' ? 'code' : 'name');
}

// ---------------------------------------------------------------------------------------------------------------
// Operations generated from the live schema: every argument of every root field.

interface Position {
  /** As the server names it in `extensions.field` (variables are named after their argument). */
  display: string;
  /** Names from the argument down to the position; a list item keeps its list's name. */
  path: string[];
  type: GraphQLInputType;
}

/** Every position in an argument's type: the argument itself, fields of input objects, items of lists. */
function positions(type: GraphQLInputType, path: string[], display: string, seen = new Set<string>()): Position[] {
  const here: Position = { display, path, type };
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [here, ...positions(nullable.ofType, path, `${display}[0]`, seen).slice(1)];
  if (!isInputObjectType(nullable) || seen.has(nullable.name)) return [here];
  const inner = new Set(seen).add(nullable.name);
  return [here, ...Object.values(nullable.getFields()).flatMap((f) => positions(f.type, [...path, f.name], `${display}.${f.name}`, inner))];
}

const SCALAR_SAMPLES: Record<string, unknown> = { String: '1', ID: '1', Int: 1, Float: 1, Boolean: false, DateTime: '2030-01-07T09:00:00Z', LocalDate: '2030-01-07' };

/** A well-typed value with only the required fields (what a resolver needs to be reached). */
function sample(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sample(nullable.ofType)];
  // the shortest value: 10,000 of them must fit under the body limit
  if (isEnumType(nullable)) return nullable.getValues().map((v) => v.name).sort((x, y) => x.length - y.length)[0];
  if (isScalarType(nullable)) return SCALAR_SAMPLES[nullable.name] ?? '1';
  return Object.fromEntries(Object.values(nullable.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => [f.name, sample(f.type)]));
}

/** `sample(type)` with `value` at `path`. */
function sampleWith(type: GraphQLInputType, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sampleWith(nullable.ofType, path, value)];
  if (!isInputObjectType(nullable)) throw new Error(`no field ${path.join('.')} in ${String(type)}`);
  const [head, ...rest] = path as [string, ...string[]];
  return { ...(sample(nullable) as Record<string, unknown>), [head]: sampleWith(nullable.getFields()[head]!.type, rest, value) };
}

interface Generated {
  operation: string;
  variables: Record<string, unknown>;
  label: string;
}

const isRequired = (a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined;

/** The operation calling `field` with required arguments sampled and `value` at `target` (path from an argument). */
function generate(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, target: Position, value: unknown): Generated {
  const [argName, ...rest] = target.path as [string, ...string[]];
  const args = field.args.filter((a) => isRequired(a) || a.name === argName);
  const variables = Object.fromEntries(args.map((a) => [a.name, a.name === argName ? sampleWith(a.type, rest, value) : sample(a.type)]));
  const definitions = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { operation: `${kind}${definitions} { ${field.name}${call}${selection} }`, variables, label: `${field.name}(${target.display})` };
}

function rootFields(kind: 'query' | 'mutation' | 'subscription'): GraphQLField<unknown, unknown>[] {
  const root: GraphQLObjectType | null | undefined = kind === 'query' ? schema.getQueryType() : kind === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.values(root?.getFields() ?? {});
}

/** Every position of every argument of the root fields of `kind`, with its field. */
function argumentPositions(kind: 'query' | 'mutation' | 'subscription'): [GraphQLField<unknown, unknown>, Position][] {
  return rootFields(kind).flatMap((field) => field.args.flatMap((a) => positions(a.type, [a.name], a.name).map((p): [GraphQLField<unknown, unknown>, Position] => [field, p])));
}

const isList = (p: Position) => isListType(getNullableType(p.type));
const isTextual = (p: Position) => ['String', 'ID'].includes(getNamedType(p.type).name) && !isList(p);

/** Runs generated operations a few at a time; returns what went wrong, by label. */
async function runAll<C extends Generated>(cases: C[], check: (answer: Answer, c: C) => string[], token: string = TOKENS.admin): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i += 4) {
    await Promise.all(
      cases.slice(i, i + 4).map(async (c) => {
        const answer = await gql(c.operation, c.variables, { token });
        failures.push(...check(answer, c).map((p) => `${c.label}: ${p}`));
      }),
    );
  }
  return failures;
}

/** `count` copies of a short, well-typed item of the list at `p`. */
function longList(p: Position, count: number): unknown[] {
  const item = getNullableType(p.type);
  const sampleItem = isListType(item) ? sample(item.ofType) : null;
  return Array.from({ length: count }, () => sampleItem);
}

const BODY_LIMIT = 100 * 1024;
const overBodyLimit = (c: Generated) => Buffer.byteLength(JSON.stringify({ query: c.operation, variables: c.variables })) > BODY_LIMIT;

/**
 * 10,000 items in the list at `p`. When they do not fit in a body (long enum values: 413 before anything is read),
 * also one item over MAX_LIST_LENGTH, to reach the list bound.
 */
function listBombs(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, p: Position): (Generated & { field: string })[] {
  const bomb = { ...generate(kind, field, p, longList(p, 10_000)), field: p.display };
  return overBodyLimit(bomb) ? [bomb, { ...generate(kind, field, p, longList(p, MAX_LIST_LENGTH + 1)), field: p.display }] : [bomb];
}

const SQL_AND_LIKE = ["'; drop table session; --", '%', '_', '\\', "%' or '1'='1", "Robert'); DROP TABLE participant;--", 'nul\u0000byte'];
const INVALID_IDS = ['', '!!!', 'x'.repeat(300), globalIdOf('Session', 0), Buffer.from('Session:abc').toString('base64url'), globalIdOf('Session', 99_999_999_999), Buffer.from('Nope:1').toString('base64url'), Buffer.from("Session:1'; drop table session; --").toString('base64url')];

describe('hostile requests leave the data as it was', () => {
  let before: Record<string, string>;
  beforeAll(async () => {
    before = await tableChecksums(t, MAIN_TABLES);
  });

  describe('HTTP envelope', () => {
    it('answers a malformed JSON body with 400 BAD_REQUEST', async () => {
      for (const body of ['{"query": ', '{"query": "{ viewer { id } }",}', 'null', '"{ viewer { id } }"', '\u0000\u0001']) {
        const answer = await post(body);
        expect(problems(answer)).toEqual([]);
        expect(answer.status).toBe(400);
      }
      await expectHealthy();
    });

    it('answers a body that is not JSON (text/plain, form, XML, none) with 400', async () => {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', null]) {
        const answer = await post('{ viewer { id } }', { contentType });
        expect(problems(answer)).toEqual([]);
        expect(answer.status).toBe(400);
      }
      await expectHealthy();
    });

    it('answers a body over the limit (100 kB by default) with 413 PAYLOAD_TOO_LARGE, before reading it all', async () => {
      const huge = await gql(`{ viewer { id } } # ${'x'.repeat(200_000)}`);
      expect(problems(huge)).toEqual([]);
      expect(huge.status).toBe(413);
      expect(codesOf(huge)).toEqual(['PAYLOAD_TOO_LARGE']);
      const hugeVariables = await gql('query($s: String) { metiers(search: $s) { totalCount } }', { s: 'é'.repeat(60_000) });
      expect(hugeVariables.status).toBe(413);
      await expectHealthy();
    });

    it('refuses a long document under the body limit by its number of tokens', async () => {
      const answer = await gql(`{ ${'viewer { id } '.repeat(2000)} }`);
      expect(problems(answer)).toEqual([]);
      expect(codesOf(answer)).toEqual(['GRAPHQL_PARSE_FAILED']);
      const literalList = await gql(`{ sessions(filter: { departementCodes: [${'"33", '.repeat(10_000)}] }) { totalCount } }`);
      expect(codesOf(literalList)).toEqual(['GRAPHQL_PARSE_FAILED']);
      await expectHealthy();
    });

    it('refuses a batch (an array of operations)', async () => {
      const answer = await post(JSON.stringify(Array.from({ length: 100 }, () => ({ query: '{ viewer { id } }' }))));
      expect(problems(answer)).toEqual([]);
      expect(answer.status).toBe(400);
      await expectHealthy();
    });
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

  describe('arguments of every root field (generated from the schema)', () => {
    it(`refuses ${'10,000'}-item lists in every list argument of every query and mutation: BAD_USER_INPUT naming it`, async () => {
      const cases = (['query', 'mutation'] as const).flatMap((kind) => argumentPositions(kind).filter(([, p]) => isList(p)).flatMap(([f, p]) => listBombs(kind, f, p)));
      expect(cases.length).toBeGreaterThan(30);
      const failures = await runAll(cases, (answer, c) => {
        const found = problems(answer);
        const error = answer.body?.errors?.[0];
        // a list of long items may not even fit in the body: then 413 (never read, never executed)
        const expected = overBodyLimit(c) ? '413 PAYLOAD_TOO_LARGE' : `400 BAD_USER_INPUT ${c.field}`;
        const got = `${answer.status} ${error?.extensions?.code}${answer.status === 400 ? ` ${error?.extensions?.field}` : ''}`;
        if (got !== expected) found.push(`expected ${expected}, got ${got}: ${answer.text.slice(0, 200)}`);
        return found;
      });
      expect(failures).toEqual([]);
      await expectHealthy();
    });

    it('takes SQL and LIKE metacharacters in every string argument of every query literally', async () => {
      const cases = argumentPositions('query')
        .filter(([, p]) => isTextual(p))
        .flatMap(([f, p]) => SQL_AND_LIKE.map((text) => generate('query', f, p, text)));
      expect(cases.length).toBeGreaterThan(100);
      for (const token of [TOKENS.admin, TOKENS.portal]) expect(await runAll(cases, (answer) => problems(answer), token)).toEqual([]);
      // searched literally: no structure or company name holds "_" or "\\"; métier search ignores punctuation, and a
      // search of punctuation only matches nothing
      const search = await gql('{ a: metiers(search: "%") { totalCount } b: structures(filter: { search: "_" }) { totalCount } c: companies(filter: { search: "\\\\" }) { totalCount } }');
      const data = search.body?.data as Record<string, { totalCount: number }>;
      expect([data.b!.totalCount, data.c!.totalCount, data.a!.totalCount]).toEqual([0, 0, 0]);
      await expectHealthy();
    });

    it('answers invalid ids in every id argument of every query and mutation with BAD_USER_INPUT, NOT_FOUND or null', async () => {
      const idCases = (['query', 'mutation'] as const).flatMap((kind) =>
        argumentPositions(kind)
          .filter(([, p]) => getNamedType(p.type).name === 'ID' && !isList(p))
          .flatMap(([f, p]) => INVALID_IDS.map((id) => generate(kind, f, p, id))),
      );
      expect(idCases.length).toBeGreaterThan(50);
      expect(await runAll(idCases, (answer) => problems(answer))).toEqual([]);
      await expectHealthy();
    });

    it('answers wrong variable types with 400 BAD_USER_INPUT', async () => {
      const wrong = [{ nested: true }, 'ten', 1e20, -2_147_483_649, [1, 2], '2030-13-45'];
      const cases = argumentPositions('query')
        .filter(([, p]) => !isTextual(p))
        .flatMap(([f, p]) => wrong.map((value) => generate('query', f, p, value)));
      // Mostly 400 BAD_USER_INPUT; some are well-typed after all (GraphQL coerces one item into a list of one):
      // then data or a business refusal.
      expect(await runAll(cases, (answer) => problems(answer))).toEqual([]);
      const first = await gql('query($first: Int!) { sessions(first: $first) { totalCount } }', { first: 'ten' });
      expect(first.status).toBe(400);
      expect(codesOf(first)).toEqual(['BAD_USER_INPUT']);
      await expectHealthy();
    });
  });

  it('wrote nothing', async () => {
    expect(await tableChecksums(t, MAIN_TABLES)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** One operation over graphql-ws: its data and errors, or how the socket closed. */
function overWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ data?: unknown; errors?: FormattedError[]; closed?: number }> {
  return new Promise((resolve) => {
    let data: unknown;
    const stop = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) {
            stop();
            resolve({ errors: result.errors as FormattedError[] });
          } else data = result.data;
        },
        error: (error) => resolve(Array.isArray(error) ? { errors: error as FormattedError[] } : { closed: (error as { code?: number }).code }),
        complete: () => resolve({ data }),
      },
    );
  });
}

/**
 * Runs `send`, which sends a message over the body limit: graphql-ws reports the socket error that `ws` raises for it
 * on the server's console (server side only: the client sees close code 1009), which would clutter the test output.
 */
async function oversized<T>(send: () => Promise<T>): Promise<T> {
  const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await send();
  } finally {
    expect(consoleError.mock.calls.map((call) => String(call[1]))).toEqual(['RangeError: Max payload size exceeded']);
    consoleError.mockRestore();
  }
}

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
    const cases = argumentPositions('subscription').filter(([, p]) => isList(p)).flatMap(([field, p]) => listBombs('subscription', field, p));
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

// ---------------------------------------------------------------------------------------------------------------

describe('property-based fuzz of mutation inputs', () => {
  /** The codes a mutation may answer with; never INTERNAL_SERVER_ERROR. */
  const MUTATION_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'CAPACITY_REACHED', 'INVALID_TRANSITION', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);
  const RUNS = 100;
  let participantIds: string[] = [];
  let sessionIds: string[] = [];
  let offerIds: string[] = [];
  let companyIds: string[] = [];
  let structureIds: string[] = [];

  beforeAll(async () => {
    type Ids = { edges: { node: { id: string } }[] };
    const data = await t.client(TOKENS.plie).request<{ participants: Ids; sessions: Ids; immersionOffers: Ids; companies: Ids; structures: Ids }>(
      `{ participants(first: 5) { edges { node { id } } } sessions(first: 5) { edges { node { id } } } immersionOffers(first: 5) { edges { node { id } } }
         companies(first: 5) { edges { node { id } } } structures(first: 5) { edges { node { id } } } }`,
    );
    const ids = (c: Ids) => c.edges.map((e) => e.node.id);
    [participantIds, sessionIds, offerIds, companyIds, structureIds] = [ids(data.participants), ids(data.sessions), ids(data.immersionOffers), ids(data.companies), ids(data.structures)];
    expect([participantIds, sessionIds, offerIds, companyIds, structureIds].every((list) => list.length > 0)).toBe(true);
  });

  const text = () =>
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(...SQL_AND_LIKE, '\u0000', '\ud800', ' ', '😀'.repeat(30)),
      fc.string({ minLength: 2_000, maxLength: 2_100 }),
    );
  const id = (real: () => string[], type: string) =>
    fc.oneof(fc.constantFrom(...real()), fc.constantFrom(...INVALID_IDS), fc.integer().map((n) => globalIdOf(type, n)), fc.string({ maxLength: 30 }));
  const integer = () => fc.oneof(fc.integer({ min: -5, max: 600 }), fc.integer(), fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5));
  const instant = () => fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 }), fc.constantFrom('2030-02-30T10:00:00Z', '2030-01-07T09:00:00', ''));
  const day = () => fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom('2001-02-29', '1999-12-31', '0000-00-00', '2030-1-1'), fc.string({ maxLength: 12 }));
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

  async function mutate(token: string, mutation: string, input: Record<string, unknown>): Promise<string[]> {
    const answer = await gql(`mutation($input: ${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { __typename } }`, { input }, { token });
    return problems(answer, MUTATION_CODES);
  }

  async function fuzz(token: string, mutation: string, input: fc.Arbitrary<Record<string, unknown>>): Promise<void> {
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        expect({ value, problems: await mutate(token, mutation, value) }).toEqual({ value, problems: [] });
      }),
      { numRuns: RUNS },
    );
    await expectHealthy();
  }

  it('referParticipant', async () => {
    await fuzz(
      TOKENS.plie,
      'referParticipant',
      fc.record({
        participantId: id(() => participantIds, 'Participant'),
        sessionId: optional(id(() => sessionIds, 'Session')),
        immersionOfferId: optional(id(() => offerIds, 'ImmersionOffer')),
        motive: text(),
        idempotencyKey: optional(text()),
      }),
    );
  });

  it('createSession', async () => {
    await fuzz(
      TOKENS.crepi,
      'createSession',
      fc.record({
        kind: fc.constantFrom('COMPANY_VISIT', 'AMBASSADEURS_DES_METIERS', 'JOB_DATING', 'RALLYE', 'NOPE'),
        title: text(),
        description: optional(text()),
        metierCodes: fc.array(fc.oneof(fc.constantFrom('F1701', 'F17', 'N4103', 'f1612'), text()), { maxLength: 12 }),
        startsAt: instant(),
        endsAt: instant(),
        capacity: integer(),
        minimumAge: optional(integer()),
        communeCode: optional(fc.oneof(fc.constantFrom('33243', '93066', '2A004', '75056'), text())),
        postalCode: optional(fc.oneof(fc.constantFrom('33500', '93200'), text())),
        address: optional(text()),
        hostCompanyId: optional(id(() => companyIds, 'Company')),
        organiserId: optional(id(() => structureIds, 'Structure')),
        idempotencyKey: optional(text()),
      }),
    );
  });

  it('registerParticipant', async () => {
    await fuzz(
      TOKENS.plie,
      'registerParticipant',
      fc.record({
        firstName: text(),
        lastName: text(),
        birthDate: optional(day()),
        email: optional(fc.oneof(fc.emailAddress(), text())),
        phone: optional(fc.oneof(fc.constantFrom('06 12 34 56 78', '+33 6 12 34 56 78'), text())),
        address: optional(text()),
        postalCode: optional(text()),
        communeCode: optional(fc.oneof(fc.constantFrom('33243', '33529'), text())),
        notes: optional(text()),
        rqth: optional(fc.boolean()),
        idempotencyKey: optional(text()),
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('rate limit, shared by every instance', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // Two more instances on the same database, 3 requests a minute per token.
    [a, b] = await Promise.all([startTestServer({ RELAIS_RATE_LIMIT: '3' }, { db: t.db }), startTestServer({ RELAIS_RATE_LIMIT: '3' }, { db: t.db })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('answers the 4th request of a minute with 429, RATE_LIMITED and Retry-After, whichever instance it reaches', async () => {
    const query = '{ viewer { role } }';
    for (const server of [a, b, a]) expect((await gql(query, undefined, { token: TOKENS.participant, url: server.server.url })).status).toBe(200);
    const refused = await gql(query, undefined, { token: TOKENS.participant, url: b.server.url });
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body?.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
    // other tokens are counted on their own
    expect((await gql(query, undefined, { token: TOKENS.ml, url: a.server.url })).status).toBe(200);
  });

  it('counts requests without a valid token by address, so guessing tokens is limited too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5 && !statuses.includes(429); i++) statuses.push((await gql('{ viewer { role } }', undefined, { token: `rls_guess_${i}`, url: a.server.url })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
  });

  /** A new account of the CRÉPI (a portal) and `count` tokens of it, made outside the API: counters of their own. */
  async function portalTokens(count: number): Promise<string[]> {
    const [structure] = await sql<{ id: number }>(t, `select structure_id as id from account where role = 'PARTNER_INTEGRATION' and structure_id is not null limit 1`);
    const [account] = await sql<{ id: number }>(t, `insert into account (email, display_name, role, structure_id) values (?, 'Portail', 'PARTNER_INTEGRATION', ?) returning id`, [`portail-${Math.random().toString(36).slice(2)}@example.org`, structure!.id]);
    const em = t.orm.em.fork();
    const owner = await em.findOneOrFail(Account, account!.id);
    const secrets: string[] = [];
    for (let i = 0; i < count; i++) secrets.push((await issueToken(em, owner, { label: `clé ${i}` })).secret);
    return secrets;
  }

  it('counts an account\'s requests together, whichever of its tokens they carry: minting tokens buys no budget', async () => {
    const tokens = await portalTokens(4);
    const query = '{ viewer { role } }';
    for (const [i, server] of [a, b, a].entries()) expect((await gql(query, undefined, { token: tokens[i], url: server.server.url })).status).toBe(200);
    const refused = await gql(query, undefined, { token: tokens[3], url: b.server.url });
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body?.errors?.[0]?.message).toMatch(/^too many requests: at most 3 a minute; retry in \d+ s$/);
  });

  it('also counts each token, within its account, when RELAIS_TOKEN_RATE_LIMIT is lower', async () => {
    const c = await startTestServer({ RELAIS_RATE_LIMIT: '5', RELAIS_TOKEN_RATE_LIMIT: '2' }, { db: t.db });
    try {
      const [first, second, third] = await portalTokens(3);
      const status = async (token: string) => {
        const answer = await gql('{ viewer { role } }', undefined, { token, url: c.server.url });
        return answer.status === 429 ? String(answer.body?.errors?.[0]?.message).replace(/; retry in \d+ s$/, '') : answer.status;
      };
      expect([await status(first!), await status(first!), await status(first!)]).toEqual([200, 200, 'too many requests: at most 2 a minute for this token']);
      expect([await status(second!), await status(second!), await status(third!)]).toEqual([200, 200, 200]);
      // five for the account (what the token's own limit refused is not counted against it): the sixth is refused
      expect(await status(third!)).toBe('too many requests: at most 5 a minute');
    } finally {
      await c.stop();
    }
  });

  it('counts graphql-ws operations against the token too', async () => {
    const client = b.wsClient(TOKENS.franceTravail);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await overWs(client, '{ viewer { role } }'));
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? r.closed ?? 'ok');
    expect(codes).toContain('RATE_LIMITED');
  });
});

describe('tokens', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // Instances of their own: each remembers which tokens it wrote in the last minute.
    [a, b] = await Promise.all([startTestServer({}, { db: t.db }), startTestServer({}, { db: t.db })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('records when a token was last used, at most once a minute, whichever instance serves it', async () => {
    const hash = hashTokenSecret(TOKENS.company);
    const lastUsed = async () => {
      const [row] = await sql<{ lastUsedAt: string | null }>(t, 'select last_used_at::text as "lastUsedAt" from api_token where token_hash = ?', [hash]);
      return row?.lastUsedAt ?? null;
    };
    await sql(t, 'update api_token set last_used_at = null where token_hash = ?', [hash]);
    await a.client(TOKENS.company).request('{ viewer { role } }');
    await eventually(async () => (await lastUsed()) !== null);
    const first = await lastUsed();
    // the same instance does not write again within the minute; another one tries, and its update's condition holds
    await a.client(TOKENS.company).request('{ viewer { role } }');
    await b.client(TOKENS.company).request('{ viewer { role } }');
    await new Promise((r) => setTimeout(r, 300));
    expect(await lastUsed()).toBe(first);
  });
});

describe('production settings', () => {
  let p: TestServer;
  beforeAll(async () => {
    p = await startTestServer({ NODE_ENV: 'production', RELAIS_BODY_LIMIT: '4kb', RELAIS_CORS_ORIGINS: 'https://portail.crepi.example.org, http://localhost:5173' }, { db: t.db });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('turns introspection off and hides suggestions and limits', async () => {
    const introspection = await gql('{ __schema { types { name } } }', undefined, { url: p.server.url });
    expect(codesOf(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const typo = await gql('{ viewr { id } }', undefined, { url: p.server.url });
    expect(typo.body?.errors?.[0]?.message).toBe('Cannot query field "viewr" on type "Query".');
    const enumTypo = await gql('query($f: SessionFilter) { sessions(filter: $f) { totalCount } }', { f: { kinds: ['COMPANY_VISITT'] } }, { url: p.server.url });
    expect(codesOf(enumTypo)).toEqual(['BAD_USER_INPUT']);
    expect(enumTypo.text).not.toMatch(/Did you mean|COMPANY_VISIT"/);
    const deep = await gql(`{ metier(code: "F1701") { ${deepSelection(50)} } }`, undefined, { url: p.server.url });
    expect(deep.body?.errors?.[0]?.message).not.toMatch(/\d/);
    const ws = p.wsClient(TOKENS.portal);
    expect((await overWs(ws, 'subscription { visitSlotPublishd { cursor } }')).errors?.[0]?.message).toBe('Cannot query field "visitSlotPublishd" on type "Subscription".');
    expect(new Set((await overWs(ws, '{ __schema { types { name } } }')).errors?.map((e) => e.extensions?.code))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    // outside production, introspection works over both transports
    expect((await overWs(t.wsClient(TOKENS.portal), '{ __type(name: "Session") { name } }')).data).toEqual({ __type: { name: 'Session' } });
  });

  it('applies RELAIS_BODY_LIMIT', async () => {
    const answer = await gql(`{ viewer { id } } # ${'x'.repeat(5000)}`, undefined, { url: p.server.url });
    expect(answer.status).toBe(413);
    expect(answer.body?.errors?.[0]?.message).toBe('the request body must be at most 4096 bytes');
  });

  it('gives CORS headers to the configured origins only, and none by default', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const allowed = await preflight(p.server.url, 'https://portail.crepi.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portail.crepi.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect((await preflight(p.server.url, 'https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(t.server.url, 'https://portail.crepi.example.org')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never sends a stack trace or SQL, even for an unexpected error, in production or not', async () => {
    await sql(t, 'alter table commitment rename to commitment_away');
    try {
      for (const url of [t.server.url, p.server.url]) {
        const answer = await gql('{ commitments(first: 5) { totalCount } }', undefined, { url });
        expect(codesOf(answer)).toEqual(['INTERNAL_SERVER_ERROR']);
        expect(answer.body?.errors?.[0]?.message).toBe('Internal server error');
        expect(answer.text).not.toMatch(STACK_FRAME);
        expect(answer.text).not.toMatch(/commitment_away|relation|select |from /i);
      }
    } finally {
      await sql(t, 'alter table commitment_away rename to commitment');
    }
    await expectHealthy();
  });
});

describe('configuration', () => {
  it('defaults: introspection and details on, no CORS, 100 kB bodies, 600 requests a minute; production turns details off', () => {
    const dev = loadConfig({});
    expect(dev).toMatchObject({ production: false, introspection: true, errorDetails: true, corsOrigins: [], bodyLimitBytes: 102_400, rateLimitPerMinute: 600 });
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ introspection: false, errorDetails: false });
    // Tokens: the account's rate limit binds each token too unless lowered; 20 live per account, 90 days, 20 sockets.
    expect(dev).toMatchObject({ tokenRateLimitPerMinute: 600, maxTokensPerAccount: 20, tokenMaxDays: 90, wsMaxSocketsPerAccount: 20 });
    expect(loadConfig({ RELAIS_RATE_LIMIT: '100', RELAIS_TOKEN_RATE_LIMIT: '30', RELAIS_MAX_TOKENS_PER_ACCOUNT: '5', RELAIS_TOKEN_MAX_DAYS: '30', RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT: '3' }))
      .toMatchObject({ rateLimitPerMinute: 100, tokenRateLimitPerMinute: 30, maxTokensPerAccount: 5, tokenMaxDays: 30, wsMaxSocketsPerAccount: 3 });
    expect(loadConfig({ NODE_ENV: 'production', RELAIS_INTROSPECTION: 'true', RELAIS_ERROR_DETAILS: '1' })).toMatchObject({ introspection: true, errorDetails: true });
    expect(loadConfig({ RELAIS_BODY_LIMIT: '1mb', RELAIS_CORS_ORIGINS: 'https://a.example.org,http://localhost:5173', RELAIS_RATE_LIMIT: '0' })).toMatchObject({
      bodyLimitBytes: 1_048_576,
      corsOrigins: ['https://a.example.org', 'http://localhost:5173'],
      rateLimitPerMinute: 0,
    });
  });

  it.each([
    ['RELAIS_BODY_LIMIT', 'lots'],
    ['RELAIS_BODY_LIMIT', '100gb'],
    ['RELAIS_BODY_LIMIT', '20mb'],
    ['RELAIS_CORS_ORIGINS', 'portail.example.org'],
    ['RELAIS_CORS_ORIGINS', 'https://portail.example.org/app'],
    ['RELAIS_RATE_LIMIT', '-1'],
    ['RELAIS_TOKEN_RATE_LIMIT', 'many'],
    ['RELAIS_MAX_TOKENS_PER_ACCOUNT', '0'],
    ['RELAIS_TOKEN_MAX_DAYS', '3651'],
    ['RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT', '0'],
    ['RELAIS_ERROR_DETAILS', 'yes'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('extensions.field names the argument path, whatever the variables are called (issue 9)', () => {
  const participantId = globalIdOf('Participant', 1);
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['a NUL in a field of an input variable', 'mutation($i: ReferParticipantInput!) { referParticipant(input: $i) { referral { id } } }', { i: { participantId, sessionId: globalIdOf('Session', 1), motive: 'a\u0000b' } }, 'input.motive'],
    ['a list too long in a variable given inside a filter', 'query($codes: [String!]) { sessions(filter: { romeCodes: $codes }) { totalCount } }', { codes: Array.from({ length: MAX_LIST_LENGTH + 1 }, () => 'F') }, 'filter.romeCodes'],
    ['an invalid DateTime in an input variable', 'mutation($i: CreateSessionInput!) { createSession(input: $i) { session { id } } }', { i: { kind: 'COMPANY_VISIT', title: 'x', startsAt: 'tomorrow', endsAt: '2030-01-01T10:00:00Z', capacity: 5, metierCodes: ['F1701'] } }, 'input.startsAt'],
    ['a DateTime in year 0 in a filter variable', 'query($when: DateTime) { sessions(filter: { startsFrom: $when }) { totalCount } }', { when: '0000-01-01T00:00:00Z' }, 'filter.startsFrom'],
    ['a field missing from an input variable', 'mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: {} }, 'input.referralId'],
    ['an unknown field in an input variable', 'mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId: '1', nope: 1 } }, 'input.nope'],
    ['a required variable not given', 'query($theId: ID!) { node(id: $theId) { id } }', {}, 'id'],
    ['a page size of the wrong type', 'query($n: Int) { sessions(first: $n) { totalCount } }', { n: 'many' }, 'first'],
    ['a wrong item in a list variable', 'query($k: [SessionKind!]) { sessions(filter: { kinds: $k }) { totalCount } }', { k: ['COMPANY_VISIT', 'NOPE'] }, 'filter.kinds[1]'],
  ];

  it.each(cases)('HTTP: %s', async (_what, query, variables, field) => {
    const answer = await gql(query, variables);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
  });

  it('graphql-ws: the same fields', async () => {
    const client = t.wsClient(TOKENS.admin);
    for (const [what, query, variables, field] of cases) {
      const result = await overWs(client, query, variables);
      expect({ what, got: result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]) }).toEqual({ what, got: [['BAD_USER_INPUT', field]] });
    }
    const subscription = await overWs(client, 'subscription($f: OfferEventFilter) { visitSlotPublished(filter: $f) { cursor } }', { f: { sessionKinds: ['NOPE'] } });
    expect(subscription.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'filter.sessionKinds[0]']]);
  });
});
