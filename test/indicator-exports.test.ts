import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { addDays, clockAt } from '../seeds/demo/calendar';
import { globalIdOf, sql } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

// Outcomes at 3 and 6 months (people.outcomes) and the CSV/XLSX exports. The follow-ups are written by SQL: the
// API records a follow-up only around its due date, and these are due in 2030, a year without any demo activity,
// so every figure of 2030 below comes from them alone (counted by hand from the table in beforeAll).

let t: TestServer;
let wide: { from: string; to: string };
const Y2030 = { from: '2030-01-01', to: '2030-12-31' };

interface Count { value: number | null; suppressed: boolean; display: string }
interface Outcome { milestone: string; recorded: Count; durable: Count; durableRate: Count }
interface Row {
  keys: { dimension: string; value: string | null }[];
  sessions: { held: number; seatsOffered: number } | null;
  offers: { published: number } | null;
  people: { referrals: Count; participants: Count; attendanceRate: Count; outcomes: Outcome[] } | null;
}
interface Answer { rows: Row[]; total: Row }
const COUNT = 'value suppressed display';
const ROW = `keys { dimension value } sessions { held seatsOffered } offers { published }
  people { referrals { ${COUNT} } participants { ${COUNT} } attendanceRate { ${COUNT} }
    outcomes { milestone recorded { ${COUNT} } durable { ${COUNT} } durableRate { ${COUNT} } } }`;
const QUERY = `query($filter: IndicatorFilter!, $groupBy: [IndicatorDimension!]) {
  indicators(filter: $filter, groupBy: $groupBy) { rows { ${ROW} } total { ${ROW} } } }`;

const indicators = async (token: string, filter: Record<string, unknown>, groupBy: string[] = []) =>
  (await t.client(token).request<{ indicators: Answer }>(QUERY, { filter, groupBy })).indicators;
