// Writes a query's rows to a CSV or JSON file, streaming (backpressure-aware), so exporting a million
// rows never builds the whole text in memory. CSV cells are formula-neutralised (core/export/csv.ts).

import fs from 'node:fs';
import { once } from 'node:events';
import { csvHeader, csvRow, rowObject } from './csv';
import type { ColumnId, RowData } from '../protocol';

/** Writes the rows; resolves with how many were written. */
export async function writeRows(file: string, format: 'csv' | 'json', columns: readonly ColumnId[], rows: Iterable<RowData>): Promise<number> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  let n = 0;
  try {
    if (format === 'csv') {
      await write(csvHeader(columns));
      for (const row of rows) {
        await write(csvRow(row, columns));
        n++;
      }
    } else {
      await write('[');
      for (const row of rows) {
        await write(`${n === 0 ? '\n' : ',\n'}  ${JSON.stringify(rowObject(row, columns))}`);
        n++;
      }
      await write(n === 0 ? ']\n' : '\n]\n');
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } finally {
    out.destroy();
  }
  return n;
}
