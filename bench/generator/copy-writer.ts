import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value of one column in a COPY row: null is SQL NULL, a string array fills a `text[]` column. */
export type CopyValue = string | number | boolean | Date | null | readonly string[];

/** The table a COPY fills and its columns, in order; rows are records keyed by column. */
export interface CopyTable<Column extends string> {
  table: string;
  columns: readonly Column[];
}

export function defineCopyTable<Column extends string>(table: string, columns: readonly Column[]): CopyTable<Column> {
  return { table, columns };
}

export type CopyRow<Column extends string> = Readonly<Record<Column, CopyValue>>;

/** Bytes of text per chunk pushed into the COPY stream. */
const CHUNK_CHARS = 1 << 17;

/**
 * Streams `rows` into `table` with `COPY ... FROM STDIN` (text format), building the lines as the stream asks for
 * them: memory stays flat whatever the number of rows. Returns how many rows were written.
 */
export async function copyRows<Column extends string>(
  client: ClientBase,
  table: CopyTable<Column>,
  rows: Iterable<CopyRow<Column>>,
): Promise<number> {
  const columns = table.columns.map(quoteIdentifier).join(', ');
  const sink = client.query(copyFrom(`copy ${quoteIdentifier(table.table)} (${columns}) from stdin`));
  let count = 0;
  function* chunks(): Generator<string> {
    let buffer = '';
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < table.columns.length; i++) {
        if (i > 0) line += '\t';
        line += encodeValue(row[table.columns[i]!]);
      }
      buffer += `${line}\n`;
      count++;
      if (buffer.length >= CHUNK_CHARS) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer.length > 0) yield buffer;
  }
  await pipeline(Readable.from(chunks(), { objectMode: false }), sink);
  return count;
}

/** A value in COPY's text format. */
export function encodeValue(value: CopyValue | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  return escapeText(arrayLiteral(value));
}

/** `{"a","b"}`: a PostgreSQL array literal with every element quoted. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

const SPECIAL = /[\\\n\r\t]/;

function escapeText(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
