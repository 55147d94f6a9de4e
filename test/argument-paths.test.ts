import { MAX_LIST_LENGTH } from '../src/graphql/limits';
import { globalIdOf } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { overWs, rawRequests } from './support/hostile';
import { startTestServer, type TestServer } from './support/server';

/**
 * A refused argument is named by its path from the field's argument (src/graphql/argument-paths.ts), over HTTP and
 * graphql-ws alike, however the client named its variables.
 */

let t: TestServer;
const { gql } = rawRequests(() => t);

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
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
