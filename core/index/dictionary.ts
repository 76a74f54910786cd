// A column's dictionary: distinct string values stored once as UTF-8 bytes in one growing buffer, with an
// open-addressing hash table from value to code. Keeping values as bytes (not JS strings in a Map) is what
// keeps near-unique columns (eventID, requestID, key) at a few dozen bytes per record.
// Each value's hash is kept too (4 bytes a value): growing the table never rehashes bytes, and a batch from
// a worker arrives with its hashes computed (encodeBatch), so the thread that merges batches only probes.
// A table entry holds the code in its low bits (as many as the table has slots) and the hash's other bits
// above them: a probe rejects a slot of another value without reading that value's hash, which in a large
// table (eventID, requestID) is a cache miss per probe.
// Code 0 always means "the record lacks the value"; real values get codes 1..size-1.

import { EMPTY, grownSlots, nextPow2, tableOfHashes, trimmedCodes, trimmedHeap } from './hash-table';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';
import type { IdForm } from './id-forms';

/** What a CodeColumn needs of its dictionary: StringDictionary keeps any text, IdDictionary (id-dictionary.ts)
 *  near-unique values of known shapes in fewer bytes. Both give equal texts one code and new values the next. */
/** A batch's values of a column also in packed forms (batch.ts BatchColumn.packed): per value (index = code),
 *  `2 + words` words: its tag (1 + index in `forms`, or 255: no form, read its text), its slot hash (id-dictionary.ts
 *  slotHash) and its slot. A dictionary that keeps those forms merges them without reading the text again; any
 *  other ignores them (the text is always there too). */
export interface PackedValues {
  forms: readonly IdForm[];
  slots: Uint32Array;
}

export interface ColumnDictionary {
  /** Number of codes, including code 0 (missing). */
  readonly size: number;
  /** Bytes of the values as kept (for sizing, see RecordIndex.expect). */
  readonly byteLength: number;
  /** out[v] = the code of batch value v (heap[ends[v-1], ends[v])), adding the new ones; `packed`: the same values in
   *  packed forms, for a dictionary that keeps them. */
  encodeBatch(heap: Uint8Array, ends: Uint32Array, hashes: Uint32Array | undefined, out: Uint32Array, packed?: PackedValues): void;
  /** Code of a value, adding it when new; undefined -> 0. */
  encode(value: string | undefined): number;
  /** Code of a value if present, else -1 (never adds). */
  lookup(value: string): number;
  /** The value of a code (undefined for 0). */
  value(code: number): string | undefined;
  /** All values, index = code. */
  values(): (string | undefined)[];
  /** Makes room for `values` codes (and `bytes` bytes of values) ahead of a large load. */
  expect(values: number, bytes: number): void;
  /** Bytes retained. */
  byteSize(): number;
  /** Drops spare capacity once loading is done. */
  trim(): void;
  /** Saves the dictionary (a CodeColumn's snapshot reads it back by its kind, see column-dictionaries.ts). */
  writeSnapshot(w: SnapshotWriter): void;
}

/** An empty slot (no code is 0 in the table: code 0 is the missing value). */

export class StringDictionary implements ColumnDictionary {
  private heap: Buffer;
  private heapView: DataView;
  private heapEnd = 0;
  /** The last buffer holds() compared with, and a view of it. */
  private source: Uint8Array | undefined;
  private sourceView: DataView = viewOf(new Uint8Array(0));
  /** ends[code] = end offset of the value's bytes; the value starts at ends[code - 1]. ends[0] = 0. */
  private ends: Uint32Array;
  /** hashes[code] = hashValueBytes of the value. */
  private hashes: Uint32Array;
  private count = 1;
  private table: Int32Array;
  private mask: number;

  constructor(initialValues = 16) {
    this.heap = Buffer.allocUnsafe(Math.max(64, initialValues * 16));
    this.heapView = viewOf(this.heap);
    this.ends = new Uint32Array(Math.max(2, initialValues));
    this.hashes = new Uint32Array(this.ends.length);
    const slots = nextPow2(Math.max(16, initialValues * 2));
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** Number of codes, including code 0 (missing). */
  get size(): number {
    return this.count;
  }

  /** Code of a value, adding it when new; undefined -> 0. */
  encode(value: string | undefined): number {
    if (value === undefined) return 0;
    const n = value.length;
    this.ensureHeap(n * 3);
    const heap = this.heap;
    const start = this.heapEnd;
    // ASCII (nearly every value) is written and hashed in one pass, a character being its byte; anything
    // else goes through Node's encoder (lone surrogates become U+FFFD, as in Buffer.from).
    let h = FNV_OFFSET;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        const end = start + heap.write(value, start, 'utf8');
        return this.commit(start, end - start, hashValueBytes(heap, start, end));
      }
      heap[start + i] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    return this.commit(start, n, h >>> 0);
  }