const base = () => t.server.url.replace(/\/graphql$/, '');
const get = (path: string, token?: string) => fetch(`${base()}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/** [recorded, durable, rate display] of a milestone, as shown. */
const outcome = (r: Row, milestone: string) => {
  const o = r.people!.outcomes.find((x) => x.milestone === milestone)!;
  return [o.recorded.display, o.durable.display, o.durableRate.display];
};
const row = (a: Answer, ...values: (string | null)[]) => a.rows.find((r) => r.keys.every((k, i) => k.value === values[i]))!;

beforeAll(async () => {
  t = await startTestServer();
  const [seeded] = await sql<{ imported_at: string }>(t, `select imported_at from reference_import where source = 'DEMO'`);
  const clock = clockAt(new Date(seeded.imported_at));
  wide = { from: addDays(clock.today, -500), to: addDays(clock.today, 500) };
  // The demo's COMPLETED referrals: PLIE du Libournais prescribed three (two to its sessions in Gironde, one to an
  // immersion at Maçonnerie Dubreuil, Gironde); France Travail one (a CRÉPI session in 93 hosted by Gros Œuvre de la
  // Plaine); Cap emploi 93 one.
  const completed = await sql<{ id: number; prescriber: string }>(t, `select r.id, s.name as prescriber from referral r
    join structure s on s.id = r.prescriber_structure_id where r.status = 'COMPLETED' order by r.id`);
  const of = (name: string) => completed.filter((c) => c.prescriber === name).map((c) => c.id);
  const [plieA, plieB, plieImmersion] = of('PLIE du Libournais');
  const [ft] = of('France Travail Saint-Denis Pleyel');
  const [capEmploi] = of('Cap emploi 93');
  expect([plieA, plieB, plieImmersion, ft, capEmploi].every((id) => id !== undefined)).toBe(true);
  // referral, milestone, due on, situation, contract months, durable (the rule: CDI, CREATION, CDD/INTERIM >= 6 months).
  const followUps: [number, string, string, string | null, number | null, boolean | null][] = [
    [plieA, 'MONTH_3', '2030-03-10', 'CDI', null, true],
    [plieA, 'MONTH_6', '2030-06-10', 'CDD', 3, false],
    [plieB, 'MONTH_3', '2030-03-15', 'JOB_SEEKING', null, false],
    [plieB, 'MONTH_6', '2030-06-15', 'CDD', 6, true],
    [plieImmersion, 'MONTH_3', '2030-04-02', 'CREATION', null, true],
    [plieImmersion, 'MONTH_6', '2030-07-02', 'INTERIM', 8, true],
    [ft, 'MONTH_3', '2030-03-20', 'TRAINING', null, false],
    [ft, 'MONTH_6', '2030-06-20', null, null, null], // not recorded: not counted
    [capEmploi, 'MONTH_3', '2031-01-05', 'CDI', null, true], // due after the period
  ];
  for (const [referral, milestone, due, situation, months, durable] of followUps) {
    await sql(t, `insert into referral_follow_up (referral_id, milestone, due_on, situation, contract_months, durable, recorded_at)
      values (?, ?, ?, ?, ?, ?, case when ? then now() end)`, [referral, milestone, due, situation, months, durable, situation !== null]);
  }
});
afterAll(async () => {
  await t?.stop();
});

describe('outcomes at 3 and 6 months', () => {
  it('counts recorded follow-ups due in the period and the durable ones, for a network admin', async () => {
    const a = await indicators(TOKENS.admin, Y2030);
    // MONTH_3: PLIE A (CDI), PLIE B (job seeking), PLIE immersion (creation), FT (training): 2 durable of 4.
    expect(outcome(a.total, 'MONTH_3')).toEqual(['4', '2', '50.0 %']);
    // MONTH_6: PLIE A (CDD 3 months: not durable), PLIE B (CDD 6), PLIE immersion (interim 8); FT's unrecorded.
    expect(outcome(a.total, 'MONTH_6')).toEqual(['3', '2', '66.7 %']);
    // No referral in 2030: the follow-ups are placed by their due date, not by their referral's.
    expect(a.total.people!.referrals.display).toBe('0');
  });

  it('places them by due month and by their referral’s département', async () => {
    const byMonth = await indicators(TOKENS.admin, Y2030, ['MONTH']);
    expect(byMonth.rows.map((r) => r.keys[0].value)).toEqual(['2030-03', '2030-04', '2030-06', '2030-07']);
    expect(outcome(row(byMonth, '2030-03'), 'MONTH_3')).toEqual(['3', '1', '33.3 %']);
    expect(outcome(row(byMonth, '2030-04'), 'MONTH_3')).toEqual(['1', '1', '100.0 %']);
    expect(outcome(row(byMonth, '2030-06'), 'MONTH_6')).toEqual(['2', '1', '50.0 %']);
    expect(outcome(row(byMonth, '2030-06'), 'MONTH_3')).toEqual(['0', '0', '']);
    expect(outcome(row(byMonth, '2030-07'), 'MONTH_6')).toEqual(['1', '1', '100.0 %']);
    const byDepartement = await indicators(TOKENS.admin, Y2030, ['DEPARTEMENT']);
    expect(outcome(row(byDepartement, '33'), 'MONTH_3')).toEqual(['3', '2', '66.7 %']);
    expect(outcome(row(byDepartement, '33'), 'MONTH_6')).toEqual(['3', '2', '66.7 %']);
    expect(outcome(row(byDepartement, '93'), 'MONTH_3')).toEqual(['1', '0', '0.0 %']);
    // A filter on the referral's place: Gironde only.
    const gironde = await indicators(TOKENS.admin, { ...Y2030, departementCodes: ['33'] });
    expect(outcome(gironde.total, 'MONTH_3')).toEqual(['3', '2', '66.7 %']);
  });

  it('shows the prescriber its 3 follow-ups exactly, and the host company "< 5" with the rate withheld', async () => {
    const plie = await indicators(TOKENS.plie, Y2030);
    expect(outcome(plie.total, 'MONTH_3')).toEqual(['3', '2', '66.7 %']);
    expect(outcome(plie.total, 'MONTH_6')).toEqual(['3', '2', '66.7 %']);
    // Gros Œuvre hosted FT's session: 1 follow-up (not durable). "< 5"; durable 0 is no small count; the rate
    // (0 / 1) would give the 1 back, so it is withheld.
    const company = await indicators(TOKENS.company, Y2030);
    const m3 = company.total.people!.outcomes[0];
    expect(m3.recorded).toEqual({ value: null, suppressed: true, display: '< 5' });
    expect(m3.durable).toEqual({ value: 0, suppressed: false, display: '0' });
    expect(m3.durableRate).toEqual({ value: null, suppressed: true, display: 'hidden' });
    const portal = await indicators(TOKENS.portal, Y2030);
    expect(portal.total.people).toBeNull();
  });
});

/** The display of a figure as the export writes it: the number, or what the API shows when it is withheld. */
const shown = (c: Count) => (c.suppressed || c.value === null ? c.display : c.value);

async function csvOf(path: string, token: string, delimiter = ','): Promise<Record<string, string>[]> {
  const response = await get(path, token);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(Buffer.from(bytes), { bom: true, columns: true, delimiter }) as Record<string, string>[];
}

async function xlsxOf(path: string, token: string): Promise<Record<string, unknown>[]> {
  const response = await get(path, token);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const lines: Record<string, unknown>[] = [];
  sheet.eachRow((r, n) => {
    if (n === 1) return;
    const values = (r.values as unknown[]).slice(1);
    lines.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
  });
  return lines;
}

describe('GET /indicators.csv and /indicators.xlsx', () => {
  const query = () => `?from=${wide.from}&to=${wide.to}&groupBy=DEPARTEMENT,SESSION_KIND&departementCodes=93,33`;

  it('writes the GraphQL figures of the same filters, in CSV (`;`) and in XLSX', async () => {
    const a = await indicators(TOKENS.admin, { ...wide, departementCodes: ['93', '33'] }, ['DEPARTEMENT', 'SESSION_KIND']);
    const csv = await csvOf(`/indicators.csv${query()}&sep=semicolon`, TOKENS.admin, ';');
    const xlsx = await xlsxOf(`/indicators.xlsx${query()}`, TOKENS.admin);
    expect(csv).toHaveLength(a.rows.length + 1);
    expect(xlsx).toHaveLength(a.rows.length + 1);
    expect(csv[csv.length - 1]['Département']).toBe('Total');
    for (const [i, r] of [...a.rows, a.total].entries()) {
      if (i < a.rows.length) {
        expect(csv[i]['Département']).toBe(r.keys[0].value);
        expect(csv[i]['Type de séance']).toBe(r.keys[1].value ?? '(sans)');
      }
      expect(csv[i]['Séances tenues']).toBe(r.sessions ? String(r.sessions.held) : '');
      expect(csv[i]['Orientations']).toBe(String(shown(r.people!.referrals)));
      expect(csv[i]['Participants']).toBe(String(shown(r.people!.participants)));
      expect(csv[i]['Taux de présence']).toBe(r.people!.attendanceRate.display);
      expect(xlsx[i]['Participants']).toBe(shown(r.people!.participants));
      expect(xlsx[i]['Places offertes']).toBe(r.sessions ? r.sessions.seatsOffered : null);
      expect(xlsx[i]['Taux de présence']).toBe(r.people!.attendanceRate.value);
    }
    expect(a.total.people!.participants.value).toBe(13); // 93: 5, 33: 8 people (test/indicators.test.ts)
  });

  it('writes "< 5" and "hidden" exactly as the API shows them to a company', async () => {
    const a = await indicators(TOKENS.company, wide, ['SESSION_KIND']);
    const csv = await csvOf(`/indicators.csv?from=${wide.from}&to=${wide.to}&groupBy=SESSION_KIND`, TOKENS.company);
    const xlsx = await xlsxOf(`/indicators.xlsx?from=${wide.from}&to=${wide.to}&groupBy=SESSION_KIND`, TOKENS.company);
    const all = [...a.rows, a.total];
    expect(all.some((r) => r.people!.participants.display === '< 5')).toBe(true);
    for (const [i, r] of all.entries()) {
      expect(csv[i]['Participants']).toBe(String(shown(r.people!.participants)));
      expect(csv[i]['Orientations']).toBe(String(shown(r.people!.referrals)));
      expect(xlsx[i]['Participants']).toBe(shown(r.people!.participants));
    }
  });

  it('gives a portal the public figures only', async () => {
    const csv = await csvOf(`/indicators.csv?from=${wide.from}&to=${wide.to}`, TOKENS.portal);
    expect(Object.keys(csv[0])).toEqual(['Ligne', 'Séances tenues', 'Séances annulées', 'Places offertes', 'Offres d\'immersion publiées', 'Postes d\'immersion offerts']);
    const a = await indicators(TOKENS.portal, wide);
    expect(csv[0]['Places offertes']).toBe(String(a.total.sessions!.seatsOffered));
  });

  it('refuses without a token (401) and names the bad parameter (400)', async () => {
    expect((await get(`/indicators.csv${query()}`)).status).toBe(401);
    expect((await get(`/indicators.xlsx${query()}`, 'rls_not_a_token')).status).toBe(401);
    const refused = async (q: string) => {
      const response = await get(`/indicators.csv?${q}`, TOKENS.admin);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string; field: string } }[] };
      return [body.errors[0].extensions.code, body.errors[0].extensions.field, body.errors[0].message];
    };
    expect(await refused('to=2026-01-01')).toEqual(['BAD_USER_INPUT', 'from', 'from is required']);
    expect((await refused('from=2026-02-01&to=2026-01-01'))[1]).toBe('to');
    expect((await refused('from=2026-02-30&to=2026-03-01'))[1]).toBe('from');
    expect((await refused('from=2026-01-01&to=2026-03-01&groupBy=MONTH,PLANET'))[1]).toBe('groupBy');
    expect((await refused('from=2026-01-01&to=2026-03-01&groupBy=MONTH,YEAR,DEPARTEMENT'))[1]).toBe('groupBy');
    expect(await refused('from=2026-01-01&to=2026-03-01&romeCodes=F17,Z9')).toEqual(['BAD_USER_INPUT', 'romeCodes', 'romeCodes contains "Z9", which is not a ROME grand domaine (F) or domaine (F17)']);
    expect((await refused('from=2026-01-01&to=2026-03-01&sessionKinds=PICNIC'))[1]).toBe('sessionKinds');
    expect((await refused('from=2026-01-01&to=2026-03-01&sep=tab'))[1]).toBe('sep');
    expect((await refused('from=2026-01-01&to=2026-03-01&departement=93'))[1]).toBe('departement');
  });
});

describe('GET /referrals.csv and /referrals.xlsx', () => {
  const auditCount = async (accountRole: string) =>
    Number((await sql<{ n: string }>(t, `select count(*) as n from audit_log where operation = 'read:personalData' and role = ?`, [accountRole]))[0].n);

  it('lists a structure’s referrals with their free texts for a network admin, audited', async () => {
    const [crepi] = await sql<{ id: number }>(t, `select id from structure where name = 'CRÉPI Île-de-France'`);
    // Referrals prescribed by the CRÉPI or to its sessions, sent in the period.
    const expected = await sql<{ id: number; motive: string | null; participant_id: number }>(t, `select r.id, r.motive, r.participant_id from referral r
      left join session s on s.id = r.session_id where (r.prescriber_structure_id = ? or s.organiser_id = ?) order by r.id desc`, [crepi.id, crepi.id]);
    expect(expected.length).toBeGreaterThan(5);
    const before = await auditCount('NETWORK_ADMIN');
    const path = `?structure=${globalIdOf('Structure', crepi.id)}&from=${wide.from}&to=${wide.to}`;
    const csv = await csvOf(`/referrals.csv${path}`, TOKENS.admin);
    expect(csv.map((l) => l['Orientation'])).toEqual(expected.map((r) => globalIdOf('Referral', r.id)));
    expect(csv.map((l) => l['Motif de l\'orientation (données personnelles)'] || null)).toEqual(expected.map((r) => r.motive));
    const withText = new Set(expected.filter((r) => r.motive !== null).map((r) => r.participant_id));
    expect(withText.size).toBeGreaterThan(0);
    expect(await auditCount('NETWORK_ADMIN')).toBe(before + withText.size);
    const xlsx = await xlsxOf(`/referrals.xlsx${path}`, TOKENS.admin);
    expect(xlsx.map((l) => l['Orientation'])).toEqual(expected.map((r) => globalIdOf('Referral', r.id)));
    expect(xlsx.map((l) => l['Statut'])).toEqual(csv.map((l) => l['Statut']));
    // The period is the Paris day each referral was sent: one day holds exactly that day's referrals.
    const [{ day }] = await sql<{ day: string }>(t, `select (created_at at time zone 'Europe/Paris')::date::text as day from referral where id = ?`, [expected[0].id]);
    const ofDay = await sql<{ id: number }>(t, `select r.id from referral r left join session s on s.id = r.session_id
      where (r.prescriber_structure_id = ? or s.organiser_id = ?) and (r.created_at at time zone 'Europe/Paris')::date = ?::date order by r.id desc`, [crepi.id, crepi.id, day]);
    const oneDay = await csvOf(`/referrals.csv?structure=${globalIdOf('Structure', crepi.id)}&from=${day}&to=${day}&sep=semicolon`, TOKENS.admin, ';');
    expect(oneDay.map((l) => l['Orientation'])).toEqual(ofDay.map((r) => globalIdOf('Referral', r.id)));
    expect(oneDay.length).toBeLessThan(expected.length);
  });

  it('gives a company only the referrals it hosts, without the prescriber’s free texts, nothing audited', async () => {
    const [crepi] = await sql<{ id: number }>(t, `select id from structure where name = 'CRÉPI Île-de-France'`);
    const hosted = await sql<{ id: number }>(t, `select r.id from referral r join session s on s.id = r.session_id
      where s.organiser_id = ? and s.host_company_id = (select id from company where name = 'Gros Œuvre de la Plaine') order by r.id desc`, [crepi.id]);
    expect(hosted.length).toBeGreaterThan(0);
    const before = await auditCount('COMPANY_ADMIN');
    const csv = await csvOf(`/referrals.csv?structure=${globalIdOf('Structure', crepi.id)}&from=${wide.from}&to=${wide.to}`, TOKENS.company);
    expect(csv.map((l) => l['Orientation'])).toEqual(hosted.map((r) => globalIdOf('Referral', r.id)));
    for (const line of csv) {
      expect(line['Motif de l\'orientation (données personnelles)']).toBe('');
      expect(line['Note sur l\'issue (données personnelles)']).toBe('');
    }
    expect(await auditCount('COMPANY_ADMIN')).toBe(before);
    // A portal sees no referral at all.
    expect(await csvOf(`/referrals.csv?structure=${globalIdOf('Structure', crepi.id)}&from=${wide.from}&to=${wide.to}`, TOKENS.portal)).toEqual([]);
  });

  it('gives an organising structure the free texts of what it prescribed only, and a participant their own referrals', async () => {
    const [crepi] = await sql<{ id: number }>(t, `select id from structure where name = 'CRÉPI Île-de-France'`);
    const path = `/referrals.csv?structure=${globalIdOf('Structure', crepi.id)}&from=${wide.from}&to=${wide.to}`;
    // The CRÉPI organises the sessions; France Travail and Cap emploi prescribed to them: it reads their motive only
    // where it is the prescriber or the participant's referent (the FULL view).
    const all = await sql<{ id: number; motive: string | null; full: boolean; participant_id: number }>(t, `select r.id, r.motive, r.participant_id,
      (r.prescriber_structure_id = ? or p.referent_structure_id = ?) as full from referral r join participant p on p.id = r.participant_id
      left join session s on s.id = r.session_id where (r.prescriber_structure_id = ? or s.organiser_id = ?) order by r.id desc`, [crepi.id, crepi.id, crepi.id, crepi.id]);
    expect(all.some((r) => !r.full && r.motive !== null)).toBe(true);
    const csv = await csvOf(path, TOKENS.crepi);
    expect(csv.map((l) => l['Orientation'])).toEqual(all.map((r) => globalIdOf('Referral', r.id)));
    expect(csv.map((l) => l['Motif de l\'orientation (données personnelles)'] || null)).toEqual(all.map((r) => (r.full ? r.motive : null)));
    // Yacine (the demo participant) reads his own referrals among them, and nobody else's.
    const [yacine] = await sql<{ participant_id: number }>(t, `select participant_id from account where email = 'yacine.benali@example.org'`);
    const own = await csvOf(path, TOKENS.participant);
    expect(own.length).toBeGreaterThan(0);
    expect(own.map((l) => l['Orientation'])).toEqual(all.filter((r) => r.participant_id === yacine.participant_id).map((r) => globalIdOf('Referral', r.id)));
  });

  it('refuses without a token and names the bad parameter', async () => {
    expect((await get(`/referrals.csv?structure=x&from=2026-01-01&to=2026-02-01`)).status).toBe(401);
    const response = await get(`/referrals.xlsx?from=2026-01-01&to=2026-02-01`, TOKENS.admin);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { field: string } }[] }).errors[0].extensions.field).toBe('structure');
  });
});

describe('a referral export larger than a page', () => {
  it('streams every referral once, in order, across pages of 500', async () => {
    const [crepi] = await sql<{ id: number }>(t, `select id from structure where name = 'CRÉPI Île-de-France'`);
    // 1,100 cancelled copies of a referral to a CRÉPI session: three pages (500, 500, the rest).
    await sql(t, `insert into referral (participant_id, prescriber_structure_id, prescriber_account_id, session_id, status, motive, created_at, updated_at)
      select r.participant_id, r.prescriber_structure_id, r.prescriber_account_id, r.session_id, 'CANCELLED', 'copie ' || n, r.created_at, r.updated_at
      from referral r, generate_series(1, 1100) n
      where r.id = (select min(r2.id) from referral r2 join session s2 on s2.id = r2.session_id where s2.organiser_id = ?)`, [crepi.id]);
    const expected = await sql<{ id: number }>(t, `select r.id from referral r left join session s on s.id = r.session_id
      where (r.prescriber_structure_id = ? or s.organiser_id = ?) order by r.id desc`, [crepi.id, crepi.id]);
    expect(expected.length).toBeGreaterThan(1100);
    const path = `?structure=${globalIdOf('Structure', crepi.id)}&from=${wide.from}&to=${wide.to}`;
    const csv = await csvOf(`/referrals.csv${path}`, TOKENS.admin);
    expect(csv.map((l) => l['Orientation'])).toEqual(expected.map((r) => globalIdOf('Referral', r.id)));
    const xlsx = await xlsxOf(`/referrals.xlsx${path}`, TOKENS.admin);
    expect(xlsx).toHaveLength(expected.length);
    expect(xlsx[xlsx.length - 1]['Orientation']).toBe(globalIdOf('Referral', expected[expected.length - 1].id));
  });
});
