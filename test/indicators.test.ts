import { addDays, clockAt, nthWeekday, parisDay, type Clock } from '../seeds/demo/calendar';
import { DEMO_SESSIONS } from '../seeds/demo/sessions';
import { globalIdOf, sql } from './support/fixtures';
import { failure, TOKENS, withSqlCount } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

// Expected figures are counted by hand from the demo seeds (seeds/demo: sessions.ts, referrals.ts, offers.ts,
// commitments.ts, programmes.ts, participants.ts); comments say which rows make each number.

let t: TestServer;
let clock: Clock;
let wide: { from: string; to: string };

interface Count { value: number | null; suppressed: boolean; display: string }
interface Row {
  keys: { dimension: string; value: string | null; label: string | null }[];
  sessions: { held: number; cancelled: number; seatsOffered: number } | null;
  offers: { published: number; positions: number } | null;
  people: {
    referrals: Count; participants: Count; seatsFilled: Count; attended: Count; immersionsCompleted: Count;
    attendanceRate: { value: number | null; suppressed: boolean; display: string };
    byStatus: { status: string; count: Count }[];
  } | null;
  commitments: { axis: string; proposed: number; signed: number; fulfilled: number }[] | null;
  programmeTargets: { targetParticipants: number | null; targetSessions: number | null; targetImmersionsCompleted: number | null; targetDurableOutcomes: number | null } | null;
}
interface Answer { groupBy: string[]; rows: Row[]; total: Row }

const COUNT = 'value suppressed display';
const ROW = `keys { dimension value label } sessions { held cancelled seatsOffered } offers { published positions }
  people { referrals { ${COUNT} } participants { ${COUNT} } seatsFilled { ${COUNT} } attended { ${COUNT} } immersionsCompleted { ${COUNT} }
    attendanceRate { value suppressed display } byStatus { status count { ${COUNT} } } }
  commitments { axis proposed signed fulfilled }
  programmeTargets { targetParticipants targetSessions targetImmersionsCompleted targetDurableOutcomes }`;
const QUERY = `query($filter: IndicatorFilter!, $groupBy: [IndicatorDimension!]) {
  indicators(filter: $filter, groupBy: $groupBy) { groupBy rows { ${ROW} } total { ${ROW} } } }`;

async function indicators(token: string, filter: Record<string, unknown>, groupBy: string[] = []): Promise<Answer> {
  const { data } = await withSqlCount<{ indicators: Answer }>(t.client(token), QUERY, { filter: { ...wide, ...filter }, groupBy });
  return data.indicators;
}

const row = (answer: Answer, ...values: (string | null)[]) => {
  const found = answer.rows.find((r) => r.keys.every((k, i) => k.value === values[i]));
  if (!found) throw new Error(`no row ${JSON.stringify(values)} in ${JSON.stringify(answer.rows.map((r) => r.keys.map((k) => k.value)))}`);
  return found;
};
const exact = (c: Count | undefined) => (c && !c.suppressed ? c.value : `suppressed:${c?.display}`);
const statuses = (r: Row) => Object.fromEntries((r.people?.byStatus ?? []).map((s) => [s.status, exact(s.count)]));
const people = (r: Row) => ({ referrals: exact(r.people?.referrals), participants: exact(r.people?.participants) });

beforeAll(async () => {
  t = await startTestServer();
  // The demo network is dated from its seed time: read it, and compute every date from the seeds as they do.
  const [seeded] = await sql<{ imported_at: string }>(t, `select imported_at from reference_import where source = 'DEMO'`);
  clock = clockAt(new Date(seeded.imported_at));
  wide = { from: addDays(clock.today, -500), to: addDays(clock.today, 500) };
});
afterAll(async () => {
  await t?.stop();
});

/** The Paris day of a demo session, as seeds/demo/sessions.ts computes it. */
function sessionDay(key: keyof typeof DEMO_SESSIONS): string {
  const day = DEMO_SESSIONS[key].day;
  return 'nth' in day ? nthWeekday(clock.today, day.weekday, day.nth) : addDays(nthWeekday(clock.today, day.weekday, 1), 14 * day.fortnight);
}

