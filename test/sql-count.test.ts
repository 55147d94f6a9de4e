import { statementsSoFar } from '../src/db/sql-counter';
import { createParticipants, createPublishedSession, globalIdOf, keyOf } from './support/fixtures';
import { TOKENS, withSqlCount } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;
/** The statements of the request being counted (those the counter counts), shown when a count is not the one expected. */
const statements: string[] = [];

/** A portal's session list with every nested relation it shows (no N+1). */
const PORTAL_QUERY = /* GraphQL */ `
  query PortalSessions($first: Int!) {
    sessions(first: $first, filter: { hasSeatsLeft: true }) {
      totalCount
      edges {
        node {
          id title startsAt seatsLeft
          organiser { name kind }
          hostCompany { name commitmentsCount commitments { axis progress { ratio } } }
          metiers { code label domaine { label grandDomaine { label } } appellations { label } }
          commune { name departement { name region { name } } }
        }
      }
    }
  }
`;

beforeAll(async () => {
  t = await startTestServer({}, undefined, { onQuery: (query) => statementsSoFar() !== undefined && statements.push(query) });
  // Tokens, once seen, are served from the instance's viewer cache: no authentication statement after.
  for (const token of Object.values(TOKENS)) await t.client(token).request('{ viewer { role } }');
  // Enough sessions for a full page of 50: copies of the demo's published sessions, with their métiers.
  await t.orm.em.fork().getConnection().execute(`
    with copies as (
      insert into session (kind, title, description, organiser_id, host_company_id, host_structure_id, host_confirmation, starts_at, ends_at, capacity, seats_taken,
                           minimum_age, status, published_at, address, postal_code, commune_code, departement_code, latitude, longitude)
      select s.kind, s.title || ' #' || g, s.description, s.organiser_id, s.host_company_id, s.host_structure_id, s.host_confirmation, s.starts_at + g * interval '1 day',
             s.ends_at + g * interval '1 day', s.capacity, 0, s.minimum_age, 'PUBLISHED', now(), s.address, s.postal_code,
             s.commune_code, s.departement_code, s.latitude, s.longitude
      from session s cross join generate_series(1, 10) g
      where s.status = 'PUBLISHED'
      returning id, substring(title from '^(.*) #') as original
    )
    insert into session_metier (session_id, metier_code)
    select c.id, sm.metier_code from copies c
    join session s on s.title = c.original and s.status = 'PUBLISHED'
    join session_metier sm on sm.session_id = s.id
    on conflict do nothing`);
});
afterAll(async () => {
  await t?.stop();
});

interface PortalData {
  sessions: { totalCount: number; edges: { node: { metiers: unknown[]; hostCompany: unknown } }[] };
}

describe('SQL statements per request', () => {
  it('are the same for a page of 5 and a page of 50 with nested relations', async () => {
    const client = t.client(TOKENS.portal);
    const small = await withSqlCount<PortalData>(client, PORTAL_QUERY, { first: 5 });
    const large = await withSqlCount<PortalData>(client, PORTAL_QUERY, { first: 50 });
    expect(small.data.sessions.edges).toHaveLength(5);
    expect(large.data.sessions.edges).toHaveLength(50);
    expect(large.data.sessions.edges.every((e) => e.node.metiers.length > 0)).toBe(true);
    expect(large.sqlStatements).toBe(small.sqlStatements);
    // page 1 (organiser, host company with its commitments count, and métiers embedded in it), count 1, then one per
    // nested relation: commitments, domaines, grands domaines, appellations, communes, départements, régions. (The
    // token is in the viewer cache: no authentication statement.)
    expect(large.sqlStatements).toBe(9);
  });

  it('are 1 for a portal list of sessions with organiser, host company and métiers: they come with the page', async () => {
    const query = /* GraphQL */ `
      query($first: Int!) {
        sessions(first: $first, filter: { hasSeatsLeft: true }) {
          edges { node { id seatsLeft organiser { id name } hostCompany { id name commitmentsCount } metiers { code label } } }
        }
      }`;
    type Row = { id: string; organiser: { id: string; name: string }; hostCompany: { id: string; name: string; commitmentsCount: number } | null; metiers: { code: string; label: string }[] };
    const client = t.client(TOKENS.portal);
    const page = await withSqlCount<{ sessions: { edges: { node: Row }[] } }>(client, query, { first: 50 });
    expect(page.sqlStatements).toBe(1);
    // What came with the page is what the loaders give the same objects one by one.
    const rows = page.data.sessions.edges.map((e) => e.node);
    const hosted = rows.find((r) => r.hostCompany !== null)!;
    const one = await client.request<{ node: Row }>(
      'query($id: ID!) { node(id: $id) { ... on Session { id seatsLeft organiser { id name } hostCompany { id name commitmentsCount } metiers { code label } } } }',
      { id: hosted.id },
    );
    expect(one.node).toEqual(hosted);
  });

  it('do not grow with the number of parents of a per-parent limited list', async () => {
    const query = 'query($first: Int!) { companies(first: $first) { edges { node { name sessions(first: 2) { title metiers { code } } immersionOffers(first: 2) { title } memberships(includePast: true) { joinedOn club { name } } } } } }';
    const client = t.client(TOKENS.portal);
    const one = await withSqlCount(client, query, { first: 1 });
    const all = await withSqlCount(client, query, { first: 50 });
    expect(all.sqlStatements).toBe(one.sqlStatements);
  });
});

