/**
 * CSV for spreadsheet users (the exports): UTF-8 with a byte-order mark so that Excel reads accents, `,` or `;`
 * (French Excel's list separator), CRLF line ends, RFC 4180 quoting. A text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is prefixed with `'` so that a spreadsheet never runs it as a formula (CSV injection): free
 * texts of the referral export are typed by people.
 */
export const CSV_BOM = '\uFEFF';
export type CsvSeparator = ',' | ';';

export function csvLine(cells: readonly (string | number | null)[], separator: CsvSeparator): string {
  return `${cells.map((cell) => {
    if (cell === null) return '';
    if (typeof cell === 'number') return String(cell);
    const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(separator)}\r\n`;
}
