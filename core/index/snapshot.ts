// The byte layout the index is saved in (engine/index-cache.ts adds the file header and checksum): a flat body
// of numbers, strings and typed arrays, each typed array 8-byte aligned so that loading takes a view over the
// one buffer the file was read into — no copy, no per-record object. Every storage class of the index writes
// itself with writeSnapshot(w) and comes back with a static readSnapshot(r), in the same order.
// The writer keeps references to the large arrays it is given (a copy of a million-row index would double its
// memory while it is saved): the caller must not change them until the parts are written out.

/** The typed arrays a snapshot holds, each with a tag so that a reader asking for another kind fails. */
export type SnapshotArray =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | Float32Array | Float64Array | BigUint64Array | BigInt64Array;

type ArrayCtor<T extends SnapshotArray> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number; name: string };

const ARRAY_TAGS: readonly ArrayCtor<SnapshotArray>[] = [
  Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigUint64Array, BigInt64Array,
];

/** A body that does not read as the layout the reader expects (damaged, or written by other code). */
export class SnapshotFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

/** Arrays smaller than this are copied into the writer's own buffer; larger ones are kept as parts. */
const INLINE_MAX = 4096;
const SCRATCH = 64 * 1024;

export class SnapshotWriter {
  private readonly parts: Uint8Array[] = [];
  private scratch = new Uint8Array(SCRATCH);
  private view = new DataView(this.scratch.buffer);
  private pos = 0;
  private flushed = 0;
  private readonly encoder = new TextEncoder();

  /** Bytes written so far. */
  get byteLength(): number {
    return this.flushed + this.pos;
  }

  u32(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`not a u32: ${n}`);
    this.room(4);
    this.view.setUint32(this.pos, n, true);
    this.pos += 4;
  }

  f64(n: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, n, true);
    this.pos += 8;
  }

  bool(b: boolean): void {
    this.room(1);
    this.scratch[this.pos++] = b ? 1 : 0;
  }

  /** A short marker a reader checks (sections of the body), so that a layout mismatch fails where it starts. */
  tag(name: string): void {
    this.string(name);
  }

  string(s: string): void {
    const bytes = this.encoder.encode(s);
    this.u32(bytes.length);
    this.raw(bytes);
  }

  /** A list of strings as one UTF-8 heap with end offsets (paths of thousands of files: two arrays, not N strings). */
  strings(list: readonly string[]): void {
    const encoded = list.map((s) => this.encoder.encode(s));
    const ends = new Uint32Array(list.length);
    let n = 0;
    encoded.forEach((b, i) => { n += b.length; ends[i] = n; });
    const heap = new Uint8Array(n);
    let at = 0;
    for (const b of encoded) { heap.set(b, at); at += b.length; }
    this.array(ends);
    this.array(heap);
  }

  /** Any JSON value (small state: settings-like records, problems). */
  json(value: unknown): void {
    this.string(JSON.stringify(value) ?? 'null');
  }

  /** A typed array: tag, length, padding to 8, then its bytes (kept by reference when large). */
  array(a: SnapshotArray): void {
    const tag = ARRAY_TAGS.findIndex((c) => a instanceof c);
    if (tag < 0) throw new TypeError('not a snapshot array');
    this.u32(tag);
    this.u32(a.length);
    this.align();
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    if (bytes.byteLength <= INLINE_MAX) this.raw(bytes);
    else {
      this.flush();
      this.parts.push(bytes);
      this.flushed += bytes.byteLength;
    }
    this.align();
  }

  /** The body: its parts in order (total length a multiple of 8). */
  finish(): Uint8Array[] {
    this.align();
    this.flush();
    return this.parts.slice();
  }

  private raw(bytes: Uint8Array): void {
    if (bytes.byteLength > SCRATCH / 2) {
      this.flush();
      this.parts.push(bytes.slice());
      this.flushed += bytes.byteLength;
      return;
    }
    this.room(bytes.byteLength);
    this.scratch.set(bytes, this.pos);
    this.pos += bytes.byteLength;
  }

  private align(): void {
    const pad = (8 - (this.byteLength % 8)) % 8;
    if (pad === 0) return;
    this.room(pad);
    this.scratch.fill(0, this.pos, this.pos + pad);
    this.pos += pad;
  }

  private room(n: number): void {
    if (this.pos + n <= this.scratch.length) return;
    this.flush();
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.parts.push(this.scratch.slice(0, this.pos));
    this.flushed += this.pos;
    this.pos = 0;
  }
}

