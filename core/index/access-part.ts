// The access-log part of a row batch: what an S3 server access log line has beyond the columns it shares with
// CloudTrail records (bucket, key, requester, IP, user agent, error, request ID, ... go to those columns). A batch
// of access-log lines carries it after the standard layout of its buffer, so workers still post one transferable
// buffer and a CloudTrail batch carries nothing more.

import { StringDictionary } from './dictionary';

/** Numbers of an access line; NaN = `-` (unknown). bytesSent `-` is 0 (reference 1, rule 4). */
export interface AccessPart {
  /** Batch-local code of the Operation (1-based; ends/heap/hashes as a BatchColumn). */
  operation: { codes: Uint32Array; heap: Uint8Array; ends: Uint32Array; hashes: Uint32Array };
  status: Float64Array;
  bytesSent: Float64Array;
  objectSize: Float64Array;
  totalTime: Float64Array;
  turnAroundTime: Float64Array;
  /** A batch of several files (index workers batch the small files access logs come in, since per-batch work
   *  would otherwise dominate): file i holds rows [ends[i-1], ends[i]). Absent for a batch of one file. */
  segments?: { files: string[]; ends: Uint32Array };
}

const MAGIC = 0x41434c31; // "ACL1"
const NUMBERS = 5;

/** Collects the access part row by row, beside a BatchBuilder (same row numbers). */
export class AccessPartBuilder {
  private capacity: number;
  private codes: Uint32Array;
  private numbers: Float64Array[];
  readonly operations = new StringDictionary(128);
  private lastOp: string | undefined;
  private lastOpCode = 0;
  /** Files of the rows so far and the row each one ends at (see AccessPart.segments). */
  private files: string[] = [];
  private fileEnds: number[] = [];
  private encodedFiles: Uint8Array[] = [];

  constructor(capacity = 512) {
    this.capacity = capacity;
    this.codes = new Uint32Array(capacity);
    this.numbers = Array.from({ length: NUMBERS }, () => new Float64Array(capacity));
  }

  set(row: number, operation: string | undefined, status: number, bytesSent: number, objectSize: number, totalTime: number, turnAroundTime: number): void {
    let code = 0;
    if (operation !== undefined) {
      if (operation === this.lastOp) code = this.lastOpCode;
      else {
        code = this.operations.encode(operation);
        this.lastOp = operation;
        this.lastOpCode = code;
      }
    }
    this.setCoded(row, code, status, bytesSent, objectSize, totalTime, turnAroundTime);
  }

  /** Like set, with the operation as a code of `operations` (0 = none). */
  setCoded(row: number, operation: number, status: number, bytesSent: number, objectSize: number, totalTime: number, turnAroundTime: number): void {
    if (row >= this.capacity) this.grow(row + 1);
    this.codes[row] = operation;
    const n = this.numbers;
    n[0][row] = status;
    n[1][row] = bytesSent;
    n[2][row] = objectSize;
    n[3][row] = totalTime;
    n[4][row] = turnAroundTime;
  }

  /** The rows from `row` on are of `file` (a batch spanning several files). */
  startFile(file: string, row: number): void {
    const last = this.files.length - 1;
    if (last >= 0) {
      if ((last > 0 ? this.fileEnds[last - 1] : 0) === row) {
        // The previous file added no row: it takes no segment.
        this.files[last] = file;
        return;
      }
      this.fileEnds[last] = row;
    }
    this.files.push(file);
    this.fileEnds.push(row);
  }

  /** The file of the batch's first row (the batch's own file when it spans several). */
  get firstFile(): string | undefined {
    return this.files[0];
  }

  /** Bytes the part of `rows` rows takes after a batch's standard layout (which ends at `at`). */
  bytes(at: number, rows: number): number {
    const c = this.operations.contents();
    return pad8(at) - at + 16 + rows * 8 * NUMBERS + rows * 4 + c.ends.length * 8 + c.heap.length + this.segmentBytes(rows);
  }

  /** The segment table: count, row ends, path byte lengths, paths (UTF-8); 4 bytes when there is one file. */
  private segmentBytes(rows: number): number {
    if (this.files.length > 0) this.fileEnds[this.fileEnds.length - 1] = rows;
    this.encodedFiles = this.files.length > 1 ? this.files.map((f) => textEncoder.encode(f)) : [];
    const pathBytes = this.encodedFiles.reduce((n, b) => n + b.length, 0);
    return 4 + (this.encodedFiles.length ? this.files.length * 8 + pathBytes : 0);
  }