describe('indicators for a network admin (exact figures)', () => {
  it('totals the whole network without grouping', async () => {
    const a = await indicators(TOKENS.admin, {});
    expect(a.rows).toEqual([]);
    // 17 sessions besides the draft: 14 of DEMO_SESSIONS + 3 rallye workshops; COMPLETED: crepiCoffreurPast, crepiBusPast,
    // plieVisitVignesPast, plieVisitMaconneriePast; CANCELLED: plieVisitChantierCancelled; seats: CRÉPI 6+6+6+15+5+6,
    // PLIE 8+8+5+8 (the cancelled 8 left out) + 8 (its visit hosted by the MFR), MFR 10, job dating 20, rallye 3×5 = 126.
    expect(a.total.sessions).toEqual({ held: 4, cancelled: 1, seatsOffered: 126 });
    // 7 offers published (the draft aside, the closed one in): positions 2+2+3+2+1+4+1.
    expect(a.total.offers).toEqual({ published: 7, positions: 15 });
    // 25 referrals to sessions + 8 to offers; all 15 participants.
    expect(people(a.total)).toEqual({ referrals: 33, participants: 15 });
    expect(statuses(a.total)).toEqual({ PENDING: 5, ACCEPTED: 13, WAITLISTED: 1, REFUSED: 2, CANCELLED: 2, ATTENDED: 2, NO_SHOW: 2, COMPLETED: 6 });
    // Seats: 10 ACCEPTED + 2 ATTENDED + 1 NO_SHOW + 5 COMPLETED on sessions (the seats_taken of the seeds add up to 18).
    expect(exact(a.total.people!.seatsFilled)).toBe(18);
    // Attended: 2 ATTENDED + 6 COMPLETED; absent: 2 → 8 / 10. Immersions completed: Julien's.
    expect(exact(a.total.people!.attended)).toBe(8);
    expect(a.total.people!.attendanceRate).toEqual({ value: 0.8, suppressed: false, display: '80.0 %' });
    expect(exact(a.total.people!.immersionsCompleted)).toBe(1);
    // Six commitments, their periods start from 455 days ago to today.
    expect(a.total.commitments).toEqual([
      { axis: 'SENSIBILISER', proposed: 1, signed: 1, fulfilled: 0 },
      { axis: 'FORMER', proposed: 2, signed: 2, fulfilled: 1 },
      { axis: 'RECRUTER', proposed: 2, signed: 1, fulfilled: 0 },
      { axis: 'ACHETER', proposed: 1, signed: 0, fulfilled: 0 },
    ]);
  });

  it('groups by département', async () => {
    const a = await indicators(TOKENS.admin, {}, ['DEPARTEMENT']);
    expect(a.rows.map((r) => [r.keys[0].value, r.keys[0].label])).toEqual([['33', 'Gironde'], ['59', 'Nord'], ['93', 'Seine-Saint-Denis']]);
    // 93: the CRÉPI's 6 sessions and 3 workshops; 33: the PLIE's 6 (one hosted by the MFR) and the MFR's; 59: the job dating.
    expect(row(a, '93').sessions).toEqual({ held: 2, cancelled: 0, seatsOffered: 59 });
    expect(row(a, '33').sessions).toEqual({ held: 2, cancelled: 1, seatsOffered: 47 });
    expect(row(a, '59').sessions).toEqual({ held: 0, cancelled: 0, seatsOffered: 20 });
    expect(row(a, '93').offers).toEqual({ published: 3, positions: 7 });
    expect(row(a, '33').offers).toEqual({ published: 3, positions: 4 });
    expect(row(a, '59').offers).toEqual({ published: 1, positions: 4 });
    // 93: 10 to CRÉPI sessions + Yacine's and Kevin's immersions (Yacine, Kevin, Aminata, Mehdi, Sandrine);
    // 33: 13 to PLIE and MFR sessions + 4 immersions (8 people); 59: 2 + 2 (Sabrina, Dylan).
    expect(people(row(a, '93'))).toEqual({ referrals: 12, participants: 5 });
    expect(people(row(a, '33'))).toEqual({ referrals: 17, participants: 8 });
    expect(people(row(a, '59'))).toEqual({ referrals: 4, participants: 2 });
    // Commitments at their company's place: Gros Œuvre (2), Transports, Ateliers in 93; Vignobles in 33; Hainaut Logistique in 59.
    expect(row(a, '93').commitments!.map((c) => c.proposed)).toEqual([1, 1, 1, 1]);
    expect(row(a, '33').commitments!.map((c) => c.signed)).toEqual([0, 1, 0, 0]);
    expect(row(a, '59').commitments!.map((c) => [c.proposed, c.signed])).toEqual([[0, 0], [0, 0], [1, 0], [0, 0]]);
  });

  it('groups the sessions of Seine-Saint-Denis by kind, immersions apart', async () => {
    const a = await indicators(TOKENS.admin, { departementCodes: ['93'] }, ['SESSION_KIND']);
    expect(a.rows.map((r) => r.keys[0].value)).toEqual(['AMBASSADEURS_DES_METIERS', 'COMPANY_VISIT', 'RALLYE', null]);
    expect(row(a, 'AMBASSADEURS_DES_METIERS').sessions).toEqual({ held: 2, cancelled: 0, seatsOffered: 29 });
    expect(people(row(a, 'AMBASSADEURS_DES_METIERS'))).toEqual({ referrals: 10, participants: 5 });
    expect(row(a, 'COMPANY_VISIT').sessions).toEqual({ held: 0, cancelled: 0, seatsOffered: 15 });
    expect(row(a, 'RALLYE').sessions).toEqual({ held: 0, cancelled: 0, seatsOffered: 15 });
    // Immersions have no session kind: Yacine's (ACCEPTED) and Kevin's (PENDING).
    expect(statuses(row(a, null))).toMatchObject({ ACCEPTED: 1, PENDING: 1 });
    expect(row(a, null).offers).toBeNull();
    expect(a.total.offers).toBeNull();
  });

  it('groups Nouvelle-Aquitaine by ROME domaine', async () => {
    const a = await indicators(TOKENS.admin, { regionCodes: ['75'] }, ['ROME_DOMAINE']);
    expect(a.rows.map((r) => [r.keys[0].value, r.keys[0].label])).toEqual([
      ['A14', expect.any(String)], ['D11', expect.any(String)], ['F17', expect.any(String)],
    ]);
    // A14: the two vineyard visits (8, 5), the MFR workshop (10) and the PLIE's visit at the MFR (8); F17: the two
    // masonry visits (8 + 8, one cancelled).
    expect(row(a, 'A14').sessions).toEqual({ held: 1, cancelled: 0, seatsOffered: 31 });
    expect(row(a, 'F17').sessions).toEqual({ held: 1, cancelled: 1, seatsOffered: 16 });
    expect(row(a, 'D11').offers).toEqual({ published: 1, positions: 1 });
    // A14: 2 + 6 visit referrals, 2 workshop, Mathieu's vineyard immersion; F17: 2 + 1 + Julien's and Mathieu's immersions.
    expect(exact(row(a, 'A14').people!.referrals)).toBe(11);
    expect(exact(row(a, 'F17').people!.referrals)).toBe(5);
    expect(exact(row(a, 'D11').people!.referrals)).toBe(1);
    expect(exact(row(a, 'F17').people!.immersionsCompleted)).toBe(1);
    expect(a.total.commitments).toBeNull();
  });

  it('sets each programme’s targets beside what it achieved', async () => {
    const a = await indicators(TOKENS.admin, {}, ['PROGRAMME']);
    const [ambassadeurs] = await sql<{ id: number }>(t, `select id from programme where kind = 'AMBASSADEURS_DES_METIERS'`);
    const [visits] = await sql<{ id: number }>(t, `select id from programme where kind = 'SITE_VISITS'`);
    const amb = row(a, globalIdOf('Programme', ambassadeurs.id));
    // The CRÉPI's five Ambassadeurs sessions (two held), 10 referrals of 5 people, against 40 people and 12 sessions.
    expect(amb.sessions).toEqual({ held: 2, cancelled: 0, seatsOffered: 29 });
    expect(people(amb)).toEqual({ referrals: 10, participants: 5 });
    expect(amb.programmeTargets).toEqual({ targetParticipants: 40, targetSessions: 12, targetImmersionsCompleted: null, targetDurableOutcomes: 8 });
    const bam = row(a, globalIdOf('Programme', visits.id));
    expect(bam.sessions).toEqual({ held: 2, cancelled: 1, seatsOffered: 29 });
    expect(people(bam)).toEqual({ referrals: 11, participants: 7 });
    expect(bam.programmeTargets).toMatchObject({ targetParticipants: 60, targetSessions: 24 });
    // Outside any programme: the 3e visit, the MFR workshop, the PLIE's visit at the MFR, the job dating, the rallye; every offer.
    expect(row(a, null).sessions).toEqual({ held: 0, cancelled: 0, seatsOffered: 68 });
    expect(row(a, null).programmeTargets).toBeNull();
  });

  it('groups company visits by structure, offers left out by the session-kind filter', async () => {
    const a = await indicators(TOKENS.admin, { sessionKinds: ['COMPANY_VISIT'] }, ['STRUCTURE']);
    const [crepi] = await sql<{ id: number }>(t, `select id from structure where name = 'CRÉPI Île-de-France'`);
    const [plie] = await sql<{ id: number }>(t, `select id from structure where name = 'PLIE du Libournais'`);
    expect(row(a, globalIdOf('Structure', crepi.id)).sessions).toEqual({ held: 0, cancelled: 0, seatsOffered: 15 });
    // STRUCTURE is the organiser: the PLIE's visit hosted by the MFR (8 seats) is the PLIE's, the MFR has no row of it.
    expect(row(a, globalIdOf('Structure', plie.id))).toMatchObject({ sessions: { held: 2, cancelled: 1, seatsOffered: 37 }, keys: [{ label: 'PLIE du Libournais' }] });
    expect(exact(row(a, globalIdOf('Structure', plie.id)).people!.referrals)).toBe(11);
    expect(a.total.offers).toBeNull();
    expect(a.rows).toHaveLength(2);
  });

  it('groups Gironde by age band at registration', async () => {
    const a = await indicators(TOKENS.admin, { departementCodes: ['33'] }, ['AGE_BAND']);
    expect(a.total.sessions).toBeNull();
    // 26-44: Fatima, Mathieu ×3, Julien; 45+: Nathalie ×3, Christophe ×2; 18-25: Théo ×3, Inès ×2; 16-17: Léa ×2.
    expect(a.rows.map((r) => [r.keys[0].value, exact(r.people!.referrals)])).toEqual([['16-17', 2], ['18-25', 5], ['26-44', 5], ['45+', 5]]);
    expect(exact(row(a, '26-44').people!.participants)).toBe(3);
  });

  it('filters by programme and ROME grand domaine', async () => {
    const [ambassadeurs] = await sql<{ id: number }>(t, `select id from programme where kind = 'AMBASSADEURS_DES_METIERS'`);
    const a = await indicators(TOKENS.admin, { programmes: [globalIdOf('Programme', ambassadeurs.id)], romeCodes: ['F'] });
    // Coffreur sessions (past and next) and the stone-cutting one: 6 + 6 + 5 seats; 3 + 2 + 2 referrals.
    expect(a.total.sessions).toEqual({ held: 1, cancelled: 0, seatsOffered: 17 });
    expect(exact(a.total.people!.referrals)).toBe(7);
    expect(a.total.offers).toEqual({ published: 0, positions: 0 });
    expect(a.total.commitments).toBeNull();
  });

  it('filters by commune, commitments at their company', async () => {
    const a = await indicators(TOKENS.admin, { communeCodes: ['93001'] });
    // Aubervilliers: the stone-cutting session and rallye workshop 2 (5 + 5); Aminata, Sandrine and Kevin's immersion.
    expect(a.total.sessions).toEqual({ held: 0, cancelled: 0, seatsOffered: 10 });
    expect(people(a.total)).toEqual({ referrals: 3, participants: 3 });
    expect(a.total.commitments!.find((c) => c.axis === 'ACHETER')).toEqual({ axis: 'ACHETER', proposed: 1, signed: 0, fulfilled: 0 });
  });

  it('groups by month (Paris time) and by year and département', async () => {
    const a = await indicators(TOKENS.admin, {}, ['MONTH']);
    // Sessions counted by hand in the month of their seed day; the rallye is the 3rd Wednesday after the seed.
    const expected = new Map<string, number>();
    const add = (day: string, seats: number) => expected.set(day.slice(0, 7), (expected.get(day.slice(0, 7)) ?? 0) + seats);
    for (const [key, seed] of Object.entries(DEMO_SESSIONS)) {
      if (seed.status === 'DRAFT' || seed.status === 'CANCELLED') continue;
      add(sessionDay(key as keyof typeof DEMO_SESSIONS), seed.capacity);
    }
    add(nthWeekday(clock.today, 3, 3), 15);
    for (const [month, seats] of expected) expect([month, row(a, month).sessions?.seatsOffered]).toEqual([month, seats]);
    const held = new Map<string, number>();
    for (const key of ['crepiCoffreurPast', 'crepiBusPast', 'plieVisitVignesPast', 'plieVisitMaconneriePast'] as const) {
      const month = sessionDay(key).slice(0, 7);
      held.set(month, (held.get(month) ?? 0) + 1);
    }
    for (const [month, n] of held) expect(row(a, month).sessions?.held).toBe(n);

    const b = await indicators(TOKENS.admin, {}, ['YEAR', 'DEPARTEMENT']);
    // The job dating (the 3rd Thursday after the seed) is the only session of 59; Hainaut Logistique's offer was published 9 days ago.
    const jobYear = sessionDay('jobDatingValenciennes').slice(0, 4);
    const offerYear = parisDay(new Date(clock.now.getTime() - 9 * 86_400_000)).slice(0, 4);
    expect(row(b, jobYear, '59').sessions?.seatsOffered).toBe(20);
    expect(row(b, offerYear, '59').offers?.positions).toBe(4);
    expect(b.groupBy).toEqual(['YEAR', 'DEPARTEMENT']);
  });
});

