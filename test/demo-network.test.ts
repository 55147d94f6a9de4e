import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_TOKENS, seedDemoNetwork } from '../seeds/demo';
import { ReferralStatus } from '../src/referrals/rules/referral-status';
import { SESSION_SEAT_STATUSES } from '../src/referrals/rules/seats';
import { isValidSiret } from '../src/network/rules/siret';
import { findViewerByTokenSecret } from '../src/access/use-cases/api-tokens';
import { loadConfig, shouldSeedDemo } from '../src/server/config';
import { seedDemoAtStart } from '../src/server/demo-seed';
import { initOrm, migrate, type Orm } from '../src/db/orm';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from './support/database';
import { TOKENS } from './support/graphql';
import { startTestServer } from './support/server';
import { databaseUrl, withAdmin } from './support/template';

// The template every test clones was seeded by the global setup: these tests check what all the others start from.
let db: TestDatabase;
let orm: Orm;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm(db.url);
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return orm.em.fork().getConnection().execute<T[]>(sql, params);
}

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await rows<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [{ n }] = await rows<{ n: number }>(`select count(*)::int as n from "${table_name}"`);
    counts[table_name] = n;
  }
  return counts;
}

describe('the demo network', () => {
  it('has a referral in every status', async () => {
    const found = await rows<{ status: string }>(`select distinct status from referral`);
    expect(found.map((r) => r.status).sort()).toEqual(Object.values(ReferralStatus).sort());
  });

  it('keeps every session’s seats equal to its seat-holding referrals, within capacity', async () => {
    const sessions = await rows<{ id: number; capacity: number; seats_taken: number; holding: number }>(
      `select s.id, s.capacity, s.seats_taken,
              (select count(*)::int from referral r where r.session_id = s.id and r.status in (?)) as holding
         from session s`,
      [SESSION_SEAT_STATUSES],
    );
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      expect({ id: s.id, seats: s.seats_taken }).toEqual({ id: s.id, seats: s.holding });
      expect(s.seats_taken).toBeLessThanOrEqual(s.capacity);
    }
  });

  it('marks FULL exactly the published sessions without a seat left, and waitlists only on them', async () => {
    const full = await rows<{ status: string; capacity: number; seats_taken: number }>(`select status, capacity, seats_taken from session where status = 'FULL'`);
    expect(full.length).toBeGreaterThan(0);
    for (const s of full) expect(s.seats_taken).toBe(s.capacity);
    const [{ n: publishedButFull }] = await rows<{ n: number }>(`select count(*)::int as n from session where status = 'PUBLISHED' and seats_taken >= capacity`);
    expect(publishedButFull).toBe(0);
    const waitlisted = await rows<{ session_status: string; waitlisted_at: Date | null }>(
      `select s.status as session_status, r.waitlisted_at from referral r join session s on s.id = r.session_id where r.status = 'WAITLISTED'`,
    );
    expect(waitlisted.length).toBeGreaterThan(0);
    for (const r of waitlisted) {
      expect(r.session_status).toBe('FULL');
      expect(r.waitlisted_at).not.toBeNull();
    }
  });

  it('has a draft, a full, a cancelled and past completed sessions', async () => {
    const byStatus = await rows<{ status: string; n: number; past: number }>(
      `select status, count(*)::int as n, count(*) filter (where ends_at < now())::int as past from session group by status`,
    );
    const count = (status: string) => byStatus.find((s) => s.status === status);
    for (const status of ['DRAFT', 'PUBLISHED', 'FULL', 'CANCELLED', 'COMPLETED']) expect(count(status)?.n ?? 0).toBeGreaterThan(0);
    expect(count('COMPLETED')?.past).toBe(count('COMPLETED')?.n);
  });

  it('gives every company a valid SIRET and a dotted NAF code', async () => {
    const companies = await rows<{ siret: string; naf_code: string | null }>(`select siret, naf_code from company`);
    expect(companies.length).toBeGreaterThanOrEqual(6);
    for (const c of companies) {
      expect(isValidSiret(c.siret)).toBe(true);
      expect(c.naf_code).toMatch(/^\d{2}\.\d{2}[A-Z]$/);
    }
  });

  it('ties every session to at least one métier, and copies the département from the commune', async () => {
    const [{ n: withoutMetier }] = await rows<{ n: number }>(
      `select count(*)::int as n from session s where not exists (select 1 from session_metier sm where sm.session_id = s.id)`,
    );
    expect(withoutMetier).toBe(0);
    const [{ n: misplaced }] = await rows<{ n: number }>(
      `select count(*)::int as n from (
         select commune_code, departement_code from session union all select commune_code, departement_code from immersion_offer
         union all select commune_code, departement_code from company union all select commune_code, departement_code from structure
       ) l join commune c on c.code = l.commune_code where c.departement_code <> l.departement_code`,
    );
    expect(misplaced).toBe(0);
  });

  it('logs every referral from null → PENDING to its current status, in time order', async () => {
    const logs = await rows<{ id: number; status: string; steps: { from: string | null; to: string; at: string }[] }>(
      `select r.id, r.status,
              json_agg(json_build_object('from', t.from_status, 'to', t.to_status, 'at', t.at) order by t.at, t.id) as steps
         from referral r join referral_transition t on t.referral_id = r.id
        group by r.id`,
    );
    const [{ n: referrals }] = await rows<{ n: number }>(`select count(*)::int as n from referral`);
    expect(logs).toHaveLength(referrals);
    for (const log of logs) {
      expect(log.steps[0]).toMatchObject({ from: null, to: 'PENDING' });
      expect(log.steps[log.steps.length - 1].to).toBe(log.status);
      log.steps.slice(1).forEach((step, i) => {
        expect(step.from).toBe(log.steps[i].to);
        expect(new Date(step.at).getTime()).toBeGreaterThan(new Date(log.steps[i].at).getTime());
      });
    }
  });

  it('keeps at most one open referral per participant and target, sent by the referent structure', async () => {
    const [{ n: duplicates }] = await rows<{ n: number }>(
      `select count(*)::int as n from (
         select participant_id, session_id, immersion_offer_id from referral where status in ('PENDING', 'ACCEPTED', 'WAITLISTED')
          group by 1, 2, 3 having count(*) > 1) d`,
    );
    expect(duplicates).toBe(0);
    const [{ n: foreign }] = await rows<{ n: number }>(
      `select count(*)::int as n from referral r join participant p on p.id = r.participant_id
         join structure s on s.id = r.prescriber_structure_id
        where r.prescriber_structure_id <> p.referent_structure_id or not s.can_prescribe`,
    );
    expect(foreign).toBe(0);
  });

  it('has at least three upcoming published Ambassadeurs des métiers sessions of the CRÉPI, hosted, with seats left', async () => {
    const [{ n }] = await rows<{ n: number }>(
      `select count(*)::int as n from session s join structure o on o.id = s.organiser_id
        where s.kind = 'AMBASSADEURS_DES_METIERS' and s.status = 'PUBLISHED' and s.starts_at > now()
          and o.kind = 'CREPI' and s.host_company_id is not null and s.seats_taken < s.capacity`,
    );
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('has an upcoming school discovery visit from 14 with a meeting point apart from the site, and a group with a minimum size', async () => {
    const [school] = await rows<{ n: number }>(
      `select count(*)::int as n from session s where s.minimum_age = 14 and s.status = 'PUBLISHED' and s.starts_at > now()
          and s.meeting_point_label is not null and s.meeting_point_address is not null and s.minimum_size <= s.capacity`,
    );
    expect(school!.n).toBeGreaterThanOrEqual(1);
    const [grouped] = await rows<{ n: number }>(`select count(*)::int as n from session where kind = 'AMBASSADEURS_DES_METIERS' and minimum_size is not null`);
    expect(grouped!.n).toBeGreaterThanOrEqual(1);
  });

  it('has immersion offers for every objective, a draft and a closed one, within 30 days of presence', async () => {
    const offers = await rows<{ objective: string; status: string; max_presence_days: number; departement_code: string }>(
      `select objective, status, max_presence_days, departement_code from immersion_offer`,
    );
    expect(new Set(offers.map((o) => o.objective))).toEqual(new Set(['DISCOVER_METIER', 'CONFIRM_PROJECT', 'START_RECRUITMENT']));
    expect(offers.map((o) => o.status)).toEqual(expect.arrayContaining(['PUBLISHED', 'DRAFT', 'CLOSED']));
    for (const o of offers) expect(o.max_presence_days).toBeLessThanOrEqual(30);
    expect(offers.map((o) => o.departement_code)).toEqual(expect.arrayContaining(['33', '59']));
  });

  it('has commitments on the four PAQTE axes', async () => {
    const commitments = await rows<{ axis: string; status: string; convention_signed_on: string | null }>(`select axis, status, convention_signed_on from commitment`);
    expect(new Set(commitments.map((c) => c.axis))).toEqual(new Set(['SENSIBILISER', 'FORMER', 'RECRUTER', 'ACHETER']));
    expect(commitments.map((c) => c.status)).toEqual(expect.arrayContaining(['PROPOSED', 'SIGNED', 'FULFILLED', 'WITHDRAWN']));
    for (const c of commitments.filter((x) => x.status === 'SIGNED')) expect(c.convention_signed_on).not.toBeNull();
  });

  it('opens every demo token on an account of the stated role', async () => {
    const em: EntityManager = orm.em.fork();
    for (const token of DEMO_TOKENS) {
      const found = await findViewerByTokenSecret(em, token.secret);
      expect({ secret: token.secret, role: found?.role, email: found?.email })
        .toEqual({ secret: token.secret, role: token.role, email: token.email });
    }
  });

  it('seeds once: a second run does nothing', async () => {
    const before = await rowCounts();
    await expect(seedDemoNetwork(orm.em.fork())).resolves.toEqual({ seeded: false });
    expect(await rowCounts()).toEqual(before);
  });

  // Every date is computed from the seed time: the network must hold its promises whatever day it is seeded on.
  it('seeds a consistent network on any day of the week, across summer time changes', async () => {
    const seedTimes = [
      ...Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 10, 23 + i, 11))), // a Monday to a Sunday, noon in Paris
      new Date('2026-11-24T23:30:00Z'), // still Tuesday in UTC, already Wednesday in Paris
      new Date('2026-03-29T01:30:00Z'), // the night summer time starts
      new Date('2026-10-25T00:30:00Z'), // the night it ends
      new Date('2028-02-29T12:00:00Z'),
    ];
    const adminUrl = process.env.RELAIS_TEST_ADMIN_URL;
    if (!adminUrl) throw new Error('test/support/global-setup.ts did not run');
    const name = `relais_t_${randomBytes(6).toString('hex')}`;
    await withAdmin(adminUrl, (c) => c.query(`create database "${name}"`));
    const empty = await initOrm(databaseUrl(adminUrl, name));
    try {
      await migrate(empty);
      for (const now of seedTimes) {
        const em = empty.em.fork();
        await em.begin();
        try {
          // The seed checks its own promises (seats, FULL, waiting lists, time order of each log) and throws if one fails.
          await expect(seedDemoNetwork(em, { now })).resolves.toEqual({ seeded: true });
          const [{ n }] = await em.execute<{ n: number }[]>(
            `select count(*)::int as n from session where kind = 'AMBASSADEURS_DES_METIERS' and status = 'PUBLISHED' and starts_at > ? and seats_taken < capacity`,
            [now],
          );
          expect({ now, upcoming: n }).toEqual({ now, upcoming: 3 });
        } finally {
          await em.rollback();
        }
      }
    } finally {
      await empty.close();
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
    }
  });
});

