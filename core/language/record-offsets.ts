// Where the records of a scanned document are, in about one byte a record: their start offsets as
// variable-length deltas from the previous record's start (one byte for records under 128 characters), with the
// absolute start of every 64th record, and their ends derived from the next record's start (between two
// records of an array there is only white space and one comma; between two JSON lines only white space).
// Two million `{}` records cost about 2.3 MB here, where two Int32 offsets a record cost 16 MB (issue 17:
// memory within 4x the document). An end that cannot be derived is kept as it is (none in practice: the
// readers trim what lies between records). The tolerant reader of broken documents, where anything may lie
// between two records (garbage the splitter skipped), keeps every record's length as a second delta instead
// (`lengths`): about two bytes a record, whatever lies between them.
import { grownTo } from '../typed-arrays';


const BLOCK_BITS = 6;
const BLOCK = 1 << BLOCK_BITS;
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Record offsets into one text, added in document order (each start after the previous record's end). */
export class RecordOffsets {
  length = 0;
  /** Start of each block's first record, and where the block's deltas begin in the byte pages. */
  private blockStarts = new Int32Array(16);
  private blockBytes = new Int32Array(16);
  /** Deltas between consecutive starts within a block, 7 bits a byte (LEB128), in pages of 64 KB. */
  private pages: Uint8Array[] = [];
  private bytes = 0;
  private lastStart = 0;
  private lastEnd = 0;
  /** Ends that are not where the next record's start says they are. */
  private readonly ends = new Map<number, number>();

  /** Where read() left off. */
  private at = 0;

  /**
   * @param commas records are array elements (a comma between two), not lines
   * @param lengths keep each record's length (a varint after its start's delta) instead of deriving ends
   */
  constructor(private readonly text: string, private readonly commas = true, readonly lengths = false) {}

  add(start: number, end: number): void {
    const i = this.length++;
    if (!this.lengths && i > 0 && this.derivedEnd(start) !== this.lastEnd) this.ends.set(i - 1, this.lastEnd);
    if ((i & (BLOCK - 1)) === 0) {
      const b = i >> BLOCK_BITS;
      if (b === this.blockStarts.length) {
        this.blockStarts = grownTo(this.blockStarts, b * 2);
        this.blockBytes = grownTo(this.blockBytes, b * 2);
      }
      this.blockStarts[b] = start;
      this.blockBytes[b] = this.bytes;
    } else this.putVarint(start - this.lastStart);
    if (this.lengths) this.putVarint(end - start);
    this.lastStart = start;
    this.lastEnd = end;
  }

  start(i: number): number {
    const b = i >> BLOCK_BITS;
    let s = this.blockStarts[b];
    this.at = this.blockBytes[b];
    if (this.lengths) this.read();
    for (let k = i & (BLOCK - 1); k > 0; k--) {
      s += this.read();
      if (this.lengths) this.read();
    }
    return s;
  }

  end(i: number): number {
    if (i === this.length - 1) return this.lastEnd;
    if (this.lengths) {
      const s = this.start(i);
      // start() stopped past record i's length: step back over that varint (its last byte is < 0x80).
      let p = this.at - 1;
      while (p > 0 && this.byteAt(p - 1) >= 0x80) p--;
      this.at = p;
      return s + this.read();
    }
    return this.ends.get(i) ?? this.derivedEnd(this.start(i + 1));
  }

  /** The varint at `at` (advancing it). */
  read(): number {
    let d = 0;
    let scale = 1;
    for (;;) {
      const c = this.byteAt(this.at++);
      d += (c & 0x7f) * scale;
      if (c < 0x80) return d;
      scale *= 0x80;
    }
  }

  /** Position the reader at block b's bytes; its first record's start. */
  seekBlock(b: number): number {
    this.at = this.blockBytes[b];
    return this.blockStarts[b];
  }

  get position(): number {
    return this.at;
  }

  set position(p: number) {
    this.at = p;
  }

  private byteAt(p: number): number {
    return this.pages[p >> PAGE_BITS][p & (PAGE - 1)];
  }

  /** Walks the records in order, decoding each delta once (validation and the outline walk every record). */
  cursor(): OffsetCursor {
    return new OffsetCursor(this);
  }

  /** The start after `start` (record i's): the next block's start, or the delta at byte `p`; the new p. */
  nextStart(i: number, start: number, p: number): { start: number; p: number } {
    const n = i + 1;
    if ((n & (BLOCK - 1)) === 0) return { start: this.blockStarts[n >> BLOCK_BITS], p: this.blockBytes[n >> BLOCK_BITS] };
    let d = 0;
    let scale = 1;
    for (;;) {
      const c = this.pages[p >> PAGE_BITS][p & (PAGE - 1)];
      p++;
      d += (c & 0x7f) * scale;
      if (c < 0x80) break;
      scale *= 0x80;
    }
    return { start: start + d, p };
  }

  /** The end of record i, whose successor starts at `next`. */
  endBefore(i: number, next: number): number {
    return this.ends.get(i) ?? this.derivedEnd(next);
  }

  /** Bytes held, about (a kept end counted as 32 bytes), for the memory-bound test. */
  get byteLength(): number {
    return this.blockStarts.byteLength + this.blockBytes.byteLength + this.pages.length * PAGE + this.ends.size * 32;
  }

  /** The end of the record before the one at `next`: back over white space (and one comma and white space in an array). */
  private derivedEnd(next: number): number {
    let j = next;
    while (j > 0 && isSpace(this.text.charCodeAt(j - 1))) j--;
    if (this.commas && this.text.charCodeAt(j - 1) === 0x2c) {
      j--;
      while (j > 0 && isSpace(this.text.charCodeAt(j - 1))) j--;
    }
    return j;
  }

  private putVarint(d: number): void {
    while (d >= 0x80) {
      this.put((d & 0x7f) | 0x80);
      d = Math.floor(d / 0x80);
    }
    this.put(d);
  }

  private put(byte: number): void {
    const page = this.bytes >> PAGE_BITS;
    if (page === this.pages.length) this.pages.push(new Uint8Array(PAGE));
    this.pages[page][this.bytes & (PAGE - 1)] = byte;
    this.bytes++;
  }
}

/** One pass over the records: index, start and end of the current one after each next() that returns true. */
export class OffsetCursor {
  index = -1;
  start = 0;
  end = 0;
  private following = 0;
  private p = 0;

  constructor(private readonly offsets: RecordOffsets) {}

  next(): boolean {
    const o = this.offsets;
    const i = ++this.index;
    if (i >= o.length) return false;
    if (o.lengths) {
      // Each record's start delta and length follow each other: one pass, nothing derived.
      if ((i & (BLOCK - 1)) === 0) this.start = o.seekBlock(i >> BLOCK_BITS);
      else {
        o.position = this.p;
        this.start += o.read();
      }
      this.end = this.start + o.read();
      this.p = o.position;
      return true;
    }
    this.start = i === 0 ? o.start(0) : this.following;
    if (i === o.length - 1) {
      this.end = o.end(i);
      return true;
    }
    const n = o.nextStart(i, this.start, this.p);
    this.following = n.start;
    this.p = n.p;
    this.end = o.endBefore(i, n.start);
    return true;
  }
}

