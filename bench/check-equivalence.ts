import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import { findNearSearchParams, nearSearchRequests, normaliseNearSearch, NEAR_SEARCH_RADIUS_KM, type NearSearchParams } from './workloads/near-search';
import {
  findPortalListParams,
  normalisePortalList,
  peerHttpRequest,
  PEERS,
  portalListRequests,
  type Peer,
  type PeerRequests,
  type PortalListParams,
} from './workloads/portal-list';

/**
 * Checks that Relais, the PostGraphile peer and the raw-SQL floor answer W1 and W2 with the same results: the same
 * ids in the same order and the same nested values, for several parameter sets. Prints a diff and exits 1 on a
 * mismatch (or an error answer).
 *
 *   RELAIS_URL=http://127.0.0.1:4000 POSTGRAPHILE_URL=http://127.0.0.1:5200 RAW_SQL_URL=http://127.0.0.1:5300 \
 *   RELAIS_TOKEN=rls_demo_crepi_portal [DATABASE_URL=...] node dist/bench/check-equivalence.js
 *
 * RELAIS_TOKEN: a partner-portal or network-admin token; unset, the portal (else admin) token of the generator's
 * fixture, else the demo portal token. The fixture (RELAIS_FIXTURE, default bench/results/fixture.json, ignored when
 * DATABASE_URL names another database) also gives the W1/W2 parameters the generator chose.
 * DATABASE_URL (optional, the database the three serve): adds parameter sets found in the data that fill a page.
 */

const PEER_NAMES: Record<Peer, string> = { relais: 'Relais', postgraphile: 'PostGraphile', rawSql: 'raw SQL' };

function baseUrls(env: NodeJS.ProcessEnv): Record<Peer, string> {
  const strip = (url: string) => url.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return {
    relais: strip(env.RELAIS_URL ?? 'http://127.0.0.1:4000'),
    postgraphile: strip(env.POSTGRAPHILE_URL ?? 'http://127.0.0.1:5200'),
    rawSql: strip(env.RAW_SQL_URL ?? 'http://127.0.0.1:5300'),
  };
}

interface Fixture {
  databaseUrl?: unknown;
  w1?: { departementCode?: unknown; startsFrom?: unknown; startsBefore?: unknown; byDepartement?: { departementCode?: unknown }[] };
  w2?: { radiusKm?: unknown; points?: { latitude?: unknown; longitude?: unknown; romeCode?: unknown; communeName?: unknown }[] };
}

/**
 * The generator's fixture (bench/results/fixture.json), when it describes the database checked: RELAIS_FIXTURE set,
 * or the default file when DATABASE_URL is unset or is the fixture's database.
 */
function loadFixture(env: NodeJS.ProcessEnv): Fixture | null {
  const path = env.RELAIS_FIXTURE ?? 'bench/results/fixture.json';
  if (!existsSync(path)) return null;
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as Fixture;
  if (!env.RELAIS_FIXTURE && env.DATABASE_URL && typeof fixture.databaseUrl === 'string' && fixture.databaseUrl !== env.DATABASE_URL) return null;
  return fixture;
}

