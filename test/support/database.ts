import { randomBytes } from 'node:crypto';
import { databaseUrl, withAdmin } from './template';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: a clone of the migrated, demo-seeded template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.RELAIS_TEST_ADMIN_URL;
  const template = process.env.RELAIS_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('test/support/global-setup.ts did not run');
  const name = `relais_t_${randomBytes(6).toString('hex')}`;
  // Cloning needs the template to have no open connection; setups never keep one.
  await withAdmin(adminUrl, (c) => c.query(`create database "${name}" template "${template}"`));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => withAdmin(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
