// Findings as rows of the index: each finding record is found by its file and byte offset (what the index
// keeps), so the rows follow the findings whatever eventIDs say. Used where a row set meets the findings
// (the identity story's findings).

import type { TrailIndex } from '../index';
import type { Finding } from './engine';

/** The live rows of each finding's records (same order as `findings`; a record the index no longer has is left out). */
export function findingRows(index: TrailIndex, findings: readonly Finding[]): number[][] {
  const store = index.store;
  const fileId = new Map(store.filePaths().map((p, id) => [p, id]));
  const at = new Map<number, number[]>();
  findings.forEach((f, i) => {
    for (const loc of f.records) {
      const id = fileId.get(loc.file);
      if (id === undefined) continue;
      const k = id * 2 ** 32 + loc.offset;
      const l = at.get(k);
      if (!l) at.set(k, [i]);
      else if (l[l.length - 1] !== i) l.push(i);
    }
  });
  const out = findings.map((): number[] => []);
  if (at.size === 0) return out;
  for (let row = 0; row < store.rowCount; row++) {
    if (!store.isAlive(row)) continue;
    const l = at.get(store.fileIds.at(row) * 2 ** 32 + store.offsets.at(row));
    if (l) for (const i of l) out[i].push(row);
  }
  return out;
}

/** The findings that hold any row of `mask` (the identity story's rows), most severe first as given, each with
 *  all of its rows. */
export function findingsOfRows(index: TrailIndex, findings: readonly Finding[], mask: Uint8Array): { finding: Finding; rows: number[] }[] {
  const rows = findingRows(index, findings);
  return findings.map((finding, i) => ({ finding, rows: rows[i] })).filter(({ rows: r }) => r.some((row) => mask[row] === 1));
}
