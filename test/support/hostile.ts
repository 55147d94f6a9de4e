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
import { MAX_LIST_LENGTH } from '../../src/graphql/limits';
import { globalIdOf } from './fixtures';
import { TOKENS } from './graphql';
import type { TestServer } from './server';

/**
 * What the hostile-input tests share (test/hostile-input, operation-limits, rate-limit, server-settings,
 * argument-paths): raw HTTP and graphql-ws requests that keep every answer, the checks of a clean refusal, and
 * operations generated from the live schema.
 */

/** Codes a refusal may carry (docs/architecture.md, "How a request flows"; Apollo Server's request errors; the body reader's). */
export const CLIENT_ERROR_CODES = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'CAPACITY_REACHED', 'INVALID_TRANSITION',
  'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE',
]);

export interface FormattedError {
  message: string;
  extensions?: { code?: string; field?: string; stacktrace?: unknown; retryAfterSeconds?: number };
}
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: FormattedError[] } | null;
}

export interface RawRequests {
  post(body: string, options?: { token?: string | null; contentType?: string | null; url?: string }): Promise<Answer>;
  gql(query: string, variables?: Record<string, unknown>, options?: { token?: string | null; url?: string }): Promise<Answer>;
  /** A normal query answers right after the attack. */
  expectHealthy(): Promise<void>;
}

/**
 * Requests sent with `fetch`, answers kept whole (status, headers, text: graphql-request drops a 4xx's body), to the
 * server `server()` gives (read when a request is sent: the test file starts it in `beforeAll`), as the admin unless
 * told otherwise.
 */
export function rawRequests(server: () => TestServer): RawRequests {
  async function post(body: string, options: { token?: string | null; contentType?: string | null; url?: string } = {}): Promise<Answer> {
    const token = options.token === undefined ? TOKENS.admin : options.token;
    const headers: Record<string, string> = {};
    if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const send = () => fetch(options.url ?? server().server.url, { method: 'POST', headers, body });
    // Node's documented keep-alive race: a pooled connection the server closed (after a 413, or its idle timeout) as
    // it was reused is reset. Sent again once, as fuzz.test.ts does; a server that resets again still fails the test.
    const response = await send().catch((error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') return send();
      throw error;
    });
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

  async function expectHealthy(): Promise<void> {
    const answer = await gql('{ viewer { role } sessions(first: 2) { totalCount } }');
    expect(answer.status).toBe(200);
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data).toMatchObject({ viewer: { role: 'NETWORK_ADMIN' } });
  }

  return { post, gql, expectHealthy };
}