/** A portal token from the fixture (any shape: the strings that look like tokens, by role or key), else an admin's. */
function fixtureToken(fixture: Fixture): string | null {
  const found: { at: string; token: string }[] = [];
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'string' && /^rls_/.test(value)) found.push({ at, token: value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (value && typeof value === 'object') {
      const role = (value as { role?: unknown }).role;
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}${typeof role === 'string' ? `(${role})` : ''}`);
    }
  };
  walk(fixture, '');
  return (found.find((f) => /portal|partner/i.test(f.at)) ?? found.find((f) => /network.?admin/i.test(f.at)))?.token ?? null;
}

/** The W1/W2 parameters the generator chose (its fixture's w1 and w2), as far as they are readable. */
function fixtureCases(fixture: Fixture): Case[] {
  const cases: Case[] = [];
  const w1 = fixture.w1;
  if (w1 && typeof w1.startsFrom === 'string' && typeof w1.startsBefore === 'string') {
    const departements = [w1.departementCode, ...(w1.byDepartement ?? []).map((d) => d.departementCode)].filter((d): d is string => typeof d === 'string');
    for (const departement of [...new Set(departements)].slice(0, 4)) {
      cases.push(w1Case({ departement, startsFrom: w1.startsFrom, startsBefore: w1.startsBefore }, '[fixture]'));
    }
  }
  const radiusKm = typeof fixture.w2?.radiusKm === 'number' ? fixture.w2.radiusKm : NEAR_SEARCH_RADIUS_KM;
  for (const point of (fixture.w2?.points ?? []).slice(0, 4)) {
    if (typeof point.latitude !== 'number' || typeof point.longitude !== 'number' || typeof point.romeCode !== 'string') continue;
    const romeDomaine = point.romeCode.slice(0, 3);
    cases.push(w2Case({ latitude: point.latitude, longitude: point.longitude, radiusKm, romeDomaine }, `[fixture${typeof point.communeName === 'string' ? `, ${point.communeName}` : ''}]`));
  }
  return cases;
}

async function fetchAnswer(peer: Peer, base: string, requests: PeerRequests, token: string): Promise<{ status: number; body: unknown }> {
  const request = peerHttpRequest(peer, requests, token);
  const response = await fetch(base + request.path, { method: request.method, headers: request.headers, body: request.body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: { errors: [{ message: `not JSON (HTTP ${response.status}): ${text.slice(0, 200)}` }] } };
  }
}

const show = (value: unknown) => JSON.stringify(value);

/** Where two normalised answers differ, in a few lines (ids first, then the first differing items). */
function diff(reference: { items: { id: number }[] } & Record<string, unknown>, other: { items: { id: number }[] } & Record<string, unknown>, names: [string, string]): string[] {
  const lines: string[] = [];
  for (const key of Object.keys(reference)) {
    if (key !== 'items' && !isDeepStrictEqual(reference[key], other[key])) lines.push(`${key}: ${names[0]} ${show(reference[key])} ≠ ${names[1]} ${show(other[key])}`);
  }
  const a = reference.items.map((i) => i.id);
  const b = other.items.map((i) => i.id);
  if (!isDeepStrictEqual(a, b)) {
    lines.push(`ids (${a.length} / ${b.length}):`, `  ${names[0].padEnd(12)} ${a.join(', ')}`, `  ${names[1].padEnd(12)} ${b.join(', ')}`);
    const onlyA = a.filter((id) => !b.includes(id));
    const onlyB = b.filter((id) => !a.includes(id));
    if (onlyA.length) lines.push(`  only in ${names[0]}: ${onlyA.join(', ')}`);
    if (onlyB.length) lines.push(`  only in ${names[1]}: ${onlyB.join(', ')}`);
  }
  let shown = 0;
  for (let i = 0; i < Math.max(reference.items.length, other.items.length) && shown < 3; i++) {
    const x = reference.items[i];
    const y = other.items[i];
    if (x && y && x.id === y.id && !isDeepStrictEqual(x, y)) {
      shown++;
      lines.push(`item #${i} (id ${x.id}):`);
      for (const field of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const u = (x as unknown as Record<string, unknown>)[field];
        const v = (y as unknown as Record<string, unknown>)[field];
        if (!isDeepStrictEqual(u, v)) lines.push(`  ${field}: ${names[0]} ${show(u)}`, `  ${' '.repeat(field.length)}  ${names[1]} ${show(v)}`);
      }
    }
  }
  return lines;
}

interface Case {
  workload: 'W1' | 'W2';
  label: string;
  pageSize: number;
  requests: PeerRequests;
  normalise: Record<Peer, (body: unknown) => { items: { id: number }[] } & Record<string, unknown>>;
}

function w1Case(params: PortalListParams, origin: string): Case {
  return {
    workload: 'W1',
    label: `${origin} département ${params.departement}, ${params.startsFrom} → ${params.startsBefore}, first ${params.first ?? 50}`,
    pageSize: params.first ?? 50,
    requests: portalListRequests(params),
    normalise: normalisePortalList as unknown as Case['normalise'],
  };
}

function w2Case(params: NearSearchParams, origin: string): Case {
  return {
    workload: 'W2',
    label: `${origin} ${params.romeDomaine} within ${params.radiusKm ?? NEAR_SEARCH_RADIUS_KM} km of (${params.latitude}, ${params.longitude}), first ${params.first ?? 20}`,
    pageSize: params.first ?? 20,
    requests: nearSearchRequests(params),
    normalise: normaliseNearSearch as unknown as Case['normalise'],
  };
}

