import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { buildRelaisSchema } from '../../../src/graphql/schema';
import { startServer, type RelaisServer } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logger';
import { initOrm, type Orm } from '../../../src/db/orm';
import type { TestDatabase } from '../../support/database';
import { withAdmin } from '../../support/template';

const ROOT = path.resolve(__dirname, '../../..');

/** Settings no fault test should meet by accident: rate limits and socket caps far away, no background jobs. */
export const QUIET = {
  LOG_LEVEL: 'silent',
  RELAIS_SEED_DEMO: 'false',
  RELAIS_RATE_LIMIT: '1000000',
  RELAIS_WS_MAX_SOCKETS_PER_ACCOUNT: '100000',
  RELAIS_EXPIRY_INTERVAL_MS: '0',
  RELAIS_RETENTION_INTERVAL_MS: '0',
};

export interface HubProcess {
  url: string;
  base: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stderr and stdout (its log), for failure messages. */
  output(): string;
}

/**
 * The hub as operators run it (`src/server/main.ts`: migrations, then serve), in a child process of its own, on
 * `databaseUrl`: a process that can be sent SIGTERM or SIGKILL. Resolves when it serves.
 */
export async function startHubProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<HubProcess> {
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'register-ts.cjs'), path.join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...QUIET, LOG_LEVEL: 'info', PORT: '0', DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      log += `${line}\n`;
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'Relais is serving' && entry.url) resolve(entry.url);
      } catch {
        // not a log line
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`the hub exited (${code ?? signal}) before serving:\n${log}`)));
  });
  return { url, base: url.replace(/\/graphql$/, ''), child, exited, output: () => log };
}

export interface InProcessHub {
  server: RelaisServer;
  orm: Orm;
  url: string;
  base: string;
  stop(): Promise<void>;
}

/** The hub in this process (as test/support/server.ts), with the pool settings a case needs. */
export async function startHubInProcess(db: TestDatabase, env: Record<string, string> = {}, pool: { poolMax?: number; acquireTimeoutMs?: number } = {}): Promise<InProcessHub> {
  const config = loadConfig({ ...QUIET, PORT: '0', DATABASE_URL: db.url, ...env });
  const orm = await initOrm(db.url, { poolMax: pool.poolMax ?? 5, acquireTimeoutMs: pool.acquireTimeoutMs ?? config.dbAcquireTimeoutMs });
  const server = await startServer({ config, logger: createLogger(config.logLevel), orm, schema: await buildRelaisSchema(), databaseUrl: db.url });
  return {
    server,
    orm,
    url: server.url,
    base: server.url.replace(/\/graphql$/, ''),
    async stop() {
      await server.close();
      await orm.close();
    },
  };
}

/** The name of a test database, from its URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Runs SQL on the server's admin database (`postgres`): outside the hub's database, so never terminated with it. */
export async function admin<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return withAdmin(process.env.RELAIS_TEST_ADMIN_URL!, async (c) => (await c.query(query, params)).rows as T[]);
}

/** A plain connection to `url`, errors swallowed (they are what the tests provoke). */
export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** GET /readyz: its status and body, or status 0 when nothing answers. */
export async function readyz(base: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
  try {
    const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(30_000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return { status: 0, body: null };
  }
}

export interface Answer<T> {
  status: number;
  data: T | null;
  codes: string[];
  retryAfter: string | null;
}

/** POSTs one GraphQL request and reads the answer whatever its status; status 0 when the connection failed. */
export async function post<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, data: body.data ?? null, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)), retryAfter: response.headers.get('retry-after') };
  } catch {
    return { status: 0, data: null, codes: ['NETWORK'], retryAfter: null };
  }
}

export interface Follower {
  /** Cursors received, in order of arrival, across every (re)subscription. */
  cursors: string[];
  /** Close codes of its sockets (1000 for those it closed itself when moving on). */
  closeCodes: number[];
  /** Subscriptions made (1 + reconnections). */
  subscriptions: number;
  /** Moves to `url` (another instance) and goes on from the last cursor received. */
  moveTo(url: string): void;
  stop(): Promise<void>;
}

