import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/server/config';
import { openDatabase } from '../../src/db/database';
import { ensureDatabase } from '../../src/db/embedded-database';
import type { Logger } from '../../src/server/logger';
import { initOrm, migrate, type Orm } from '../../src/db/orm';
import type { GeneratorOptions } from './options';

/** The database the generator fills, and the server's maintenance database (to drop and create it). */
export interface TargetDatabase {
  /** Connection URL of the generated database. */
  url: string;
  /** The same server's `postgres` database. */
  adminUrl: string;
  name: string;
  embedded: boolean;
  /** Stops the embedded PostgreSQL if this process started it (no-op otherwise). */
  stop(): Promise<void>;
}

/** Databases never dropped, whatever BENCH_DATABASE_URL says. */
const PROTECTED = new Set(['postgres', 'template0', 'template1']);

/**
 * BENCH_DATABASE_URL, or a database on the embedded PostgreSQL the server itself uses (src/db/database.ts),
 * in its own data folder and port: reused when already running, started here otherwise.
 */
export async function openTarget(options: GeneratorOptions, root: string, logger: Logger): Promise<TargetDatabase> {
  const external = process.env.BENCH_DATABASE_URL?.trim();
  if (external) {
    const url = new URL(external);
    const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!name) throw new Error('BENCH_DATABASE_URL must name a database (…/relais_bench)');
    return { url: external, adminUrl: withDatabase(url, 'postgres'), name, embedded: false, stop: async () => undefined };
  }
  const config = loadConfig({
    RELAIS_DATA_DIR: path.resolve(root, options.embeddedDir),
    RELAIS_EMBEDDED_PG_PORT: String(options.embeddedPort),
    LOG_LEVEL: 'warn',
  });
  const db = await openDatabase(config, logger);
  const url = new URL(db.url);
  return {
    url: withDatabase(url, options.embeddedDatabase),
    adminUrl: withDatabase(url, 'postgres'),
    name: options.embeddedDatabase,
    embedded: true,
    stop: () => db.stop(),
  };
}

function withDatabase(url: URL, name: string): string {
  const copy = new URL(url.href);
  copy.pathname = `/${encodeURIComponent(name)}`;
  return copy.href;
}

/** Drops the target database (closing its connections) and creates it again, empty. */
export async function recreateDatabase(target: TargetDatabase): Promise<void> {
  if (PROTECTED.has(target.name)) throw new Error(`refusing to drop the database "${target.name}"`);
  const admin = new Client({ connectionString: target.adminUrl });
  await admin.connect();
  try {
    const quoted = `"${target.name.replace(/"/g, '""')}"`;
    await admin.query(`drop database if exists ${quoted} with (force)`);
    await admin.query(`create database ${quoted}`);
  } finally {
    await admin.end();
  }
}

/** Creates the target database unless it exists (the --no-fresh path). */
export async function ensureTargetDatabase(target: TargetDatabase): Promise<void> {
  await ensureDatabase(target.adminUrl, target.name);
}

/** The project's ORM on the target, with every migration applied (the same path as `npm start`). */
export async function migratedOrm(url: string): Promise<{ orm: Orm; applied: string[] }> {
  const orm = await initOrm(url, { poolMax: 2 });
  const applied = await migrate(orm);
  return { orm, applied };
}

/** A plain `pg` connection for COPY and the generator's own SQL. */
export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'relais-bench-generate' });
  await client.connect();
  return client;
}
