// A column's dictionary: distinct string values stored once as UTF-8 bytes in one growing buffer, with an
// open-addressing hash table from value to code. Keeping values as bytes (not JS strings in a Map) is what
// keeps near-unique columns (eventID, requestID, key) at a few dozen bytes per record.
// Code 0 always means "the record lacks the value"; real values get codes 1..size-1.

const EMPTY = -1;

export class StringDictionary {
  private heap: Buffer;
  private heapEnd = 0;
  /** ends[code] = end offset of the value's bytes; the value starts at ends[code - 1]. ends[0] = 0. */
  private ends: Uint32Array;
  private count = 1;
  private table: Int32Array;
  private mask: number;

  constructor(initialValues = 16) {
    this.heap = Buffer.allocUnsafe(Math.max(64, initialValues * 16));
    this.ends = new Uint32Array(Math.max(2, initialValues));
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
    const maxBytes = value.length * 3;
    this.ensureHeap(maxBytes);
    const start = this.heapEnd;
    const n = this.heap.write(value, start, 'utf8');
    return this.commit(start, n);
  }

  /** Code of a value given as UTF-8 bytes, adding it when new. */
  encodeBytes(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start;
    this.ensureHeap(n);
    const at = this.heapEnd;
    this.heap.set(bytes.subarray(start, end), at);
    return this.commit(at, n);
  }

  /** Code of a value if present, else -1 (never adds). */
  lookup(value: string): number {
    this.ensureHeap(value.length * 3);
    const start = this.heapEnd;
    const n = this.heap.write(value, start, 'utf8');
    const h = hashBytes(this.heap, start, start + n);
    let slot = h & this.mask;
    for (;;) {
      const code = this.table[slot];
      if (code === EMPTY) return -1;
      if (this.sameBytes(code, start, n)) return code;
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
    return this.heap.byteLength + this.ends.byteLength + this.table.byteLength;
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
    if (this.ends.length > endsSize) this.ends = this.ends.slice(0, endsSize);
    // Grow the hash table now if that room would fill it: a rehash of a million values is for the end of
    // a full load, not for the first file added after it.
    if (endsSize * 2 > this.table.length) this.rehash();
  }

  private commit(start: number, n: number): number {
    const h = hashBytes(this.heap, start, start + n);
    let slot = h & this.mask;
    for (;;) {
      const code = this.table[slot];
      if (code === EMPTY) break;
      if (this.sameBytes(code, start, n)) return code;
      slot = (slot + 1) & this.mask;
    }
    const code = this.count++;
    if (code >= this.ends.length) {
      const e = new Uint32Array(Math.ceil(this.ends.length * 1.5) + 16);
      e.set(this.ends);
      this.ends = e;
    }
    this.heapEnd = start + n;
    this.ends[code] = this.heapEnd;
    this.table[slot] = code;
    // Load factor <= 0.5 keeps probe chains short.
    if (this.count * 2 > this.table.length) this.rehash();
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

  private rehash(): void {
    let slots = this.table.length * 2;
    while (slots < this.count * 2) slots *= 2;
    const table = new Int32Array(slots).fill(EMPTY);
    const mask = slots - 1;
    for (let code = 1; code < this.count; code++) {
      let slot = hashBytes(this.heap, this.ends[code - 1], this.ends[code]) & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = code;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** FNV-1a over bytes. */
function hashBytes(b: Uint8Array, start: number, end: number): number {
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
