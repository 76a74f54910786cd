// The file of every row of the index and the record's place in it (its ordinal), without a file id or an ordinal per
// row: rows are appended a file at a time, in the order of the file's records, so the rows of the index are runs of
// one file each with consecutive ordinals (a few hundred rows a run on a CloudTrail tree; a record dropped as a
// duplicate starts another run), and a run's start row, file id and first ordinal (12 bytes a run) replace 4 to 8
// bytes a row. A dead row keeps its file (readers ask which file a row that died was
// in). Finding the run of a row is a binary search over the runs' starts; the run found last is tried first, so a pass
// in row order costs a comparison a row.

import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';
import { grownTo } from '../typed-arrays';

export class RowFiles {
  /** First row of each run, ascending; run k covers [starts[k], starts[k + 1]) (the last: to the last row). */
  private starts: Uint32Array;
  /** File id of each run. */
  private ids: Uint32Array;
  /** Ordinal of each run's first row; the run's rows follow it one by one. */
  private ords: Uint32Array;
  /** Runs taken. */
  private count = 0;
  /** The run found last. */
  private hit = 0;

  constructor(runs = 16) {
    this.starts = new Uint32Array(runs);
    this.ids = new Uint32Array(runs);
    this.ords = new Uint32Array(runs);
  }

  /** File id of a row (a row that has been appended: below the rows given to append). */
  at(row: number): number {
    return this.ids[this.runOf(row)];
  }

  /** The place of a row's record in its file. */
  ordinalAt(row: number): number {
    const k = this.runOf(row);
    return this.ords[k] + row - this.starts[k];
  }

  private runOf(row: number): number {
    const starts = this.starts;
    let k = this.hit;
    if (k < this.count && starts[k] <= row && (k + 1 === this.count || row < starts[k + 1])) return k;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    this.hit = k = lo;
    return k;
  }

  /** Rows from `start` on (to the next append) are file `fileId`'s, from its record `ordinal` on one by one.
   *  Appends come in row order. */
  append(fileId: number, start: number, ordinal: number): void {
    const n = this.count;
    if (n > 0 && this.starts[n - 1] >= start) throw new Error('rows of files are appended in row order');
    if (n > 0 && this.ids[n - 1] === fileId && this.ords[n - 1] + (start - this.starts[n - 1]) === ordinal) return;
    if (n === this.starts.length) {
      const length = Math.max(16, n * 2);
      this.starts = grownTo(this.starts, length);
      this.ids = grownTo(this.ids, length);
      this.ords = grownTo(this.ords, length);
    }
    this.starts[n] = start;
    this.ids[n] = fileId;
    this.ords[n] = ordinal;
    this.count = n + 1;
  }

  /** The largest file id of a run (-1 without runs). */
  maxId(): number {
    let max = -1;
    for (let k = 0; k < this.count; k++) if (this.ids[k] > max) max = this.ids[k];
    return max;
  }

  /** Visits the runs that overlap rows [0, rows): file id and its rows [from, to). */
  forEachRun(rows: number, visit: (fileId: number, from: number, to: number) => void): void {
    for (let k = 0; k < this.count && this.starts[k] < rows; k++) {
      const to = k + 1 < this.count ? Math.min(rows, this.starts[k + 1]) : rows;
      if (to > this.starts[k]) visit(this.ids[k], this.starts[k], to);
    }
  }

  /** File id per row of rows [0, rows), 16 bits each while the ids fit (facets, ranks by file: built when asked). */
  column(rows: number): Uint16Array | Uint32Array {
    const out = this.maxId() > 0xffff ? new Uint32Array(rows) : new Uint16Array(rows);
    this.forEachRun(rows, (id, from, to) => out.fill(id, from, to));
    return out;
  }

  byteSize(): number {
    return this.starts.byteLength + this.ids.byteLength + this.ords.byteLength;
  }

  writeSnapshot(w: SnapshotWriter): void {
    w.tag('rowfiles');
    w.array(this.starts.subarray(0, this.count));
    w.array(this.ids.subarray(0, this.count));
    w.array(this.ords.subarray(0, this.count));
  }

  /** Runs of a saved index of `rows` rows: ascending starts from row 0 (the caller checks the file ids: maxId). */
  static readSnapshot(r: SnapshotReader, rows: number): RowFiles {
    r.tag('rowfiles');
    const starts = r.array(Uint32Array);
    const ids = r.array(Uint32Array);
    const ords = r.array(Uint32Array);
    if (starts.length !== ids.length || ords.length !== ids.length) throw new SnapshotFormatError('file runs of another length');
    if (rows > 0 && (starts.length === 0 || starts[0] !== 0)) throw new SnapshotFormatError('rows before the first file run');
    for (let k = 0; k < starts.length; k++) {
      if (starts[k] >= rows || (k > 0 && starts[k] <= starts[k - 1])) throw new SnapshotFormatError('file runs out of order');
    }
    const t = new RowFiles(0);
    // Copies (a few thousand runs): appends must not write into the snapshot's buffer.
    t.starts = starts.slice();
    t.ids = ids.slice();
    t.ords = ords.slice();
    t.count = starts.length;
    return t;
  }
}
