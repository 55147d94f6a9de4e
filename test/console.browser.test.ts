import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { buildRelaisSchema } from '../src/graphql/schema';
import { loadConfig } from '../src/server/config';
import { mountConsole } from '../src/server/console';
import { createParticipants, createPublishedSession, globalIdOf, keyOf, SAINT_DENIS, sql } from './support/fixtures';
import { failure, TOKENS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { eventually } from './support/subscriptions';

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
    // The account page's webhook endpoint is a receiver on this machine, over plain http (no other host resolves
    // here); the workers deliver, polling often.
    t = await startTestServer({ RELAIS_WEBHOOK_WORKERS: 'true', RELAIS_WEBHOOK_ALLOW_HTTP: 'true', RELAIS_WEBHOOK_ALLOW_PRIVATE: 'true', RELAIS_WEBHOOK_POLL_MS: '100' });
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

  /** A local webhook receiver on 127.0.0.1 (plain http: the test server allows it): records every POST, answers 200. */
  async function startReceiver(): Promise<{ received: { path: string; headers: Record<string, string>; body: string }[]; url(p: string): string; stop(): Promise<void> }> {
    const received: { path: string; headers: Record<string, string>; body: string }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '/', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      received,
      url: (p) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  const activeId = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id') as Promise<string>;
  /**
   * Waits for the focus on the element of this id: the pages move it once their next render is done. Polled from
   * here: `page.waitForFunction` compiles its predicate inside the page, which the console's Content Security Policy
   * (no 'unsafe-eval') refuses, as it should, whenever the first check does not already pass.
   */
  const focusOn = async (page: Page, id: string) => {
    const deadline = Date.now() + 15_000; // a bound for a loaded machine, as `eventually`'s
    while ((await activeId(page)) !== id) {
      if (Date.now() > deadline) throw new Error(`the focus is on #${await activeId(page)}, not on #${id}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const VIEWER = '{ viewer { email role company { name } } }';

  it('the account page creates a token, shown once with a copy button, that works; revoked after a confirmation, it is refused', async () => {
    const { page, context } = await open('/console/compte', { token: TOKENS.company });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const label = page.getByLabel('Nom du jeton (facultatif)');
    const days = page.getByLabel('Validité, en jours (facultatif)');
    await label.waitFor();

    // Refused by the API (a company admin's tokens live 90 days at most): the message stands beside the field named
    // by extensions.field, which takes the focus; nothing is written.
    await label.fill('Logiciel RH');
    await days.fill('365');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    await page.locator('#token-days-error').waitFor();
    await expect(page.locator('#token-days-error').textContent()).resolves.toBe('Au plus 90 jours : seule l’administration du réseau crée des jetons plus durables.');
    await focusOn(page, 'token-days');
    await expect(days.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(days.getAttribute('aria-describedby')).resolves.toContain('token-days-error');
    await expect(sql(t, `select id from api_token where label = 'Logiciel RH'`)).resolves.toEqual([]);

    // Within the limit: created, its secret shown once, the focus on it.
    await days.fill('30');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const secretBox = page.getByLabel('Secret du nouveau jeton');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    await focusOn(page, 'new-token-title');
    await expect(page.locator('[data-secret="new-token"]').textContent()).resolves.toContain('il ne sera plus jamais affiché');
    const [row] = await sql<{ id: number; prefix: string; days: number; revoked_at: string | null }>(
      t,
      `select id, prefix, round(extract(epoch from expires_at - created_at) / 86400)::int as days, revoked_at from api_token where label = 'Logiciel RH'`,
    );
    expect(row).toEqual({ id: expect.any(Number), prefix: secret.slice(0, 12), days: 30, revoked_at: null });
    await expect(page.locator('#token-days').inputValue()).resolves.toBe('');
    await expect(page.locator('#token-label').getAttribute('aria-invalid')).resolves.toBeNull();

    // The copy button puts it in the clipboard, and says so.
    await page.getByRole('button', { name: 'Copier' }).click();
    await page.locator('[data-secret="new-token"]').getByRole('status').getByText('Secret copié dans le presse-papiers.').waitFor();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(secret);

    // The secret works: the same account, through the API.
    const asToken = await t.client(secret).request(VIEWER);
    expect(asToken).toEqual(await t.client(TOKENS.company).request(VIEWER));

    // Hidden, it is gone from the page for good; the token's card shows its prefix.
    await page.getByRole('button', { name: 'J’ai mis le secret à l’abri : le masquer' }).click();
    await expect(page.content()).resolves.not.toContain(secret);
    const card = page.locator(`[data-token="${row!.id}"]`);
    await focusOn(page, `token-${row!.id}-title`);
    expect((await card.getByRole('heading').textContent())!.trim()).toBe(`${secret.slice(0, 12)}… Logiciel RH`);

    // Revoking asks first; the keyboard's Enter on the focused "Annuler" revokes nothing.
    await card.getByRole('button', { name: 'Révoquer…' }).click();
    await focusOn(page, `token-${row!.id}-cancel`);
    await page.keyboard.press('Enter');
    await expect(card.getByRole('button', { name: 'Confirmer la révocation' }).count()).resolves.toBe(0);
    await focusOn(page, `token-${row!.id}-revoke`);
    await expect(sql(t, 'select revoked_at from api_token where id = ?', [row!.id])).resolves.toEqual([{ revoked_at: null }]);
    await card.getByRole('button', { name: 'Révoquer…' }).click();
    await card.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await card.getByText(/^révoqué le /).waitFor();
    await expect(page.locator('#tokens-status').textContent()).resolves.toBe(`Jeton ${secret.slice(0, 12)}… révoqué : il ne donne plus accès au hub.`);
    const [revoked] = await sql<{ revoked_at: Date | null }>(t, 'select revoked_at from api_token where id = ?', [row!.id]);
    expect(revoked!.revoked_at).not.toBeNull();
    // Refused from then on (the instance's viewer cache hears of it by NOTIFY: waited for, not slept).
    await eventually(async () => {
      try {
        return (await failure(t.server.url, secret, VIEWER)).codes.includes('UNAUTHENTICATED');
      } catch {
        return false;
      }
    });
    // The page's own token is untouched.
    await expect(t.client(TOKENS.company).request(VIEWER)).resolves.toBeTruthy();
    await context.close();
  });

  it('the account page creates a webhook endpoint, sends it a test the receiver gets and the log shows, disables and enables it, rotates its secret, deletes it', async () => {
    const receiver = await startReceiver();
    const endpointsOf = async () =>
      (await t.client(TOKENS.company).request<{ webhookEndpoints: { id: string; url: string; events: string[]; description: string | null; disabledAt: string | null; disabledReason: string | null; previousSecretExpiresAt: string | null }[] }>(
        '{ webhookEndpoints { id url events description disabledAt disabledReason previousSecretExpiresAt } }',
      )).webhookEndpoints;
    try {
      const { page, context } = await open('/console/compte', { token: TOKENS.company });
      const url = receiver.url('/rh/relais');
      await page.getByLabel('Adresse de réception (URL)').first().fill(url);
      await page.getByLabel('Note (facultative)').first().fill('Logiciel RH : orientations et immersions');

      // No event kind ticked: the API's refusal stands beside the checkboxes, the first of them focused; nothing written.
      await page.getByRole('button', { name: 'Créer le webhook' }).click();
      await page.locator('#wh-new-event-0-error').waitFor();
      await expect(page.locator('#wh-new-event-0-error').textContent()).resolves.toBe('Cochez au moins un type d’événement.');
      await focusOn(page, 'wh-new-event-0');
      expect((await endpointsOf()).filter((e) => e.url === url)).toEqual([]);

      await page.getByLabel('Orientations qui changent d’état').first().check();
      await page.getByLabel('Offres d’immersion publiées').first().check();
      await page.getByRole('button', { name: 'Créer le webhook' }).click();
      const secretBox = page.getByLabel('Secret de signature du webhook');
      await secretBox.waitFor();
      const secret = await secretBox.inputValue();
      expect(secret).toMatch(/^whsec_/);
      await focusOn(page, 'new-webhook-title');
      const [endpoint] = (await endpointsOf()).filter((e) => e.url === url);
      expect(endpoint).toMatchObject({ events: ['IMMERSION_OFFER_PUBLISHED', 'REFERRAL_UPDATED'], description: 'Logiciel RH : orientations et immersions', disabledAt: null });
      await page.getByRole('button', { name: 'J’ai mis le secret à l’abri : le masquer' }).click();
      await expect(page.content()).resolves.not.toContain(secret);
      const card = page.locator(`[data-endpoint="${endpoint!.id}"]`);
      await focusOn(page, `wh-${endpoint!.id}-title`);

      // A test delivery: the receiver gets it, signed with the secret the page showed; the log shows it succeeded.
      await card.getByRole('button', { name: 'Envoyer un test' }).click();
      await eventually(() => receiver.received.length === 1);
      const [got] = receiver.received;
      expect(got!.path).toBe('/rh/relais');
      expect(new Webhook(secret).verify(got!.body, got!.headers)).toMatchObject({ type: 'WEBHOOK_TEST', data: { endpointId: endpoint!.id } });
      const row = card.locator('tr[data-status="SUCCEEDED"]');
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      expect(cells.slice(1, 4)).toEqual(['test', 'réussie', '200']);
      expect(cells[4]).toMatch(/^\d.* ms$/);
      expect(cells[5]).toBe('1');
      const deliveries = await sql<{ status: string; event_type: string }>(t, 'select status, event_type from webhook_delivery where endpoint_id = ?', [Number(endpoint!.id)]);
      expect(deliveries).toEqual([{ status: 'SUCCEEDED', event_type: 'WEBHOOK_TEST' }]);
      await shoot(page, 'compte');

      // Changed: a URL the hub refuses is said beside its field, which takes the focus; then a new note is saved.
      await card.getByRole('button', { name: 'Modifier' }).click();
      await focusOn(page, `wh-${endpoint!.id}-url`);
      await card.getByLabel('Adresse de réception (URL)').fill('ftp://127.0.0.1/rh');
      await card.getByRole('button', { name: 'Enregistrer' }).click();
      await card.locator(`#wh-${endpoint!.id}-url-error`).waitFor();
      await expect(card.locator(`#wh-${endpoint!.id}-url-error`).textContent()).resolves.toBe('L’adresse doit commencer par https:// (ou http://).');
      await focusOn(page, `wh-${endpoint!.id}-url`);
      expect((await endpointsOf()).find((e) => e.id === endpoint!.id)!.url).toBe(url);
      await card.getByLabel('Adresse de réception (URL)').fill(url);
      await card.getByLabel('Note (facultative)').fill('Logiciel RH');
      await card.getByRole('button', { name: 'Enregistrer' }).click();
      await page.locator(`#wh-${endpoint!.id}-status`).getByText('Modifications enregistrées.').waitFor();
      expect((await endpointsOf()).find((e) => e.id === endpoint!.id)).toMatchObject({ url, description: 'Logiciel RH', events: ['IMMERSION_OFFER_PUBLISHED', 'REFERRAL_UPDATED'] });

      // Disabled, then enabled again; the focus stays on the button, whose name says what it will do now.
      await card.getByRole('button', { name: 'Désactiver' }).click();
      await card.getByText('désactivé', { exact: true }).waitFor();
      expect((await endpointsOf()).find((e) => e.id === endpoint!.id)).toMatchObject({ disabledAt: expect.any(String), disabledReason: 'MANUAL' });
      await focusOn(page, `wh-${endpoint!.id}-toggle`);
      await expect(page.locator(`#wh-${endpoint!.id}-toggle`).textContent()).resolves.toBe('Réactiver');
      await card.getByRole('button', { name: 'Réactiver' }).click();
      await card.getByText('actif', { exact: true }).waitFor();
      expect((await endpointsOf()).find((e) => e.id === endpoint!.id)).toMatchObject({ disabledAt: null, disabledReason: null });

      // A new secret, the old one signing too for an hour: the next test delivery verifies with either.
      await card.getByRole('button', { name: 'Changer le secret…' }).click();
      await focusOn(page, `wh-${endpoint!.id}-overlap`);
      await card.getByLabel('L’ancien secret signe aussi pendant').selectOption('1');
      await card.getByRole('button', { name: 'Créer le nouveau secret' }).click();
      const rotatedBox = card.getByLabel('Nouveau secret de signature');
      await rotatedBox.waitFor();
      const rotated = await rotatedBox.inputValue();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(secret);
      const overlapUntil = Date.parse((await endpointsOf()).find((e) => e.id === endpoint!.id)!.previousSecretExpiresAt!);
      expect(Math.abs(overlapUntil - Date.now() - 3_600_000)).toBeLessThan(120_000);
      await card.getByRole('button', { name: 'J’ai mis le secret à l’abri : le masquer' }).click();
      await card.getByRole('button', { name: 'Envoyer un test' }).click();
      await eventually(() => receiver.received.length === 2);
      for (const key of [rotated, secret]) expect(new Webhook(key).verify(receiver.received[1]!.body, receiver.received[1]!.headers)).toMatchObject({ type: 'WEBHOOK_TEST' });
      await card.locator('tr[data-status="SUCCEEDED"]').nth(1).waitFor();

      // On a phone: nothing wider than the screen (the log scrolls in its own box).
      const phone = await open('/console/compte', { token: TOKENS.company, width: 390, height: 844 });
      const phoneCard = phone.page.locator(`[data-endpoint="${endpoint!.id}"]`);
      await phoneCard.locator('summary').click();
      await phoneCard.locator('tr[data-status="SUCCEEDED"]').first().waitFor();
      await expect(phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBe(0);
      await shoot(phone.page, 'compte-phone');
      await phone.context.close();

      // Deleting asks first; then the endpoint and its log are gone.
      await card.getByRole('button', { name: 'Supprimer…' }).click();
      await card.getByRole('button', { name: 'Confirmer la suppression' }).click();
      await page.locator('#webhooks-status').getByText(`Webhook supprimé : ${url}`).waitFor();
      await expect(card.count()).resolves.toBe(0);
      await focusOn(page, 'webhooks-title');
      expect((await endpointsOf()).filter((e) => e.id === endpoint!.id)).toEqual([]);
      await expect(sql(t, 'select id from webhook_delivery where endpoint_id = ?', [Number(endpoint!.id)])).resolves.toEqual([]);
      await context.close();
    } finally {
      await receiver.stop();
    }
  });

  it('home renders, and the demo tokens log in', async () => {
    const { page, context } = await open('/console/compte', { token: TOKENS.company });
    await page.getByRole('heading', { name: 'Jetons d’accès' }).waitFor();
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
