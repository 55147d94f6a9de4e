import 'reflect-metadata';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './src/db/entities';
import { MIGRATIONS } from './src/migrations';

export interface OrmConfigOptions {
  /** Called with every SQL statement the ORM sends (used to count statements per request). */
  onQuery?: (sql: string) => void;
  /** Where the ORM's own messages go (migrator progress, warnings); silent when absent. */
  log?: (message: string) => void;
  /** Pool size; PostgreSQL connections per instance. */
  poolMax?: number;
  /** Longest wait for a pool connection before the query fails (db/availability.ts maps it to SERVICE_UNAVAILABLE). */
  acquireTimeoutMs?: number;
}

/** The one ORM configuration, used by the server, the CLI commands, the seeds and the tests. */
export function createOrmConfig(clientUrl: string, options: OrmConfigOptions = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    // Forgetting to fork the EntityManager per request is a bug: fail loudly.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    colors: false,
    logger: (message: string) => options.log?.(message),
    // A full pool or a database that is down makes requests wait at most acquireTimeoutMillis, never forever.
    pool: { min: 0, max: options.poolMax ?? 10, acquireTimeoutMillis: options.acquireTimeoutMs ?? 10_000 },
    // knex's own messages ("Connection Error: ..." when a pooled connection dies) go where the ORM's go, not to
    // console.log, which would break the JSON log lines; the failure itself is logged as `database unavailable`.
    driverOptions: { log: { warn: (message: unknown) => options.log?.(`knex: ${String(message)}`), error: (message: unknown) => options.log?.(`knex: ${String(message)}`) } },
    discovery: { warnWhenNoEntities: true },
    migrations: {
      // Explicit list: the same behaviour from .ts sources (tests) and built .js (npm start).
      migrationsList: MIGRATIONS,
      path: 'src/migrations',
      pathTs: 'src/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    onQuery: (sql: string) => {
      options.onQuery?.(sql);
      return sql;
    },
  });
}

