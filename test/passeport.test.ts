import { globalIdOf, keyOf, sql } from './support/fixtures';
import { TOKENS, withSqlCount } from './support/graphql';
import { viewerIds, type ViewerIds } from './support/mutation-checks';
import { startTestServer, type TestServer } from './support/server';

import { readPdf as pdfText } from './support/pdf';

let t: TestServer;
let plie: ViewerIds;
let company: ViewerIds;
/** The demo participant behind `rls_demo_participant` (Yacine, followed by France Travail Saint-Denis). */
let yacine: string;
/** A participant of the PLIE with a long journey: 10 sessions and 2 immersions. */
let traveller: string;

const SESSIONS = 10;
const TITLE = (n: number) => `Visite n°${n} : l’atelier de maçonnerie, façades & cœur d’îlot`;

/** A long journey, written as the referral log would leave it: held sessions attended, immersions completed. */
async function longJourney(structureId: number): Promise<number> {
  const [p] = await sql<{ id: number }>(t, `insert into participant (referent_structure_id, age_band, departement_code) values (?, '26-44', '33') returning id`, [structureId]);
  const id = p!.id;
  await sql(t, `insert into participant_personal_data (participant_id, first_name, last_name) values (?, 'Élodie', 'Œuvray')`, [id]);
  const [host] = await sql<{ id: number }>(t, `select id from company where name = 'Maçonnerie Dubreuil et Fils'`);
  for (let n = 1; n <= SESSIONS; n++) {
    const [s] = await sql<{ id: number }>(
      t,
      `insert into session (kind, title, organiser_id, host_company_id, host_confirmation, starts_at, ends_at, capacity, status, published_at, commune_code, departement_code)
       values ('COMPANY_VISIT', ?, ?, ?, 'CONFIRMED', now() - (? || ' days')::interval, now() - (? || ' days')::interval + interval '3 hours', 8, 'COMPLETED', now() - interval '200 days', '33243', '33')
       returning id`,
      [TITLE(n), structureId, host!.id, String(200 - n * 10), String(200 - n * 10)],
    );
    // Every other session is also about a second métier: the passeport counts each métier once.
    await sql(t, `insert into session_metier (session_id, metier_code) values (?, 'F1703')${n % 2 === 0 ? ", (?, 'F1701')" : ''}`, n % 2 === 0 ? [s!.id, s!.id] : [s!.id]);
    await sql(t, `insert into referral (participant_id, prescriber_structure_id, session_id, status) values (?, ?, ?, 'ATTENDED')`, [id, structureId, s!.id]);
  }
  // Two immersions completed, and one still only accepted (not in the passeport).
  const offers = await sql<{ id: number }>(t, `select id from immersion_offer order by id limit 3`);
  for (const [i, offer] of offers.entries()) {
    const status = i < 2 ? 'COMPLETED' : 'ACCEPTED';
    const [r] = await sql<{ id: number }>(t, `insert into referral (participant_id, prescriber_structure_id, immersion_offer_id, status) values (?, ?, ?, ?) returning id`, [id, structureId, offer.id, status]);
    await sql(t, `insert into referral_transition (referral_id, to_status, at) values (?, 'ACCEPTED', timestamptz '2026-10-0${i + 1} 10:00+02'), (?, 'ATTENDED', timestamptz '2026-10-2${i + 1} 17:00+02')`, [r!.id, r!.id]);
  }
  return id;
}

beforeAll(async () => {
  t = await startTestServer();
  plie = await viewerIds(t, TOKENS.plie);
  company = await viewerIds(t, TOKENS.company);
  const own = await t.client(TOKENS.participant).request<{ participants: { edges: { node: { id: string } }[] } }>('{ participants(first: 1) { edges { node { id } } } }');
  yacine = own.participants.edges[0]!.node.id;
  traveller = globalIdOf('Participant', await longJourney(plie.structureId!));
});

afterAll(async () => {
  await t?.stop();
});

