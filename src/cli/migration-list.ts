/**
 * Adds a migration to the explicit list in src/migrations/index.ts (migrations are listed, not discovered, so that
 * the compiled hub finds them without globbing files): an import after the last one, an entry at the end of MIGRATIONS.
 * Returns the new text of index.ts; unchanged when the migration is already listed.
 */
export function withMigrationListed(index: string, className: string): string {
  if (index.includes(`'./${className}'`)) return index;
  const imports = [...index.matchAll(/^import \{ \w+ \} from '\.\/Migration\w+';$/gmu)];
  const last = imports.at(-1);
  const end = index.lastIndexOf('];');
  if (!last || end < 0) throw new Error('src/migrations/index.ts: no migration import or MIGRATIONS list found');
  const afterImports = last.index + last[0].length;
  const entry = `  { name: '${className}', class: ${className} },\n`;
  return (
    index.slice(0, afterImports) +
    `\nimport { ${className} } from './${className}';` +
    index.slice(afterImports, end) +
    entry +
    index.slice(end)
  );
}
