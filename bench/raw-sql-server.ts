import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { boundingBox, EARTH_RADIUS_KM } from '../src/territories/rules/geo';

/**
 * The raw-SQL floor of W1 and W2 (issue 6, item 3): the same results as Relais, each fetched by one hand-written
 * statement through `pg` (named, so prepared once per connection) that builds the whole JSON answer in PostgreSQL;
 * Node only checks the parameters and writes the text out. Shaped like the GraphQL data:
 *
 *   GET /w1?departement=93&startsFrom=2026-12-01T00:00:00Z&startsBefore=2027-01-01T00:00:00Z&first=50
 *     → {"data":{"sessions":{"pageInfo":{"hasNextPage":..},"nodes":[{id,title,startsAt,seatsLeft,organiser{name},
 *        hostCompany{name,commitmentsCount},metiers[{code,label}]}]}}}
 *   GET /w2?latitude=48.9362&longitude=2.3574&radiusKm=20&romeDomaine=F17&first=20
 *     → {"data":{"immersionOffers":{"nodes":[{id,title,objective,availableFrom,availableUntil,distanceKm,
 *        company{name},metier{code,label}}]}}}
 *   GET /healthz → 200; GET /stats → { statements } sent so far
 *
 * Start: `node dist/bench/raw-sql-server.js` with DATABASE_URL, PORT (default 5300), HOST (127.0.0.1) and
 * PG_POOL_MAX (default 10, as Relais's RELAIS_DB_POOL_MAX).
 */

/** W1: one statement; the page (first + 1 rows, to know hasNextPage) read once, then the nested values per row. */
export const W1_SQL = `
with page as materialized (
  select s.id, s.title, s.starts_at, s.capacity, s.seats_taken, s.organiser_id, s.host_company_id
  from session s
  where s.departement_code = $1
    and s.status = 'PUBLISHED'
    and s.seats_taken < s.capacity
    and s.starts_at >= $2::timestamptz
    and s.starts_at < $3::timestamptz
  order by s.starts_at, s.id
  limit $4::int + 1
)
select json_build_object('data', json_build_object('sessions', json_build_object(
  'pageInfo', json_build_object('hasNextPage', (select count(*) from page) > $4::int),
  'nodes', coalesce((
    select json_agg(json_build_object(
      'id', p.id,
      'title', p.title,
      'startsAt', to_char(p.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'seatsLeft', greatest(0, p.capacity - p.seats_taken),
      'organiser', json_build_object('name', st.name),
      'hostCompany', case when c.id is null then null else json_build_object(
        'name', c.name,
        'commitmentsCount', (select count(*) from commitment k where k.company_id = c.id)) end,
      'metiers', coalesce((
        select json_agg(json_build_object('code', m.code, 'label', m.label) order by m.code)
        from session_metier sm join metier m on m.code = sm.metier_code
        where sm.session_id = p.id), '[]'::json)
    ) order by p.starts_at, p.id)
    from (select * from page order by starts_at, id limit $4::int) p
    join structure st on st.id = p.organiser_id
    left join company c on c.id = p.host_company_id
  ), '[]'::json)
)))::text as body`;

/** Haversine distance from ($1, $2) to the offer, the expression Relais orders and filters by. */
const DISTANCE = `(${2 * EARTH_RADIUS_KM} * asin(least(1, sqrt(power(sin(radians(o.latitude - $1::float8) / 2), 2) + cos(radians($1::float8)) * cos(radians(o.latitude)) * power(sin(radians(o.longitude - $2::float8) / 2), 2)))))`;

/**
 * W2: one statement; the (latitude, longitude) box around the disc (computed in Node, as Relais does) lets the index
 * pre-filter, then the exact distance filters and orders.
 */
export const W2_SQL = `
select json_build_object('data', json_build_object('immersionOffers', json_build_object(
  'nodes', coalesce(json_agg(json_build_object(
    'id', o.id,
    'title', o.title,
    'objective', o.objective,
    'availableFrom', o.available_from,
    'availableUntil', o.available_until,
    'distanceKm', o.distance_km,
    'company', json_build_object('name', c.name),
    'metier', json_build_object('code', m.code, 'label', m.label)
  ) order by o.distance_km, o.id), '[]'::json)
)))::text as body
from (
  select o.id, o.title, o.objective, o.available_from, o.available_until, o.company_id, o.metier_code, ${DISTANCE} as distance_km
  from immersion_offer o
  where o.status = 'PUBLISHED'
    and left(o.metier_code, 3) = $4
    and o.latitude between $5::float8 and $6::float8
    and o.longitude between $7::float8 and $8::float8
    and ${DISTANCE} <= $3::float8
  order by distance_km, o.id
  limit $9::int
) o
join company c on c.id = o.company_id
join metier m on m.code = o.metier_code`;

