// A column dictionary for object keys: S3 keys are paths whose folders repeat (`raw/orders/year=2026/month=01/`,
// `app-logs/api/2026/01/03/08/`) before a short, near-unique file name. Each key is kept as the code of its folder
// part (everything up to the last '/', in a StringDictionary of its own) and the bytes of its name: about half the
// bytes of the text. Codes and answers are those of a StringDictionary fed the same values (the full text is
// hashed as a batch sends it, so a merge probes once per value as there).

import { hashValueBytes, StringDictionary, type ColumnDictionary } from './dictionary';
import { EMPTY, grownSlots, nextPow2, tableOfHashes, trimmedCodes, trimmedHeap } from './hash-table';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';
import { grownTo } from '../typed-arrays';

const SLASH = 0x2f;

export class PrefixDictionary implements ColumnDictionary {
  private prefixes: StringDictionary;
  /** Per code: the code of its folder part in `prefixes` (widened to 32 bits past 65,535 folders). */
  private prefixOf: Uint16Array | Uint32Array;
  /** The names (after the last '/'), packed: name of code c is heap[ends[c - 1], ends[c]). */
  private heap: Buffer;
  private heapEnd = 0;
  private ends: Uint32Array;
  /** hashValueBytes of each full value. */
  private hashes: Uint32Array;
  private count = 1;
  private table: Int32Array;
  private mask: number;
  private encoder: Buffer = Buffer.allocUnsafe(256);

  constructor(initialValues = 16) {
    this.prefixes = new StringDictionary();
    const n = Math.max(2, initialValues);
    this.prefixOf = new Uint16Array(n);
    this.ends = new Uint32Array(n);
    this.hashes = new Uint32Array(n);
    this.heap = Buffer.allocUnsafe(n * 16);
    const slots = nextPow2(Math.max(16, n * 2));
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.heapEnd + this.prefixes.byteLength;
  }

  encodeBatch(heap: Uint8Array, ends: Uint32Array, hashes: Uint32Array | undefined, out: Uint32Array): void {
    const values = ends.length - 1;
    if (values > 0) this.ensureCodes(this.count + values);
    for (let v = 1; v <= values; v++) {
      const from = ends[v - 1], to = ends[v];
      out[v] = this.find(heap, from, to, hashes === undefined ? hashValueBytes(heap, from, to) : hashes[v], true);
    }
  }

  encode(value: string | undefined): number {
    if (value === undefined) return 0;
    const n = this.utf8(value);
    return this.find(this.encoder, 0, n, hashValueBytes(this.encoder, 0, n), true);
  }

  lookup(value: string): number {
    const n = this.utf8(value);
    return this.find(this.encoder, 0, n, hashValueBytes(this.encoder, 0, n), false);
  }

  value(code: number): string | undefined {
    if (code === 0) return undefined;
    return this.prefixes.value(this.prefixOf[code])! + this.heap.toString('utf8', this.ends[code - 1], this.ends[code]);
  }

  values(): (string | undefined)[] {
    const folders = this.prefixes.values();
    const out: (string | undefined)[] = new Array(this.count);
    out[0] = undefined;
    for (let c = 1; c < this.count; c++) out[c] = folders[this.prefixOf[c]]! + this.heap.toString('utf8', this.ends[c - 1], this.ends[c]);
    return out;
  }

  expect(values: number, bytes: number): void {
    this.ensureCodes(values);
    // About half of a key's bytes are its name (what this keeps per value).
    this.ensureHeap(Math.max(0, (bytes >> 1) - this.heapEnd));
    if (values * 2 > this.table.length) this.rehash(values);
  }

  byteSize(): number {
    return this.heap.byteLength + this.prefixOf.byteLength + this.ends.byteLength + this.hashes.byteLength + this.table.byteLength + this.prefixes.byteSize();
  }

  /** Drops spare capacity once loading is done, keeping 1/64 for values still to come (see RecordIndex.trim). */
  trim(): void {
    this.heap = trimmedHeap(this.heap, this.heapEnd) ?? this.heap;
    const keep = trimmedCodes(this.count);
    if (this.ends.length > keep) {
      this.ends = this.ends.slice(0, keep);
      this.hashes = this.hashes.slice(0, keep);
      this.prefixOf = this.prefixOf.slice(0, keep);
    }
    if (keep * 2 > this.table.length) this.rehash(keep);
    this.prefixes.trim();
  }

  writeSnapshot(w: SnapshotWriter): void {
    w.tag('prefixdict');
    this.prefixes.writeSnapshot(w);
    w.u32(this.count);
    w.array(this.prefixOf.subarray(0, this.count));
    w.array(this.heap.subarray(0, this.heapEnd));
    w.array(this.ends.subarray(0, this.count));
    w.array(this.hashes.subarray(0, this.count));
    w.array(this.table);
  }

