import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildRelaisSchema } from '../src/graphql/schema';
import { loadConfig } from '../src/server/config';
import { mountConsole } from '../src/server/console';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, SAINT_DENIS, sql } from './support/fixtures';
import { TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * The console (src/server/console.ts, console/) in a real browser: Debian's Chromium driven by playwright-core. Where
 * Chromium cannot start, the browser tests are skipped with the reason printed (RELAIS_REQUIRE_BROWSER_TEST=true, as
 * in CI, makes that a failure). RELAIS_SCREENSHOTS=docs writes the pages' screenshots to docs/console-*.png.
 */

const CHROMIUM = process.env.RELAIS_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.RELAIS_SCREENSHOTS === 'docs' ? path.resolve(__dirname, '../docs') : fs.mkdtempSync(path.join(os.tmpdir(), 'relais-console-'));

/** Why Chromium cannot start here, or null when it can (it is started once, headless, on an empty page). */
function chromiumProblem(): string | null {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  const run = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', 'about:blank'], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) return `${CHROMIUM} did not start: ${run.error.message}`;
  if (run.status !== 0) return `${CHROMIUM} exited with ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return null;
}

const problem = chromiumProblem();
if (problem) {
  if (process.env.RELAIS_REQUIRE_BROWSER_TEST === 'true') throw new Error(`the browser tests are required, but ${problem}`);
  // Printed, never silent: the run says which tests did not run, and why.
  process.stderr.write(`\n*** test/console.browser.test.ts: browser tests SKIPPED: ${problem}\n\n`);
}
const browserDescribe = problem ? describe.skip : describe;

describe('the console without a browser', () => {
  const consoleApp = async (env: Record<string, string>) => {
    const app = express();
    const authenticate = async (req: express.Request) => {
      if (req.headers.authorization !== `Bearer ${TOKENS.portal}`) throw new Error('UNAUTHENTICATED');
    };
    mountConsole(app, { config: loadConfig({ DATABASE_URL: 'postgresql://localhost/unused', ...env }), schema: await buildRelaisSchema(), authenticate });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
  };

  it('offers the demo tokens in development only, and the schema/examples operations', async () => {
    const dev = await consoleApp({});
    const prod = await consoleApp({ NODE_ENV: 'production' });
    try {
      const devSettings = (await (await fetch(`${dev.base}/console/settings.json`)).json()) as { demoTokens: { secret: string }[]; examples: { name: string }[] };
      expect(devSettings.demoTokens.map((t) => t.secret)).toEqual(expect.arrayContaining(Object.values(TOKENS)));
      const examples = fs.readdirSync(path.resolve(__dirname, '../schema/examples')).filter((f) => f.endsWith('.graphql'));
      expect(devSettings.examples.map((e) => `${e.name}.graphql`)).toEqual(examples.sort());
      const prodSettings = (await (await fetch(`${prod.base}/console/settings.json`)).json()) as { demoTokens: unknown[] };
      expect(prodSettings.demoTokens).toEqual([]);
      // The pages in production hold no demo secret either.
      for (const page of ['', 'graphiql', 'orientations']) expect(await (await fetch(`${prod.base}/console/${page}`)).text()).not.toMatch(/rls_demo/);
    } finally {
      await dev.close();
      await prod.close();
    }
  });

  it('gives GraphiQL the schema as SDL: to a valid token, and only where introspection is on', async () => {
    const dev = await consoleApp({});
    const prod = await consoleApp({ NODE_ENV: 'production' });
    try {
      const sdl = await fetch(`${dev.base}/console/schema.graphql`, { headers: { authorization: `Bearer ${TOKENS.portal}` } });
      expect(sdl.status).toBe(200);
      expect(fs.readFileSync(path.resolve(__dirname, '../schema/schema.graphql'), 'utf8').endsWith(`\n${await sdl.text()}\n`)).toBe(true);
      expect((await fetch(`${dev.base}/console/schema.graphql`)).status).toBe(401);
      expect((await fetch(`${prod.base}/console/schema.graphql`, { headers: { authorization: `Bearer ${TOKENS.portal}` } })).status).toBe(404);
    } finally {
      await dev.close();
      await prod.close();
    }
  });

  it('serves only the listed vendor files, with a policy allowing no other origin', async () => {
    const dev = await consoleApp({});
    try {
      const page = await fetch(`${dev.base}/console/graphiql`);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self' 'sha256-/);
      const react = await fetch(`${dev.base}/console/vendor/react.js`);
      expect(react.status).toBe(200);
      expect(react.headers.get('content-type')).toMatch(/javascript/);
      // Chart.js's UMD build, on the indicators page only.
      const chart = await fetch(`${dev.base}/console/vendor/chart.js`);
      expect([chart.status, chart.headers.get('content-type'), (await chart.text()).split('\n')[1]]).toEqual([200, expect.stringMatching(/javascript/), ' * Chart.js v4.6.1']);
      expect(await (await fetch(`${dev.base}/console/indicateurs`)).text()).toContain('<script src="/console/vendor/chart.js"></script>');
      expect(await (await fetch(`${dev.base}/console/seances`)).text()).not.toContain('chart.js');
      expect((await fetch(`${dev.base}/console/vendor/package.json`)).status).toBe(404);
      expect((await fetch(`${dev.base}/console/vendor/constructor`)).status).toBe(404);
      expect((await fetch(`${dev.base}/console/vendor/..%2F..%2Fpackage.json`)).status).toBe(404);
      expect((await fetch(`${dev.base}/console/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
    } finally {
      await dev.close();
    }
  });
});