describe('indicators by rights', () => {
  const displays = (r: Row) => Object.fromEntries(r.people!.byStatus.map((s) => [s.status, s.count.display]));

  it('a structure counts its own activity and what it prescribed, and its animated commitments', async () => {
    const crepi = await indicators(TOKENS.crepi, {});
    // The CRÉPI runs the sessions of 10 referrals and prescribes none: PENDING Sandrine, ACCEPTED Kevin, Mehdi, Aminata,
    // REFUSED Sandrine, CANCELLED Aminata, ATTENDED Aminata, NO_SHOW Kevin, COMPLETED Yacine and Mehdi. It reads none
    // of these people in full, so every small count reads "< 5".
    expect(displays(crepi.total)).toEqual({ PENDING: '< 5', ACCEPTED: '< 5', WAITLISTED: '0', REFUSED: '< 5', CANCELLED: '< 5', ATTENDED: '< 5', NO_SHOW: '< 5', COMPLETED: '< 5' });
    expect(crepi.total.commitments!.map((c) => c.proposed)).toEqual([1, 1, 1, 1]);
    // Public figures are the network's, whoever asks.
    expect(crepi.total.sessions).toEqual({ held: 4, cancelled: 1, seatsOffered: 126 });

    const ft = await indicators(TOKENS.franceTravail, {});
    // France Travail prescribed for Yacine (2), Kevin (3), Aminata (3): it reads them all, so nothing is withheld.
    expect(people(ft.total)).toEqual({ referrals: 8, participants: 3 });
    expect(statuses(ft.total)).toEqual({ PENDING: 1, ACCEPTED: 3, WAITLISTED: 0, REFUSED: 0, CANCELLED: 1, ATTENDED: 1, NO_SHOW: 1, COMPLETED: 1 });
    expect(ft.total.commitments!.every((c) => c.proposed === 0)).toBe(true);

    const plie = await indicators(TOKENS.plie, {});
    // The PLIE: its sessions' 11 referrals and the 3 immersions it prescribed (Mathieu ×2, Julien). Four of them were
    // prescribed by the mission locale (Théo ×2, Léa, Inès): not all readable, so small counts are withheld; ACCEPTED
    // (Léa, Théo, Nathalie, Mathieu, Christophe) is 5.
    expect(displays(plie.total)).toEqual({ PENDING: '< 5', ACCEPTED: '5', WAITLISTED: '< 5', REFUSED: '0', CANCELLED: '< 5', ATTENDED: '< 5', NO_SHOW: '< 5', COMPLETED: '< 5' });
  });

  it('a company counts its hosting and its own commitments', async () => {
    const a = await indicators(TOKENS.company, {});
    // Gros Œuvre de la Plaine hosts crepiCoffreurPast (Yacine COMPLETED, Kevin NO_SHOW, Aminata ATTENDED) and
    // crepiCoffreur (Kevin, Mehdi ACCEPTED), offers coffreurRecrutement (Yacine ACCEPTED).
    expect(displays(a.total)).toEqual({ PENDING: '0', ACCEPTED: '< 5', WAITLISTED: '0', REFUSED: '0', CANCELLED: '0', ATTENDED: '< 5', NO_SHOW: '< 5', COMPLETED: '< 5' });
    expect(a.total.commitments!.map((c) => c.proposed)).toEqual([1, 0, 1, 0]);
    expect(a.total.sessions).toEqual({ held: 4, cancelled: 1, seatsOffered: 126 });
  });

  it.each([['portal', TOKENS.portal], ['participant', TOKENS.participant]])('a %s reads public figures only', async (_, token) => {
    const a = await indicators(token, {}, ['DEPARTEMENT']);
    expect(a.total.people).toBeNull();
    expect(a.total.commitments).toBeNull();
    expect(a.total.sessions).toEqual({ held: 4, cancelled: 1, seatsOffered: 126 });
    expect(a.total.offers).toEqual({ published: 7, positions: 15 });
    expect(row(a, '93').people).toBeNull();
  });

  it('refuses bad input with its field', async () => {
    const url = t.server.url;
    const q = `query($f: IndicatorFilter!, $g: [IndicatorDimension!]) { indicators(filter: $f, groupBy: $g) { total { sessions { held } } } }`;
    expect(await failure(url, TOKENS.admin, q, { f: { from: '2026-02-01', to: '2026-01-01' } })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['filter.to'] });
    expect(await failure(url, TOKENS.admin, q, { f: wide, g: ['MONTH', 'DEPARTEMENT', 'AGE_BAND'] })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['groupBy'] });
    expect(await failure(url, TOKENS.admin, q, { f: { ...wide, romeCodes: ['F17', 'Z9'] } })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['filter.romeCodes'] });
  });

  it('pages through the rows with first and after, rowCount giving them all', async () => {
    const groupBy = ['MONTH', 'DEPARTEMENT'];
    const paged = `query($f: IndicatorFilter!, $g: [IndicatorDimension!], $first: Int, $after: String) {
      indicators(filter: $f, groupBy: $g) { rowCount rows(first: $first, after: $after) { cursor keys { value } } total { cursor } } }`;
    type Page = { rowCount: number; rows: { cursor: string; keys: { value: string | null }[] }[]; total: { cursor: string | null } };
    const read = async (first?: number, after?: string) =>
      (await t.client(TOKENS.admin).request<{ indicators: Page }>(paged, { f: wide, g: groupBy, first, after })).indicators;
    const whole = await read();
    const keysOf = (p: Page) => p.rows.map((r) => r.keys.map((k) => k.value));
    // The demo's months by département: more rows than the page of 3 read below, fewer than the default page.
    expect(whole.rowCount).toBe(whole.rows.length);
    expect(whole.rowCount).toBeGreaterThan(3);
    expect(whole.total.cursor).toBeNull();
    const pages: Page[] = [];
    let after: string | undefined;
    do {
      const page = await read(3, after);
      expect(page.rowCount).toBe(whole.rowCount);
      expect(page.rows.length).toBeLessThanOrEqual(3);
      pages.push(page);
      after = page.rows.at(-1)?.cursor;
    } while (pages.at(-1)!.rows.length === 3);
    expect(pages.flatMap(keysOf)).toEqual(keysOf(whole));

    const url = t.server.url;
    const q = `query($f: IndicatorFilter!, $first: Int, $after: String) { indicators(filter: $f, groupBy: [MONTH]) { rows(first: $first, after: $after) { cursor } } }`;
    expect(await failure(url, TOKENS.admin, q, { f: wide, first: 0 })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['first'] });
    expect(await failure(url, TOKENS.admin, q, { f: wide, first: 401 })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['first'] });
    expect(await failure(url, TOKENS.admin, q, { f: wide, after: 'bm90IGEgY3Vyc29y' })).toMatchObject({ codes: ['BAD_USER_INPUT'], fields: ['after'] });
  });
});

