import type { ExecutionResult } from 'graphql';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, sql } from './support/fixtures';
import { failure, TOKENS, withSqlCount } from './support/graphql';
import { viewerIds, type ViewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
let plie: ViewerIds;
let ml: ViewerIds;
let crepi: ViewerIds;

interface Entry {
  at: string;
  operation: string;
  errorCode: string | null;
  accountId: string | null;
  role: string | null;
  structure: { id: string } | null;
  company: { id: string } | null;
  participant: { id: string } | null;
  targetType: string | null;
  targetId: string | null;
}

interface AuditPage {
  auditLog: { edges: { cursor: string; node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const AUDIT_LOG = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges { cursor node { at operation errorCode accountId role structure { id } company { id } participant { id } targetType targetId } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function auditLog(token: string, filter: Record<string, unknown> = {}, first = 100, after?: string): Promise<AuditPage['auditLog']> {
  return (await t.client(token).request<AuditPage>(AUDIT_LOG, { filter, first, after })).auditLog;
}

const entries = async (token: string, filter: Record<string, unknown> = {}) => (await auditLog(token, filter)).edges.map((e) => e.node);

const lastAuditId = async () => Number((await sql<{ id: string | null }>(t, 'select max(id) as id from audit_log'))[0]!.id ?? 0);

/** Participants (numeric ids) whose personal data `accountId` read since audit entry `sinceId`. */
async function readsSince(sinceId: number, accountId: number): Promise<number[]> {
  const rows = await sql<{ participant_id: number }>(
    t,
    `select participant_id from audit_log where id > ? and operation = 'read:personalData' and account_id = ? order by participant_id`,
    [sinceId, accountId],
  );
  return rows.map((r) => r.participant_id);
}

const auditRowCount = async () => Number((await sql<{ n: string }>(t, 'select count(*) as n from audit_log'))[0]!.n);

const REGISTER = `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { participant { id } } }`;

async function register(token: string, lastName: string): Promise<string> {
  const data = await t.client(token).request<{ registerParticipant: { participant: { id: string } } }>(REGISTER, { input: { firstName: 'Audit', lastName } });
  return data.registerParticipant.participant.id;
}

beforeAll(async () => {
  t = await startTestServer();
  [plie, ml, crepi] = await Promise.all([viewerIds(t, TOKENS.plie), viewerIds(t, TOKENS.ml), viewerIds(t, TOKENS.crepi)]);
});
afterAll(async () => {
  await t?.stop();
});

describe('mutations', () => {
  it('are recorded with who, what, which participant and the object produced', async () => {
    const participantId = await register(TOKENS.plie, 'Registered');
    const sessionId = await createPublishedSession(t, crepi.structureId!, 5);
    const { referParticipant } = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(
      `mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }`,
      { input: { participantId, sessionId: globalIdOf('Session', sessionId), motive: 'Découvrir le métier' } },
    );

    const history = await entries(TOKENS.admin, { participantId });
    const who = { accountId: globalIdOf('Account', plie.accountId), role: 'STRUCTURE_STAFF', structure: { id: globalIdOf('Structure', plie.structureId!) }, company: null };
    // Newest first: the referral, then the registration.
    expect(history.filter((e) => e.operation !== 'read:personalData')).toEqual([
      { ...who, at: expect.any(String), operation: 'referParticipant', errorCode: null, participant: { id: participantId }, targetType: 'Referral', targetId: referParticipant.referral.id },
      { ...who, at: expect.any(String), operation: 'registerParticipant', errorCode: null, participant: { id: participantId }, targetType: 'Participant', targetId: participantId },
    ]);
    // Exactly one row per mutation.
    const rows = await sql<{ operation: string }>(t, `select operation from audit_log where participant_id = ? and operation <> 'read:personalData'`, [keyOf(participantId)]);
    expect(rows.map((r) => r.operation).sort()).toEqual(['referParticipant', 'registerParticipant']);
  });

  it('are recorded when refused, with the error code the client got and the participant named', async () => {
    const participantId = await register(TOKENS.plie, 'Probed');
    const refused = await failure(t.server.url, TOKENS.ml, `mutation($input: UpdateParticipantInput!) { updateParticipant(input: $input) { participant { id } } }`, {
      input: { participantId, notes: 'intrusion' },
    });
    const [entry] = await entries(TOKENS.admin, { participantId, operation: 'updateParticipant' });
    expect(entry).toMatchObject({
      operation: 'updateParticipant',
      errorCode: refused.codes[0],
      accountId: globalIdOf('Account', ml.accountId),
      structure: { id: globalIdOf('Structure', ml.structureId!) },
      participant: { id: participantId },
      targetType: 'Participant',
      targetId: participantId,
    });
  });
});

describe('personal data reads', () => {
  let plieParticipants: number[];

  beforeAll(async () => {
    plieParticipants = await createParticipants(t, plie.structureId!, 12);
  });

  const LIST = `query($first: Int!) { participants(first: $first) { edges { node { id personalData { firstName } } } } }`;
  type List = { participants: { edges: { node: { id: string; personalData: { firstName: string } | null } }[] } };

  it('are recorded once per participant whose personal data was returned', async () => {
    const mark = await lastAuditId();
    const { participants } = await t.client(TOKENS.plie).request<List>(LIST, { first: 3 });
    const read = participants.edges.filter((e) => e.node.personalData !== null).map((e) => keyOf(e.node.id));
    expect(read).toHaveLength(3);
    expect(await readsSince(mark, plie.accountId)).toEqual([...read].sort((a, b) => a - b));

    const [entry] = await entries(TOKENS.admin, { participantId: globalIdOf('Participant', read[0]!), operation: 'read:personalData' });
    expect(entry).toMatchObject({ accountId: globalIdOf('Account', plie.accountId), role: 'STRUCTURE_STAFF', targetType: 'Participant', targetId: globalIdOf('Participant', read[0]!) });
  });

  it('cost one statement per request, whatever the number of participants read', async () => {
    const client = t.client(TOKENS.plie);
    const few = await withSqlCount<List>(client, LIST, { first: 2 });
    const many = await withSqlCount<List>(client, LIST, { first: 12 });
    const without = await withSqlCount(client, `query($first: Int!) { participants(first: $first) { edges { node { id } } } }`, { first: 12 });
    // personalData adds the access check, the data and the audit insert: one each, for 2 or 12 participants.
    expect(many.sqlStatements).toBe(without.sqlStatements + 3);
    expect(many.data.participants.edges.filter((e) => e.node.personalData).length).toBe(12);
    expect(many.sqlStatements).toBe(few.sqlStatements);
    expect(plieParticipants.every((id) => many.data.participants.edges.some((e) => keyOf(e.node.id) === id))).toBe(true);
  });

  it('record nothing when the answer holds no personal data', async () => {
    const before = await auditRowCount();
    await t.client(TOKENS.plie).request(`{ participants(first: 20) { edges { node { id ageBand departementCode } } } referrals(first: 20) { edges { node { id participant { id } } } } }`);
    // Asked for, but not allowed: nothing returned, nothing read.
    await t.client(TOKENS.ml).request(`query($id: ID!) { node(id: $id) { ... on Participant { personalData { firstName } } } }`, { id: globalIdOf('Participant', plieParticipants[0]!) });
    expect(await auditRowCount()).toBe(before);
  });

  it('are recorded over graphql-ws too, before the answer goes out', async () => {
    const mark = await lastAuditId();
    const client = t.wsClient(TOKENS.plie);
    const result = await new Promise<ExecutionResult>((resolve, reject) => {
      let last: ExecutionResult | undefined;
      client.subscribe({ query: LIST, variables: { first: 2 } }, {
        next: (value) => (last = value as ExecutionResult),
        error: reject,
        complete: () => (last ? resolve(last) : reject(new Error('no result'))),
      });
    });
    expect(result.errors).toBeUndefined();
    expect(await readsSince(mark, plie.accountId)).toHaveLength(2);
  });
});

describe('auditLog', () => {
  let mlParticipant: string;

  beforeAll(async () => {
    mlParticipant = await register(TOKENS.ml, 'Elsewhere');
    await register(TOKENS.plie, 'Followed');
  });

  it('shows a structure’s staff the entries about the participants it follows, and no others', async () => {
    const seen = await entries(TOKENS.plie);
    expect(seen.some((e) => e.operation === 'registerParticipant' && e.accountId === globalIdOf('Account', plie.accountId))).toBe(true);
    const referents = await sql<{ id: number; referent_structure_id: number }>(t, 'select id, referent_structure_id from participant');
    const referentOf = new Map(referents.map((r) => [r.id, r.referent_structure_id]));
    expect(seen.every((e) => e.participant !== null && referentOf.get(keyOf(e.participant.id)) === plie.structureId)).toBe(true);

    expect(await entries(TOKENS.plie, { participantId: mlParticipant })).toEqual([]);
    expect(await entries(TOKENS.ml, { participantId: mlParticipant })).toEqual([
      expect.objectContaining({ operation: 'registerParticipant', accountId: globalIdOf('Account', ml.accountId), participant: { id: mlParticipant } }),
    ]);
  });

  it('shows network admins everything, newest first, page by page', async () => {
    const total = await auditRowCount();
    const seen: Entry[] = [];
    for (let after: string | undefined, page = 0; page < 100; page++) {
      const log = await auditLog(TOKENS.admin, {}, 7, after);
      seen.push(...log.edges.map((e) => e.node));
      if (!log.pageInfo.hasNextPage) break;
      after = log.pageInfo.endCursor!;
    }
    expect(seen).toHaveLength(total);
    const instants = seen.map((e) => Date.parse(e.at));
    expect([...instants].sort((a, b) => b - a)).toEqual(instants);
  });

  it('filters by account, operation and time', async () => {
    const mine = await entries(TOKENS.admin, { accountId: globalIdOf('Account', ml.accountId), operation: 'registerParticipant' });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.accountId === globalIdOf('Account', ml.accountId) && e.operation === 'registerParticipant')).toBe(true);
    expect(await entries(TOKENS.admin, { to: '2020-01-01T00:00:00Z' })).toEqual([]);
    expect((await entries(TOKENS.admin, { from: '2020-01-01T00:00:00Z' })).length).toBeGreaterThan(0);
    expect((await failure(t.server.url, TOKENS.admin, AUDIT_LOG, { filter: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } })).codes).toEqual(['BAD_USER_INPUT']);
  });

  it('is FORBIDDEN to companies, integrations and participants', async () => {
    for (const token of [TOKENS.company, TOKENS.portal, TOKENS.participant]) {
      expect((await failure(t.server.url, token, AUDIT_LOG, { first: 5 })).codes).toEqual(['FORBIDDEN']);
    }
  });
});
