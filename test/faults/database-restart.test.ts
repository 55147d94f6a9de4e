import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { databaseUrl, prepareTemplate } from '../support/template';
import { startEmbeddedServer, startHubInProcess, type EmbeddedServer, type InProcessHub } from './support/hub';
import { outageUnderLoad } from './support/outage';

// A whole PostgreSQL server stopped and started again under load: an embedded one of this test's own (whether or
// not DATABASE_URL is set), since the suite's shared server must stay up for the other files.
/** A port nothing listens on now (the OS picks it), for the test's own server. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let dataDir: string;
let port: number;
let pg: EmbeddedServer | undefined;
let url: string;
let hub: InProcessHub;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'relais-restart-pg-'));
  port = await freePort();
  pg = await startEmbeddedServer(dataDir, port);
  const adminUrl = pg.url.replace(/\/[^/]+$/, '/postgres');
  await prepareTemplate(adminUrl, 'relais_restart');
  url = databaseUrl(adminUrl, 'relais_restart');
  hub = await startHubInProcess({ url, drop: async () => undefined }, { RELAIS_RELAY_POLL_MS: '1000', RELAIS_DB_ACQUIRE_TIMEOUT_MS: '2000' }, { poolMax: 5 });
}, 180_000);
afterAll(async () => {
  await hub?.stop();
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('fails requests cleanly while the server is stopped, recovers when it starts again, and loses, doubles or overbooks nothing', async () => {
  await outageUnderLoad(
    hub,
    () => url,
    async () => {
      const stopping = pg!;
      pg = undefined;
      await stopping.stop();
    },
    async () => {
      pg = await startEmbeddedServer(dataDir, port);
    },
  );
});