const PASSEPORT = `query($id: ID!) { node(id: $id) { ... on Participant { passeport {
  issuedOn sessionCount immersionCount
  sessions { title kind startsAt session { id } organiser { name } hostCompany { name } commune { name } metiers { code label } }
  immersions { title objective agreedOn attendedOn company { name } metier { code label } appellation { label } immersionOffer { id } }
  metiers { metier { code label } sessionCount immersionCount firstMetOn }
  companies { company { name } visits firstMetOn }
} } } }`;

interface PasseportData {
  issuedOn: string;
  sessionCount: number;
  immersionCount: number;
  sessions: { title: string; kind: string; organiser: { name: string }; hostCompany: { name: string } | null; commune: { name: string } | null; metiers: { code: string; label: string }[] }[];
  immersions: { title: string; agreedOn: string | null; attendedOn: string | null; company: { name: string }; metier: { code: string } }[];
  metiers: { metier: { code: string; label: string }; sessionCount: number; immersionCount: number; firstMetOn: string }[];
  companies: { company: { name: string }; visits: number }[];
}

async function passeportOf(token: string, id: string): Promise<PasseportData | null | undefined> {
  const data = await t.client(token).request<{ node: { passeport: PasseportData | null } | null }>(PASSEPORT, { id });
  return data.node === null ? undefined : data.node.passeport;
}

