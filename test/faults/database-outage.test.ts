import { createTestDatabase, type TestDatabase } from '../support/database';
import { admin, databaseName, startHubInProcess, type InProcessHub } from './support/hub';
import { outageUnderLoad } from './support/outage';

// The outage made the same way on the embedded and on an external server: the hub's database stops accepting
// connections and every backend of it is terminated (what a restart or a failover does to the hub's connections),
// until it is allowed again. database-restart.test.ts stops and starts a whole server.
let db: TestDatabase;
let hub: InProcessHub;
let name: string;

beforeAll(async () => {
  db = await createTestDatabase();
  name = databaseName(db.url);
  hub = await startHubInProcess(db, { RELAIS_RELAY_POLL_MS: '1000', RELAIS_DB_ACQUIRE_TIMEOUT_MS: '2000' }, { poolMax: 5 });
});
afterAll(async () => {
  await admin(`alter database "${name}" allow_connections true`).catch(() => undefined);
  await hub?.stop();
  await db?.drop();
});

it('fails requests cleanly while the backends are terminated, recovers without a restart, and loses, doubles or overbooks nothing', async () => {
  await outageUnderLoad(
    hub,
    () => db.url,
    async () => {
      await admin(`alter database "${name}" allow_connections false`);
      await admin('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    },
    async () => {
      await admin(`alter database "${name}" allow_connections true`);
    },
  );
});
