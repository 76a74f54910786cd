// A column of an access line's non-negative whole numbers (bytes sent, object size, times) in 4 bytes a row: the
// numbers past 4 GB (a large object's size or download) are rare, so they sit in a side table instead of making
// every row 8 bytes wide.

import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

/** Stored for `-` (unknown). */
const UNKNOWN = 0xffffffff;
/** Stored for a number that does not fit: the side table holds it. */
const BIG = 0xfffffffe;

export class AccessNumbers {
  values: Uint32Array;
  /** Row -> value, for the rows marked BIG. */
  private big = new Map<number, number>();

  constructor(capacity: number) {
    this.values = new Uint32Array(capacity).fill(UNKNOWN);
  }

  /** The number of row r; NaN when unknown. */
  get(r: number): number {
    const v = this.values[r];
    return v < BIG ? v : v === UNKNOWN ? NaN : this.big.get(r)!;
  }

  /** Sets row r to v (NaN = unknown). */
  set(r: number, v: number): void {
    if (Number.isNaN(v) || v < 0) this.values[r] = UNKNOWN;
    else if (v < BIG) this.values[r] = v;
    else {
      this.values[r] = BIG;
      this.big.set(r, v);
      return;
    }
    if (this.big.size > 0) this.big.delete(r);
  }

  clear(start: number, end: number): void {
    this.values.fill(UNKNOWN, start, end);
    if (this.big.size > 0) for (const r of [...this.big.keys()]) if (r >= start && r < end) this.big.delete(r);
  }

  move(to: number, from: number): void {
    this.set(to, this.get(from));
  }

  reserve(capacity: number): void {
    if (capacity <= this.values.length) return;
    const next = new Uint32Array(capacity).fill(UNKNOWN);
    next.set(this.values);
    this.values = next;
  }

  trim(rows: number): void {
    this.values = this.values.slice(0, rows);
    for (const r of [...this.big.keys()]) if (r >= rows) this.big.delete(r);
  }

  byteSize(): number {
    return this.values.byteLength + this.big.size * 24;
  }

  /** Saves rows [0, rows): the 4-byte values, then the side table as rows and values. */
  writeSnapshot(w: SnapshotWriter, rows: number): void {
    w.array(this.values.subarray(0, rows));
    const big = [...this.big].filter(([r]) => r < rows).sort((a, b) => a[0] - b[0]);
    w.array(Uint32Array.from(big, ([r]) => r));
    w.array(Float64Array.from(big, ([, v]) => v));
  }

  static readSnapshot(r: SnapshotReader, rows: number): AccessNumbers {
    const n = new AccessNumbers(0);
    n.values = r.array(Uint32Array);
    const bigRows = r.array(Uint32Array);
    const bigValues = r.array(Float64Array);
    if (n.values.length !== rows || bigRows.length !== bigValues.length) throw new SnapshotFormatError('access numbers of another length');
    for (let i = 0; i < bigRows.length; i++) {
      if (bigRows[i] >= rows || n.values[bigRows[i]] !== BIG) throw new SnapshotFormatError('access number side table does not match');
      n.big.set(bigRows[i], bigValues[i]);
    }
    return n;
  }
}
