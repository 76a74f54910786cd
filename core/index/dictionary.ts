// A column's dictionary: distinct string values stored once as UTF-8 bytes in one growing buffer, with an
// open-addressing hash table from value to code. Keeping values as bytes (not JS strings in a Map) is what
// keeps near-unique columns (eventID, requestID, key) at a few dozen bytes per record.
// Each value's hash is kept too (4 bytes a value): probes compare hashes before bytes, growing the table
// never rehashes bytes, and a batch from a worker arrives with its hashes computed (encodeBatch), so the
// thread that merges batches only probes.
// Code 0 always means "the record lacks the value"; real values get codes 1..size-1.

const EMPTY = -1;

export class StringDictionary {
  private heap: Buffer;
  private heapEnd = 0;
  /** ends[code] = end offset of the value's bytes; the value starts at ends[code - 1]. ends[0] = 0. */
  private ends: Uint32Array;
  /** hashes[code] = hashValueBytes of the value. */
  private hashes: Uint32Array;
  private count = 1;
  private table: Int32Array;
  private mask: number;

  constructor(initialValues = 16) {
    this.heap = Buffer.allocUnsafe(Math.max(64, initialValues * 16));
    this.ends = new Uint32Array(Math.max(2, initialValues));
    this.hashes = new Uint32Array(this.ends.length);
    const slots = nextPow2(Math.max(16, initialValues * 2));
    this.table = new Int32Array(slots).fill(EMPTY);
    this.mask = slots - 1;
  }

  /** Number of codes, including code 0 (missing). */
  get size(): number {
    return this.count;
  }

  /** Code of a value, adding it when new; undefined -> 0. */
  encode(value: string | undefined): number {
    if (value === undefined) return 0;
    this.ensureHeap(value.length * 3);
    const start = this.heapEnd;
    const n = this.heap.write(value, start, 'utf8');
    return this.commit(start, n, hashValueBytes(this.heap, start, start + n));
  }

  /** Code of a value given as UTF-8 bytes, adding it when new. */
  encodeBytes(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start;
    this.ensureHeap(n);
    const at = this.heapEnd;
    this.heap.set(bytes.subarray(start, end), at);
    return this.commit(at, n, hashValueBytes(this.heap, at, at + n));
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

  /** Code of a value if present, else -1 (never adds). */
  lookup(value: string): number {
    this.ensureHeap(value.length * 3);
    const start = this.heapEnd;
    const n = this.heap.write(value, start, 'utf8');
    const h = hashValueBytes(this.heap, start, start + n);
    let slot = h & this.mask;
    for (;;) {
      const code = this.table[slot];
      if (code === EMPTY) return -1;
      if (this.hashes[code] === h && this.sameBytes(code, start, n)) return code;
      slot = (slot + 1) & this.mask;
    }
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

  /** Bytes retained (for memory accounting). */
  byteSize(): number {
    return this.heap.byteLength + this.ends.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  /** Drops spare capacity once loading is done, keeping 1/16 for values still to come. */
  trim(): void {
    const heapSize = this.heapEnd + Math.max(1024, this.heapEnd >> 4);
    if (this.heap.byteLength > heapSize) {
      const h = Buffer.allocUnsafe(heapSize);
      this.heap.copy(h, 0, 0, this.heapEnd);
      this.heap = h;
    }
    const endsSize = this.count + Math.max(64, this.count >> 4);
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
      const code = table[slot];
      if (code === EMPTY) break;
      if (hashes[code] === h && this.sameBytes(code, start, n)) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.count++;
    if (code >= this.ends.length) this.ensureCodes(code + 1);
    this.heapEnd = start + n;
    this.ends[code] = this.heapEnd;
    this.hashes[code] = h;
    table[slot] = code;
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
    let slots = this.table.length * 2;
    while (slots < codes * 2) slots *= 2;
    const table = new Int32Array(slots).fill(EMPTY);
    const mask = slots - 1;
    const hashes = this.hashes;
    for (let code = 1; code < this.count; code++) {
      let slot = hashes[code] & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = code;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** The hash a dictionary keys a value by: FNV-1a over its UTF-8 bytes. Batches carry it per value. */
export function hashValueBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= b[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
