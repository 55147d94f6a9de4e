import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { CsvError, parse, type Info } from 'csv-parse/sync';
import { UsageError } from '../../src/common/cli-command';
import { ReferenceImport } from '../../src/db/entities';

/** The reference-data sources the hub imports; the value is stored in `reference_import.source`. */
export type ImportSource = 'ROME' | 'ROME_COMPETENCES' | 'TERRITORIES' | 'NAF';

/** What one importer run did. */
export interface ImportResult {
  source: ImportSource;
  version: string;
  /** False when the database already held exactly this data: nothing was written and no import was recorded. */
  changed: boolean;
  /** Rows read from the source, per table. */
  counts: Record<string, number>;
  /** Rows inserted or updated, per table: all zero on a re-run. */
  written: Record<string, number>;
}

/** A source file (or a record in it) that cannot be imported: the whole import fails, nothing is written. */
export class ImportError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Batched upserts
// ---------------------------------------------------------------------------------------------------------------

/** A value bound to one SQL parameter; a string array fills a PostgreSQL `text[]` column. */
export type SqlValue = string | number | boolean | null | string[];

/** The rows of one table, upserted on `key`: the importer's values win over what the table already holds. */
export interface TableUpsert<Column extends string = string> {
  table: string;
  /** The primary key: one column, or the columns of a composite key (a link table). */
  key: Column | readonly Column[];
  /** Every column written, the key included. */
  columns: readonly Column[];
  rows: readonly Readonly<Record<Column, SqlValue>>[];
  /**
   * Columns whose value the database computes from the one bound (`?`): `relais_search_text(?)` folds a search text
   * as the searches do. The comparison that skips unchanged rows sees the computed value.
   */
  computed?: Partial<Record<Column, string>>;
}

/** Identity, so that TypeScript checks every row against the column list. */
export function defineTable<Column extends string>(upsert: TableUpsert<Column>): TableUpsert<Column> {
  return upsert;
}

/**
 * Rows per statement. PostgreSQL takes at most 65,535 bind parameters per statement; 1,000 rows of up to 9 columns
 * stays far below that while keeping the statement count low (14 statements for the 13,120 ROME appellations).
 */
const ROWS_PER_STATEMENT = 1000;

/**
 * Upserts `upsert.rows` in multi-row statements; returns how many rows were inserted or updated. A row that already
 * holds the same values is left alone (no new tuple, no write), which is what makes a re-run change nothing.
 * Rows the source no longer has are kept: other data (sessions, offers, companies) may point to them.
 */
export async function upsertRows(em: EntityManager, upsert: TableUpsert): Promise<number> {
  let written = 0;
  for (let start = 0; start < upsert.rows.length; start += ROWS_PER_STATEMENT) {
    const batch = upsert.rows.slice(start, start + ROWS_PER_STATEMENT);
    const bindings = batch.flatMap((row) => upsert.columns.map((column) => row[column]));
    written += await executeCounting(em, upsertSql(upsert, batch.length), bindings);
  }
  return written;
}