export class SnapshotReader {
  private pos: number;
  private readonly end: number;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /**
   * Reads the body at buffer[byteOffset, byteOffset + byteLength); byteOffset must be 8-aligned (typed views).
   * Typed arrays read are views of `buffer`: an index about to change copies out the ones still there
   * (engine/detach-views.ts) so that the file's buffer can go.
   */
  constructor(private readonly buffer: ArrayBuffer, byteOffset = 0, byteLength = buffer.byteLength - byteOffset) {
    if (byteOffset % 8 !== 0) throw new RangeError('a snapshot body starts 8-byte aligned');
    if (byteOffset < 0 || byteLength < 0 || byteOffset + byteLength > buffer.byteLength) throw new RangeError('body outside the buffer');
    this.pos = byteOffset;
    this.end = byteOffset + byteLength;
    this.view = new DataView(buffer, byteOffset, byteLength);
    this.base = byteOffset;
  }

  private readonly base: number;

  /** Whether the whole body was read. */
  get atEnd(): boolean {
    return this.pos === this.end;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos - this.base, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos - this.base, true);
    this.pos += 8;
    return v;
  }

  bool(): boolean {
    this.need(1);
    const b = this.view.getUint8(this.pos - this.base);
    this.pos += 1;
    if (b > 1) throw new SnapshotFormatError(`not a boolean at ${this.pos - 1}`);
    return b === 1;
  }

  /** Checks a marker written by SnapshotWriter.tag. */
  tag(name: string): void {
    const at = this.pos;
    let got: string;
    try {
      got = this.string();
    } catch {
      throw new SnapshotFormatError(`expected section ${name} at ${at}`);
    }
    if (got !== name) throw new SnapshotFormatError(`expected section ${name} at ${at}, found ${JSON.stringify(got.slice(0, 40))}`);
  }

  string(): string {
    const n = this.u32();
    this.need(n);
    const at = this.pos;
    this.pos += n;
    try {
      return this.decoder.decode(new Uint8Array(this.buffer, at, n));
    } catch {
      throw new SnapshotFormatError(`bad UTF-8 at ${at}`);
    }
  }

  strings(): string[] {
    const ends = this.array(Uint32Array);
    const heap = this.array(Uint8Array);
    const out: string[] = new Array(ends.length);
    let from = 0;
    for (let i = 0; i < ends.length; i++) {
      const to = ends[i];
      if (to < from || to > heap.length) throw new SnapshotFormatError('string list ends out of order');
      try {
        out[i] = this.decoder.decode(heap.subarray(from, to));
      } catch {
        throw new SnapshotFormatError('bad UTF-8 in a string list');
      }
      from = to;
    }
    return out;
  }

  json(): unknown {
    const s = this.string();
    try {
      return JSON.parse(s);
    } catch {
      throw new SnapshotFormatError('bad JSON value');
    }
  }

  /** A view of the next typed array (no copy, unless the reader copies), which must be of kind `ctor`. */
  array<T extends SnapshotArray>(ctor: ArrayCtor<T>): T {
    const at = this.pos;
    const tag = this.u32();
    const length = this.u32();
    const want = ARRAY_TAGS.indexOf(ctor as unknown as ArrayCtor<SnapshotArray>);
    if (tag !== want) throw new SnapshotFormatError(`expected ${ctor.name} at ${at}, found ${ARRAY_TAGS[tag]?.name ?? `tag ${tag}`}`);
    this.align();
    const bytes = length * ctor.BYTES_PER_ELEMENT;
    this.need(bytes);
    const a = new ctor(this.buffer, this.pos, length);
    this.pos += bytes;
    this.align();
    return a;
  }

  /** A typed array of whichever kind was written (columns whose width follows their values). */
  anyArray(): SnapshotArray {
    const tag = this.peekU32();
    const ctor = ARRAY_TAGS[tag];
    if (!ctor) throw new SnapshotFormatError(`unknown array tag ${tag} at ${this.pos}`);
    return this.array(ctor);
  }

  private peekU32(): number {
    this.need(4);
    return this.view.getUint32(this.pos - this.base, true);
  }

  private align(): void {
    const pad = (8 - ((this.pos - this.base) % 8)) % 8;
    this.need(pad);
    this.pos += pad;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new SnapshotFormatError(`body ends at ${this.end - this.base}, ${n} more bytes wanted at ${this.pos - this.base}`);
  }
}
