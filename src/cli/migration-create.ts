import 'reflect-metadata';
import { initOrm } from '../db/orm';

/**
 * Writes a new migration with the difference between the entities and the database at DATABASE_URL (which must
 * be migrated up to the latest migration). Add the new file to src/migrations/index.ts.
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
    console.log(result.fileName ? `written: ${result.fileName}` : 'no changes');
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
