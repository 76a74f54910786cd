// A dictionary-encoded string column: one code per row in the fewest bits that hold the dictionary, plus the
// dictionary itself: text for most columns, packed fixed-width forms for the near-unique ones (see
// column-dictionaries.ts).
// Widths: 0 bits while every row holds code 0 (a column no record of the trail has, such as sourceIdentity, costs
// nothing a row), 2 bits up to 4 codes, 4 bits up to 16 (region, category, access, mfa, eventSource...: most
// columns of a trail), then a byte, 16 bits, 24 bits (the principal and access-key columns of 10,000,000 records,
// a 4th byte saved) and 32. The width grows once per step as codes arrive, as the 8 -> 16 -> 32 bits did before;
// it never narrows (a compaction keeps the dictionary, so its codes).
// Readers: `code(row)` for a row at a time; `codes` gives a typed array of a code per row — the stored array itself
// at 8, 16 and 32 bits, else a view unpacked when asked for and held weakly (like RowIdColumn's coded view), so a
// filter or facet over a narrow column pays its byte a row only while something uses it. Writers go through the
// methods below (fill, copy, move), never through `codes`.

import { StringDictionary, type ColumnDictionary } from './dictionary';
import { IdDictionary } from './id-dictionary';
import { PrefixDictionary } from './prefix-dictionary';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

/** Bits a row's code takes. */
export type CodeWidth = 0 | 2 | 4 | 8 | 16 | 24 | 32;

/** The narrowest width whose codes reach maxCode. */
export function widthFor(maxCode: number): CodeWidth {
  if (maxCode <= 0) return 0;
  if (maxCode <= 3) return 2;
  if (maxCode <= 15) return 4;
  if (maxCode <= 0xff) return 8;
  if (maxCode <= 0xffff) return 16;
  if (maxCode <= 0xffffff) return 24;
  return 32;
}

/** The stored array of `rows` codes of a width: packed bytes at 0, 2, 4 and 24 bits, a typed array else. */
/** The largest 2-bit and 4-bit field of each byte value. */
const BYTE_MAX_2 = Uint8Array.from({ length: 256 }, (_, b) => Math.max(b & 3, (b >> 2) & 3, (b >> 4) & 3, b >> 6));
const BYTE_MAX_4 = Uint8Array.from({ length: 256 }, (_, b) => Math.max(b & 15, b >> 4));

function storage(width: CodeWidth, rows: number): CodeArray {
  switch (width) {
    case 0: return new Uint8Array(0);
    case 2: return new Uint8Array((rows + 3) >>> 2);
    case 4: return new Uint8Array((rows + 1) >>> 1);
    case 8: return new Uint8Array(rows);
    case 16: return new Uint16Array(rows);
    case 24: return new Uint8Array(rows * 3);
    case 32: return new Uint32Array(rows);
  }
}

/** Whether a width keeps a typed array of a code per row (readable as `codes` without unpacking). */
function plain(width: CodeWidth): boolean {
  return width === 8 || width === 16 || width === 32;
}

export class CodeColumn {
  readonly dict: ColumnDictionary;
  private widthBits: CodeWidth = 0;
  /** The codes in their width (see storage()). */
  private data: CodeArray;
  /** Rows the column has room for (`data` alone cannot say at 0 bits). */
  private room: number;
  /** The unpacked view of a packed width, dropped on every write. */
  private viewRef: WeakRef<CodeArray> | undefined;

  constructor(capacity: number, dict: ColumnDictionary = new StringDictionary()) {
    this.room = capacity;
    this.data = storage(0, capacity);
    this.dict = dict;
  }

  /** Bits a row's code takes now. */
  get width(): CodeWidth {
    return this.widthBits;
  }

  /** Rows the column has room for. */
  get capacity(): number {
    return this.room;
  }

  /** A code per row, for the column's whole capacity: the stored array at 8, 16 and 32 bits, an unpacked view
   *  (held weakly, rebuilt after a write) at the packed widths. Read-only: write through set/fill/copy/move. */
  get codes(): CodeArray {
    if (plain(this.widthBits)) return this.data;
    let view = this.viewRef?.deref();
    if (view === undefined) {
      view = this.unpack();
      this.viewRef = new WeakRef(view);
    }
    return view;
  }

  /** The code of one row. */
  code(row: number): number {
    const d = this.data;
    switch (this.widthBits) {
      case 0: return 0;
      case 2: return (d[row >>> 2] >>> ((row & 3) << 1)) & 3;
      case 4: return (d[row >>> 1] >>> ((row & 1) << 2)) & 15;
      case 24: {
        const i = row * 3;
        return d[i] | (d[i + 1] << 8) | (d[i + 2] << 16);
      }
      default: return d[row];
    }
  }