/**
 * A client that follows `referralUpdated` as a mobile app or partner would: when its subscription ends (socket
 * closed, instance gone, error), it subscribes again after a short pause, with the last cursor it received, to the
 * instance `pickUrl` names (another one after a failover). Duplicates or gaps are not hidden: the tests compare the
 * cursors received with the outbox.
 */
export function follow(token: string, firstUrl: string, after: string, pickUrl: () => string = () => firstUrl): Follower {
  const cursors: string[] = [];
  const closeCodes: number[] = [];
  let stopped = false;
  let current: { client: WsClient; unsubscribe: () => void } | null = null;
  let generation = 0;
  const state: Follower = {
    cursors,
    closeCodes,
    subscriptions: 0,
    moveTo: (url) => {
      pickUrl = () => url;
      restart();
    },
    async stop() {
      stopped = true;
      const c = current;
      current = null;
      c?.unsubscribe();
      await c?.client.dispose();
    },
  };
  const subscribe = (url: string) => {
    const mine = ++generation;
    state.subscriptions++;
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => closeCodes.push((event as { code: number }).code) },
    });
    const ended = () => {
      // Only the live subscription may restart: an old one's late end says nothing. From its end on, nothing it
      // still hands out is taken (a later event taken after a failed one would skip the failed one).
      if (mine !== generation || stopped) return;
      generation++;
      setTimeout(restart, 100);
    };
    const unsubscribe = client.subscribe<{ referralUpdated: { cursor: string } }>(
      { query: 'subscription($after: String) { referralUpdated(after: $after) { cursor status } }', variables: { after: cursors.at(-1) ?? after } },
      {
        next: (result) => {
          if (mine !== generation) return;
          if (result.errors?.length || !result.data) return ended();
          cursors.push(result.data.referralUpdated.cursor);
        },
        error: ended,
        complete: ended,
      },
    );
    current = { client, unsubscribe };
  };
  const restart = () => {
    if (stopped) return;
    const old = current;
    old?.unsubscribe();
    void old?.client.dispose();
    subscribe(pickUrl());
  };
  subscribe(firstUrl);
  return state;
}

/** The cursors of the REFERRAL_UPDATED events after `afterId`, in id order: what every admin follower must receive. */
export async function referralEventCursors(databaseUrl: string, afterId: number): Promise<string[]> {
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ id: string }>(`select id from event where type = 'REFERRAL_UPDATED' and id > $1 order by id`, [afterId]);
    return rows.map((r) => Buffer.from(`event:${r.id}`, 'utf8').toString('base64url'));
  } finally {
    await client.end();
  }
}

/** The id of the newest event. */
export async function lastEventId(databaseUrl: string): Promise<number> {
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ id: string | null }>('select max(id) id from event');
    return Number(rows[0]?.id ?? 0);
  } finally {
    await client.end();
  }
}

export const cursorOf = (id: number) => Buffer.from(`event:${id}`, 'utf8').toString('base64url');

/** What is wrong with what a follower received, compared with `expected` (empty when nothing). */
export function deliveryProblems(f: Follower, expected: string[]): string[] {
  if (JSON.stringify(f.cursors) === JSON.stringify(expected)) return [];
  const decode = (c: string | undefined) => (c ? Buffer.from(c, 'base64url').toString('utf8') : 'nothing');
  const at = f.cursors.findIndex((c, i) => c !== expected[i]);
  const first = at === -1 ? f.cursors.length : at;
  return [`received ${f.cursors.length} (${new Set(f.cursors).size} distinct) of ${expected.length} over ${f.subscriptions} subscriptions; at #${first}: ${decode(f.cursors[first])} instead of ${decode(expected[first])}`];
}

export interface EmbeddedServer {
  /** URL of its application database (`relais`). */
  url: string;
  /** Stops the server (a fast shutdown: sessions are ended) and waits for it. */
  stop(): Promise<void>;
}

/** An embedded PostgreSQL on `dataDir` and `port`, run by a process of its own (support/embedded-server.ts). */
export async function startEmbeddedServer(dataDir: string, port: number): Promise<EmbeddedServer> {
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'register-ts.cjs'), path.join(__dirname, 'embedded-server.ts'), dataDir, String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        log += `${line}\n`;
      }
    });
    void exited.then(() => reject(new Error(`the embedded PostgreSQL did not start:\n${log}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