/**
 * Whether a withheld figure can be recomputed from the figures shown, through the relations anyone can read in the
 * documentation: every row's referrals add up its statuses, attended is ATTENDED + COMPLETED, a session row's seats
 * filled are its seat-holding statuses, an immersion row's completed immersions its ATTENDED + COMPLETED, and each
 * additive figure of the total adds up the rows. Linear algebra: the figure is determined when its unit vector lies
 * in the row space of the relations restricted to the withheld figures.
 */
function determined(answer: Answer, target: string): boolean {
  const figures = new Map<string, Count>();
  const rows = [...answer.rows.map((r, i) => [`r${i}`, r] as const), ['total', answer.total] as const];
  for (const [name, r] of rows) {
    if (!r.people) continue;
    for (const f of ['referrals', 'participants', 'seatsFilled', 'attended', 'immersionsCompleted'] as const) figures.set(`${name}.${f}`, r.people[f]);
    for (const s of r.people.byStatus) figures.set(`${name}.${s.status}`, s.count);
  }
  const relations: Map<string, number>[] = [];
  const relation = (terms: [string, number][]) => relations.push(new Map(terms));
  for (const [name, r] of rows) {
    if (!r.people) continue;
    const st = r.people.byStatus.map((s) => s.status);
    relation([[`${name}.referrals`, 1], ...st.map((s): [string, number] => [`${name}.${s}`, -1])]);
    relation([[`${name}.attended`, 1], [`${name}.ATTENDED`, -1], [`${name}.COMPLETED`, -1]]);
    const immersions = r.keys[0]?.value === null;
    if (name !== 'total' && immersions) relation([[`${name}.immersionsCompleted`, 1], [`${name}.ATTENDED`, -1], [`${name}.COMPLETED`, -1]]);
    if (name !== 'total' && !immersions) {
      relation([[`${name}.seatsFilled`, 1], ...['ACCEPTED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'].map((s): [string, number] => [`${name}.${s}`, -1])]);
    }
  }
  for (const f of ['referrals', 'seatsFilled', 'attended', 'immersionsCompleted', 'PENDING', 'ACCEPTED', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED']) {
    relation([[`total.${f}`, 1], ...answer.rows.map((_, i): [string, number] => [`r${i}.${f}`, -1])]);
  }
  const unknowns = [...figures.entries()].filter(([, c]) => c.suppressed).map(([id]) => id);
  const matrix = relations.map((rel) => unknowns.map((u) => rel.get(u) ?? 0)).filter((v) => v.some((x) => x !== 0));
  const rank = (m: number[][]) => {
    const a = m.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < unknowns.length && r < a.length; c++) {
      const p = a.findIndex((row, i) => i >= r && Math.abs(row[c]) > 1e-9);
      if (p < 0) continue;
      [a[r], a[p]] = [a[p], a[r]];
      for (let i = 0; i < a.length; i++) if (i !== r && Math.abs(a[i][c]) > 1e-9) { const k = a[i][c] / a[r][c]; a[i] = a[i].map((x, j) => x - k * a[r][j]); }
      r++;
    }
    return r;
  };
  const unit = unknowns.map((u) => (u === target ? 1 : 0));
  return rank([...matrix, unit]) === rank(matrix);
}