describe('Participant.passeport', () => {
  it('shows the participant their own journey: the session they attended, its métiers with ROME codes, the company met', async () => {
    const passeport = (await passeportOf(TOKENS.participant, yacine))!;
    expect(passeport.sessionCount).toBe(1);
    expect(passeport.sessions[0]).toMatchObject({ kind: 'AMBASSADEURS_DES_METIERS', organiser: { name: expect.stringContaining('CRÉPI') } });
    expect(passeport.sessions[0]!.metiers.length).toBeGreaterThan(0);
    expect(passeport.metiers.map((m) => m.metier.code)).toEqual(passeport.sessions[0]!.metiers.map((m) => m.code));
    // His immersion is only accepted: not yet in the passeport.
    expect(passeport.immersionCount).toBe(0);
    expect(passeport.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('counts a long journey: every session and completed immersion, each métier and company once', async () => {
    const passeport = (await passeportOf(TOKENS.plie, traveller))!;
    expect(passeport.sessionCount).toBe(SESSIONS);
    expect(passeport.sessions.map((s) => s.title)).toEqual(Array.from({ length: SESSIONS }, (_, i) => TITLE(i + 1)));
    expect(passeport.sessions[0]).toMatchObject({ hostCompany: { name: 'Maçonnerie Dubreuil et Fils' }, commune: { name: 'Libourne' } });
    expect(passeport.immersionCount).toBe(2);
    expect(passeport.immersions.map((i) => [i.agreedOn, i.attendedOn])).toEqual([['2026-10-01', '2026-10-21'], ['2026-10-02', '2026-10-22']]);
    const f1703 = passeport.metiers.find((m) => m.metier.code === 'F1703')!;
    expect(f1703.sessionCount).toBe(SESSIONS);
    expect(passeport.metiers.find((m) => m.metier.code === 'F1701')!.sessionCount).toBe(SESSIONS / 2);
    expect(new Set(passeport.metiers.map((m) => m.metier.code)).size).toBe(passeport.metiers.length);
    expect(passeport.companies.find((c) => c.company.name === 'Maçonnerie Dubreuil et Fils')!.visits).toBeGreaterThanOrEqual(SESSIONS);
  });

  it('is read by those who follow the participant, and by no one else (null, like personal data)', async () => {
    // The referent structure and network admins.
    expect(await passeportOf(TOKENS.franceTravail, yacine)).not.toBeNull();
    expect(await passeportOf(TOKENS.admin, traveller)).not.toBeNull();
    // Another structure does not even see the participant.
    expect(await passeportOf(TOKENS.plie, yacine)).toBeUndefined();
    expect(await passeportOf(TOKENS.participant, traveller)).toBeUndefined();
    // Hosts reach participants through referrals: their first name, never their journey elsewhere.
    for (const token of [TOKENS.company, TOKENS.crepi]) {
      const data = await t.client(token).request<{ referrals: { edges: { node: { participant: { personalData: { firstName: string } | null; passeport: unknown } } }[] } }>(
        '{ referrals(first: 50) { edges { node { participant { personalData { firstName } passeport { sessionCount } } } } } }',
      );
      expect(data.referrals.edges.length).toBeGreaterThan(0);
      expect(data.referrals.edges.some((e) => e.node.participant.personalData !== null)).toBe(true);
      expect(data.referrals.edges.every((e) => e.node.participant.passeport === null)).toBe(true);
    }
  });

  it('reads the prescriber of one of their referrals (not the referent) in', async () => {
    // The CRÉPI prescribes a referral for the traveller: it then follows them, and reads the passeport through it.
    const crepi = await viewerIds(t, TOKENS.crepi);
    const [session] = await sql<{ id: number }>(t, `select id from session where organiser_id = ? and status = 'PUBLISHED' limit 1`, [crepi.structureId]);
    const [r] = await sql<{ id: number }>(t, `insert into referral (participant_id, prescriber_structure_id, session_id, status) values (?, ?, ?, 'PENDING') returning id`, [keyOf(traveller), crepi.structureId, session!.id]);
    const data = await t.client(TOKENS.crepi).request<{ node: { participant: { passeport: { sessionCount: number } | null } } }>(
      'query($id: ID!) { node(id: $id) { ... on Referral { participant { passeport { sessionCount } } } } }',
      { id: globalIdOf('Referral', r!.id) },
    );
    expect(data.node.participant.passeport).toEqual({ sessionCount: SESSIONS });
    await sql(t, 'delete from referral where id = ?', [r!.id]);
  });

  it('audits each read as a personal-data read', async () => {
    const [{ id: before }] = await sql<{ id: string }>(t, 'select coalesce(max(id), 0) as id from audit_log');
    await passeportOf(TOKENS.participant, yacine);
    const rows = await sql<{ participant_id: number }>(t, `select participant_id from audit_log where id > ? and operation = 'read:personalData'`, [before]);
    expect(rows.map((r) => r.participant_id)).toEqual([keyOf(yacine)]);
  });

  it('costs the same statements for 2 participants as for 5 (loaders, no statement per participant)', async () => {
    const query = `query($first: Int) { participants(first: $first) { edges { node { passeport { sessions { organiser { name } hostCompany { name } metiers { code } } immersions { company { name } metier { label } } metiers { metier { code } } companies { company { name } } } } } } }`;
    const small = await withSqlCount(t.client(TOKENS.admin), query, { first: 2 });
    const large = await withSqlCount(t.client(TOKENS.admin), query, { first: 5 });
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });
});

describe('GET /participants/:id/passeport.pdf', () => {
  const pdfUrl = (id: string) => `${t.server.url.replace(/\/graphql$/, '')}/participants/${id}/passeport.pdf`;
  const download = (id: string, token?: string) => fetch(pdfUrl(id), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  async function readPdf(response: Response) {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    // Read back as a PDF reader would: pdf-parse (pdf.js), the text of each page.
    const pdf = await pdfText(new Uint8Array(await response.arrayBuffer()));
    return { ...pdf, text: pdf.pages.map((p) => p.text).join('\n') };
  }

  it('gives the participant their passeport, in French with its accents', async () => {
    const pdf = await readPdf(await download(yacine, TOKENS.participant));
    expect(pdf.text).toContain('Passeport métiers');
    expect(pdf.text).toContain('Yacine B.');
    expect(pdf.text).toContain('Réseau Relais');
    expect(pdf.text).toContain('Métiers découverts (ROME)');
    expect(pdf.text).toContain('Ambassadeurs des métiers');
    expect(pdf.text).toContain('Suivi·e par France Travail Saint-Denis');
    // A summary page, then one page of visits.
    expect(pdf.total).toBe(2);
  });

  it('cuts a long journey into pages of a few visits, with every session, métier (ROME code) and company', async () => {
    const pdf = await readPdf(await download(traveller, TOKENS.plie));
    // Page 1 sums up; then 12 visits, 4 to a page.
    expect(pdf.total).toBe(1 + 3);
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain('Élodie Œ.');
    expect(text).toContain('10 sessions suivies · 2 immersions réalisées');
    expect(text).toMatch(/F1703 +Maçon/);
    expect(text).toMatch(/F1701 +Coffreur/);
    expect(text).toContain('Maçonnerie Dubreuil et Fils');
    for (let n = 1; n <= SESSIONS; n++) expect(text).toContain(TITLE(n));
    expect(text).toContain('Immersion (PMSMP) · convenue le 1er octobre 2026 · réalisée, présence enregistrée le 21 octobre 2026');
    const pages = pdf.pages.map((p) => p.text.replace(/\s+/g, ' '));
    expect(pages[1]).toContain('Parcours — visites 1 à 4 sur 12');
    expect(pages[3]).toContain('Parcours — visites 9 à 12 sur 12');
    // The header on every page, with the holder and the page number.
    pages.forEach((page, i) => {
      expect(page).toContain('Élodie Œ.');
      expect(page).toContain(`page ${i + 1} sur 4`);
    });
  });

  it('records each download as a personal-data read', async () => {
    const [{ id: before }] = await sql<{ id: string }>(t, 'select coalesce(max(id), 0) as id from audit_log');
    await readPdf(await download(traveller, TOKENS.admin));
    const rows = await sql<{ participant_id: number; target_type: string; error_code: string | null }>(
      t,
      `select participant_id, target_type, error_code from audit_log where id > ? and operation = 'read:personalData'`,
      [before],
    );
    expect(rows).toEqual([{ participant_id: keyOf(traveller), target_type: 'PasseportPdf', error_code: null }]);
  });

  it('answers 401 without a valid token', async () => {
    for (const token of [undefined, 'rls_not_a_token']) {
      const response = await download(yacine, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('answers 404, the same for a participant one may not read as for none at all, and records the probe', async () => {
    const [{ id: before }] = await sql<{ id: string }>(t, 'select coalesce(max(id), 0) as id from audit_log');
    const cases: [string, string][] = [
      [yacine, TOKENS.plie], // another structure
      [yacine, TOKENS.company], // a host of his referrals: his first name, not his journey
      [yacine, TOKENS.crepi], // the organiser of the session he attended
      [yacine, TOKENS.portal],
      [traveller, TOKENS.participant], // someone else
      [globalIdOf('Participant', 99_999_999), TOKENS.admin], // nobody
      [globalIdOf('Session', keyOf(yacine)), TOKENS.admin], // not a participant's id
      ['not-an-id', TOKENS.admin],
    ];
    const bodies = new Set<string>();
    for (const [id, token] of cases) {
      const response = await download(id, token);
      expect([id, token, response.status]).toEqual([id, token, 404]);
      bodies.add(await response.text());
    }
    expect([...bodies]).toEqual([JSON.stringify({ errors: [{ message: 'no participant with this id', extensions: { code: 'NOT_FOUND' } }] })]);
    const probes = await sql<{ participant_id: number; account_id: number }>(
      t,
      `select participant_id, account_id from audit_log where id > ? and operation = 'read:personalData' and error_code = 'NOT_FOUND' and participant_id = ? order by id`,
      [before, keyOf(yacine)],
    );
    expect(probes.map((p) => p.account_id)).toEqual([plie.accountId, company.accountId, (await viewerIds(t, TOKENS.crepi)).accountId, (await viewerIds(t, TOKENS.portal)).accountId]);
  });
});
