// eventTime of every row of the index, in 4 bytes a row instead of a float64's 8: whole seconds since 1970 in 32
// bits. CloudTrail's eventTime ("2026-12-07T19:47:11Z") and an access-log line's time ("[07/Dec/2026:19:47:11
// +0000]") are whole seconds, so nearly every row fits; a missing time has a mark of its own, and the odd time that
// does not fit (a fraction of a second, before 1970 or after 2106: hand-made records) is kept in a side table keyed
// by row. Readers get epoch milliseconds from at(), exactly the value the batch held.

import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';
import { grownTo } from '../typed-arrays';

/** The mark of a row without a time (NaN). */
const MISSING = 0xffffffff;
/** The mark of a row whose time is in the side table. */
const ODD = 0xfffffffe;

export class RowTimes {
  /** Per row: seconds since 1970, or MISSING, or ODD. */
  seconds: Uint32Array;
  /** Epoch ms of the rows marked ODD. */
  private odd = new Map<number, number>();

  constructor(capacity: number) {
    this.seconds = new Uint32Array(capacity);
  }

  /** Epoch ms of a row's time (NaN when it has none). */
  at(row: number): number {
    const s = this.seconds[row];
    return s < ODD ? s * 1000 : s === MISSING ? NaN : this.oddAt(row);
  }

  private oddAt(row: number): number {
    return this.odd.get(row) ?? NaN;
  }

  set(row: number, ms: number): void {
    const s = ms / 1000;
    // A whole number of seconds in range reads back as exactly `ms` (s * 1000 is exact below 2^53).
    if (s >= 0 && s < ODD && Math.floor(s) === s) {
      this.seconds[row] = s;
      if (this.odd.size > 0) this.odd.delete(row);
    } else if (ms !== ms) {
      this.seconds[row] = MISSING;
      if (this.odd.size > 0) this.odd.delete(row);
    } else {
      this.seconds[row] = ODD;
      this.odd.set(row, ms);
    }
  }

  /** Rows [start, start + count) from batch times: src[kept[j]] (src[j] when kept is undefined). */
  write(start: number, src: Float64Array, kept: Uint32Array | undefined, count: number): void {
    for (let j = 0; j < count; j++) this.set(start + j, src[kept === undefined ? j : kept[j]]);
  }

  /** Row `from`'s time to row `to` (compaction). */
  move(to: number, from: number): void {
    const s = this.seconds[from];
    this.seconds[to] = s;
    if (s === ODD) this.odd.set(to, this.odd.get(from)!);
    else if (this.odd.size > 0) this.odd.delete(to);
  }

  /** Forgets side-table entries of rows at or past `rows` (what a compaction left past the end). */
  truncate(rows: number): void {
    for (const r of this.odd.keys()) if (r >= rows) this.odd.delete(r);
  }

  reserve(capacity: number): void {
    if (capacity <= this.seconds.length) return;
    this.seconds = grownTo(this.seconds, capacity);
  }

  trim(rows: number): void {
    this.seconds = this.seconds.slice(0, rows);
    this.truncate(rows);
  }

  byteSize(): number {
    // A Map entry: ~40 bytes (key, value, hash chain) in V8's ordered hash table.
    return this.seconds.byteLength + this.odd.size * 40;
  }

  /** Times of rows [0, n) as a column of epoch ms (tests, and readers that sort them). */
  toArray(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = this.at(r);
    return out;
  }

  /** Row times from epoch ms (tests). */
  static of(ms: ArrayLike<number>): RowTimes {
    const t = new RowTimes(ms.length);
    for (let r = 0; r < ms.length; r++) t.set(r, ms[r]);
    return t;
  }

  writeSnapshot(w: SnapshotWriter, n: number): void {
    w.tag('times');
    w.array(this.seconds.subarray(0, n));
    const odd = [...this.odd].filter(([r]) => r < n);
    w.array(Uint32Array.from(odd, ([r]) => r));
    w.array(Float64Array.from(odd, ([, ms]) => ms));
  }

  static readSnapshot(r: SnapshotReader, n: number): RowTimes {
    r.tag('times');
    const t = new RowTimes(0);
    t.seconds = r.array(Uint32Array);
    if (t.seconds.length !== n) throw new SnapshotFormatError('row column of another length');
    const rows = r.array(Uint32Array);
    const ms = r.array(Float64Array);
    if (rows.length !== ms.length) throw new SnapshotFormatError('time side table of another length');
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] >= n || t.seconds[rows[i]] !== ODD) throw new SnapshotFormatError('time side table names no odd row');
      t.odd.set(rows[i], ms[i]);
    }
    for (let i = 0; i < n; i++) if (t.seconds[i] === ODD && !t.odd.has(i)) throw new SnapshotFormatError('odd time missing from the side table');
    return t;
  }
}

/** Sort key of a row's time: missing times first, as they rank in the full sort (sort.ts). */
export function timeKey(t: number): number {
  return Number.isNaN(t) ? -Infinity : t;
}

/** The first place in ascending time order `order` whose row's time is `t` or later. */
export function firstAtTime(order: Uint32Array, time: RowTimes, t: number): number {
  const key = timeKey(t);
  let lo = 0, hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeKey(time.at(order[mid])) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
