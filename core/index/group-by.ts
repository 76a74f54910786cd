// Group-by tables: counts of one column's values against another's among the rows of a query (the
// principal × eventName, bucket × error views), from the dictionary codes alone: one pass to count each
// column's values, one to count the cells of the most frequent ones. A missing value is a value ('').

import type { ColumnId, GroupByTable } from '../protocol';
import type { CodeArray } from './code-column';
import { tableColumn } from './table-columns';
import type { RecordIndex } from './store';

type GroupColumn = Exclude<ColumnId, 'time' | 'file'>;

export function isGroupColumn(c: ColumnId): c is GroupColumn {
  return c !== 'time' && c !== 'file';
}

/** The `limit` codes with the highest counts (ties by value), as [code, count] pairs. */
function leaders(counts: Uint32Array, limit: number, text: (code: number) => string): [number, number][] {
  const out: [number, number][] = [];
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0) out.push([c, counts[c]]);
  out.sort((a, b) => b[1] - a[1] || (text(a[0]) < text(b[0]) ? -1 : text(a[0]) > text(b[0]) ? 1 : 0));
  return out.slice(0, Math.max(0, limit));
}

/** Counts per code; an empty value written in the record counts as missing (code 0): one '' in the table. */
function countCodes(codes: CodeArray, rows: Uint32Array, size: number, text: (code: number) => string): Uint32Array {
  const counts = new Uint32Array(size);
  for (let i = 0; i < rows.length; i++) counts[codes[rows[i]]]++;
  for (let c = 1; c < size; c++) {
    if (counts[c] > 0 && text(c) === '') {
      counts[0] += counts[c];
      counts[c] = 0;
    }
  }
  return counts;
}

/** Code -> place in the table (-1: not shown); codes of '' share code 0's place. */
function places(top: [number, number][], size: number, text: (code: number) => string): Int32Array {
  const place = new Int32Array(size).fill(-1);
  top.forEach(([code], i) => { place[code] = i; });
  if (place[0] >= 0) for (let c = 1; c < size; c++) if (text(c) === '') place[c] = place[0];
  return place;
}

/** Counts of `rowColumn` values (table rows) against `colColumn` values (table columns) over `rows`. */
export function groupBy(
  store: RecordIndex, rows: Uint32Array, rowColumn: GroupColumn, colColumn: GroupColumn, rowLimit: number, colLimit: number,
): GroupByTable {
  const a = tableColumn(store, rowColumn);
  const b = tableColumn(store, colColumn);
  const textA = (c: number): string => a.dict.value(c) ?? '';
  const textB = (c: number): string => b.dict.value(c) ?? '';
  const topA = leaders(countCodes(a.codes, rows, a.dict.size, textA), rowLimit, textA);
  const topB = leaders(countCodes(b.codes, rows, b.dict.size, textB), colLimit, textB);
  const placeA = places(topA, a.dict.size, textA);
  const placeB = places(topB, b.dict.size, textB);
  const cells = new Uint32Array(topA.length * topB.length);
  const codesA = a.codes, codesB = b.codes, width = topB.length;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const i = placeA[codesA[r]];
    if (i < 0) continue;
    const j = placeB[codesB[r]];
    if (j >= 0) cells[i * width + j]++;
  }
  return {
    rows: topA.map(([code, count]) => ({ value: textA(code), count })),
    columns: topB.map(([code, count]) => ({ value: textB(code), count })),
    counts: topA.map((_, i) => Array.from(cells.subarray(i * width, (i + 1) * width))),
    total: rows.length,
  };
}