browserDescribe('the console in Chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let origin: string;
  /** Requests the pages made to anything but the hub: there must be none (no CDN). */
  const outside: string[] = [];
  /** Errors the pages threw or logged. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The account page's webhook endpoint is on this machine (no other host resolves here).
    t = await startTestServer({ RELAIS_WEBHOOK_ALLOW_PRIVATE: 'true' });
    origin = new URL(t.server.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach(() => {
    const seen = { outside: outside.splice(0), pageErrors: pageErrors.splice(0) };
    expect(seen).toEqual({ outside: [], pageErrors: [] });
  });

  async function open(pathname: string, options: { token?: string; width?: number; height?: number } = {}): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    // Everything not from the hub is refused and recorded: the console must work on a network without internet.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    // The token as the pages keep it (sessionStorage), as if typed in the form earlier in the tab.
    if (options.token) await context.addInitScript(`sessionStorage.setItem('relais.token', ${JSON.stringify(options.token)})`);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${pathname}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${pathname}: ${message.text()}`);
    });
    await page.goto(`${origin}${pathname}`);
    return { page, context };
  }

  const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `console-${name}.png`), fullPage: true });

  it('GraphiQL: a browser opening /graphql lands on it; a token typed in, a query and a subscription run, an example loads', async () => {
    const { page, context } = await open('/graphql');
    expect(new URL(page.url()).pathname).toBe('/console/graphiql');
    await page.getByLabel('Jeton', { exact: true }).fill(TOKENS.crepi);
    await page.getByRole('button', { name: 'Utiliser' }).click();
    await page.getByRole('status').getByText('Jeton actif').waitFor();
    // The schema loads with the token (introspection): the docs show the Query type.
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    // Typed through CodeMirror's own API: typing keys would meet its bracket auto-closing.
    await page.locator('.graphiql-query-editor .CodeMirror').evaluate((el) =>
      (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue('query Moi { viewer { displayName role structure { name } } }'),
    );
    await page.getByRole('button', { name: /Execute query/ }).click();
    const response = page.locator('.graphiql-response .CodeMirror');
    await response.getByText('"displayName"').waitFor();
    const text = await response.evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
    const expected = await t.client(TOKENS.crepi).request('query Moi { viewer { displayName role structure { name } } }');
    expect(JSON.parse(text)).toMatchObject({ data: expected });

    // A subscription runs over graphql-ws: from the latest cursor, so that the offer published next is in it.
    const { latestEventCursor } = await t.client(TOKENS.crepi).request<{ latestEventCursor: string }>('{ latestEventCursor }');
    await page.locator('.graphiql-query-editor .CodeMirror').evaluate(
      (el, cursor) => (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(`subscription NouvellesOffres { immersionOfferPublished(after: "${cursor}") { immersionOffer { title } } }`),
      latestEventCursor,
    );
    await page.locator('.graphiql-tab').getByText('NouvellesOffres').waitFor();
    await page.getByRole('button', { name: /Execute query/ }).click();
    await publishOffer('Immersion en atelier de taille de pierre');
    await response.getByText('Immersion en atelier de taille de pierre').waitFor();
    await page.locator('.graphiql-execute-button').click(); // stops the subscription

    // The schema/examples operations: one click puts one in the editor.
    await page.getByRole('button', { name: 'Show Exemples' }).click();
    await page.getByRole('button', { name: 'ambassadeurs-sessions' }).click();
    const query = await page.locator('.graphiql-query-editor .CodeMirror').evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
    expect(query).toBe(fs.readFileSync(path.resolve(__dirname, '../schema/examples/ambassadeurs-sessions.graphql'), 'utf8'));
    await page.locator('.graphiql-execute-button').click();
    await response.getByText('"totalCount"').waitFor();
    await shoot(page, 'graphiql');
    await context.close();
  });

  const structureOf = async (token: string) => keyOf((await t.client(token).request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }')).viewer.structure.id);

  /** A published session of the CRÉPI with `capacity` seats, and PLIE referrals to it of people named `names`. */
  async function sessionWithReferrals(title: string, capacity: number, names: [string, string][]): Promise<{ session: number; referralIds: string[] }> {
    const session = await createPublishedSession(t, await structureOf(TOKENS.crepi), capacity, 16, SAINT_DENIS);
    await sql(t, 'update session set title = ? where id = ?', [title, session]);
    const participants = await createParticipants(t, await structureOf(TOKENS.plie), names.length);
    const referralIds: string[] = [];
    for (const [i, participant] of participants.entries()) {
      await sql(t, 'update participant_personal_data set first_name = ?, last_name = ? where participant_id = ?', [...names[i]!, participant]);
      const data = await t.client(TOKENS.plie).request<{ referParticipant: { referral: { id: string } } }>(
        'mutation($input: ReferParticipantInput!) { referParticipant(input: $input) { referral { id } } }',
        { input: { participantId: globalIdOf('Participant', participant), sessionId: globalIdOf('Session', session), motive: 'Découvrir les métiers du bâtiment' } },
      );
      referralIds.push(data.referParticipant.referral.id);
    }
    return { session, referralIds };
  }

  /** The company admin creates and publishes an immersion offer (Saint-Denis, F1701) through the API. */
  async function publishOffer(title: string): Promise<{ id: string; publishedAt: string }> {
    const today = new Date().toISOString().slice(0, 10);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const offer = await t.client(TOKENS.company).request<{ createImmersionOffer: { immersionOffer: { id: string } } }>(
      'mutation($input: CreateImmersionOfferInput!) { createImmersionOffer(input: $input) { immersionOffer { id } } }',
      { input: { metierCode: 'F1701', objective: 'DISCOVER_METIER', title, positions: 2, maxPresenceDays: 5, availableFrom: today, availableUntil: until } },
    );
    const id = offer.createImmersionOffer.immersionOffer.id;
    const published = await t.client(TOKENS.company).request<{ publishImmersionOffer: { immersionOffer: { publishedAt: string } } }>(
      'mutation($input: ImmersionOfferIdInput!) { publishImmersionOffer(input: $input) { immersionOffer { publishedAt } } }',
      { input: { immersionOfferId: id } },
    );
    return { id, publishedAt: published.publishImmersionOffer.immersionOffer.publishedAt };
  }

  it('the referrals page: accepting one takes a seat, and the page shows the new count', async () => {
    const { session, referralIds } = await sessionWithReferrals('Visite du chantier de la Plaine : coffreur bancheur', 4, [['Inès', 'Moreau'], ['Karim', 'Haddad']]);
    const { page, context } = await open('/console/orientations', { token: TOKENS.crepi });
    const card = page.locator(`[data-referral="${referralIds[0]}"]`);
    const seats = card.locator(`[data-seats="${globalIdOf('Session', session)}"]`);
    await expect(seats.textContent()).resolves.toMatch(/^0 sur 4 places prises · 4 places restantes$/);
    await shoot(page, 'orientations');

    // Keyboard only: Tab to the card's "Accepter" button and press Enter.
    await card.getByRole('button', { name: 'Accepter' }).focus();
    await page.keyboard.press('Enter');
    await card.getByText('acceptée', { exact: true }).waitFor();
    await expect(seats.textContent()).resolves.toBe('1 sur 4 places prises · 3 places restantes');
    // The other referral to the same session shows the new count too, and the hub agrees.
    await expect(page.locator(`[data-referral="${referralIds[1]}"] [data-seats]`).textContent()).resolves.toBe('1 sur 4 places prises · 3 places restantes');
    const hub = await t.client(TOKENS.crepi).request<{ node: { seatsTaken: number } }>('query($id: ID!) { node(id: $id) { ... on Session { seatsTaken } } }', { id: globalIdOf('Session', session) });
    expect(hub.node.seatsTaken).toBe(1);
    await expect(page.locator('.status-line').textContent()).resolves.toMatch(/^Orientation de Inès M\. acceptée : acceptée\.$/);

    // Refusing asks for a reason first.
    const other = page.locator(`[data-referral="${referralIds[1]}"]`);
    await other.getByRole('button', { name: 'Refuser…' }).click();
    await other.getByLabel('Motif du refus').selectOption('INCOMPATIBLE_DATES');
    await other.getByRole('button', { name: 'Confirmer le refus' }).click();
    await other.getByText('refusée', { exact: true }).waitFor();
    const refused = await t.client(TOKENS.crepi).request<{ node: { status: string; refusalReason: string } }>('query($id: ID!) { node(id: $id) { ... on Referral { status refusalReason } } }', { id: referralIds[1] });
    expect(refused.node).toEqual({ status: 'REFUSED', refusalReason: 'INCOMPATIBLE_DATES' });
    await context.close();

    // The same page on a phone: the buttons stay within the screen.
    const phone = await open('/console/orientations', { token: TOKENS.crepi, width: 390, height: 844 });
    await phone.page.locator('[data-referral]').first().waitFor();
    const overflow = await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);
    await shoot(phone.page, 'orientations-phone');
    await phone.context.close();
  });

  it('the sessions page lists the animator’s upcoming sessions with their seats and waiting lists', async () => {
    // One seat, two acceptances: the second referral waits in the list.
    const { session, referralIds } = await sessionWithReferrals('Job dating des métiers du gros œuvre', 1, [['Lucas', 'Petit'], ['Aïcha', 'Diallo']]);
    for (const referralId of referralIds) {
      await t.client(TOKENS.crepi).request('mutation($input: ReferralIdInput!) { acceptReferral(input: $input) { referral { id } } }', { input: { referralId } });
    }
    const { page, context } = await open('/console/seances', { token: TOKENS.crepi });
    const card = page.locator(`[data-session="${globalIdOf('Session', session)}"]`);
    await expect(card.locator('[data-seats]').textContent()).resolves.toBe('1 sur 1 place prise · 0 place restante');
    await expect(card.getByText('Liste d’attente : 1').isVisible()).resolves.toBe(true);
    await expect(card.locator('details li').allTextContents()).resolves.toEqual(['Aïcha D. — PLIE du Libournais']);
    const { sessions } = await t.client(TOKENS.crepi).request<{ sessions: { totalCount: number } }>(
      'query($f: SessionFilter) { sessions(filter: $f) { totalCount } }',
      { f: { organisers: [(await t.client(TOKENS.crepi).request<{ viewer: { structure: { id: string } } }>('{ viewer { structure { id } } }')).viewer.structure.id], startsFrom: new Date().toISOString(), statuses: ['DRAFT', 'PUBLISHED', 'FULL'] } },
    );
    expect(sessions.totalCount).toBeGreaterThan(0);
    await expect(page.locator('main > ul.list > li').count()).resolves.toBe(Math.min(sessions.totalCount, 50));
    await expect(page.getByText(/Liste d’attente : \d+/).first().isVisible()).resolves.toBe(true);
    await shoot(page, 'seances');
    await context.close();
  });

  it('the live page shows an offer pushed over graphql-ws within 1 s of its publication', async () => {
    const { page, context } = await open('/console/direct', { token: TOKENS.participant, width: 390, height: 844 });
    await page.locator('[data-connection="open"]').waitFor();
    const { id, publishedAt } = await publishOffer('Découvrir le coffrage sur un chantier');
    const item = page.locator(`[data-offer="${id}"]`);
    await item.waitFor();
    await expect(item.getByRole('heading').textContent()).resolves.toBe('Découvrir le coffrage sur un chantier');
    // The promise (issue 15): on the page within 1 s of the publication's commit time, by the same clock.
    const receivedAt = Number(await item.getAttribute('data-received-at'));
    expect(receivedAt - Date.parse(publishedAt)).toBeLessThan(1000);
    await shoot(page, 'direct');
    await context.close();
  });

  /** The indicators page's query, as the test asks the API for the same figures. */
  const INDICATORS = `query($filter: IndicatorFilter!, $groupBy: [IndicatorDimension!]) { indicators(filter: $filter, groupBy: $groupBy) {
    rows { keys { value } sessions { held cancelled seatsOffered } people { seatsFilled { value display } attendanceRate { value display } byStatus { status count { value display } } } }
    total { sessions { held } commitments { axis proposed signed fulfilled } } } }`;
  interface Count { value: number | null; display: string }
  interface IndicatorAnswer {
    rows: { keys: { value: string }[]; sessions: { held: number; cancelled: number; seatsOffered: number }; people: { seatsFilled: Count; attendanceRate: Count; byStatus: { status: string; count: Count }[] } | null }[];
    total: { sessions: { held: number }; commitments: { axis: string; proposed: number; signed: number; fulfilled: number }[] | null };
  }
  /** Every table of the page, as { chart: { row key: { measure: text } } } (run in the page: the tests have no DOM types). */
  const tables = (page: Page) =>
    page.evaluate(`(() => {
      const out = {};
      for (const figure of document.querySelectorAll('[data-chart]')) {
        const rows = {};
        for (const tr of figure.querySelectorAll('tbody tr')) rows[tr.dataset.key] = Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.measure, td.textContent]));
        out[figure.dataset.chart] = rows;
      }
      return out;
    })()`) as Promise<Record<string, Record<string, Record<string, string>>>>;
  interface Plotted { width: number; label: string | null; datasets: { label: string; data: (number | null)[]; withheld: string[] | null }[] | null }
  /** Each chart's datasets as Chart.js holds them: what is plotted, and the marks drawn at its gaps. */
  const plotted = (page: Page) =>
    page.evaluate(`Object.fromEntries([...document.querySelectorAll('[data-chart]')].map((figure) => {
      const canvas = figure.querySelector('canvas');
      const chart = Chart.getChart(canvas);
      return [figure.dataset.chart, { width: canvas.width, label: canvas.getAttribute('aria-label'),
        datasets: chart ? chart.data.datasets.map((d) => ({ label: d.label, data: d.data, withheld: d.withheld ?? null })) : null }];
    }))`) as Promise<Record<string, Plotted>>;
  /** A figure as the page prints it from the API's: French decimals, "masqué" for "hidden", "—" for no rate. */
  const french = (c: Count) => (c.display === 'hidden' ? 'masqué' : c.display === '' ? '—' : c.display.replace('.', ','));
  const STATUSES = ['PENDING', 'WAITLISTED', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'];

  it('the indicators page draws a territory’s figures by month, its tables holding the API’s figures, small counts never plotted', async () => {
    // A period covering the demo data (sessions and commitments, those of the tests above too), whole months.
    const [span] = await sql<{ first: string; last: string }>(
      t,
      `select to_char(least(min(s.starts_at at time zone 'Europe/Paris'), (select min(period_start) from commitment)), 'YYYY-MM-01') as first,
              to_char(date_trunc('month', max(s.starts_at at time zone 'Europe/Paris')) + interval '1 month' - interval '1 day', 'YYYY-MM-DD') as last
         from session s`,
    );
    const { page, context } = await open('/console/indicateurs', { token: TOKENS.admin });
    await page.getByLabel('Territoire').locator('option[value="d:33"]').waitFor({ state: 'attached' });
    await page.getByLabel('Du', { exact: true }).fill(span.first);
    await page.getByLabel('Au', { exact: true }).fill(span.last);
    await page.getByLabel('Territoire').selectOption({ label: 'Gironde (33)' });
    await page.getByLabel('Regroupement').selectOption('MONTH');
    await page.getByRole('button', { name: 'Afficher' }).click();
    // The figures of what was asked (the page first shows the default period), and the summary saying so.
    await page.locator(`[data-shown="${span.first}/${span.last}/MONTH/d:33"]`).waitFor();
    await page.getByRole('status').getByText('Gironde, du').waitFor();

    const filter = { from: span.first, to: span.last, departementCodes: ['33'] };
    const api = (await t.client(TOKENS.admin).request<{ indicators: IndicatorAnswer }>(INDICATORS, { filter, groupBy: ['MONTH'] })).indicators;
    expect(api.rows.length).toBeGreaterThan(1);
    const shown = await tables(page);
    // One table row per month of the period, in order; months without activity read 0.
    const months: string[] = [];
    for (let d = new Date(`${span.first}T00:00:00Z`); d.toISOString().slice(0, 10) <= span.last; d.setUTCMonth(d.getUTCMonth() + 1)) months.push(d.toISOString().slice(0, 7));
    expect(Object.keys(shown.seances)).toEqual(months);
    const byMonth = new Map(api.rows.map((r) => [r.keys[0]!.value, r]));
    for (const month of months) {
      const r = byMonth.get(month);
      const zero = { value: 0, display: '0' };
      expect([month, shown.seances[month]]).toEqual([month, { held: String(r?.sessions.held ?? 0), cancelled: String(r?.sessions.cancelled ?? 0) }]);
      expect([month, shown.places[month]]).toEqual([month, { seatsOffered: String(r?.sessions.seatsOffered ?? 0), seatsFilled: french(r?.people?.seatsFilled ?? zero) }]);
      expect([month, shown.presence[month]]).toEqual([month, { attendanceRate: french(r?.people?.attendanceRate ?? { value: null, display: '' }) }]);
      const statuses = new Map((r?.people?.byStatus ?? []).map((s) => [s.status, s.count]));
      expect([month, shown.orientations[month]]).toEqual([month, Object.fromEntries(STATUSES.map((s) => [s, french(statuses.get(s) ?? zero)]))]);
    }
    expect(shown.engagements).toEqual(
      Object.fromEntries(api.total.commitments!.map((c) => [c.axis, { proposed: String(c.proposed), signed: String(c.signed), fulfilled: String(c.fulfilled) }])),
    );
    // The figures are really there to see: held and cancelled sessions, commitments (Gironde has both).
    expect(api.rows.some((r) => r.sessions.cancelled > 0) && api.total.sessions.held > 0).toBe(true);

    // Five charts drawn by Chart.js, each with a text alternative, plotting the same numbers.
    const charts = await plotted(page);
    expect(Object.keys(charts)).toEqual(['seances', 'places', 'orientations', 'presence', 'engagements']);
    for (const [id, chart] of Object.entries(charts)) {
      expect([id, chart.width > 0, chart.datasets !== null]).toEqual([id, true, true]);
      expect(chart.label).toMatch(/\. Les chiffres sont dans le tableau qui suit\.$/);
    }
    expect(charts.seances.datasets![0]!.data).toEqual(months.map((m) => byMonth.get(m)?.sessions.held ?? 0));
    expect(charts.seances.label).toContain(`${api.total.sessions.held} séance`);

    // Keyboard: the first table opens from its summary.
    await page.locator('[data-chart="seances"] summary').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-chart="seances"] table').isVisible()).resolves.toBe(true);
    await shoot(page, 'indicateurs');
    await context.close();

    // A company counts its hosting: small counts read "< 5" in the tables, and the charts leave a marked gap there.
    const company = await open('/console/indicateurs', { token: TOKENS.company });
    await company.page.getByLabel('Du', { exact: true }).fill(span.first);
    await company.page.getByLabel('Au', { exact: true }).fill(span.last);
    await company.page.getByLabel('Regroupement').selectOption('QUARTER');
    await company.page.getByRole('button', { name: 'Afficher' }).click();
    await company.page.locator(`[data-shown="${span.first}/${span.last}/QUARTER/"]`).waitFor();
    const companyTables = await tables(company.page);
    const companyCharts = await plotted(company.page);
    let small = 0;
    for (const [id, measure] of [['places', 'seatsFilled'], ...STATUSES.map((s) => ['orientations', s])] as const) {
      const dataset = companyCharts[id]!.datasets!.find((_d: unknown, i: number) => (id === 'places' ? i === 1 : STATUSES[i] === measure))!;
      Object.values(companyTables[id]!).forEach((row, j) => {
        if (row[measure] === '< 5' || row[measure] === 'masqué') {
          small += 1;
          expect([id, measure, j, dataset.data[j], dataset.withheld?.[j]]).toEqual([id, measure, j, null, row[measure]]);
        } else {
          expect([id, measure, j, dataset.data[j]]).toEqual([id, measure, j, Number(row[measure])]);
        }
      });
    }
    expect(small).toBeGreaterThan(0);
    await expect(company.page.getByText(/ce nombre n’est pas donné ni tracé/).count()).resolves.toBeGreaterThan(0);
    await company.page.locator('[data-chart="orientations"] summary').click();
    await shoot(company.page, 'indicateurs-entreprise');
    await company.context.close();

    // On a phone: nothing wider than the screen (the wide tables scroll in their own box).
    const phone = await open('/console/indicateurs', { token: TOKENS.admin, width: 390, height: 844 });
    await phone.page.locator('[data-chart="engagements"] canvas').waitFor();
    await expect(phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBe(0);
    await shoot(phone.page, 'indicateurs-phone');
    await phone.context.close();
  });

  it('the account page lists the tokens and webhook endpoints; home renders, and the demo tokens log in', async () => {
    await t.client(TOKENS.company).request(
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }',
      { input: { url: 'https://localhost:8443/rh/relais', events: ['REFERRAL_UPDATED'], description: 'Logiciel RH : orientations' } },
    );
    const { page, context } = await open('/console/compte', { token: TOKENS.company });
    await page.getByText('https://localhost:8443/rh/relais').waitFor();
    await expect(page.getByRole('heading', { name: 'Jetons d’accès' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('main .list').first().locator('li').count()).resolves.toBeGreaterThan(0);
    await shoot(page, 'compte');
    // Logged out: the form, with the demo tokens offered (not in production: tested above).
    await page.goto(`${origin}/console/`);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByLabel('Jeton d’accès').waitFor();
    await shoot(page, 'accueil');
    await page.getByLabel('Jeton de démonstration').selectOption(TOKENS.ml);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Mission Locale', { exact: false }).first().waitFor();
    await context.close();
  });
});
