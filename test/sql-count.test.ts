import { TOKENS, withSqlCount } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let t: TestServer;

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
  t = await startTestServer();
  // The portal's token, once seen, is served from the instance's viewer cache: no authentication statement after.
  await t.client(TOKENS.portal).request('{ viewer { role } }');
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
