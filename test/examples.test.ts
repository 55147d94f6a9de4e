import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ClientError, GraphQLClient } from 'graphql-request';
import { refusals, relaisClient } from '../schema/examples/client';
import { referAParticipant } from '../schema/examples/refer-a-participant';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

const EXAMPLES = path.resolve(__dirname, '../schema/examples');
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

/** Every example operation of schema/examples runs without error and returns data against the demo network. */
describe.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql')))('schema/examples/%s', (file) => {
  it.each([
    ['the CRÉPI portal', TOKENS.portal],
    ['a PLIE counsellor', TOKENS.plie],
  ])('runs for %s', async (_who, token) => {
    const data = await t.client(token).request<Record<string, unknown>>(readFileSync(path.join(EXAMPLES, file), 'utf8'));
    const lists = Object.values(data).filter((v): v is { edges: unknown[] } => typeof v === 'object' && v !== null && 'edges' in v);
    expect(lists.length).toBeGreaterThan(0);
    // the demo network answers every example for the portal; a counsellor may see fewer referrals
    if (token === TOKENS.portal && file !== 'my-referrals.graphql') expect(lists.some((l) => l.edges.length > 0)).toBe(true);
  });
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
