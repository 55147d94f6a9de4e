import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded-database';
import { createLogger } from '../../src/server/logger';
import { prepareTemplate } from './template';

/**
 * Runs once before all test files, outside Jest's sandbox: starts an embedded PostgreSQL unless DATABASE_URL is
 * set, then builds a migrated, demo-seeded template database that each test file clones.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    // The mkdtemp folder itself is the data directory: its parent (/tmp) is readable by the postgres user.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-test-pg-'));
    // Below Linux's ephemeral range (32768–60999 by default): a port in it can be held, at that moment, by any outgoing
    // connection of the machine, and the server then fails to start (seen once in a CI concurrency run).
    const port = 30000 + (process.pid % 2700);
    // A throw-away server: no durability asked of it. Every file's DROP DATABASE forces a checkpoint, every commit a
    // WAL flush; without the fsyncs they cost the loaded disk nothing (8 small files at 1 worker beside a CPU hog:
    // 48 s and 55 s with them, 37 s and 49 s without).
    const settings = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
    const db = await startEmbeddedDatabase(dataDir, port, createLogger(process.env.LOG_LEVEL ?? 'warn'), { settings });
    (globalThis as Record<string, unknown>).__relaisEmbedded = db;
    adminUrl = db.url.replace(/\/[^/]+$/, '/postgres');
  }
  const template = `relais_tpl_${process.pid}`;
  await prepareTemplate(adminUrl, template);
  // When Jest runs one file in-band, the test shares this process: MikroORM keeps its metadata on globalThis under
  // `mikro-orm-*` keys, which Jest copies into the test sandbox, where they break `MikroORM.init`. Drop them.
  for (const key of Object.keys(globalThis)) {
    if (key.startsWith('mikro-orm-')) delete (globalThis as Record<string, unknown>)[key];
  }
  process.env.RELAIS_TEST_ADMIN_URL = adminUrl;
  process.env.RELAIS_TEST_TEMPLATE = template;
}

/** Drops `name` if it exists (used by teardown). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
