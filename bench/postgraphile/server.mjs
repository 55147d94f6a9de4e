// PostGraphile 5 peer of the Relais benchmark (issue 6, item 3): the Relais tables of schema `public` and the SQL
// functions of `bench_peer` (setup.sql, applied first) served with the standard preset (amber), production-like.
//
//   node -r ./bench/postgraphile/polyfill.cjs bench/postgraphile/server.mjs
//
// Environment: DATABASE_URL (required), PORT (default 5200), HOST (default 127.0.0.1), PG_POOL_MAX (default 10,
// Relais's RELAIS_DB_POOL_MAX default). GraphQL at http://HOST:PORT/graphql; GET /healthz answers 200; GET /stats
// gives the number of SQL statements sent so far.
import { createServer } from 'node:http';

// Production mode unless told otherwise (development mode makes Grafast's planning much more expensive). Set before
// Grafast is loaded: the imports below are dynamic for that reason.
process.env.GRAPHILE_ENV ??= 'production';

const { default: pg } = await import('pg');
const { postgraphile } = await import('postgraphile');
const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
const { makePgService } = await import('postgraphile/adaptors/pg');
const { grafserv } = await import('postgraphile/grafserv/node');

if (typeof Promise.withResolvers !== 'function') {
  console.error('Promise.withResolvers is missing: start with node -r ./bench/postgraphile/polyfill.cjs (Node 20)');
  process.exit(1);
}

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  console.error('DATABASE_URL is required');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 5200);
const host = process.env.HOST ?? '127.0.0.1';
const poolMax = Number(process.env.PG_POOL_MAX ?? 10);

// Counts the SQL statements PostGraphile sends (GET /stats), for the bench's statements-per-request column.
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  return query.apply(this, args);
};

const pool = new pg.Pool({ connectionString, max: poolMax });
pool.on('error', (error) => console.error('idle PostgreSQL client error', error));

// The workloads' query fields come from setup.sql: without it the schema would build, and every W1/W2 request fail.
const { rows: [setup] } = await pool.query(
  `select to_regprocedure('bench_peer.portal_sessions(text, timestamptz, timestamptz)') is not null
      and to_regprocedure('bench_peer.immersion_offers_near(float8, float8, float8, text)') is not null as ready`,
);
if (!setup.ready) {
  console.error('schema bench_peer is missing: apply bench/postgraphile/setup.sql to the database first');
  await pool.end();
  process.exit(1);
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  // Read-only peer: no generated CRUD mutations (the workloads only read; the raw-SQL peer has none either).
  disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin'],
  pgServices: [makePgService({ pool, schemas: ['public', 'bench_peer'] })],
  grafserv: {
    port,
    host,
    graphqlPath: '/graphql',
    watch: false, // no introspection watch (no event triggers, schema built once)
    graphiql: false,
    graphqlOverGET: false,
    websockets: false,
    maxRequestLength: 100 * 1024, // Relais's RELAIS_BODY_LIMIT default
  },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
// createHandler rather than addTo: the peer serves no websockets, and it lets /healthz answer beside GraphQL.
const handler = serv.createHandler();
const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  if (req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ statements }));
    return;
  }
  handler(req, res, () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
});
// Build the schema before accepting requests, so the first request of a load run does not pay for it.
await pgl.getSchemaResult();
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  console.log(JSON.stringify({ msg: 'PostGraphile peer is serving', url: `http://${host}:${port}/graphql`, poolMax, env: process.env.GRAPHILE_ENV }));
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(JSON.stringify({ msg: 'stopping', signal }));
  server.close();
  server.closeIdleConnections?.();
  try {
    await serv.release();
    await pgl.release();
    await pool.end();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
