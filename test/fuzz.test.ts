import http from 'node:http';
import fc from 'fast-check';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { buildRelaisSchema } from '../src/graphql/schema';
import { startServer, type RelaisServer } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { initOrm, type Orm } from '../src/db/orm';
import { hashTokenSecret } from '../src/access/rules/token-secret';
import { createTestDatabase, type TestDatabase } from './support/database';
import { keyOf } from './support/fixtures';
import { operationArbitrary, type FuzzWorld, type GeneratedOperation } from './support/fuzz-operations';
import { rootFields, type OperationKind } from './support/hostile';
import { TOKENS } from './support/graphql';
import { eventually } from './support/subscriptions';

/**
 * Schema-driven fuzz (issue 9, acceptance): operations generated from the schema — every Query and Mutation root
 * field as every role and without a token over HTTP, fewer Subscriptions over graphql-ws — with hostile values in
 * valid shapes, invalid shapes, and limit breakers. No answer may be a 5xx, an INTERNAL_SERVER_ERROR or anything
 * but a JSON object with `data` or `errors`, and `/healthz` answers throughout.
 *
 * FUZZ_SEED (printed) replays a run; FUZZ_RUNS sets the number of operations (default 20,000).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 9_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
/** Requests in flight at once. */
const CONCURRENCY = 8;
/** Share of the runs sent as subscriptions over graphql-ws. */
const SUBSCRIPTION_SHARE = 0.02;
/** How long a subscription that answered nothing yet is kept before it is stopped (a bound, not an assertion). */
const SUBSCRIPTION_WAIT_MS = 100;

const ROLES: [string, string | null][] = [...Object.entries(TOKENS), ['none', null]];

interface LogLine {
  level: number;
  msg: string;
  err?: { type?: string; message?: string; stack?: string };
}

interface Failure {
  op: GeneratedOperation;
  role: string;
  what: string;
}

let db: TestDatabase;
let orm: Orm;
let server: RelaisServer;
let schema: GraphQLSchema;
/** Error lines the server logged (LOG_LEVEL error, kept in memory). */
const logged: LogLine[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'error', RELAIS_EXPIRY_INTERVAL_MS: '0', RELAIS_RATE_LIMIT: '1000000', DATABASE_URL: db.url });
  const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line) as LogLine) });
  orm = await initOrm(db.url, { poolMax: 5 });
  schema = await buildRelaisSchema();
  server = await startServer({ config, logger, orm, schema, databaseUrl: db.url });
});

afterAll(async () => {
  agent.destroy();
  await server?.close();
  await orm?.close();
  await db?.drop();
});

