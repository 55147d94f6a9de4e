import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import { createLogger } from '../src/server/logger';
import type { Orm } from '../src/db/orm';
import { ACCOUNT_TABLE, accountRows, planOrganisationAccounts } from './generator/accounts';
import { Clock, DAY_MS } from './generator/clock';
import { COMMITMENT_TABLE, commitmentRows } from './generator/commitments';
import { COMPANY_TABLE, companyRows, MEMBERSHIP_TABLE, membershipRows, planCompanies } from './generator/companies';
import { copyRows, type CopyRow, type CopyTable } from './generator/copy-writer';
import { connect, ensureTargetDatabase, migratedOrm, openTarget, recreateDatabase, type TargetDatabase } from './generator/database';
import { buildFixture, writeFixture } from './generator/fixture';
import { DEPARTEMENT_ZIPF_EXPONENT, Geography, METIER_ZIPF_EXPONENT, MetierSkew } from './generator/geography';
import { OFFER_TABLE, offerRows, planOffers } from './generator/offers';
import { OptionsError, parseOptions, USAGE, type GeneratorOptions } from './generator/options';
import { PARTICIPANT_TABLE, Participants, PERSONAL_DATA_TABLE } from './generator/participants';
import { random } from './generator/prng';
import { importReferenceData, loadReference } from './generator/reference';
import { REFERRAL_TABLE, ReferralSimulation, referralRows, TRANSITION_TABLE, transitionRows } from './generator/referrals';
import { Report, seconds } from './generator/report';
import { planSessions, SESSION_METIER_TABLE, SESSION_TABLE, sessionMetierRows, sessionRows } from './generator/sessions';
import { planStructures, STRUCTURE_TABLE, structureRows } from './generator/structures';
import { TokenIssuer } from './generator/tokens';
import { verify } from './generator/verify';

/** Sizes at scale 1: a network the size of a large French région (issue 6). */
const BASE_SIZES = {
  structures: 1_000,
  companies: 20_000,
  participants: 100_000,
  sessions: 50_000,
  immersionOffers: 30_000,
  referrals: 300_000,
  commitments: 10_000,
} as const;

/** Tables with a serial id the generator fills with ids of its own: their sequences are moved past them. */
const SERIAL_TABLES = [
  'structure', 'company', 'company_membership', 'account', 'participant', 'session', 'immersion_offer', 'referral', 'referral_transition', 'commitment',
] as const;

/** Every table the counts report on. */
const COUNTED_TABLES = [
  'region', 'departement', 'commune', 'rome_grand_domaine', 'rome_domaine', 'metier', 'appellation', 'naf_activity',
  'structure', 'company', 'company_membership', 'account', 'api_token', 'participant', 'participant_personal_data',
  'session', 'session_metier', 'immersion_offer', 'referral', 'referral_transition', 'commitment',
] as const;

function scaled(n: number, scale: number, minimum: number): number {
  return Math.max(minimum, Math.round(n * scale));
}

/** The project folder: the nearest parent holding package.json (works from bench/ and from dist/bench/). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project folder (package.json)');
    dir = parent;
  }
  return dir;
}

/** A URL without its password, for logs and the fixture's readers. */
function displayUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.href;
}