/** A V8 stack frame (`at fn (/path/file.js:12:34)`), a dependency's path, Apollo's stacktrace extension. */
export const STACK_FRAME = /\bat (?:[\w$.<>[\] ]+ )?\(?(?:\/|node:|file:)[^\s"()]+:\d+:\d+|node_modules|stacktrace/i;

/** What is wrong with an answer to hostile input: an empty list when it is a clean refusal or plain data. */
export function problems(answer: Answer, codes: ReadonlySet<string> = CLIENT_ERROR_CODES): string[] {
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

export function codesOf(answer: Answer): string[] {
  return (answer.body?.errors ?? []).map((e) => String(e.extensions?.code));
}

/**
 * The selection under `metier` making a query `depth` deep: métier (1) › sessions › métiers › ... › a scalar (depth),
 * one session a page (cheap: only the depth is at stake).
 */
export function deepSelection(depth: number, sessions = 'sessions(first: 1)', back = 'metiers'): string {
  const fields = Array.from({ length: depth - 2 }, (_, i) => (i % 2 === 0 ? sessions : back));
  return fields.reduceRight((inner, field) => `${field} { ${inner} }`, fields.length % 2 === 1 ? 'title' : back === 'metiers' ? 'code' : 'name');
}

// ---------------------------------------------------------------------------------------------------------------
// graphql-ws

/** One operation over graphql-ws: its data and errors, or how the socket closed. */
export function overWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ data?: unknown; errors?: FormattedError[]; closed?: number }> {
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
 * Runs `send`, which sends a message over the body limit: the client sees close code 1009. The socket layer
 * (src/server/graphql-ws-socket.ts) reports the socket error that `ws` raises for it through the server's logger;
 * graphql-ws's own `useServer` used to print it on the console, which nothing does any more.
 */
export async function oversized<T>(send: () => Promise<T>): Promise<T> {
  const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await send();
  } finally {
    expect(consoleError.mock.calls).toEqual([]);
    consoleError.mockRestore();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Operations generated from the live schema: every argument of every root field.

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface Position {
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

export interface Generated {
  operation: string;
  variables: Record<string, unknown>;
  label: string;
}

const isRequired = (a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined;

/** The operation calling `field` with required arguments sampled and `value` at `target` (path from an argument). */
export function generate(kind: OperationKind, field: GraphQLField<unknown, unknown>, target: Position, value: unknown): Generated {
  const [argName, ...rest] = target.path as [string, ...string[]];
  const args = field.args.filter((a) => isRequired(a) || a.name === argName);
  const variables = Object.fromEntries(args.map((a) => [a.name, a.name === argName ? sampleWith(a.type, rest, value) : sample(a.type)]));
  const definitions = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { operation: `${kind}${definitions} { ${field.name}${call}${selection} }`, variables, label: `${field.name}(${target.display})` };
}

/** All root fields of one kind, in schema order (the fuzz draws from them too). */
export function rootFields(schema: GraphQLSchema, kind: OperationKind): GraphQLField<unknown, unknown>[] {
  const root: GraphQLObjectType | null | undefined = kind === 'query' ? schema.getQueryType() : kind === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.values(root?.getFields() ?? {});
}

/** Every position of every argument of the root fields of `kind`, with its field. */
export function argumentPositions(schema: GraphQLSchema, kind: OperationKind): [GraphQLField<unknown, unknown>, Position][] {
  return rootFields(schema, kind).flatMap((field) => field.args.flatMap((a) => positions(a.type, [a.name], a.name).map((p): [GraphQLField<unknown, unknown>, Position] => [field, p])));
}

export const isList = (p: Position) => isListType(getNullableType(p.type));
export const isTextual = (p: Position) => ['String', 'ID'].includes(getNamedType(p.type).name) && !isList(p);

/** `count` copies of a short, well-typed item of the list at `p`. */
function longList(p: Position, count: number): unknown[] {
  const item = getNullableType(p.type);
  const sampleItem = isListType(item) ? sample(item.ofType) : null;
  return Array.from({ length: count }, () => sampleItem);
}

const BODY_LIMIT = 100 * 1024;
export const overBodyLimit = (c: Generated) => Buffer.byteLength(JSON.stringify({ query: c.operation, variables: c.variables })) > BODY_LIMIT;

/**
 * 10,000 items in the list at `p`. When they do not fit in a body (long enum values: 413 before anything is read),
 * also one item over MAX_LIST_LENGTH, to reach the list bound.
 */
export function listBombs(kind: OperationKind, field: GraphQLField<unknown, unknown>, p: Position): (Generated & { field: string })[] {
  const bomb = { ...generate(kind, field, p, longList(p, 10_000)), field: p.display };
  return overBodyLimit(bomb) ? [bomb, { ...generate(kind, field, p, longList(p, MAX_LIST_LENGTH + 1)), field: p.display }] : [bomb];
}

export const SQL_AND_LIKE = ["'; drop table session; --", '%', '_', '\\', "%' or '1'='1", "Robert'); DROP TABLE participant;--", 'nul\u0000byte'];
export const INVALID_IDS = ['', '!!!', 'x'.repeat(300), globalIdOf('Session', 0), Buffer.from('Session:abc').toString('base64url'), globalIdOf('Session', 99_999_999_999), Buffer.from('Nope:1').toString('base64url'), Buffer.from("Session:1'; drop table session; --").toString('base64url')];