  /** The largest code of rows [0, rows): a loop over the storage of each width (a reopen checks every column's codes
   *  against its dictionary: through code(), a call and a switch per row, that was a third of loading the index). */
  maxCode(rows: number): number {
    const d = this.data;
    let max = 0;
    switch (this.widthBits) {
      case 0: return 0;
      case 2:
      case 4: {
        // Whole bytes by a table of their largest field, then the last rows one by one (a byte's spare fields
        // past the last row are not codes).
        const perByte = 8 / this.widthBits;
        const table = this.widthBits === 2 ? BYTE_MAX_2 : BYTE_MAX_4;
        const whole = Math.floor(rows / perByte);
        for (let i = 0; i < whole; i++) if (table[d[i]] > max) max = table[d[i]];
        for (let row = whole * perByte; row < rows; row++) max = Math.max(max, this.code(row));
        return max;
      }
      case 24: {
        for (let i = 0, end = rows * 3; i < end; i += 3) {
          const c = d[i] | (d[i + 1] << 8) | (d[i + 2] << 16);
          if (c > max) max = c;
        }
        return max;
      }
      default:
        for (let i = 0; i < rows; i++) if (d[i] > max) max = d[i];
        return max;
    }
  }

  /** Sets one row's code (which the width must hold: fit() first). */
  set(row: number, code: number): void {
    this.viewRef = undefined;
    this.put(row, code);
  }

  /** Sets rows [start, end) to code 0. */
  clear(start: number, end: number): void {
    this.viewRef = undefined;
    const w = this.widthBits;
    if (w === 0) return;
    if (plain(w)) {
      this.data.fill(0, start, end);
      return;
    }
    if (w === 24) {
      this.data.fill(0, start * 3, end * 3);
      return;
    }
    // The partly covered first and last bytes row by row, whole bytes between with a fill.
    const per = 8 / w;
    let r = start;
    for (; r < end && r % per !== 0; r++) this.put(r, 0);
    const whole = r + Math.floor((end - r) / per) * per;
    this.data.fill(0, r / per, whole / per);
    for (r = whole; r < end; r++) this.put(r, 0);
  }

  /** Row start + j gets map[src[j]] (or map[src[kept[j]]]) for j < count: a batch's codes mapped to the column's.
   *  The width must hold the map's codes (fit() first). */
  copyMapped(start: number, map: Uint32Array, src: Uint32Array, kept: Uint32Array | undefined, count: number): void {
    this.viewRef = undefined;
    const w = this.widthBits;
    if (plain(w)) {
      const dst = this.data;
      if (kept === undefined) for (let j = 0; j < count; j++) dst[start + j] = map[src[j]];
      else for (let j = 0; j < count; j++) dst[start + j] = map[src[kept[j]]];
    } else if (w === 4 || w === 2) {
      // Whole bytes at a time between the partly written first and last bytes: the merge writes every row of ~13
      // such columns, and a read-modify-write of a byte per row cost ~10% of its CPU.
      const d = this.data, per = 8 / w;
      let j = 0;
      for (; j < count && (start + j) % per !== 0; j++) this.put(start + j, map[src[kept === undefined ? j : kept[j]]]);
      if (w === 4) {
        for (; j + 1 < count; j += 2) {
          const lo = map[src[kept === undefined ? j : kept[j]]], hi = map[src[kept === undefined ? j + 1 : kept[j + 1]]];
          d[(start + j) >>> 1] = lo | (hi << 4);
        }
      } else {
        for (; j + 3 < count; j += 4) {
          const a = map[src[kept === undefined ? j : kept[j]]], b = map[src[kept === undefined ? j + 1 : kept[j + 1]]];
          const c = map[src[kept === undefined ? j + 2 : kept[j + 2]]], e = map[src[kept === undefined ? j + 3 : kept[j + 3]]];
          d[(start + j) >>> 2] = a | (b << 2) | (c << 4) | (e << 6);
        }
      }
      for (; j < count; j++) this.put(start + j, map[src[kept === undefined ? j : kept[j]]]);
    } else if (w === 24) {
      for (let j = 0; j < count; j++) this.put(start + j, map[src[kept === undefined ? j : kept[j]]]);
    }
  }

  /** Row `to` gets row `from`'s code (compaction). */
  move(to: number, from: number): void {
    this.viewRef = undefined;
    if (plain(this.widthBits)) this.data[to] = this.data[from];
    else if (this.widthBits !== 0) this.put(to, this.code(from));
  }

  /** Saves the codes of rows [0, rows) in their width, and the dictionary. */
  writeSnapshot(w: SnapshotWriter, rows: number): void {
    w.tag('codes');
    // Which kind of dictionary follows: the reader needs no knowledge of which column keeps which.
    w.string(this.dict instanceof IdDictionary ? 'id' : this.dict instanceof PrefixDictionary ? 'prefix' : 'text');
    this.dict.writeSnapshot(w);
    w.u32(this.widthBits);
    w.array(this.data.subarray(0, storageLength(this.widthBits, rows)));
  }

