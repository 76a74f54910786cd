// An open-addressing table of rows keyed by the value a row holds in a RowIdColumn (row-id-column.ts): what finds
// the row that already holds an eventID (the de-duplication of copies across files) or an access line's Request
// ID, without a dictionary code per value. A place holds row + 1 and a print byte: 0 when the place is free, else
// 0x80 and seven bits of the value's hash. A probe reads the prints first (a byte a place: a fifth of the table's
// memory, so a miss usually costs one cache line), the row only where the print matches, and the row's slot
// only then (a cache miss in a column the size of the index). The table is not a power of two in size: it is kept at most 3/4 full of the rows it was sized
// for, and a power of two would waste up to half of that again at unlucky counts (1,000,000 values need 2^21
// places at 3/4). The probing itself lives in RowIdColumn.locate, which knows how rows keep their values.

import { maxFill } from './hash-table';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

export class RowTable {
  /** Per place: row + 1, or 0 when free. */
  rows: Int32Array;
  /** Per place: 0 when free, else 0x80 | seven bits of the value's hash (printOf). */
  prints: Uint8Array;
  /** Places taken. */
  count = 0;

  constructor(values = 12) {
    const places = placesFor(values);
    this.rows = new Int32Array(places);
    this.prints = new Uint8Array(places);
  }

  /** Where the probe sequence of hash `h` (an unsigned 32-bit hash) starts: its high bits scaled to the size. */
  home(h: number): number {
    // Exact below 2^21 places; beyond, the product's rounding still gives a fixed place in range for each h.
    return Math.floor((h >>> 0) * this.rows.length / 4294967296);
  }

  /** The first free place of the probe sequence of hash `h`: where one more row of that hash goes, whatever rows of
   *  its value the table holds already (the eventID table keeps every row of a value, each in a place of its own). */
  freePlace(h: number): number {
    const prints = this.prints;
    let i = this.home(h);
    while (prints[i] !== 0) if (++i === prints.length) i = 0;
    return i;
  }

  /** Takes free place `place` (from RowIdColumn.locate) for `row` whose value hashes to `h`. The caller grows the
   *  table after (grow): it needs the rows' values to place them again. */
  put(place: number, row: number, h: number): void {
    this.rows[place] = row + 1;
    this.prints[place] = printOf(h);
    this.count++;
  }

  /** Whether the table is past 3/4 full and must be rebuilt larger. */
  get full(): boolean {
    return this.count > maxFill(this.rows.length);
  }

  /** Whether `values` values fit without a rebuild. */
  fits(values: number): boolean {
    return values <= maxFill(this.rows.length);
  }

  /** Rows of the table (for rebuilding it). */
  entries(): Int32Array {
    const out = new Int32Array(this.count);
    let k = 0;
    for (let i = 0; i < this.rows.length; i++) if (this.rows[i] !== 0) out[k++] = this.rows[i] - 1;
    return out;
  }

  /** Empties the table, sized for `values` values. New arrays every time: a reader that kept places (the access-log
   *  join) knows them void by the array's identity. */
  reset(values: number): void {
    const places = placesFor(values);
    this.rows = new Int32Array(places);
    this.prints = new Uint8Array(places);
    this.count = 0;
  }

  byteSize(): number {
    return this.rows.byteLength + this.prints.byteLength;
  }

  writeSnapshot(w: SnapshotWriter): void {
    w.tag('rowtable');
    w.u32(this.count);
    w.array(this.rows);
    w.array(this.prints);
  }

  /** A table over views of the snapshot's buffer; every place must name a row below `rows`. */
  static readSnapshot(r: SnapshotReader, rows: number): RowTable {
    r.tag('rowtable');
    const count = r.u32();
    const t = new RowTable(1);
    t.rows = r.array(Int32Array);
    t.prints = r.array(Uint8Array);
    if (t.rows.length < 16 || t.prints.length !== t.rows.length || count > maxFill(t.rows.length)) throw new SnapshotFormatError('row table of another size');
    let taken = 0;
    for (let i = 0; i < t.rows.length; i++) {
      const e = t.rows[i];
      // A free place has print 0 and no row; a taken one a print with the high bit and a row (probes trust both).
      if ((e === 0) !== (t.prints[i] === 0) || (e !== 0 && (t.prints[i] & 0x80) === 0)) throw new SnapshotFormatError('row table place half taken');
      if (e === 0) continue;
      if (e < 0 || e > rows) throw new SnapshotFormatError('row table names no row');
      taken++;
    }
    if (taken !== count) throw new SnapshotFormatError('row table count disagrees');
    t.count = count;
    return t;
  }
}

/** The print byte of a value's hash (never 0: 0 marks a free place). */
export function printOf(h: number): number {
  return 0x80 | (h & 0x7f);
}

/** Places for `values` values at 3/4 full (at least 16). */
export function placesFor(values: number): number {
  return Math.max(16, Math.ceil(values * 4 / 3) + 1);
}
