import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { initOrm } from '../db/orm';
import { withMigrationListed } from './migration-list';

const INDEX = 'src/migrations/index.ts';

/**
 * Writes a new migration with the difference between the entities and the database at DATABASE_URL (which must
 * be migrated up to the latest migration), and lists it in src/migrations/index.ts.
 * Usage: DATABASE_URL=... npm run migration:create [-- --initial]
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const orm = await initOrm(url);
  try {
    const migrator = orm.getMigrator();
    const result = process.argv.includes('--initial')
      ? await migrator.createInitialMigration('src/migrations')
      : await migrator.createMigration('src/migrations');
    if (!result.fileName) {
      console.log('no changes');
      return;
    }
    writeFileSync(INDEX, withMigrationListed(readFileSync(INDEX, 'utf8'), basename(result.fileName, '.ts')));
    console.log(`written: ${result.fileName}, listed in ${INDEX}`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