  /** A column of `rows` rows over views of the snapshot's buffer. */
  static readSnapshot(r: SnapshotReader, rows: number): CodeColumn {
    r.tag('codes');
    const kind = r.string();
    let dict: ColumnDictionary;
    if (kind === 'id') dict = IdDictionary.readSnapshot(r);
    else if (kind === 'prefix') dict = PrefixDictionary.readSnapshot(r);
    else if (kind === 'text') dict = StringDictionary.readSnapshot(r);
    else throw new SnapshotFormatError(`unknown dictionary kind ${JSON.stringify(kind.slice(0, 20))}`);
    const width = r.u32() as CodeWidth;
    if (![0, 2, 4, 8, 16, 24, 32].includes(width)) throw new SnapshotFormatError(`code width ${width}`);
    const data = r.anyArray();
    const kindOk = width === 16 ? data instanceof Uint16Array : width === 32 ? data instanceof Uint32Array : data instanceof Uint8Array;
    if (!kindOk || data.length !== storageLength(width, rows)) throw new SnapshotFormatError('code column of another length or kind');
    const col = new CodeColumn(0, dict);
    col.widthBits = width;
    col.data = data as CodeArray;
    col.room = rows;
    // Codes must name values of the dictionary: a query decodes them without checking. A width that cannot hold a
    // code past the dictionary (4 bits and 16 values) needs no look.
    const size = dict.size;
    if ((width === 32 || 2 ** width > size) && col.maxCode(rows) >= size) throw new SnapshotFormatError('code past its dictionary');
    return col;
  }

  /** Makes room for `capacity` rows (keeps the width). */
  reserve(capacity: number): void {
    if (capacity <= this.room) return;
    const next = storage(this.widthBits, capacity);
    next.set(this.data);
    this.data = next;
    this.room = capacity;
    this.viewRef = undefined;
  }

  /** Widens the codes, when needed, so that they hold codes up to maxCode. */
  fit(maxCode: number): void {
    const want = widthFor(maxCode);
    if (want > this.widthBits) this.widen(want);
  }

  /** Keeps room for `rows` rows, dropping spare capacity beyond. */
  trim(rows: number): void {
    if (this.room > rows) {
      this.data = this.data.slice(0, storageLength(this.widthBits, rows));
      this.room = rows;
      this.viewRef = undefined;
    }
    this.dict.trim();
  }

  byteSize(): number {
    return this.data.byteLength + this.dict.byteSize();
  }

  /** byteSize() by part (bench/index/profile-memory.mjs), without unpacking a view. */
  byteParts(): { codes: number; dict: number } {
    return { codes: this.data.byteLength, dict: this.dict.byteSize() };
  }

  private widen(width: CodeWidth): void {
    const next = new CodeColumn(0, this.dict);
    next.widthBits = width;
    next.data = storage(width, this.room);
    next.room = this.room;
    if (this.widthBits !== 0) for (let r = 0; r < this.room; r++) next.put(r, this.code(r));
    this.widthBits = width;
    this.data = next.data;
    this.viewRef = undefined;
  }

  private put(row: number, code: number): void {
    const d = this.data;
    switch (this.widthBits) {
      case 0: return;
      case 2: {
        const i = row >>> 2, s = (row & 3) << 1;
        d[i] = (d[i] & ~(3 << s)) | (code << s);
        return;
      }
      case 4: {
        const i = row >>> 1, s = (row & 1) << 2;
        d[i] = (d[i] & ~(15 << s)) | (code << s);
        return;
      }
      case 24: {
        const i = row * 3;
        d[i] = code;
        d[i + 1] = code >>> 8;
        d[i + 2] = code >>> 16;
        return;
      }
      default: d[row] = code;
    }
  }

  /** A code per row of the whole capacity, from a packed width. */
  private unpack(): CodeArray {
    const n = this.room, d = this.data;
    if (this.widthBits === 24) {
      const out = new Uint32Array(n);
      for (let r = 0, i = 0; r < n; r++, i += 3) out[r] = d[i] | (d[i + 1] << 8) | (d[i + 2] << 16);
      return out;
    }
    const out = new Uint8Array(n);
    if (this.widthBits === 2) {
      const full = n >>> 2;
      for (let i = 0, r = 0; i < full; i++, r += 4) {
        const b = d[i];
        out[r] = b & 3;
        out[r + 1] = (b >>> 2) & 3;
        out[r + 2] = (b >>> 4) & 3;
        out[r + 3] = b >>> 6;
      }
      for (let r = full << 2; r < n; r++) out[r] = (d[r >>> 2] >>> ((r & 3) << 1)) & 3;
    } else if (this.widthBits === 4) {
      const full = n >>> 1;
      for (let i = 0, r = 0; i < full; i++, r += 2) {
        const b = d[i];
        out[r] = b & 15;
        out[r + 1] = b >>> 4;
      }
      if (n & 1) out[n - 1] = d[n >>> 1] & 15;
    }
    return out;
  }
}

/** Elements of the stored array for `rows` rows of a width. */
function storageLength(width: CodeWidth, rows: number): number {
  switch (width) {
    case 0: return 0;
    case 2: return (rows + 3) >>> 2;
    case 4: return (rows + 1) >>> 1;
    case 24: return rows * 3;
    default: return rows;
  }
}