describe('the demo network at start (public tokens: never in production unless asked)', () => {
  it('is seeded on the embedded database outside production, never in production unless RELAIS_SEED_DEMO=true', () => {
    const cases = [
      [{}, true, true],
      [{}, false, false],
      [{ NODE_ENV: 'production' }, true, false],
      [{ NODE_ENV: 'production', RELAIS_SEED_DEMO: 'auto' }, true, false],
      [{ NODE_ENV: 'production', RELAIS_SEED_DEMO: 'true' }, true, true],
      [{ NODE_ENV: 'production', RELAIS_SEED_DEMO: 'true' }, false, true],
      [{ RELAIS_SEED_DEMO: 'false' }, true, false],
      [{ RELAIS_SEED_DEMO: 'true' }, false, true],
    ] as const;
    for (const [env, embedded, expected] of cases) expect({ env, embedded, seeds: shouldSeedDemo(loadConfig(env), embedded) }).toEqual({ env, embedded, seeds: expected });
  });

  it('starts in production on a fresh embedded-like database without the demo tokens; asked explicitly, seeds them and warns loudly', async () => {
    const adminUrl = process.env.RELAIS_TEST_ADMIN_URL;
    if (!adminUrl) throw new Error('test/support/global-setup.ts did not run');
    const name = `relais_t_${randomBytes(6).toString('hex')}`;
    await withAdmin(adminUrl, (c) => c.query(`create database "${name}"`));
    const url = databaseUrl(adminUrl, name);
    const fresh = await initOrm(url);
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
    let stderr = '';
    const console = { write: (text: string) => (stderr += text) };
    const WARN = 40;
    try {
      await migrate(fresh);
      // NODE_ENV=production on the embedded database (what `npm start` used to seed): nothing, and the token fails.
      expect(await seedDemoAtStart(fresh, loadConfig({ NODE_ENV: 'production' }), true, logger, console)).toBe(false);
      const server = await startTestServer({ NODE_ENV: 'production' }, { db: { url, drop: async () => undefined } });
      try {
        const answer = await fetch(server.server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.admin}` },
          body: JSON.stringify({ query: '{ viewer { role } }' }),
        });
        expect(answer.status).toBe(401);
      } finally {
        await server.stop();
      }
      const [{ n }] = await fresh.em.fork().getConnection().execute<{ n: number }[]>('select count(*)::int as n from account');
      expect(n).toBe(0);
      expect(stderr).toBe('');
      expect(lines.filter((l) => l.level >= WARN)).toEqual([]);

      // RELAIS_SEED_DEMO=true in production: seeded, with an error line and a banner naming the admin token.
      expect(await seedDemoAtStart(fresh, loadConfig({ NODE_ENV: 'production', RELAIS_SEED_DEMO: 'true' }), true, logger, console)).toBe(true);
      expect(await findViewerByTokenSecret(fresh.em.fork(), TOKENS.admin)).toMatchObject({ role: 'NETWORK_ADMIN' });
      expect(lines.filter((l) => l.level >= WARN).map((l) => l.msg)).toEqual([expect.stringMatching(/production.*demo network.*public/)]);
      expect(stderr).toMatch(/WARNING: NODE_ENV=production and RELAIS_SEED_DEMO=true/);
      expect(stderr).toContain(`${TOKENS.admin} (NETWORK_ADMIN)`);

      // A later production start without the variable seeds nothing, but still warns while those tokens work.
      stderr = '';
      expect(await seedDemoAtStart(fresh, loadConfig({ NODE_ENV: 'production' }), true, logger, console)).toBe(false);
      expect(stderr).toMatch(/the demo network is in this database/);
    } finally {
      await fresh.close();
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
    }
  });
});