/** Sets that make sense on any data (the demo network's places, empty answers, small pages). */
function fixedCases(now: Date): Case[] {
  const day = 86_400_000;
  const from = new Date(Math.floor(now.getTime() / day) * day - 30 * day).toISOString();
  const before = new Date(Math.floor(now.getTime() / day) * day + 90 * day).toISOString();
  return [
    w1Case({ departement: '93', startsFrom: from, startsBefore: before }, '[fixed]'),
    w1Case({ departement: '33', startsFrom: from, startsBefore: before, first: 2 }, '[fixed]'),
    w1Case({ departement: '59', startsFrom: from, startsBefore: before }, '[fixed]'),
    w1Case({ departement: '2A', startsFrom: '2000-01-01T00:00:00.000Z', startsBefore: '2000-02-01T00:00:00.000Z' }, '[fixed, empty]'),
    w2Case({ latitude: 48.9362, longitude: 2.3574, romeDomaine: 'F17' }, '[fixed, Saint-Denis]'),
    w2Case({ latitude: 44.9153, longitude: -0.2439, radiusKm: 30, romeDomaine: 'A14' }, '[fixed, Libourne]'),
    w2Case({ latitude: 50.3592, longitude: 3.5253, romeDomaine: 'N11', first: 5 }, '[fixed, Valenciennes]'),
    w2Case({ latitude: 45.7640, longitude: 4.8357, romeDomaine: 'F17' }, '[fixed, Lyon]'),
  ];
}

async function discoveredCases(databaseUrl: string): Promise<Case[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const w1 = await findPortalListParams(pool, { count: 6, partial: 2 });
    const w2 = await findNearSearchParams(pool, { count: 6, partial: 2 });
    return [...w1.map((p) => w1Case(p, '[data]')), ...w2.map((p) => w2Case(p, '[data]'))];
  } finally {
    await pool.end();
  }
}

async function main(): Promise<number> {
  const env = process.env;
  const urls = baseUrls(env);
  const fixture = loadFixture(env);
  const token = env.RELAIS_TOKEN ?? (fixture && fixtureToken(fixture)) ?? 'rls_demo_crepi_portal';
  const cases = [...fixedCases(new Date()), ...(fixture ? fixtureCases(fixture) : []), ...(env.DATABASE_URL ? await discoveredCases(env.DATABASE_URL) : [])];
  console.log(`Equivalence of W1/W2: Relais ${urls.relais} (token ${token.slice(0, 12)}…), PostGraphile ${urls.postgraphile}, raw SQL ${urls.rawSql}`);
  const origins = ['fixed', ...(fixture ? ['from the fixture'] : []), ...(env.DATABASE_URL ? ['found in the data'] : [])];
  console.log(`${cases.length} parameter sets (${origins.join(', ')})${env.DATABASE_URL ? '' : ': set DATABASE_URL to add sets that fill a page'}\n`);

  let failures = 0;
  const fullPages = { W1: 0, W2: 0 };
  for (const c of cases) {
    const problems: string[] = [];
    const results = new Map<Peer, { items: { id: number }[] } & Record<string, unknown>>();
    for (const peer of PEERS) {
      try {
        const { status, body } = await fetchAnswer(peer, urls[peer], c.requests, token);
        if (status !== 200) problems.push(`${PEER_NAMES[peer]}: HTTP ${status} ${show(body).slice(0, 300)}`);
        else results.set(peer, c.normalise[peer](body));
      } catch (error) {
        problems.push(`${PEER_NAMES[peer]}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const reference = results.get('relais');
    if (reference) {
      for (const peer of ['postgraphile', 'rawSql'] as const) {
        const other = results.get(peer);
        if (other && !isDeepStrictEqual(reference, other)) problems.push(`${PEER_NAMES.relais} ≠ ${PEER_NAMES[peer]}:`, ...diff(reference, other, [PEER_NAMES.relais, PEER_NAMES[peer]]).map((l) => `  ${l}`));
      }
    }
    const n = reference?.items.length ?? 0;
    const full = n === c.pageSize;
    if (full && problems.length === 0) fullPages[c.workload]++;
    const hasNext = reference && 'hasNextPage' in reference ? `, hasNextPage ${String(reference.hasNextPage)}` : '';
    const ids = reference ? ` ids ${reference.items.slice(0, 5).map((i) => i.id).join(', ')}${n > 5 ? ', …' : ''}` : '';
    if (problems.length === 0) {
      console.log(`ok   ${c.workload} ${c.label}: ${n} items${full ? ' (full page)' : ''}${hasNext};${ids}`);
    } else {
      failures++;
      console.log(`FAIL ${c.workload} ${c.label}: ${n} items from Relais`);
      for (const line of problems) console.log(`     ${line}`);
    }
  }
  console.log(`\n${cases.length - failures}/${cases.length} parameter sets equivalent; full pages compared: W1 ${fullPages.W1}, W2 ${fullPages.W2}.`);
  for (const workload of ['W1', 'W2'] as const) {
    if (failures === 0 && fullPages[workload] === 0) {
      console.log(`note: no full page of ${workload} compared: ${env.DATABASE_URL ? 'none found in this data' : 'set DATABASE_URL to look for parameters that fill one'}.`);
    }
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