/** Plain HTTP with keep-alive (lighter than fetch, which matters at 20,000 requests); non-2xx bodies are read too. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 2 });
function post(token: string | null, query: string, variables: Record<string, unknown>, retried = false): Promise<{ status: number; text: string }> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(
      server.url,
      // A body over the limit is answered 413 before it is read, and its connection closed: it gets one of its own.
      { method: 'POST', agent: body.length > 50_000 ? false : agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      // Node's documented race: a kept-alive socket the server closed as it was reused. Sent again once, fresh.
      if (request.reusedSocket && error.code === 'ECONNRESET' && !retried) post(token, query, variables, true).then(resolve, reject);
      else reject(error);
    });
    request.end(body);
  });
}

async function adminData<T>(query: string): Promise<T> {
  const { text } = await post(TOKENS.admin, query, {});
  const body = JSON.parse(text) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`setup query failed: ${text}`);
  return body.data;
}

/** Real ids and cursors of the demo network, and what the fuzz must not disable. */
async function gatherWorld(): Promise<FuzzWorld> {
  const ids: Record<string, string[]> = {};
  const cursors: string[] = [];
  const add = (type: string, id: string | undefined | null) => id && (ids[type] ??= []).push(id);
  const near = '{ near: { latitude: 46.5, longitude: 1.5, radiusKm: 500 } }';
  const lists: [string, string, string][] = [
    ['sessions', 'Session', ''], ['sessions', 'Session', near], ['immersionOffers', 'ImmersionOffer', ''], ['immersionOffers', 'ImmersionOffer', near],
    ['participants', 'Participant', ''], ['referrals', 'Referral', ''], ['commitments', 'Commitment', ''], ['companies', 'Company', ''],
    ['companies', 'Company', near], ['structures', 'Structure', ''], ['structures', 'Structure', near], ['accounts', 'Account', ''], ['metiers', 'Metier', ''],
  ];
  for (const [field, type, filter] of lists) {
    const data = await adminData<Record<string, { edges: { cursor: string; node: { id: string } }[] }>>(
      `{ l: ${field}(first: 100${filter ? `, filter: ${filter}` : ''}) { edges { cursor node { id } } } }`,
    );
    for (const edge of data.l.edges) {
      add(type, edge.node.id);
      cursors.push(edge.cursor);
    }
  }
  const audit = await adminData<{ auditLog: { edges: { cursor: string }[] } }>('{ auditLog(first: 3) { edges { cursor } } }');
  cursors.push(...audit.auditLog.edges.map((e) => e.cursor));
  const extra = await adminData<{ metiers: { edges: { node: { appellations: { id: string }[] } }[] }; structures: { edges: { node: { commune: { id: string } | null } }[] } }>(
    '{ metiers(first: 5) { edges { node { appellations { id } } } } structures(first: 20) { edges { node { commune { id } } } } }',
  );
  extra.metiers.edges.forEach((e) => e.node.appellations.forEach((a) => add('Appellation', a.id)));
  extra.structures.edges.forEach((e) => add('Commune', e.node.commune?.id));
  const { latestEventCursor } = await adminData<{ latestEventCursor: string }>('{ latestEventCursor }');

  // The demo roles' accounts (and the demo participant) stay out of reach of disableAccount and eraseParticipant.
  const protectedAccounts: number[] = [];
  const protectedParticipants: number[] = [];
  for (const token of Object.values(TOKENS)) {
    const { text } = await post(token, '{ viewer { id participant { id } } }', {});
    const viewer = (JSON.parse(text) as { data: { viewer: { id: string; participant: { id: string } | null } } }).data.viewer;
    protectedAccounts.push(keyOf(viewer.id));
    if (viewer.participant) protectedParticipants.push(keyOf(viewer.participant.id));
  }
  const isProtected = (type: string, id: string) => (type === 'Account' && protectedAccounts.includes(keyOf(id))) || (type === 'Participant' && protectedParticipants.includes(keyOf(id)));
  for (const type of Object.keys(ids)) ids[type] = ids[type]!.filter((id) => !isProtected(type, id));
  const tokens = await orm.em.fork().getConnection().execute<{ id: number }[]>('select id from api_token where token_hash not in (?) order by id', [demoTokenHashes()]);
  return {
    ids,
    cursors,
    eventCursors: [latestEventCursor, Buffer.from('event:1').toString('base64url'), Buffer.from('event:0').toString('base64url')],
    tokenIds: tokens.map((t) => String(t.id)),
    protectedKeys: { Account: protectedAccounts, Participant: protectedParticipants },
  };
}

const demoTokenHashes = () => Object.values(TOKENS).map((secret) => hashTokenSecret(secret));

/** Undoes what the fuzz may have done to its own roles (a revoked demo token, a disabled demo account). */
async function healRoles(): Promise<void> {
  const connection = orm.em.fork().getConnection();
  const hashes = demoTokenHashes();
  await connection.execute('update api_token set revoked_at = null, expires_at = null where token_hash in (?) and (revoked_at is not null or expires_at is not null)', [hashes]);
  await connection.execute('update account set disabled_at = null where disabled_at is not null and id in (select account_id from api_token where token_hash in (?))', [hashes]);
}

/** How answers ended: `ok` (data, no error) or each error code, over the whole run (printed: what the fuzz reached). */
const outcomes: Record<string, number> = {};
const count = (outcome: string) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);

