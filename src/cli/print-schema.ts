import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildRelaisSchema } from '../graphql/schema';

const SCHEMA_FILE = path.resolve(__dirname, '../../../schema/schema.graphql');

/** The SDL of the schema built from the code, types sorted so that diffs show only real changes. */
export async function printRelaisSchema(): Promise<string> {
  const header = '# Generated from the code by `npm run schema:print`. Do not edit: CI fails when this file is stale.\n\n';
  return header + printSchema(lexicographicSortSchema(await buildRelaisSchema())) + '\n';
}

/** `schema:print` writes schema/schema.graphql; `schema:check` (--check) fails when it differs from the code. */
async function main(): Promise<void> {
  const sdl = await printRelaisSchema();
  if (process.argv.includes('--check')) {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current !== sdl) {
      console.error('schema/schema.graphql is stale: run `npm run schema:print` and commit the result.');
      process.exit(1);
    }
    console.log('schema/schema.graphql is up to date');
    return;
  }
  await writeFile(SCHEMA_FILE, sdl);
  console.log(`written ${SCHEMA_FILE}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
