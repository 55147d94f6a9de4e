import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { embeddedDatabaseUrl, startEmbeddedDatabase, type RunningDatabase } from './embedded-database';
import type { Logger } from '../common/logger';

/** What opening the database needs of the configuration (the server's Config has it): db does not import server. */
export interface DatabaseConfig {
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
}

/**
 * The database the configuration points at: DATABASE_URL, or the embedded PostgreSQL in the data folder — reused
 * when another process (a running server) already started it, started here otherwise.
 */
export async function openDatabase(config: DatabaseConfig, logger: Logger): Promise<RunningDatabase & { embedded: boolean }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined, embedded: false };
  const url = embeddedDatabaseUrl(config.embeddedPgPort);
  if (existsSync(path.join(path.resolve(config.dataDir), 'postmaster.pid')) && (await canConnect(url))) {
    logger.info('using the embedded PostgreSQL already running');
    return { url, stop: async () => undefined, embedded: true };
  }
  return { ...(await startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, logger)), embedded: true };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