/** What is wrong with one HTTP answer, if anything. */
function httpProblem(status: number, text: string): string | null {
  if (status >= 500) return `HTTP ${status}: ${text.slice(0, 200)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `HTTP ${status}, not JSON: ${text.slice(0, 200)}`;
  }
  if (typeof body !== 'object' || body === null || !('data' in body || 'errors' in body)) return `HTTP ${status}, neither data nor errors: ${text.slice(0, 200)}`;
  const errors = (body as { errors?: { message?: string; path?: unknown[]; extensions?: { code?: unknown } }[] }).errors ?? [];
  if (errors.length === 0) count('ok');
  for (const code of new Set(errors.map((e) => String(e.extensions?.code)))) count(code);
  const internal = errors.filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  if (internal.length) return `INTERNAL_SERVER_ERROR at ${internal.map((e) => (e.path ?? []).join('.') || '(request)').join(', ')}`;
  return null;
}

/** graphql-ws clients, one a role, opened on first use. */
const sockets = new Map<string, Client>();
function socketOf(role: string, token: string | null): Client {
  let client = sockets.get(role);
  if (!client) {
    client = createClient({
      url: server.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
      // A closed socket (no token: 4403; slow consumer...) is opened again by the next subscription.
      lazyCloseTimeout: 0,
    });
    sockets.set(role, client);
  }
  return client;
}

/** Close codes a socket may end with for a client's fault (graphql-ws and the hub's own), never a server fault. */
const CLIENT_CLOSE_CODES = new Set([1000, 1009, 4400, 4403, 4408, 4409, 4429, 4401, 4008]);

/** Subscribes, and stops at the first answer or after a short while; returns what is wrong, if anything. */
function subscribeOnce(role: string, token: string | null, op: GeneratedOperation): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (problem: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop();
      resolve(problem);
    };
    const stop = socketOf(role, token).subscribe(
      { query: op.query, variables: op.variables },
      {
        next: (result) => {
          count(result.errors?.length ? `ws ${String(result.errors[0]!.extensions?.code)}` : 'ws ok');
          const internal = (result.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
          done(internal.length ? 'INTERNAL_SERVER_ERROR (graphql-ws)' : null);
        },
        error: (error) => {
          count(Array.isArray(error) ? `ws ${String((error[0] as { extensions?: { code?: unknown } } | undefined)?.extensions?.code)}` : `ws close ${String((error as { code?: unknown }).code)}`);
          if (Array.isArray(error)) {
            const internal = (error as { extensions?: { code?: unknown } }[]).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || !e.extensions?.code);
            done(internal.length ? `graphql-ws error without a client code: ${JSON.stringify(error).slice(0, 200)}` : null);
          } else {
            const code = (error as { code?: number }).code;
            done(typeof code === 'number' && !CLIENT_CLOSE_CODES.has(code) ? `graphql-ws socket closed with ${code}` : null);
          }
        },
        complete: () => done(null),
      },
    );
    const timer = setTimeout(() => {
      if (!settled) count('ws subscribed, no event yet');
      done(null);
    }, SUBSCRIPTION_WAIT_MS);
  });
}

/** One task: a root field and a role. Every (field, role) pair gets its share of the runs, interleaved. */
interface Task {
  kind: OperationKind;
  field: GraphQLField<unknown, unknown>;
  role: string;
  token: string | null;
}

function plan(world: FuzzWorld): { task: Task; op: GeneratedOperation }[] {
  const tasksOf = (kind: OperationKind): Task[] => rootFields(schema, kind).flatMap((field) => ROLES.map(([role, token]) => ({ kind, field, role, token })));
  const http = [...tasksOf('query'), ...tasksOf('mutation')];
  const ws = tasksOf('subscription');
  const wsRuns = Math.max(ws.length, Math.round(RUNS * SUBSCRIPTION_SHARE));
  const byTask = (tasks: Task[], runs: number, seedOffset: number) =>
    tasks.map((task, i) => {
      const count = Math.floor(runs / tasks.length) + (i < runs % tasks.length ? 1 : 0);
      return fc.sample(operationArbitrary(schema, world, task.kind, task.field), { seed: SEED + seedOffset + i, numRuns: count }).map((op) => ({ task, op }));
    });
  const lanes = [...byTask(http, RUNS - wsRuns, 0), ...byTask(ws, wsRuns, 100_000)];
  // Round robin over the lanes: queries, mutations and subscriptions of every role mixed all along the run.
  const all: { task: Task; op: GeneratedOperation }[] = [];
  for (let i = 0; all.length < RUNS && lanes.some((l) => l.length > i); i++) for (const lane of lanes) if (lane[i]) all.push(lane[i]!);
  return all;
}

async function runOne(task: Task, op: GeneratedOperation): Promise<string | null> {
  if (task.kind === 'subscription') return subscribeOnce(task.role, task.token, op);
  try {
    const { status, text } = await post(task.token, op.query, op.variables);
    return httpProblem(status, text);
  } catch (error) {
    return `request failed: ${String(error)}`;
  }
}

/** The server's message for an internal error, numbers and quoted values blanked so that causes group. */
function causeOf(lines: LogLine[]): string {
  const line = lines.find((l) => l.err?.message) ?? lines[0];
  if (!line) return '(no server log line)';
  // Knex prefixes PostgreSQL's message with the statement: the message is the cause.
  const message = (line.err?.message ?? line.msg).replace(/\s+/g, ' ').replace(/^(select|insert|update|delete|with) .* - /i, '');
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\$\d+/g, '$n')
    .replace(/\b\d+\b/g, 'N')
    .slice(0, 300);
}

describe('schema-driven fuzz', () => {
  it(`answers ${RUNS} generated operations of every root field and role without an internal error, /healthz answering throughout`, async () => {
    const world = await gatherWorld();
    const started = Date.now();
    const work = plan(world);
    const generatedMs = Date.now() - started;

    // /healthz, polled all along the run: every poll must answer 200 (its latency is reported, not asserted).
    let running = true;
    const health = { ok: 0, failed: [] as string[], maxMs: 0 };
    const poller = (async () => {
      while (running) {
        const t0 = performance.now();
        try {
          const response = await fetch(server.url.replace(/\/graphql$/, '/healthz'), { signal: AbortSignal.timeout(10_000) });
          if (response.status === 200) health.ok++;
          else health.failed.push(`HTTP ${response.status}`);
        } catch (error) {
          health.failed.push(String(error));
        }
        health.maxMs = Math.max(health.maxMs, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    const failures: Failure[] = [];
    const byMode: Record<string, number> = {};
    const slowest: { ms: number; what: string }[] = [];
    const timeByField: Record<string, { ms: number; count: number }> = {};
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < work.length) {
        const { task, op } = work[next++]!;
        const t0 = performance.now();
        const problem = await runOne(task, op);
        const ms = performance.now() - t0;
        const spent = (timeByField[`${op.kind} ${op.field}`] ??= { ms: 0, count: 0 });
        spent.ms += ms;
        spent.count++;
        if (slowest.length < 5 || ms > slowest[slowest.length - 1]!.ms) {
          slowest.push({ ms, what: `${op.kind} ${op.field} as ${task.role} (${op.mode}, ${op.query.length + JSON.stringify(op.variables).length} chars)` });
          slowest.sort((a, b) => b.ms - a.ms).splice(5);
        }
        byMode[op.mode] = (byMode[op.mode] ?? 0) + 1;
        if (problem) failures.push({ op, role: task.role, what: problem });
        if (++done % 500 === 0) await healRoles();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    running = false;
    await poller;
    await Promise.all([...sockets.values()].map((s) => s.dispose()));
    const fuzzMs = Date.now() - started - generatedMs;

    // Replay one example of each failing (field, role, mode, answer) alone, to read the server's log for it.
    const distinct = new Map<string, Failure>();
    for (const f of failures) {
      const key = `${f.op.kind} ${f.op.field} ${f.role} ${f.what.replace(/\d+/g, 'N')}`;
      const known = distinct.get(key);
      if (!known || f.op.query.length + JSON.stringify(f.op.variables).length < known.op.query.length + JSON.stringify(known.op.variables).length) distinct.set(key, f);
    }
    const groups = new Map<string, { count: number; examples: Failure[] }>();
    for (const f of [...distinct.values()].slice(0, 300)) {
      logged.length = 0;
      const token = ROLES.find(([role]) => role === f.role)![1];
      const replayed = f.op.kind === 'subscription' ? await subscribeOnce(f.role, token, f.op) : await runOne({ kind: f.op.kind, role: f.role, token } as Task, f.op);
      // The server logs an internal error before it answers, but a socket's may come after: wait for a line, for at
      // most a second when none comes (a diagnostic, read only on failures; no assertion rests on it).
      if (replayed) await eventually(() => logged.length > 0, 1000).catch(() => undefined);
      const cause = `${f.op.kind} ${f.op.field}: ${replayed ? causeOf(logged) : '(did not fail again alone)'} [${f.what.replace(/ at .*/, '')}]`;
      const group = groups.get(cause) ?? { count: 0, examples: [] };
      group.count += failures.filter((x) => x.op.field === f.op.field && x.role === f.role && x.what === f.what).length;
      group.examples.push(f);
      groups.set(cause, group);
    }
    await Promise.all([...sockets.values()].map((s) => s.dispose()));

    const report = [
      `fuzz: seed ${SEED} (FUZZ_SEED), ${work.length} operations (FUZZ_RUNS) — ${JSON.stringify(byMode)}; generated in ${generatedMs} ms, sent in ${fuzzMs} ms, ${CONCURRENCY} in flight`,
      `outcomes: ${JSON.stringify(Object.fromEntries(Object.entries(outcomes).sort((a, b) => b[1] - a[1])))}`,
      `/healthz: ${health.ok} polls answered 200, ${health.failed.length} failed, slowest ${health.maxMs.toFixed(1)} ms`,
      `most time: ${Object.entries(timeByField)
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 6)
        .map(([field, t]) => `${field} ${(t.ms / 1000).toFixed(1)} s for ${t.count} (${(t.ms / t.count).toFixed(0)} ms each)`)
        .join('; ')}`,
      `slowest answers: ${slowest.map((x) => `${x.ms.toFixed(0)} ms ${x.what}`).join('; ')}`,
      `failures: ${failures.length}, ${groups.size} distinct causes`,
      ...[...groups.entries()].map(([cause, g]) => {
        const [example] = g.examples.sort((a, b) => a.op.query.length - b.op.query.length);
        return `\n• ${cause} — ${g.count} answers (roles ${[...new Set(g.examples.map((e) => e.role))].join(', ')})\n  as ${example!.role}: ${example!.op.query.slice(0, 1500)}\n  variables: ${JSON.stringify(example!.op.variables).slice(0, 1500)}`;
      }),
    ].join('\n');
    console.log(report);

    expect(health.ok).toBeGreaterThan(0);
    expect(health.failed).toEqual([]);
    // The report above holds each cause with its smallest example: it is what a failure here should be read with.
    expect({ failures: failures.length, causes: [...groups.keys()] }).toEqual({ failures: 0, causes: [] });
  }, 30 * 60_000);
});
