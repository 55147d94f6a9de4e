import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { refusals, relaisClient } from '../schema/examples/client';
import { referAParticipant } from '../schema/examples/refer-a-participant';
import { EXAMPLES, exampleDocuments, exampleOperation, exampleOperations } from './support/examples';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const documents = exampleDocuments();

/** The operations of an example file, each with its name and whether it runs as is (a query without variables). */
const operationsOf = (file: string) =>
  exampleOperations(file).map((d) => ({ name: d.name?.value ?? '', runsAsIs: d.operation === 'query' && (d.variableDefinitions ?? []).length === 0 }));

/** Lists that only a participant's followers read: empty for the portal. */
const FOLLOWERS_ONLY = new Set(['MyPendingReferrals', 'FollowUpsDue']);

/** Every example operation of schema/examples is valid against the schema, and each named (documents hold several). */
describe.each(documents)('schema/examples/%s', (file) => {
  it('is valid against the schema, every operation named', () => {
    const schema = buildSchema(readFileSync(path.resolve(__dirname, '../schema/schema.graphql'), 'utf8'));
    expect(validate(schema, parse(readFileSync(path.join(EXAMPLES, file), 'utf8'))).map((e) => e.message)).toEqual([]);
    expect(operationsOf(file).every((o) => o.name !== '')).toBe(true);
  });
});

/**
 * Every example query without variables runs without error and returns data against the demo network. Operations
 * taking an input (recordDebrief, recordImmersionEvaluation, shareImmersionEvaluation, recordFollowUp, the passeport
 * of a participant) need a situation built first: test/after-the-visit.test.ts runs them on its way.
 */
describe.each(documents.flatMap((file) => operationsOf(file).filter((o) => o.runsAsIs).map((o) => [file, o.name] as const)))('schema/examples/%s: %s', (file, operationName) => {
  it.each([
    ['the CRÉPI portal', TOKENS.portal],
    ['a PLIE counsellor', TOKENS.plie],
  ])('runs for %s', async (_who, token) => {
    const data = await t.client(token).request<Record<string, unknown>>(exampleOperation(file, operationName));
    const lists = Object.values(data).filter((v): v is { edges: unknown[] } => typeof v === 'object' && v !== null && 'edges' in v);
    expect(lists.length).toBeGreaterThan(0);
    // the demo network answers every example for the portal; a counsellor may see fewer referrals
    if (token === TOKENS.portal && !FOLLOWERS_ONLY.has(operationName)) expect(lists.some((l) => l.edges.length > 0)).toBe(true);
  });
});

it('runs every example operation that takes variables in the end-to-end test (so none goes stale unrun)', () => {
  const endToEnd = readFileSync(path.join(__dirname, 'after-the-visit.test.ts'), 'utf8');
  const needInput = documents.flatMap((file) => operationsOf(file).filter((o) => !o.runsAsIs).map((o) => `exampleOperation('${file}', '${o.name}')`));
  expect(needInput.length).toBeGreaterThan(0);
  expect(needInput.filter((call) => !endToEnd.includes(call))).toEqual([]);
});

describe('schema/examples/refer-a-participant.ts', () => {
  it('refers a participant and gets the host to accept, against the demo network', async () => {
    const first = await referAParticipant(t.server.url, TOKENS.franceTravail, TOKENS.crepi);
    expect(first.statuses).toEqual(['PENDING', 'ACCEPTED']);
  });
});

describe('schema/examples/client.ts: reading extensions.code with graphql-request (issue 9)', () => {
  /** The ClientError a request ends with. */
  async function refusal(client: GraphQLClient, query: string, variables?: Record<string, unknown>): Promise<ClientError> {
    const error: unknown = await client.request(query, variables).then(() => null, (e: unknown) => e);
    if (!(error instanceof ClientError)) throw new Error(`expected a ClientError, got ${String(error)}`);
    return error;
  }

  it('shows why: a plain graphql-request client drops the body of a 4xx answer, and its code with it', async () => {
    const error = await refusal(new GraphQLClient(t.server.url, { headers: { authorization: 'Bearer rls_nope' } }), '{ viewer { id } }');
    expect(error.response.status).toBe(401);
    expect(error.response.errors).toBeUndefined();
  });

  it.each<[string, string, string, Record<string, unknown> | undefined, number, { code: string; field?: string }[]]>([
    ['an unknown token (401)', 'rls_nope', '{ viewer { id } }', undefined, 401, [{ code: 'UNAUTHENTICATED' }]],
    ['a malformed variable (400)', TOKENS.plie, 'query($when: DateTime) { sessions(filter: { startsFrom: $when }) { totalCount } }', { when: 'tomorrow' }, 400, [{ code: 'BAD_USER_INPUT', field: 'filter.startsFrom' }]],
    ['a syntax error (400)', TOKENS.plie, '{ viewer { id }', undefined, 400, [{ code: 'GRAPHQL_PARSE_FAILED' }]],
    ['a refusal of the operation itself (200)', TOKENS.portal, 'mutation($i: ReferralIdInput!) { acceptReferral(input: $i) { referral { id } } }', { i: { referralId: Buffer.from('Referral:999999').toString('base64url') } }, 200, [{ code: 'NOT_FOUND', field: 'input.referralId' }]],
  ])('gives the code of %s through ClientError.response.errors', async (_what, token, query, variables, status, expected) => {
    const error = await refusal(relaisClient(t.server.url, token), query, variables);
    expect(error.response.status).toBe(status);
    expect(refusals(error).map(({ code, field }) => ({ code, ...(field ? { field } : {}) }))).toEqual(expected);
  });
});