  /** Code of a value given as UTF-8 bytes, adding it when new. */
  encodeBytes(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start;
    this.ensureHeap(n);
    const heap = this.heap;
    const at = this.heapEnd;
    // Copied and hashed in one pass (values are short: a native copy costs more to call than to run).
    let h = FNV_OFFSET;
    for (let i = 0; i < n; i++) {
      const c = bytes[start + i];
      heap[at + i] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    return this.commit(at, n, h >>> 0);
  }

  /** encodeBytes of a value whose hashValueBytes the caller has (a batch carries them). */
  encodeBatchValue(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const n = end - start;
    this.ensureHeap(n);
    const at = this.heapEnd;
    this.heap.set(bytes.subarray(start, end), at);
    return this.commit(at, n, hash);
  }

  /** Whether the value of `code` (not 0) is bytes[start, end). */
  holds(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.ends[code - 1];
    const n = end - start;
    if (this.ends[code] - from !== n) return false;
    // Four bytes at a time through DataViews (a third of the time of a byte loop, and no native call).
    if (bytes !== this.source) {
      this.source = bytes;
      this.sourceView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const a = this.heapView;
    const b = this.sourceView;
    let i = 0;
    for (; i + 4 <= n; i += 4) if (a.getInt32(from + i) !== b.getInt32(start + i)) return false;
    for (; i < n; i++) if (a.getUint8(from + i) !== b.getUint8(start + i)) return false;
    return true;
  }

  /** The values as a batch column carries them: bytes, ends (ends[0] = 0) and hashes, index = code.
   *  Views of this dictionary's storage, valid until it changes. */
  contents(): { heap: Uint8Array; ends: Uint32Array; hashes: Uint32Array } {
    return { heap: this.heap.subarray(0, this.heapEnd), ends: this.ends.subarray(0, this.count), hashes: this.hashes.subarray(0, this.count) };
  }

  /** Empties the dictionary, keeping its storage (a batch builder's dictionaries live on between batches). */
  clear(): void {
    if (this.count === 1) return;
    this.count = 1;
    this.heapEnd = 0;
    this.table.fill(EMPTY);
  }

  /**
   * Codes of a batch's values, given as one byte heap with ends (value v is heap[ends[v-1]..ends[v]),
   * ends[0] = 0) and, when the sender computed them, their hashValueBytes (index = v): out[v] = code.
   * The heap is copied in once; a value already present just leaves its bytes to be overwritten.
   */
  encodeBatch(heap: Uint8Array, ends: Uint32Array, hashes: Uint32Array | undefined, out: Uint32Array): void {
    const values = ends.length - 1;
    if (values <= 0) return;
    this.ensureHeap(heap.length);
    this.ensureCodes(this.count + values);
    const base = this.heapEnd;
    this.heap.set(heap, base);
    const buf = this.heap;
    let write = base;
    for (let v = 1; v <= values; v++) {
      const from = base + ends[v - 1];
      const n = ends[v] - ends[v - 1];
      const h = hashes === undefined ? hashValueBytes(buf, from, from + n) : hashes[v];
      // New values are kept packed: once a value was found present, later ones move down over it.
      if (write !== from) buf.copyWithin(write, from, from + n);
      const before = this.count;
      out[v] = this.commit(write, n, h);
      if (this.count > before) write += n;
    }
  }

  /** Code of the value whose UTF-8 bytes are bytes[start, end) if present, else -1 (never adds). */
  lookupBytes(bytes: Uint8Array, start: number, end: number): number {
    const h = hashValueBytes(bytes, start, end);
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const e = this.table[slot];
      if (e === EMPTY) return -1;
      const code = e & mask;
      if (((e ^ h) & ~mask) === 0 && this.hashes[code] === h && this.holds(code, bytes, start, end)) return code;
      slot = (slot + 1) & mask;
    }
  }

  /** Code of a value if present, else -1 (never adds). */
  lookup(value: string): number {
    this.ensureHeap(value.length * 3);
    const start = this.heapEnd;
    const n = this.heap.write(value, start, 'utf8');
    // The value's bytes sit past the heap's end, where no code reaches: a byte lookup over the heap itself.
    return this.lookupBytes(this.heap, start, start + n);
  }

  /** The value of a code (undefined for 0). */
  value(code: number): string | undefined {
    if (code === 0) return undefined;
    return this.heap.toString('utf8', this.ends[code - 1], this.ends[code]);
  }

  /** All values, index = code (values[0] = undefined). Decodes every value: use once per query, not per row. */
  values(): (string | undefined)[] {
    const out: (string | undefined)[] = new Array(this.count);
    out[0] = undefined;
    for (let c = 1; c < this.count; c++) out[c] = this.heap.toString('utf8', this.ends[c - 1], this.ends[c]);
    return out;
  }

  /** Bytes of the values (their UTF-8, without ends or hashes). */
  get byteLength(): number {
    return this.heapEnd;
  }

  /** Makes room for `values` codes and `bytes` bytes of values, so that growing to them copies and
   *  rehashes nothing. */
  expect(values: number, bytes: number): void {
    this.ensureCodes(values);
    this.ensureHeap(bytes - this.heapEnd);
    if (values * 2 > this.table.length) this.rehash(values);
  }

  /** Bytes retained (for memory accounting). */
  byteSize(): number {
    return this.heap.byteLength + this.ends.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  /** Saves the values, their hashes and the hash table as they are (a loaded dictionary probes at once, no rehash). */
  writeSnapshot(w: SnapshotWriter): void {
    w.tag('dict');
    w.u32(this.count);
    w.array(this.heap.subarray(0, this.heapEnd));
    w.array(this.ends.subarray(0, this.count));
    w.array(this.hashes.subarray(0, this.count));
    w.array(this.table);
  }

  /** A dictionary over views of the snapshot's buffer. Each view has exactly its length: growing copies it out,
   *  and lookup()'s scratch bytes past the end never land on the next section of the buffer. */
  static readSnapshot(r: SnapshotReader): StringDictionary {
    r.tag('dict');
    const count = r.u32();
    const heap = r.array(Uint8Array);
    const ends = r.array(Uint32Array);
    const hashes = r.array(Uint32Array);
    const table = r.array(Int32Array);
    const slots = table.length;
    if (count < 1 || ends.length !== count || hashes.length !== count || slots < 16 || (slots & (slots - 1)) !== 0 || count * 2 > slots
      || ends[0] !== 0 || ends[count - 1] !== heap.length) throw new SnapshotFormatError('dictionary sizes disagree');
    const d = new StringDictionary(1);
    d.heap = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
    d.heapView = viewOf(d.heap);
    d.heapEnd = heap.length;
    d.ends = ends;
    d.hashes = hashes;
    d.count = count;
    d.table = table;
    d.mask = slots - 1;
    return d;
  }

  /** Drops spare capacity once loading is done, keeping 1/64 for values still to come (see RecordIndex.trim). */
  trim(): void {
    const heap = trimmedHeap(this.heap, this.heapEnd);
    if (heap) {
      this.heap = heap;
      this.heapView = viewOf(heap);
    }
    const endsSize = trimmedCodes(this.count);
    if (this.ends.length > endsSize) {
      this.ends = this.ends.slice(0, endsSize);
      this.hashes = this.hashes.slice(0, endsSize);
    }
    // Grow the hash table now if that room would fill it: a rehash of a million values is for the end of
    // a full load, not for the first file added after it.
    if (endsSize * 2 > this.table.length) this.rehash(endsSize);
  }

  /** The code of the value at heap[start, start + n) (hash h): an equal value's, else a new code whose
   *  bytes are those (the heap end moves past them). */
  private commit(start: number, n: number, h: number): number {
    const hashes = this.hashes;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const e = table[slot];
      if (e === EMPTY) break;
      const code = e & mask;
      if (((e ^ h) & ~mask) === 0 && hashes[code] === h && this.sameBytes(code, start, n)) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.count++;
    if (code >= this.ends.length) this.ensureCodes(code + 1);
    this.heapEnd = start + n;
    this.ends[code] = this.heapEnd;
    this.hashes[code] = h;
    table[slot] = (h & ~mask) | code;
    // Load factor <= 0.5 keeps probe chains short.
    if (this.count * 2 > table.length) this.rehash(this.count);
    return code;
  }

  private sameBytes(code: number, start: number, n: number): boolean {
    const s = this.ends[code - 1];
    if (this.ends[code] - s !== n) return false;
    const heap = this.heap;
    for (let i = 0; i < n; i++) if (heap[s + i] !== heap[start + i]) return false;
    return true;
  }

  private ensureHeap(extra: number): void {
    const need = this.heapEnd + extra;
    if (need <= this.heap.byteLength) return;
    const h = Buffer.allocUnsafe(Math.max(need, Math.ceil(this.heap.byteLength * 1.5)));
    this.heap.copy(h, 0, 0, this.heapEnd);
    this.heap = h;
    this.heapView = viewOf(h);
  }

  private ensureCodes(n: number): void {
    if (n <= this.ends.length) return;
    const size = Math.max(n, Math.ceil(this.ends.length * 1.5) + 16);
    const e = new Uint32Array(size);
    e.set(this.ends);
    this.ends = e;
    const h = new Uint32Array(size);
    h.set(this.hashes);
    this.hashes = h;
  }

  /** A table with room for `codes` codes at load factor <= 0.5. */
  private rehash(codes: number): void {
    const slots = grownSlots(this.table.length, codes);
    this.table = tableOfHashes(this.hashes, this.count, slots);
    this.mask = slots - 1;
  }
}

/** The hash a dictionary keys a value by: FNV-1a over its UTF-8 bytes. Batches carry it per value. */
export function hashValueBytes(b: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], FNV_PRIME);
  return h >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