const DEPARTEMENT = /^(\d{2}|2[AB]|97\d)$/;
const ROME_DOMAINE = /^[A-N]\d{2}$/;
const MAX_PAGE = 100;

class BadRequest extends Error {}

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw new BadRequest(`${name} is required`);
  return value;
}

function instant(query: URLSearchParams, name: string): string {
  const value = required(query, name);
  if (Number.isNaN(Date.parse(value))) throw new BadRequest(`${name} must be an ISO 8601 instant`);
  return value;
}

function number(query: URLSearchParams, name: string, min: number, max: number): number {
  const value = Number(required(query, name));
  if (!Number.isFinite(value) || value < min || value > max) throw new BadRequest(`${name} must be a number between ${min} and ${max}`);
  return value;
}

function pageSize(query: URLSearchParams, fallback: number): number {
  const raw = query.get('first');
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE) throw new BadRequest(`first must be an integer between 1 and ${MAX_PAGE}`);
  return value;
}

/** The statement and values for a request path, or null for an unknown path. */
export function statementFor(pathname: string, query: URLSearchParams): { name: string; text: string; values: unknown[] } | null {
  if (pathname === '/w1') {
    const departement = required(query, 'departement');
    if (!DEPARTEMENT.test(departement)) throw new BadRequest('departement must be an INSEE département code');
    const startsFrom = instant(query, 'startsFrom');
    const startsBefore = instant(query, 'startsBefore');
    return { name: 'bench_w1', text: W1_SQL, values: [departement, startsFrom, startsBefore, pageSize(query, 50)] };
  }
  if (pathname === '/w2') {
    const latitude = number(query, 'latitude', -90, 90);
    const longitude = number(query, 'longitude', -180, 180);
    const radiusKm = number(query, 'radiusKm', Number.MIN_VALUE, 500);
    const romeDomaine = required(query, 'romeDomaine').toUpperCase();
    if (!ROME_DOMAINE.test(romeDomaine)) throw new BadRequest('romeDomaine must be a ROME domaine (F17)');
    const box = boundingBox({ latitude, longitude }, radiusKm);
    return {
      name: 'bench_w2',
      text: W2_SQL,
      values: [latitude, longitude, radiusKm, romeDomaine, box.minLatitude, box.maxLatitude, box.minLongitude, box.maxLongitude, pageSize(query, 20)],
    };
  }
  return null;
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function main(): void {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    console.error('DATABASE_URL is required');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 5300);
  const host = process.env.HOST ?? '127.0.0.1';
  const poolMax = Number(process.env.PG_POOL_MAX ?? 10);
  const pool = new Pool({ connectionString, max: poolMax });
  /** SQL statements sent so far (GET /stats), as the PostGraphile peer counts its own. */
  let statements = 0;
  pool.on('error', (error) => console.error(JSON.stringify({ msg: 'idle PostgreSQL client error', error: String(error) })));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (url.pathname === '/stats') {
      send(res, 200, JSON.stringify({ statements }));
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, JSON.stringify({ errors: [{ message: 'GET only' }] }));
      return;
    }
    let statement;
    try {
      statement = statementFor(url.pathname, url.searchParams);
    } catch (error) {
      if (error instanceof BadRequest) {
        send(res, 400, JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }] }));
        return;
      }
      throw error;
    }
    if (!statement) {
      send(res, 404, JSON.stringify({ errors: [{ message: 'not found: GET /w1 or /w2' }] }));
      return;
    }
    statements += 1;
    pool.query<{ body: string }>(statement).then(
      (result) => send(res, 200, result.rows[0].body),
      (error: unknown) => {
        console.error(JSON.stringify({ msg: 'query failed', path: url.pathname, error: String(error) }));
        send(res, 500, JSON.stringify({ errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, host, () => console.log(JSON.stringify({ msg: 'raw-SQL peer is serving', url: `http://${host}:${port}`, poolMax })));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ msg: 'stopping', signal }));
    server.close();
    server.closeIdleConnections();
    void pool.end().finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) main();
