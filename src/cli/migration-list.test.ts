import { withMigrationListed } from './migration-list';

const INDEX = `import type { MigrationObject } from '@mikro-orm/core';
import { Migration1First } from './Migration1First';
import { Migration2Second } from './Migration2Second';

/** Every migration, in order. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration1First', class: Migration1First },
  { name: 'Migration2Second', class: Migration2Second },
];
`;

describe('withMigrationListed', () => {
  it('imports the new migration after the others and lists it last', () => {
    expect(withMigrationListed(INDEX, 'Migration3Third')).toBe(`import type { MigrationObject } from '@mikro-orm/core';
import { Migration1First } from './Migration1First';
import { Migration2Second } from './Migration2Second';
import { Migration3Third } from './Migration3Third';

/** Every migration, in order. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration1First', class: Migration1First },
  { name: 'Migration2Second', class: Migration2Second },
  { name: 'Migration3Third', class: Migration3Third },
];
`);
  });

  it('leaves a listed migration alone, and refuses a file it does not recognise', () => {
    expect(withMigrationListed(INDEX, 'Migration2Second')).toBe(INDEX);
    expect(() => withMigrationListed('export const X = 1;\n', 'Migration3Third')).toThrow(/no migration import/);
  });
});
