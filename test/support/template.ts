import { Client } from 'pg';
import { initOrm, migrate } from '../../src/db/orm';
import { seedDemoNetwork } from '../../seeds/demo';

/** Creates database `name` on the server of `adminUrl`, migrated and seeded with the demo network. */
export async function prepareTemplate(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  });
  const orm = await initOrm(databaseUrl(adminUrl, name));
  try {
    await migrate(orm);
    await seedDemoNetwork(orm.em.fork());
  } finally {
    await orm.close();
  }
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