async function generate(options: GeneratorOptions): Promise<void> {
  const root = projectRoot();
  const report = new Report();
  const logger = createLogger('warn');
  const clock = new Clock(options.now);
  const drift = Math.abs(Date.now() - clock.nowMs) / DAY_MS;
  if (drift > 7) {
    report.log(`warning: the reference now (${clock.now.toISOString()}) is ${Math.round(drift)} days from the wall clock: the server's expiry job `
      + `would cancel PENDING referrals and sessions may have started; pass --now or run the server with RELAIS_EXPIRY_INTERVAL_MS=0`);
  }
  const sizes = {
    structures: scaled(BASE_SIZES.structures, options.scale, 20),
    companies: scaled(BASE_SIZES.companies, options.scale, 50),
    participants: scaled(BASE_SIZES.participants, options.scale, 200),
    sessions: scaled(BASE_SIZES.sessions, options.scale, 50),
    immersionOffers: scaled(BASE_SIZES.immersionOffers, options.scale, 30),
    referrals: scaled(BASE_SIZES.referrals, options.scale, 100),
    commitments: scaled(BASE_SIZES.commitments, options.scale, 10),
  };
  report.log(`Relais benchmark data: seed ${options.seed}, scale ${options.scale}, now ${clock.now.toISOString()}`);

  let target: TargetDatabase | null = null;
  let orm: Orm | null = null;
  let client: Client | null = null;
  try {
    target = await report.step('target database', () => openTarget(options, root, logger), () => null);
    report.log(`  ${displayUrl(target.url)}${target.embedded ? ` (embedded, ${options.embeddedDir}, port ${options.embeddedPort})` : ''}`);
    const t = target;
    await report.step(options.fresh ? 'drop and create database' : 'create database if missing', () => (options.fresh ? recreateDatabase(t) : ensureTargetDatabase(t)), () => null);
    const migrated = await report.step('migrations', () => migratedOrm(t.url), (m) => m.applied.length);
    orm = migrated.orm;
    client = await connect(t.url);
    const c = client;
    // Bulk load: durability of the last commits is not worth waiting for (a crash means running it again).
    await c.query(`set synchronous_commit = off`);
    if (!options.fresh) {
      const { rows } = await c.query<{ n: number }>(`select (select count(*) from structure) + (select count(*) from company) as n`);
      if (Number(rows[0]?.n) > 0) throw new Error('the database already holds structures or companies: use --fresh (the default) to start over');
    }

    // ——— reference data, by the project's importers ———
    const ormForImport = orm;
    await report.step('reference data (importers)', () =>
      importReferenceData(ormForImport, { romeDir: path.resolve(root, options.romeDir), postalCsv: path.resolve(root, options.postalCsv) }, (line) => report.log(line)), () => null);
    const reference = await report.step('load reference', () => loadReference(c), (r) => r.metiers.length + r.communeCount);

    // ——— plan (in memory: the rows other tables point to) ———
    const seed = options.seed;
    const geo = new Geography(reference);
    const metiers = new MetierSkew(reference, random(seed, 'metiers'));
    const plan = await report.step('plan network', async () => {
      const structures = planStructures(sizes.structures, geo, clock, random(seed, 'structures'), seed);
      const companies = planCompanies(sizes.companies, geo, metiers, reference.nafSubclasses, structures, clock, random(seed, 'companies'), seed);
      const organisationAccounts = planOrganisationAccounts(structures, companies, clock, random(seed, 'accounts'));
      const participants = new Participants(sizes.participants, structures, geo, clock, seed, random(seed, 'participants'));
      const accountCount = participants.assignAccounts(organisationAccounts.nextId, random(seed, 'participant-accounts')) - 1;
      const sessions = planSessions(sizes.sessions, structures, companies, geo, metiers, clock, random(seed, 'sessions'));
      const offers = planOffers(sizes.immersionOffers, companies, geo, metiers, clock, random(seed, 'offers'));
      return { structures, companies, organisationAccounts, participants, accountCount, sessions, offers };
    }, (p) => p.structures.length + p.companies.length + p.participants.count + p.sessions.length + p.offers.length);
    const simulation = new ReferralSimulation({ seed, clock, participants: plan.participants, structures: plan.structures, geo }, plan.sessions, plan.offers, sizes.referrals);
    const settled = await report.step('simulate referrals (seats)', async () => simulation.settle(), (s) => s.referrals);
    report.log(`  skew: départements ${geo.ranked.slice(0, 6).map((d, i) => `${d.code} ${(geo.share(i) * 100).toFixed(1)}%`).join(', ')} (Zipf ${DEPARTEMENT_ZIPF_EXPONENT}); `
      + `métiers ${metiers.ranked.slice(0, 3).map((m) => m.code).join(', ')}… (Zipf ${METIER_ZIPF_EXPONENT})`);

    // ——— rows, parents first ———
    const copy = <C extends string>(name: string, table: CopyTable<C>, rows: Iterable<CopyRow<C>>) =>
      report.step(`copy ${name}`, () => copyRows(c, table, rows));
    await copy('structure', STRUCTURE_TABLE, structureRows(plan.structures));
    await copy('company', COMPANY_TABLE, companyRows(plan.companies));
    await copy('company_membership', MEMBERSHIP_TABLE, membershipRows(plan.companies));
    await copy('account (organisations)', ACCOUNT_TABLE, accountRows(plan.organisationAccounts.plans));
    await copy('participant', PARTICIPANT_TABLE, plan.participants.rows());
    await copy('participant_personal_data', PERSONAL_DATA_TABLE, plan.participants.personalDataRows());
    await copy('account (participants)', ACCOUNT_TABLE, accountRows(plan.participants.accounts()));
    await copy('session', SESSION_TABLE, sessionRows(plan.sessions));
    await copy('session_metier', SESSION_METIER_TABLE, sessionMetierRows(plan.sessions));
    await copy('immersion_offer', OFFER_TABLE, offerRows(plan.offers));
    await copy('referral', REFERRAL_TABLE, referralRows(simulation));
    await copy('referral_transition', TRANSITION_TABLE, transitionRows(simulation));
    await copy('commitment', COMMITMENT_TABLE, commitmentRows(sizes.commitments, plan.companies, plan.structures, clock, random(seed, 'commitments')));

    await report.step('reset sequences', async () => {
      for (const table of SERIAL_TABLES) {
        await c.query(`select setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce(max(id), 0) + 1, false) from "${table}"`);
      }
      return SERIAL_TABLES.length;
    }, () => null);
    await report.step('vacuum analyze', async () => c.query('vacuum (analyze)'), () => null);

    const checks = await report.step('verify invariants', () => verify(c, clock.now), (r) => r.length);
    const broken = checks.filter((r) => r.violations > 0);
    for (const r of broken) report.log(`  FAILED: ${r.what}: ${r.violations} violation(s)`);
    if (broken.length > 0) throw new Error(`${broken.length} invariant(s) broken: the generated data is not what the hub writes`);

    // ——— tokens and the workloads' fixture ———
    const issuer = new TokenIssuer(orm.em.fork(), seed);
    const counts: Record<string, number> = {};
    const world = {
      reference, structures: plan.structures, companies: plan.companies, participants: plan.participants, sessions: plan.sessions, offers: plan.offers,
      commitments: sizes.commitments, referrals: settled.referrals, accounts: plan.accountCount,
      networkAdminId: plan.organisationAccounts.networkAdminId, portalByStructure: plan.organisationAccounts.portalByStructure,
    };
    const fixturePath = path.resolve(root, options.fixture);
    const meta = {
      generator: 'bench/generate.ts',
      databaseUrl: target.url,
      embedded: target.embedded ? { dataDir: options.embeddedDir, port: options.embeddedPort, database: options.embeddedDatabase } : null,
      seed,
      scale: options.scale,
      now: clock.now.toISOString(),
      sizes,
    };
    const fixture = await report.step('tokens and fixture', async () => {
      const built = await buildFixture({ world, client: c, clock, issuer, rng: random(seed, 'fixture'), prescribers: options.prescribers, meta, counts });
      for (const table of COUNTED_TABLES) counts[table] = Number((await c.query<{ n: string }>(`select count(*) as n from "${table}"`)).rows[0]!.n);
      return built;
    }, () => issuer.count);
    await c.query(
      `insert into reference_import (source, version, counts) values ('BENCH', $1, $2::jsonb)`,
      [`seed=${seed} scale=${options.scale} now=${clock.now.toISOString()}`, JSON.stringify(counts)],
    );
    const timings = report.timings();
    await writeFixture(fixturePath, { ...fixture, counts, timings: { totalMs: Math.round(report.totalMs), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), steps: timings }, generatedAt: new Date().toISOString() });

    report.log('');
    report.log('Rows:');
    for (const [table, n] of Object.entries(counts)) report.log(`  ${table.padEnd(28)} ${n.toLocaleString('en-US').padStart(10)}`);
    report.log(`Fixture: ${path.relative(process.cwd(), fixturePath) || fixturePath}`);
    report.log(`Total: ${seconds(report.totalMs)}, peak memory (RSS) ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await client?.end().catch(() => undefined);
    await orm?.close().catch(() => undefined);
    await target?.stop().catch(() => undefined);
  }
}

async function main(argv: string[]): Promise<number> {
  let options: GeneratorOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof OptionsError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  await generate(options);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