describe('the small-count rule', () => {
  // Saint-Denis, the last 30 days: the past coffreur session (Yacine COMPLETED, Kevin NO_SHOW, Aminata ATTENDED), hosted
  // by Gros Œuvre de la Plaine and prescribed by France Travail, and Yacine's immersion at the same company (ACCEPTED).
  const filter = () => ({ communeCodes: ['93066'], from: addDays(clock.today, -30), to: clock.today });

  it('shows the referent structure its 3 participants', async () => {
    const a = await indicators(TOKENS.franceTravail, filter(), ['SESSION_KIND']);
    const amb = row(a, 'AMBASSADEURS_DES_METIERS');
    expect(amb.people!.participants).toEqual({ value: 3, suppressed: false, display: '3' });
    expect(statuses(amb)).toMatchObject({ COMPLETED: 1, NO_SHOW: 1, ATTENDED: 1 });
    expect(exact(a.total.people!.referrals)).toBe(4);
  });

  it('shows the host company "< 5", and no combination of what it shows gives the 3 back', async () => {
    const a = await indicators(TOKENS.company, filter(), ['SESSION_KIND']);
    const amb = row(a, 'AMBASSADEURS_DES_METIERS');
    expect(amb.people!.participants).toEqual({ value: null, suppressed: true, display: '< 5' });
    expect(amb.people!.referrals.suppressed).toBe(true);
    expect(a.total.people!.participants.suppressed).toBe(true);
    const index = a.rows.indexOf(amb);
    for (const figure of ['participants', 'referrals', 'COMPLETED', 'NO_SHOW', 'ATTENDED', 'seatsFilled', 'attended']) {
      expect([figure, determined(a, `r${index}.${figure}`)]).toEqual([figure, false]);
    }
    // Every figure shown is 0 or at least 5.
    const shown = [a.total, ...a.rows].flatMap((r) => [r.people!.referrals, r.people!.participants, ...r.people!.byStatus.map((s) => s.count)]).filter((c) => !c.suppressed);
    expect(shown.every((c) => c.value === 0 || c.value! >= 5)).toBe(true);
    // The rate would give the ratio of two small counts away: withheld too.
    expect(amb.people!.attendanceRate.suppressed).toBe(true);
  });

  it('the checker itself finds a count shown alone beside its total', () => {
    const c = (value: number | null): Count => ({ value, suppressed: value === null, display: String(value) });
    const people = (referrals: number | null, pending: number | null) => ({
      referrals: c(referrals), participants: c(null), seatsFilled: c(0), attended: c(0), immersionsCompleted: c(0),
      attendanceRate: { value: null, suppressed: false, display: '' },
      byStatus: ['PENDING', 'ACCEPTED', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'].map((status) => ({ status, count: c(status === 'PENDING' ? pending : 0) })),
    });
    const base = { sessions: null, offers: null, commitments: null, programmeTargets: null };
    const leaky: Answer = { groupBy: ['SESSION_KIND'], rows: [{ ...base, keys: [{ dimension: 'SESSION_KIND', value: 'RALLYE', label: null }], people: people(null, null) }], total: { ...base, keys: [], people: people(3, 3) } };
    expect(determined(leaky, 'r0.PENDING')).toBe(true);
  });
});
