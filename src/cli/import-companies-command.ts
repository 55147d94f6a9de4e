import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CsvError, parse } from 'csv-parse/sync';
import { UsageError, type CliCommand } from '../common/cli-command';
import { ServiceError } from '../common/errors';
import { fromGlobalId } from '../graphql/global-id';
import { importClubMembers, MEMBER_COLUMNS, type MemberImportReport, type MemberLine, type RejectedLine } from '../network/use-cases/import-club-members';

/** What a member list is, once read: its lines by column, and the lines that could not be read. */
export interface MemberFile {
  lines: MemberLine[];
  unreadable: RejectedLine[];
}

const UNREADABLE: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quote opens a cell and is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote closes a cell that goes on after it',
};

/**
 * Reads a CSV member list (UTF-8, optional BOM, `;` or `,` as the header line uses, `"` quoting with `""` inside).
 * Each record is one line: company lists have no line break inside a cell, and reading them so confines an
 * unbalanced quote to its own line, reported, instead of swallowing every line after it. The header names the
 * columns (MEMBER_COLUMNS, any order; `siret` and `name` required); a line with more or fewer cells than the header is
 * rejected, as is one the parser cannot read.
 */
export function readMemberFile(text: string): MemberFile {
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = physical[0] ?? '';
  const delimiter = headerLine.includes(';') ? ';' : ',';
  let header: string[];
  try {
    header = parseLine(headerLine, delimiter).map((h) => h.trim().toLowerCase());
  } catch (error) {
    throw new UsageError(`the header line cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const unknown = header.filter((h) => !Object.hasOwn(MEMBER_COLUMNS, h));
  if (unknown.length > 0) throw new UsageError(`unknown column(s) ${unknown.join(', ')}: the columns are ${Object.keys(MEMBER_COLUMNS).join(', ')}`);
  for (const required of ['siret', 'name']) if (!header.includes(required)) throw new UsageError(`the header has no ${required} column`);

  const file: MemberFile = { lines: [], unreadable: [] };
  physical.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (raw.trim() === '') return;
    let cells: string[];
    try {
      cells = parseLine(raw, delimiter);
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      file.unreadable.push({ line, reason: `unreadable: ${UNREADABLE[error.code] ?? error.message}` });
      return;
    }
    if (cells.length !== header.length) {
      file.unreadable.push({ line, reason: `unreadable: ${cells.length} cells where the header has ${header.length} (a stray "${delimiter}" or a missing cell?)` });
      return;
    }
    file.lines.push({ line, values: Object.fromEntries(header.map((h, i) => [h, cells[i]!])) });
  });
  return file;
}

function parseLine(raw: string, delimiter: string): string[] {
  const records = parse(raw, { delimiter, relax_column_count: true }) as string[][];
  return records[0] ?? [];
}

/** The report: one summary line, then one line per rejected line of the file. */
export function formatReport(file: string, report: MemberImportReport): string[] {
  const outcome = report.written
    ? `${report.created} created, ${report.joined} already registered and now members, ${report.alreadyMembers} already members, ${report.rejected.length} rejected`
    : `nothing written (--all-or-nothing): ${report.rejected.length} line(s) rejected`;
  return [
    `import-companies ${file} into ${report.clubName} (club ${report.clubId}): ${outcome}`,
    ...report.rejected.map((r) => `  line ${r.line}: ${r.reason}`),
  ];
}

/** `--club` takes the club's id as the API gives it (a global id) or its number. */
function clubIdOf(raw: string): number {
  if (/^[1-9]\d{0,9}$/.test(raw)) return Number(raw);
  try {
    const decoded = fromGlobalId(raw, '--club');
    if (decoded.type === 'Structure' && typeof decoded.key === 'number') return decoded.key;
  } catch {
    // Answered below.
  }
  throw new UsageError(`--club ${raw} is not the id of a structure`);
}

/** `import-companies --club <id> --csv <file> [--all-or-nothing]`: a CRÉPI club's member companies from a CSV file. */
export const importCompaniesCommand: CliCommand = {
  name: 'import-companies',
  summary: 'Imports the member companies of a CRÉPI club from a CSV file (createCompany\'s rules, idempotent on SIRET), with a report of the rejected lines.',
  usage: 'import-companies --club <id> --csv <file> [--all-or-nothing]',
  async run(args, { em }) {
    let values: { club?: string; csv?: string; 'all-or-nothing'?: boolean };
    try {
      values = parseArgs({ args, options: { club: { type: 'string' }, csv: { type: 'string' }, 'all-or-nothing': { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (!values.club) throw new UsageError('--club is required');
    if (!values.csv) throw new UsageError('--csv is required');
    const clubId = clubIdOf(values.club);
    let text: string;
    try {
      text = await readFile(values.csv, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${values.csv}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const file = readMemberFile(text);
    let report: MemberImportReport;
    try {
      report = await importClubMembers(em, clubId, file.lines, { unreadable: file.unreadable, allOrNothing: values['all-or-nothing'] ?? false });
    } catch (error) {
      // The club itself is wrong (unknown, not a CRÉPI): nothing was written.
      if (error instanceof ServiceError) throw new UsageError(error.message);
      throw error;
    }
    for (const line of formatReport(values.csv, report)) console.log(line);
    // A script importing files notices rejected lines without reading the report.
    return report.rejected.length > 0 ? 1 : 0;
  },
};
