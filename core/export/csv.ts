// CSV text of table rows, safe to open in a spreadsheet (OWASP "CSV Injection"): log fields are
// attacker-controlled, so a cell that a spreadsheet would run as a formula (starting with = + - @ TAB or CR)
// gets a leading apostrophe, and every cell is quoted (RFC 4180). Quoting only the cells that hold a comma
// is not enough: Excel in a locale whose list separator is ';' splits a bare `a;=1+2` into `a` and a formula.

import { COLUMN_TITLES, type ColumnId, type RowData } from '../protocol';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export function csvHeader(columns: readonly ColumnId[]): string {
  return csvLine(columns.map((c) => COLUMN_TITLES[c]));
}

export function csvRow(row: RowData, columns: readonly ColumnId[]): string {
  return csvLine(columns.map((c) => row[c]));
}

/** The chosen columns of a row as a plain object (JSON export and the CLI's json/ndjson output). */
export function rowObject(row: RowData, columns: readonly ColumnId[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (const c of columns) o[c] = row[c];
  return o;
}
