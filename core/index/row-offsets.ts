// The byte offset of every row's record in its file, in about a byte a row instead of 4. A file's records follow one
// another: a record starts where the one before it ended plus a few bytes (the comma between two CloudTrail records,
// a line break between two access-log lines, some white space in a pretty-printed file). So a row keeps that gap in
// a byte, and every 64th row (a mark) its whole offset; the offset of a row is its mark's plus the lengths and gaps of
// the rows between (at most 63 steps). A gap that does not fit a byte (the first record of another file, a record
// dropped as a duplicate in between) marks the row as odd, and its offset goes to a side table: a few thousand rows
// at 1,000,000 records (one per file).

import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';
import { grownTo } from '../typed-arrays';

const BLOCK_BITS = 6;
const BLOCK = 1 << BLOCK_BITS;
/** The gap of a row whose offset is in the side table. */
const ODD = 0xff;

/** Record lengths by row (the store's array: it may be replaced when it widens, hence a getter). */
type Lengths = () => ArrayLike<number>;

export class RowOffsets {
  /** Per row: bytes between the end of the row before and this row's record, or ODD. Unused at a mark. */
  private gaps: Uint8Array;
  /** Offset of every 64th row. */
  private marks: Uint32Array;
  /** Offsets of the odd rows (not at a mark). */
  private odd = new Map<number, number>();
  /** The row after the last one written, and the offset of the last one written: appends need no walk back. */
  private nextRow = 0;
  private lastOffset = 0;

  constructor(capacity: number, private readonly lengths: Lengths) {
    this.gaps = new Uint8Array(capacity);
    this.marks = new Uint32Array(marksFor(capacity));
  }

  /** The offset of a row's record in its file. */
  at(row: number): number {
    const k = row >>> BLOCK_BITS;
    let off = this.marks[k];
    const gaps = this.gaps;
    const lengths = this.lengths();
    for (let r = (k << BLOCK_BITS) + 1; r <= row; r++) {
      const g = gaps[r];
      off = g !== ODD ? off + lengths[r - 1] + g : this.odd.get(r)!;
    }
    return off;
  }

  /**
   * Writes row `row`'s offset. Rows are written in order (appends, a compaction) after their length: the gap is
   * counted from the end of the row before. Only rows past the last written one, or all rows again after reader(),
   * are written: no stale side-table entry is left behind.
   */
  set(row: number, offset: number): void {
    if ((row & (BLOCK - 1)) === 0) this.marks[row >>> BLOCK_BITS] = offset;
    else {
      const prev = row === this.nextRow ? this.lastOffset : this.at(row - 1);
      const gap = offset - prev - this.lengths()[row - 1];
      if (gap >= 0 && gap < ODD) this.gaps[row] = gap;
      else {
        this.gaps[row] = ODD;
        this.odd.set(row, offset);
      }
    }
    this.nextRow = row + 1;
    this.lastOffset = offset;
  }

  /** Reads rows 0, 1, 2, ... in order, each once, whatever is written meanwhile at rows before the one read (what a
   *  compaction moving rows down needs): returns the offset of the row asked for. The rows are then all written
   *  again from row 0: the side table starts empty (an odd row written over by a row that is not must not stay). */
  reader(): (row: number) => number {
    let prev = 0;
    const lengths = this.lengths;
    const odd = this.odd;
    this.odd = new Map();
    return (row) => {
      const g = this.gaps[row];
      prev = (row & (BLOCK - 1)) === 0 ? this.marks[row >>> BLOCK_BITS] : g !== ODD ? prev + lengths()[row - 1] + g : odd.get(row)!;
      return prev;
    };
  }

  /** Forgets what rows at or past `rows` held (a compaction's end). */
  truncate(rows: number): void {
    for (const r of this.odd.keys()) if (r >= rows) this.odd.delete(r);
    this.nextRow = 0;
  }

  reserve(capacity: number): void {
    if (capacity <= this.gaps.length) return;
    this.gaps = grownTo(this.gaps, capacity);
    this.marks = grownTo(this.marks, marksFor(capacity));
  }

  trim(rows: number): void {
    this.gaps = this.gaps.slice(0, rows);
    this.marks = this.marks.slice(0, marksFor(rows));
    this.truncate(rows);
  }

  byteSize(): number {
    // A Map entry: ~40 bytes in V8's ordered hash table.
    return this.gaps.byteLength + this.marks.byteLength + this.odd.size * 40;
  }

  writeSnapshot(w: SnapshotWriter, n: number): void {
    w.tag('offsets');
    w.array(this.gaps.subarray(0, n));
    w.array(this.marks.subarray(0, marksFor(n)));
    const odd = [...this.odd].filter(([r]) => r < n);
    w.array(Uint32Array.from(odd, ([r]) => r));
    w.array(Uint32Array.from(odd, ([, off]) => off));
  }

  static readSnapshot(r: SnapshotReader, n: number, lengths: Lengths): RowOffsets {
    r.tag('offsets');
    const t = new RowOffsets(0, lengths);
    t.gaps = r.array(Uint8Array);
    t.marks = r.array(Uint32Array);
    if (t.gaps.length !== n || t.marks.length !== marksFor(n)) throw new SnapshotFormatError('row column of another length');
    const rows = r.array(Uint32Array);
    const offsets = r.array(Uint32Array);
    if (rows.length !== offsets.length) throw new SnapshotFormatError('offset side table of another length');
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row >= n || (row & (BLOCK - 1)) === 0 || t.gaps[row] !== ODD) throw new SnapshotFormatError('offset side table names no odd row');
      t.odd.set(row, offsets[i]);
    }
    for (let i = 0; i < n; i++) if (t.gaps[i] === ODD && (i & (BLOCK - 1)) !== 0 && !t.odd.has(i)) throw new SnapshotFormatError('odd offset missing from the side table');
    return t;
  }
}

function marksFor(rows: number): number {
  return (rows + BLOCK - 1) >>> BLOCK_BITS;
}