function upsertSql(upsert: TableUpsert, rowCount: number): string {
  const q = quoteIdentifier;
  const tuple = `(${upsert.columns.map((column) => upsert.computed?.[column] ?? '?').join(', ')})`;
  const values = Array.from({ length: rowCount }, () => tuple).join(', ');
  const insert = `insert into ${q(upsert.table)} as t (${upsert.columns.map(q).join(', ')}) values ${values}`;
  const keys: readonly string[] = typeof upsert.key === 'string' ? [upsert.key] : upsert.key;
  const conflict = keys.map(q).join(', ');
  const updated = upsert.columns.filter((column) => !keys.includes(column));
  if (updated.length === 0) return `${insert} on conflict (${conflict}) do nothing`;
  const set = updated.map((column) => `${q(column)} = excluded.${q(column)}`).join(', ');
  const current = updated.map((column) => `t.${q(column)}`).join(', ');
  const incoming = updated.map((column) => `excluded.${q(column)}`).join(', ');
  return `${insert} on conflict (${conflict}) do update set ${set} where (${current}) is distinct from (${incoming})`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Runs `sql` in the EntityManager's transaction through knex, with real bind parameters: MikroORM's own `execute`
 * inlines parameters into the SQL text and spreads arrays into lists, which would break `text[]` values.
 */
async function executeCounting(em: EntityManager, sql: string, bindings: SqlValue[]): Promise<number> {
  const query = em.getKnex().raw(sql, bindings);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  const result: unknown = await (transaction ? query.transacting(transaction) : query);
  return rowCountOf(result);
}

function rowCountOf(result: unknown): number {
  if (typeof result === 'object' && result !== null && 'rowCount' in result && typeof result.rowCount === 'number') {
    return result.rowCount;
  }
  return 0;
}

/**
 * Writes `tables` in order (parents before children, for the foreign keys) in one transaction, then records a
 * `reference_import` row when anything changed or the version differs from the last recorded one. A second run
 * with the same data therefore writes nothing at all.
 */
export async function runImport(
  em: EntityManager,
  source: ImportSource,
  version: string,
  tables: readonly TableUpsert[],
): Promise<ImportResult> {
  return em.transactional(async (tx) => {
    // Two imports of the same source at once would interleave their batches: the second waits for the first.
    await executeCounting(tx, 'select pg_advisory_xact_lock(hashtext(?))', [`relais:import:${source}`]);
    const written: Record<string, number> = {};
    for (const table of tables) written[table.table] = await upsertRows(tx, table);
    const counts = Object.fromEntries(tables.map((table) => [table.table, table.rows.length]));
    const previous = await tx.findOne(ReferenceImport, { source }, { orderBy: { id: 'desc' } });
    const changed = Object.values(written).some((n) => n > 0) || previous?.version !== version;
    if (changed) {
      const recorded = { ...counts, ...Object.fromEntries(Object.entries(written).map(([t, n]) => [`${t}_written`, n])) };
      tx.persist(tx.create(ReferenceImport, { source, version, counts: recorded }));
      await tx.flush();
    }
    return { source, version, changed, counts, written };
  });
}

/** One line for the CLI: `ROME v460: changed (metier 1584 read, 1584 written; ...)`. */
export function formatImportResult(result: ImportResult): string {
  const tables = Object.entries(result.counts)
    .map(([table, read]) => `${table} ${read} read, ${result.written[table] ?? 0} written`)
    .join('; ');
  return `${result.source} ${result.version}: ${result.changed ? 'changed' : 'unchanged'} (${tables})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Source files
// ---------------------------------------------------------------------------------------------------------------

/** One CSV record and where it came from, for error messages. */
export interface CsvRecord {
  /** File name without its folder. */
  file: string;
  line: number;
  values: Readonly<Record<string, string>>;
}

/** Reads a CSV file with a header line; fails naming the file when a required column is missing. */
export async function readCsv(
  filePath: string,
  options: { delimiter: string; requiredColumns: readonly string[] },
): Promise<CsvRecord[]> {
  const file = path.basename(filePath);
  const content = await readFile(filePath, 'utf8');
  try {
    const records = parse<{ record: Record<string, string>; info: Info }>(content, {
      delimiter: options.delimiter,
      bom: true,
      info: true,
      skip_empty_lines: true,
      columns: (header: string[]) => {
        const missing = options.requiredColumns.filter((column) => !header.includes(column));
        if (missing.length > 0) throw new ImportError(`${file}: missing column(s) ${missing.join(', ')}`);
        return header;
      },
    });
    return records.map(({ record, info }) => ({ file, line: info.lines, values: record }));
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError(`${file}: ${error.message}`);
    throw error;
  }
}

/** An error naming the file, line and field of a bad value. */
export function invalidField(record: CsvRecord, field: string, reason: string): ImportError {
  return new ImportError(`${record.file}, line ${record.line}, field ${field}: ${reason}`);
}

/** The value of `field`, which must match `pattern`. */
export function matchingField(record: CsvRecord, field: string, pattern: RegExp): string {
  const value = record.values[field] ?? '';
  if (!pattern.test(value)) throw invalidField(record, field, `"${value}" does not match ${pattern}`);
  return value;
}

/** The trimmed value of `field`, which must not be blank. */
export function requiredField(record: CsvRecord, field: string): string {
  const value = (record.values[field] ?? '').trim();
  if (value === '') throw invalidField(record, field, 'empty');
  return value;
}

/** The trimmed value of `field`, or null when blank. */
export function optionalField(record: CsvRecord, field: string): string | null {
  const value = (record.values[field] ?? '').trim();
  return value === '' ? null : value;
}

/** Reads and parses a JSON file shipped in an npm package (read, not `require`d, to keep it out of module caches). */
export async function readPackageFile(specifier: string): Promise<unknown> {
  return JSON.parse(await readFile(require.resolve(specifier), 'utf8'));
}

/** `name@version` of an installed npm package, for `reference_import.version`. */
export async function packageVersion(name: string): Promise<string> {
  const manifest = await readPackageFile(`${name}/package.json`);
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : null;
  if (typeof version !== 'string') throw new ImportError(`${name}/package.json has no version`);
  return `${name}@${version}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------------

/** Runs `parse` (e.g. `util.parseArgs`), turning its errors into a `UsageError` so that the CLI prints the usage. */
export function parseUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
