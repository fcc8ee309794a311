// The one CSV writer of every export (audit log, metrics): csv-stringify for the quoting (RFC 4180, CRLF), one
// formula-injection rule, and a UTF-8 byte-order mark so spreadsheet programs read Cyrillic names correctly.
import { stringify } from 'csv-stringify/sync';

/** A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe. */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const UTF8_BOM = '\ufeff';

export type CsvCell = string | number | null | undefined;

/** Numbers stay numbers (a negative figure is not a formula); every text cell is defused. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const cell = (v: CsvCell) => (v === null || v === undefined ? '' : typeof v === 'number' ? v : defuseFormula(v));
  return (
    UTF8_BOM +
    stringify([header.map(cell), ...rows.map((r) => r.map(cell))], {
      record_delimiter: 'windows',
      // With CRLF records the writer would leave a bare LF unquoted: a cell with any line break is quoted.
      quoted_match: /[\r\n]/,
    })
  );
}