/*
 * Mutations. The counting rule (README, "SQL statements per request"): the counter counts every statement a request
 * sends through the ORM, reads and writes, inside its transaction or not. It does not count the BEGIN and COMMIT of
 * the mutation's one transaction (the ORM opens and closes it through knex, not through its query hook: two more
 * round trips for every mutation below), nor the rate limiter's count (its own pool: one upsert per lease of 2 % of
 * the limit, server/rate-limit.ts). The tokens are in the viewer cache (no authentication statement).
 */
describe('SQL statements per mutation', () => {
  const REFER = 'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id status } } }';
  const ACCEPT = 'mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id status } } }';
  const REFUSE = 'mutation($input: RefuseReferralInput!) { refuseReferral(input: $input) { referral { id status } } }';
  const CANCEL = 'mutation($input: CancelReferralInput!) { cancelReferral(input: $input) { referral { id status } } }';
  let plie: number;
  let crepi: number;

  /** Runs one mutation and returns its payload's object with the statements it took, as counted and as sent. */
  async function counted<T>(token: string, document: string, input: Record<string, unknown>): Promise<{ object: T; sqlStatements: number; statements: string[] }> {
    statements.length = 0;
    const { data, sqlStatements } = await withSqlCount<Record<string, Record<string, T>>>(t.client(token), document, { input });
    const sent = statements.splice(0);
    // What the hook saw is what the counter counted: the list below is what a count is made of.
    expect(sent).toHaveLength(sqlStatements);
    return { object: Object.values(Object.values(data)[0]!)[0]!, sqlStatements, statements: sent };
  }

  /** The count, with the statements in the failure message when it is not the one expected. */
  function expectCount(result: { sqlStatements: number; statements: string[] }, expected: number): void {
    expect({ sqlStatements: result.sqlStatements, statements: result.statements }).toMatchObject({ sqlStatements: expected });
  }

  /** The calendar day `days` from now (YYYY-MM-DD). */
  const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  const referInput = (participant: number, session: number, extra: Record<string, unknown> = {}) => ({
    participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: 'Découvrir le métier', ...extra,
  });

  beforeAll(async () => {
    const structureOf = async (token: string) =>
      keyOf((await t.client(token).request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }')).viewer.structure.id);
    plie = await structureOf(TOKENS.plie);
    crepi = await structureOf(TOKENS.crepi);
  });

  it('refer and accept take 4 each: the rows locked and read, the write with its log and event, the audit entry, the payload', async () => {
    const session = await createPublishedSession(t, crepi, 1);
    const [first, second] = await createParticipants(t, plie, 2);
    // 1 participant (locked), prescriber, birth date, session (locked), open referral; 2 referral + log line +
    // participant's activity + event (outbox lock, NOTIFY); 3 audit entry (after the commit); 4 the payload.
    const referred = await counted<{ id: string; status: string }>(TOKENS.plie, REFER, referInput(first!, session));
    expect(referred.object.status).toBe('PENDING');
    expectCount(referred, 4);
    // 1 referral (locked) with its session's organiser and status; 2 seat + move + log line + event; 3 audit; 4 payload.
    const accepted = await counted<{ status: string }>(TOKENS.crepi, ACCEPT, { referralId: referred.object.id });
    expect(accepted.object.status).toBe('ACCEPTED');
    expectCount(accepted, 4);
    // No seat left: the same statement puts it on the waiting list.
    const other = await counted<{ id: string }>(TOKENS.plie, REFER, referInput(second!, session));
    expectCount(other, 4);
    const waitlisted = await counted<{ status: string }>(TOKENS.crepi, ACCEPT, { referralId: other.object.id });
    expect(waitlisted.object.status).toBe('WAITLISTED');
    expectCount(waitlisted, 4);
    // Refused: the referral locked, the move with its log and event, audit, payload.
    const refused = await counted<{ status: string }>(TOKENS.crepi, REFUSE, { referralId: other.object.id, reason: 'NO_SEAT', sharedWithParticipant: true });
    expect(refused.object.status).toBe('REFUSED');
    expectCount(refused, 4);
  });

  it('refer with an idempotency key takes 5 (the key claimed first), its replay 5; a refusal adds the visibility check', async () => {
    const session = await createPublishedSession(t, crepi, 5);
    const [participant] = await createParticipants(t, plie, 1);
    const input = referInput(participant!, session, { idempotencyKey: `sql-count-${session}` });
    const first = await counted<{ id: string }>(TOKENS.plie, REFER, input);
    expectCount(first, 5);
    // The claim finds the key, the key's row gives the first result, the participant still visible; audit, payload.
    const replay = await counted<{ id: string }>(TOKENS.plie, REFER, input);
    expect(replay.object.id).toBe(first.object.id);
    expectCount(replay, 5);
    // Accepting as the prescriber (not the host): the referral locked, FORBIDDEN after the visibility check (it reads
    // it), the refusal's audit entry.
    statements.length = 0;
    const response = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.plie}` },
      body: JSON.stringify({ query: ACCEPT, variables: { input: { referralId: first.object.id } } }),
    });
    const refusal = (await response.json()) as { errors: { extensions: { code: string } }[]; extensions: { sqlStatements: number } };
    expect(refusal.errors[0]!.extensions.code).toBe('FORBIDDEN');
    expectCount({ sqlStatements: refusal.extensions.sqlStatements, statements: statements.splice(0) }, 3);
  });

  it('refer to an immersion offer takes 4 and its acceptance 5 (the offer locked and its places counted)', async () => {
    const offer = await counted<{ id: string }>(TOKENS.company, 'mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { id status } } }', {
      metierCode: 'F1703', objective: 'CONFIRM_PROJECT', title: 'Immersion comptée', availableFrom: day(30), availableUntil: day(34), maxPresenceDays: 5, positions: 1, communeCode: '93066',
    });
    expectCount(offer, CREATE_OFFER);
    const published = await counted<{ status: string }>(TOKENS.company, 'mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { status } } }', { immersionOfferId: offer.object.id });
    expect(published.object.status).toBe('PUBLISHED');
    expectCount(published, PUBLISH_OFFER);
    const [participant] = await createParticipants(t, plie, 1);
    const referred = await counted<{ id: string }>(TOKENS.plie, REFER, { participantId: globalIdOf('Participant', participant!), immersionOfferId: offer.object.id, motive: 'Confirmer le projet' });
    expectCount(referred, 4);
    const accepted = await counted<{ status: string }>(TOKENS.company, ACCEPT, { referralId: referred.object.id });
    expect(accepted.object.status).toBe('ACCEPTED');
    expectCount(accepted, 5);
  });

  it('are counted for the other mutations too (a regression fails here)', async () => {
    const startsAt = new Date(Date.now() + 14 * 86_400_000);
    const session = await counted<{ id: string; status: string }>(TOKENS.crepi, 'mutation($input: CreateSessionInput!) { createSession(input: $input) { session { id status } } }', {
      kind: 'COMPANY_VISIT', title: 'Visite comptée', metierCodes: ['F1701'], communeCode: '93066',
      startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(), capacity: 6,
    });
    expect(session.object.status).toBe('DRAFT');
    expectCount(session, CREATE_SESSION);
    const published = await counted<{ status: string }>(TOKENS.crepi, 'mutation($input: SessionIdInput!) { publishSession(input: $input) { session { status } } }', { sessionId: session.object.id });
    expect(published.object.status).toBe('PUBLISHED');
    expectCount(published, PUBLISH_SESSION);
    const [participant] = await createParticipants(t, plie, 1);
    const referred = await counted<{ id: string }>(TOKENS.plie, REFER, referInput(participant!, keyOf(session.object.id)));
    await counted(TOKENS.crepi, ACCEPT, { referralId: referred.object.id });
    const cancelled = await counted<{ status: string }>(TOKENS.plie, CANCEL, { referralId: referred.object.id, reason: 'changement de projet' });
    expect(cancelled.object.status).toBe('CANCELLED');
    expectCount(cancelled, CANCEL_HELD_SEAT);
  });
});

// Mutations built on the unit of work, counted as they are (a change that adds a statement fails above). Each ends
// with the payload read back and the audit entry.
/** The organiser, the métiers, the commune checked; the session, its métiers inserted. */
const CREATE_SESSION = 7;
/** The session read (visibility), locked, updated; its visit slot's payload read, the event written. */
const PUBLISH_SESSION = 7;
/** The company, the métier, the commune checked; the offer inserted. */
const CREATE_OFFER = 6;
/** The offer read (visibility), locked, updated; its payload read, the event written. */
const PUBLISH_OFFER = 7;
/**
 * The referral read (visibility), locked; its seat freed, the waiting list's first claimed (none here); the log line,
 * the move; the event's ids read, the event written.
 */
const CANCEL_HELD_SEAT = 10;