  /** Writes the part into `buffer` from `at` (the end of the standard layout), then empties the builder. */
  write(buffer: ArrayBuffer, at: number, rows: number): void {
    const c = this.operations.contents();
    let p = pad8(at);
    const head = new Uint32Array(buffer, p, 4);
    head[0] = MAGIC;
    head[1] = rows;
    head[2] = c.ends.length;
    head[3] = c.heap.length;
    p += 16;
    for (let k = 0; k < NUMBERS; k++) {
      new Float64Array(buffer, p, rows).set(this.numbers[k].subarray(0, rows));
      p += rows * 8;
    }
    new Uint32Array(buffer, p, rows).set(this.codes.subarray(0, rows));
    p += rows * 4;
    new Uint32Array(buffer, p, c.ends.length).set(c.ends);
    p += c.ends.length * 4;
    new Uint32Array(buffer, p, c.hashes.length).set(c.hashes);
    p += c.hashes.length * 4;
    new Uint8Array(buffer, p, c.heap.length).set(c.heap);
    p += c.heap.length;
    // Unaligned from here on: a DataView for the numbers, little-endian like the typed arrays of this machine.
    const view = new DataView(buffer);
    const segs = this.encodedFiles.length;
    view.setUint32(p, segs, true);
    p += 4;
    for (let i = 0; i < segs; i++, p += 4) view.setUint32(p, this.fileEnds[i], true);
    for (let i = 0; i < segs; i++, p += 4) view.setUint32(p, this.encodedFiles[i].length, true);
    for (const f of this.encodedFiles) {
      new Uint8Array(buffer, p, f.length).set(f);
      p += f.length;
    }
    this.reset();
  }

  reset(): void {
    this.files = [];
    this.fileEnds = [];
    this.encodedFiles = [];
    this.operations.clear();
    this.lastOp = undefined;
    this.lastOpCode = 0;
  }

  private grow(rows: number): void {
    const cap = Math.max(rows, this.capacity * 2);
    const codes = new Uint32Array(cap);
    codes.set(this.codes);
    this.codes = codes;
    this.numbers = this.numbers.map((a) => {
      const next = new Float64Array(cap);
      next.set(a);
      return next;
    });
    this.capacity = cap;
  }
}

/** The access part of a packed batch whose standard layout ends at `at` and the batch at `end` (its buffer may be
 *  larger), or undefined when there is none. */
export function readAccessPart(buffer: ArrayBuffer, at: number, end: number): AccessPart | undefined {
  let p = pad8(at);
  if (end < p + 16) return undefined;
  const head = new Uint32Array(buffer, p, 4);
  if (head[0] !== MAGIC) throw new Error('not a packed batch (unknown trailing part)');
  const rows = head[1];
  const values = head[2];
  const heapBytes = head[3];
  p += 16;
  const nums: Float64Array[] = [];
  for (let k = 0; k < NUMBERS; k++) {
    nums.push(new Float64Array(buffer, p, rows));
    p += rows * 8;
  }
  const codes = new Uint32Array(buffer, p, rows);
  p += rows * 4;
  const ends = new Uint32Array(buffer, p, values);
  p += values * 4;
  const hashes = new Uint32Array(buffer, p, values);
  p += values * 4;
  const heap = new Uint8Array(buffer, p, heapBytes);
  p += heapBytes;
  if (p + 4 > end) throw new Error(`not a packed batch (${end} bytes)`);
  const view = new DataView(buffer);
  const segs = view.getUint32(p, true);
  p += 4;
  let segments: AccessPart['segments'];
  if (segs > 0) {
    const segEnds = new Uint32Array(segs);
    const lengths: number[] = [];
    for (let i = 0; i < segs; i++, p += 4) segEnds[i] = view.getUint32(p, true);
    for (let i = 0; i < segs; i++, p += 4) lengths.push(view.getUint32(p, true));
    const files: string[] = [];
    for (const n of lengths) {
      files.push(textDecoder.decode(new Uint8Array(buffer, p, n)));
      p += n;
    }
    if (segEnds[segs - 1] !== rows) throw new Error('not a packed batch (file segments do not cover its rows)');
    segments = { files, ends: segEnds };
  }
  if (p !== end) throw new Error(`not a packed batch (${end} bytes)`);
  const part: AccessPart = { operation: { codes, heap, ends, hashes }, status: nums[0], bytesSent: nums[1], objectSize: nums[2], totalTime: nums[3], turnAroundTime: nums[4] };
  if (segments) part.segments = segments;
  return part;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
