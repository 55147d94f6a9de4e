import { GraphQLClient } from 'graphql-request';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { buildRelaisSchema } from '../../src/graphql/schema';
import { startServer, type RelaisServer } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { initOrm, type Orm } from '../../src/db/orm';
import { recordStatement } from '../../src/db/sql-counter';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestServer {
  server: RelaisServer;
  orm: Orm;
  db: TestDatabase;
  /** A graphql-request client, with a bearer token or none. */
  client(token?: string): GraphQLClient;
  /** A graphql-ws client on the same server. */
  wsClient(token?: string): Client;
  stop(): Promise<void>;
}

/**
 * A real Relais HTTP + WebSocket server on a random port, over a fresh copy of the demo database, with SQL
 * statement counts in `extensions.sqlStatements`. `options.log`: receives each log line (JSON) instead of stdout;
 * `options.onQuery`: each SQL statement the ORM sends (the ones the counter counts), to show what a count is made of.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  shared?: { db: TestDatabase },
  options: { log?: (line: string) => void; onQuery?: (sql: string) => void } = {},
): Promise<TestServer> {
  // A second instance on the same database (multi-instance tests) neither creates nor drops it.
  const db = shared ? { ...shared.db, drop: async () => undefined } : await createTestDatabase();
  // A rate limit no test reaches unless it lowers it (test/rate-limit.test.ts).
  const defaults = { PORT: '0', LOG_LEVEL: 'silent', RELAIS_EXPOSE_SQL_COUNT: 'true', RELAIS_EXPIRY_INTERVAL_MS: '0', RELAIS_RATE_LIMIT: '1000000' };
  const config = loadConfig({ ...defaults, DATABASE_URL: db.url, ...env });
  const { onQuery } = options;
  const orm = await initOrm(db.url, { onQuery: onQuery ? (query) => { recordStatement(); onQuery(query); } : recordStatement, poolMax: 5 });
  const logger = createLogger(config.logLevel, options.log ? { write: options.log } : undefined);
  const server = await startServer({ config, logger, orm, schema: await buildRelaisSchema(), databaseUrl: db.url });
  const sockets: Client[] = [];
  return {
    server,
    orm,
    db,
    client: (token) => new GraphQLClient(server.url, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    wsClient: (token) => {
      const client = createClient({
        url: server.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      sockets.push(client);
      return client;
    },
    async stop() {
      await Promise.all(sockets.map((s) => s.dispose()));
      await server.close();
      await orm.close();
      await db.drop();
    },
  };
}
