import fc from 'fast-check';
import { getNamedType, type GraphQLSchema } from 'graphql';
import { buildRelaisSchema } from '../src/graphql/schema';
import { globalIdOf } from './support/fixtures';
import { TOKENS } from './support/graphql';
import {
  argumentPositions,
  codesOf,
  generate,
  INVALID_IDS,
  isList,
  isTextual,
  listBombs,
  overBodyLimit,
  problems,
  rawRequests,
  SQL_AND_LIKE,
  type Answer,
  type Generated,
} from './support/hostile';
import { tableChecksums } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

/**
 * Hostile input through the real server over HTTP: every answer is a clean 4xx or a GraphQL error with a known code —
 * never a 500, never a stack trace —, nothing is written, and the server answers normally right after. The same
 * checks elsewhere, by subject: operation limits (test/operation-limits), rate limits (test/rate-limit), production
 * settings and configuration (test/server-settings), argument paths in `extensions.field` (test/argument-paths).
 */

let t: TestServer;
let schema: GraphQLSchema;
const { post, gql, expectHealthy } = rawRequests(() => t);

beforeAll(async () => {
  t = await startTestServer();
  schema = await buildRelaisSchema();
});
afterAll(async () => {
  await t?.stop();
});

/** Tables a refused request must leave untouched (api_token's last use and the audit log of refusals do change). */
const MAIN_TABLES = [
  'account', 'structure', 'company', 'company_membership', 'session', 'session_metier', 'immersion_offer', 'participant',
  'participant_personal_data', 'referral', 'referral_transition', 'commitment', 'offer_subscription', 'idempotency_key', 'event',
];

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

    it('answers an operationName the document does not define, or none among several operations, with 400 and never 500', async () => {
      for (const body of [
        { query: 'query A { viewer { id } }', operationName: 'B' },
        { query: 'query A { viewer { id } } query B { viewer { role } }' },
      ]) {
        const answer = await post(JSON.stringify(body));
        expect(problems(answer)).toEqual([]);
        expect(answer.status).toBe(400);
        expect(answer.body?.errors?.[0]?.message).toMatch(/operation/i);
      }
      await expectHealthy();
    });

    it('answers a subscription sent over HTTP with 400 saying to use graphql-ws, never 500', async () => {
      const answer = await gql('subscription { immersionOfferPublished { cursor } }');
      expect(problems(answer)).toEqual([]);
      expect(answer.status).toBe(400);
      expect(codesOf(answer)).toEqual(['BAD_REQUEST']);
      expect(answer.body?.errors?.[0]?.message).toMatch(/graphql-ws/);
      await expectHealthy();
    });

    it('refuses a batch (an array of operations)', async () => {
      const answer = await post(JSON.stringify(Array.from({ length: 100 }, () => ({ query: '{ viewer { id } }' }))));
      expect(problems(answer)).toEqual([]);
      expect(answer.status).toBe(400);
      await expectHealthy();
    });
  });

  describe('arguments of every root field (generated from the schema)', () => {
    it(`refuses ${'10,000'}-item lists in every list argument of every query and mutation: BAD_USER_INPUT naming it`, async () => {
      const cases = (['query', 'mutation'] as const).flatMap((kind) => argumentPositions(schema, kind).filter(([, p]) => isList(p)).flatMap(([f, p]) => listBombs(kind, f, p)));
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
      const cases = argumentPositions(schema, 'query')
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
        argumentPositions(schema, kind)
          .filter(([, p]) => getNamedType(p.type).name === 'ID' && !isList(p))
          .flatMap(([f, p]) => INVALID_IDS.map((id) => generate(kind, f, p, id))),
      );
      expect(idCases.length).toBeGreaterThan(50);
      expect(await runAll(idCases, (answer) => problems(answer))).toEqual([]);
      await expectHealthy();
      // Its cases grow with the schema (every id argument of every root field, 8 ids each): more than the default.
    }, 180_000);

    it('answers wrong variable types with 400 BAD_USER_INPUT', async () => {
      const wrong = [{ nested: true }, 'ten', 1e20, -2_147_483_649, [1, 2], '2030-13-45'];
      const cases = argumentPositions(schema, 'query')
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
        minimumSize: optional(integer()),
        meetingPoint: optional(fc.record({ label: text(), address: optional(text()) })),
        // Ids of other types, unknown accounts and real ones (small ids), companies' and participants' included.
        counsellorAccountIds: optional(fc.array(fc.oneof(id(() => structureIds, 'Account'), fc.integer({ min: 1, max: 40 }).map((n) => globalIdOf('Account', n))), { maxLength: 7 })),
        communeCode: optional(fc.oneof(fc.constantFrom('33243', '93066', '2A004', '75056'), text())),
        postalCode: optional(fc.oneof(fc.constantFrom('33500', '93200'), text())),
        address: optional(text()),
        hostCompanyId: optional(id(() => companyIds, 'Company')),
        organiserId: optional(id(() => structureIds, 'Structure')),
        idempotencyKey: optional(text()),
      }),
    );
  });

  it('recordSessionAttendance', async () => {
    await fuzz(
      TOKENS.crepi,
      'recordSessionAttendance',
      fc.record({
        sessionId: id(() => sessionIds, 'Session'),
        attendances: fc.array(
          fc.record({
            referralId: fc.oneof(id(() => sessionIds, 'Referral'), fc.integer({ min: 1, max: 60 }).map((n) => globalIdOf('Referral', n))),
            attended: fc.boolean(),
            noShowParty: optional(fc.constantFrom('PARTICIPANT', 'HOST')),
          }),
          { maxLength: 6 },
        ),
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