  /** A dictionary over views of the snapshot's buffer (growing copies them out); its links are checked, as
   *  value() trusts them. */
  static readSnapshot(r: SnapshotReader): PrefixDictionary {
    r.tag('prefixdict');
    const prefixes = StringDictionary.readSnapshot(r);
    const count = r.u32();
    const prefixOf = r.anyArray();
    const heap = r.array(Uint8Array);
    const ends = r.array(Uint32Array);
    const hashes = r.array(Uint32Array);
    const table = r.array(Int32Array);
    const slots = table.length;
    if (!(prefixOf instanceof Uint16Array || prefixOf instanceof Uint32Array) || count < 1 || prefixOf.length !== count || ends.length !== count
      || hashes.length !== count || slots < 16 || (slots & (slots - 1)) !== 0 || count * 2 > slots || ends[0] !== 0 || ends[count - 1] !== heap.length) {
      throw new SnapshotFormatError('prefix dictionary sizes disagree');
    }
    for (let c = 1; c < count; c++) {
      if (ends[c] < ends[c - 1] || prefixOf[c] < 1 || prefixOf[c] >= prefixes.size) throw new SnapshotFormatError('prefix dictionary value out of range');
    }
    const mask = slots - 1;
    for (let i = 0; i < slots; i++) if (table[i] !== EMPTY && (table[i] & mask) >= count) throw new SnapshotFormatError('prefix dictionary table names no value');
    const d = new PrefixDictionary(2);
    d.prefixes = prefixes;
    d.prefixOf = prefixOf;
    d.heap = Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
    d.heapEnd = heap.length;
    d.ends = ends;
    d.hashes = hashes;
    d.count = count;
    d.table = table;
    d.mask = mask;
    return d;
  }

  /** The code of the value b[start, end) (full-text hash h): found, else added when `add`, else -1. */
  private find(b: Uint8Array, start: number, end: number, h: number, add: boolean): number {
    let cut = end;
    while (cut > start && b[cut - 1] !== SLASH) cut--;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    /** The folder's code, looked up once a candidate needs it (-1: no such folder, so no such value). */
    let folder = -2;
    for (;;) {
      const e = table[slot];
      if (e === EMPTY) break;
      const code = e & mask;
      if (((e ^ h) & ~mask) === 0 && this.hashes[code] === h) {
        if (folder === -2) folder = this.prefixes.lookupBytes(b, start, cut);
        if (folder >= 0 && this.prefixOf[code] === folder && this.sameName(code, b, cut, end)) return code;
      }
      slot = (slot + 1) & mask;
    }
    if (!add) return -1;
    const prefix = folder >= 0 ? folder : this.prefixes.encodeBytes(b, start, cut);
    const code = this.count++;
    if (code >= this.ends.length) this.ensureCodes(code + 1);
    if (prefix > 0xffff && this.prefixOf instanceof Uint16Array) this.prefixOf = Uint32Array.from(this.prefixOf);
    this.prefixOf[code] = prefix;
    const n = end - cut;
    this.ensureHeap(n);
    this.heap.set(b.subarray(cut, end), this.heapEnd);
    this.heapEnd += n;
    this.ends[code] = this.heapEnd;
    this.hashes[code] = h;
    table[slot] = (h & ~mask) | code;
    if (this.count * 2 > table.length) this.rehash(this.count);
    return code;
  }

  private sameName(code: number, b: Uint8Array, start: number, end: number): boolean {
    const from = this.ends[code - 1];
    if (this.ends[code] - from !== end - start) return false;
    const heap = this.heap;
    for (let i = 0; i < end - start; i++) if (heap[from + i] !== b[start + i]) return false;
    return true;
  }

  private utf8(value: string): number {
    if (value.length * 3 > this.encoder.length) this.encoder = Buffer.allocUnsafe(value.length * 3);
    return this.encoder.write(value, 0, 'utf8');
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
    const grow = <T extends Uint16Array | Uint32Array>(a: T): T => grownTo(a, size);
    this.ends = grow(this.ends);
    this.hashes = grow(this.hashes);
    this.prefixOf = grow(this.prefixOf);
  }

  /** A table with room for `codes` codes at load factor <= 0.5 (the hashes are kept: no bytes rehashed). */
  private rehash(codes: number): void {
    const slots = grownSlots(this.table.length, codes);
    this.table = tableOfHashes(this.hashes, this.count, slots);
    this.mask = slots - 1;
  }
}

