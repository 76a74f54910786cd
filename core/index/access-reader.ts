// The index's reader of S3 server access log files: fills only the columns an access line has, straight from the
// line's bytes, into a batch that can span several files. Access logs come as thousands of objects of a few
// hundred lines; building, posting and merging one batch per file cost more than reading the lines, and a
// RecordValues object per line (33 strings, most of them absent) cost more than the split.
//
// Per line: the split (core/access-log), the time and numbers checked (problems for what is wrong), then each
// shared column coded from the line's bytes (BatchBuilder.bytesCode: no string), and the values derived from the
// requester, the host and the operation looked up by those bytes and remembered per batch as codes. Files that are
// not ASCII take the string path (AccessRowReader): byte and string positions differ there.

import { isAscii } from 'node:buffer';
import type { Problem } from '../problem';
import { RECORD_VALUE_KEYS, type RecordValueKey } from '../record';
import {
  ACCESS_EVENT_SOURCE, ACCESS_FIELD as F, AccessRowReader, AccessTimeBytes, checkSplitLine, decodeKey, MAX_ACCESS_LINE_CHARS, newSplitBounds,
  operationValues, regionOfHost, requesterValues, splitAccessBytes, splitAccessLine, wordsOf, type OperationValues, type RequesterValues, type SplitBounds,
} from '../access-log';
import { AccessPartBuilder } from './access-part';
import { BatchBuilder, type RowBatch } from './batch';
import { StringDictionary } from './dictionary';

const col = (k: RecordValueKey): number => RECORD_VALUE_KEYS.indexOf(k);
const C = {
  bucket: col('bucket'), key: col('key'), sourceIP: col('sourceIP'), userAgent: col('userAgent'), errorCode: col('errorCode'),
  requestID: col('requestID'), eventSource: col('eventSource'), crossAccount: col('crossAccount'), console: col('console'),
  userArn: col('userArn'), principal: col('principal'), identityType: col('identityType'), account: col('account'),
  anonymous: col('anonymous'), region: col('region'), eventName: col('eventName'), category: col('category'), access: col('access'),
};
/** Columns an access line leaves empty: written 0 on every row (a builder's arrays are not cleared). */
const EMPTY_COLUMNS = Int32Array.from(RECORD_VALUE_KEYS.map((_, i) => i).filter((i) => !Object.values(C).includes(i)));
const REQUESTER_COLUMNS = [C.userArn, C.principal, C.identityType, C.account, C.anonymous];
const OPERATION_COLUMNS = [C.eventName, C.category, C.access];
/** The number fields checkSplitLine checks (Bytes Sent, Object Size, Total and Turn-Around Time). */
const NUMBER_FIELDS = [F.bytesSent, F.objectSize, F.totalTime, F.turnAroundTime];

/** Rows a batch holds before it is handed over (several small files, or part of a large one). */
export const ACCESS_BATCH_ROWS = 4096;

/**
 * Values met again and again (requesters, hosts, operations) found by their bytes: a persistent dictionary, with a
 * small table of recent codes checked before hashing. What is derived from a value is kept by its code.
 */
class ByteKeys<T> {
  private dict = new StringDictionary(64);
  private recent = new Int32Array(256);
  derived: (T | undefined)[] = [];
  /** Per code: the batch generation its cached batch codes belong to, and those codes (width per code). */
  stamp = new Int32Array(64).fill(-1);
  codes: Int32Array;

  constructor(private readonly width: number) {
    this.codes = new Int32Array(64 * width);
  }

  code(b: Uint8Array, start: number, end: number): number {
    const n = end - start;
    const at = n === 0 ? 0 : (n * 31 + b[start] * 7 + b[end - 1] * 131 + b[start + (n >> 1)] * 3) & 255;
    const seen = this.recent[at];
    if (seen !== 0 && this.dict.holds(seen, b, start, end)) return seen;
    if (this.dict.size > 50_000) this.clear();
    const code = this.dict.encodeBytes(b, start, end);
    this.recent[at] = code;
    if (code >= this.stamp.length) {
      const stamp = new Int32Array(code * 2).fill(-1);
      stamp.set(this.stamp);
      this.stamp = stamp;
      const codes = new Int32Array(code * 2 * this.width);
      codes.set(this.codes);
      this.codes = codes;
    }
    return code;
  }

  private clear(): void {
    this.dict = new StringDictionary(64);
    this.recent.fill(0);
    this.derived = [];
    this.stamp.fill(-1);
  }
}

/** The pending batch of one thread's access-log lines, filled file after file. */
export class AccessLogReader {
  private readonly builder = new BatchBuilder('', 1024);
  private readonly part = new AccessPartBuilder(1024);
  private readonly bounds: SplitBounds = newSplitBounds();
  private readonly problems: Problem[] = [];
  private readonly strings = new AccessRowReader();
  private readonly times = new AccessTimeBytes();
  /** A key decoded by decodeAsciiKey (a line is at most MAX_ACCESS_LINE_CHARS). */
  private readonly keyBytes = new Uint8Array(MAX_ACCESS_LINE_CHARS);
  private readonly requesters = new ByteKeys<RequesterValues>(REQUESTER_COLUMNS.length);
  private readonly hosts = new ByteKeys<string | null>(1);
  /** Derived per operation code: [listable, not] values for a line without key, then with a key. */
  private readonly operations = new ByteKeys<OperationValues[]>(4 * OPERATION_COLUMNS.length + 1);

  /** Rows pending (not yet built). */
  get rows(): number {
    return this.builder.rows;
  }

  /**
   * Adds the lines of `data` (a whole decompressed file) to the pending batch. `full` takes the batch whenever it
   * reaches ACCESS_BATCH_ROWS (the rows so far; the file's later rows go to the next batch). Returns the lines added.
   */
  addFile(file: string, data: Buffer, onProblem: (p: Problem) => void, full: (batch: RowBatch) => void, signal?: AbortSignal): number {
    const builder = this.builder;
    if (builder.rows === 0) builder.file = file;
    this.part.startFile(file, builder.rows);
    return isAscii(data) ? this.addAsciiLines(file, data, onProblem, full, signal) : this.addTextLines(file, data.toString('utf8'), onProblem, full, signal);
  }

  /**
   * The lines of an ASCII file, from its bytes: split by splitAccessBytes and checked there, no string made. A line
   * that lane does not take (one with a problem, or of a rarer shape) is read as before, from the file's text
   * (decoded then, once): the same problems at the same places, and the same bounds, as byte and string positions
   * are the same in ASCII.
   */
  private addAsciiLines(file: string, data: Buffer, onProblem: (p: Problem) => void, full: (batch: RowBatch) => void, signal?: AbortSignal): number {
    const builder = this.builder;
    const b = this.bounds.b;
    // The split reads words (wordsOf): bytes that do not start at a word boundary are copied to ones that do.
    if ((data.byteOffset & 3) !== 0) {
      const aligned = Buffer.allocUnsafeSlow(data.length);
      data.copy(aligned);
      data = aligned;
    }
    const words = wordsOf(data);
    let text: string | undefined;
    let added = 0;
    let p = 0;
    let line = 0;
    const n = data.length;
    while (p < n) {
      if (signal?.aborted) break;
      let e = data.indexOf(10, p);
      if (e < 0) e = n;
      let z = e;
      if (z > p && data[z - 1] === 13) z--;
      if (z - p > MAX_ACCESS_LINE_CHARS) {
        onProblem({ file, code: 'access-log-line-too-long', severity: 'error', message: `line is ${z - p} characters long; access-log lines over ${MAX_ACCESS_LINE_CHARS} are not read`, position: { line, column: 0, offset: p } });
      } else if (z > p && !isBlankBytes(data, p, z)) {
        let time = splitAccessBytes(data, words, p, z, b) >= 0 ? this.checkedTime(data, b) : NaN;
        if (Number.isNaN(time)) time = this.textLine(file, (text ??= data.toString('latin1')), p, z, line, p, onProblem);
        if (!Number.isNaN(time)) {
          this.addBytes(data, b, time, p, z - p, line);
          added++;
          if (builder.rows >= ACCESS_BATCH_ROWS) this.handOver(file, full);
        }
      }
      p = e + 1;
      line++;
    }
    return added;
  }

  /** The lines of a file with non-ASCII text: the string path (byte and string positions differ there). */
  private addTextLines(file: string, text: string, onProblem: (p: Problem) => void, full: (batch: RowBatch) => void, signal?: AbortSignal): number {
    const builder = this.builder;
    let added = 0;
    let p = 0;
    let line = 0;
    let byteOffset = 0;
    while (p < text.length) {
      if (signal?.aborted) break;
      let e = text.indexOf('\n', p);
      if (e < 0) e = text.length;
      let z = e;
      if (z > p && text.charCodeAt(z - 1) === 13) z--;
      if (z - p > MAX_ACCESS_LINE_CHARS) {
        onProblem({ file, code: 'access-log-line-too-long', severity: 'error', message: `line is ${z - p} characters long; access-log lines over ${MAX_ACCESS_LINE_CHARS} are not read`, position: { line, column: 0, offset: byteOffset } });
      } else if (z > p && !isBlank(text, p, z)) {
        const time = this.textLine(file, text, p, z, line, byteOffset, onProblem);
        if (!Number.isNaN(time)) {
          this.addText(text, time, byteOffset, Buffer.byteLength(text.slice(p, z)), line);
          added++;
          if (builder.rows >= ACCESS_BATCH_ROWS) this.handOver(file, full);
        }
      }
      byteOffset += Buffer.byteLength(text.slice(p, e)) + 1;
      p = e + 1;
      line++;
    }
    return added;
  }

  /** Splits and checks text[p, z) into the bounds, reporting its problems; its time, NaN when it is not added. */
  private textLine(file: string, text: string, p: number, z: number, line: number, offset: number, onProblem: (p: Problem) => void): number {
    const bounds = this.bounds;
    if (!splitAccessLine(text, p, z, bounds)) {
      const f = bounds.failure!;
      onProblem({ file, code: f.code, severity: 'error', message: f.message, position: { line, column: f.column, offset: offset + Buffer.byteLength(text.slice(p, p + f.column)) } });
      return NaN;
    }
    const problems = this.problems;
    problems.length = 0;
    const time = checkSplitLine(text, p, bounds, { file, line, offset }, problems);
    for (const pr of problems) onProblem(pr);
    return time;
  }

  /**
   * The byte lane's checkSplitLine for a line without problems: its time, or NaN when the time, the status or a
   * number is not what checkSplitLine passes in silence (the line then goes through the text lane, which says so).
   */
  private checkedTime(d: Uint8Array, b: Int32Array): number {
    const ss = b[2 * F.httpStatus];
    const se = b[2 * F.httpStatus + 1];
    if (!(se - ss === 1 && d[ss] === 45) && !(se - ss === 3 && number(d, ss, se) >= 100)) return NaN;
    for (let k = 0; k < NUMBER_FIELDS.length; k++) {
      const s = b[2 * NUMBER_FIELDS[k]];
      const e = b[2 * NUMBER_FIELDS[k] + 1];
      if (!(e - s === 1 && d[s] === 45) && Number.isNaN(number(d, s, e))) return NaN;
    }
    return this.times.read(d, b[4], b[5]);
  }

  /** Hands the pending batch over (the file's later rows go to the next one). */
  private handOver(file: string, full: (batch: RowBatch) => void): void {
    full(this.build());
    this.builder.file = file;
    this.part.startFile(file, 0);
  }

  /** The pending rows as a batch (one buffer; segments name each row's file); the reader is then empty. */
  build(): RowBatch {
    return this.builder.build(this.part);
  }

  /** Drops the pending rows. */
  clear(): void {
    if (this.builder.rows > 0) this.builder.build(this.part);
    this.part.reset();
  }

  /** One line of an ASCII file: byte and string positions are the same. */
  private addBytes(data: Buffer, b: Int32Array, time: number, offset: number, length: number, line: number): void {
    const B = this.builder;
    const gen = B.generation;
    const r = B.row(time, offset, length, line);
    for (let k = 0; k < EMPTY_COLUMNS.length; k++) B.set(EMPTY_COLUMNS[k], r, 0);
    B.set(C.eventSource, r, B.textCode(C.eventSource, ACCESS_EVENT_SOURCE));
    B.set(C.crossAccount, r, B.textCode(C.crossAccount, 'false'));
    B.set(C.console, r, B.textCode(C.console, 'false'));
    B.set(C.bucket, r, this.fieldCode(C.bucket, data, b, F.bucket));
    B.set(C.sourceIP, r, this.fieldCode(C.sourceIP, data, b, F.remoteIp));
    B.set(C.userAgent, r, this.fieldCode(C.userAgent, data, b, F.userAgent));
    B.set(C.errorCode, r, this.fieldCode(C.errorCode, data, b, F.errorCode));
    B.set(C.requestID, r, this.fieldCode(C.requestID, data, b, F.requestId));
    // Key: URL-decoded when it holds an escape or a `+` (then as a string), else its bytes as they are.
    const ks = b[2 * F.key];
    const ke = b[2 * F.key + 1];
    let keyCode = 0;
    let hasKey = false;
    if (present(data, ks, ke)) {
      hasKey = true;
      let plain = true;
      for (let i = ks; i < ke; i++) {
        const c = data[i];
        if (c === 37 || c === 43) {
          plain = false;
          break;
        }
      }
      const q = quoted(data, ks, ke);
      const a = ks + q;
      const z = ke - q;
      if (plain) keyCode = B.bytesCode(C.key, data, a, z);
      else {
        const n = decodeAsciiKey(data, a, z, this.keyBytes);
        keyCode = n >= 0 ? B.bytesCode(C.key, this.keyBytes, 0, n) : B.textCode(C.key, decodeKey(data.toString('latin1', a, z)));
      }
    }
    B.set(C.key, r, keyCode);
    this.requesterCodes(data, b, r, gen);
    this.regionCode(data, b, r, gen);
    const op = this.operationCodes(data, b, r, gen, hasKey);
    const n = (f: number): number => number(data, b[2 * f], b[2 * f + 1]);
    const status = n(F.httpStatus);
    const bytes = n(F.bytesSent);
    this.part.setCoded(r, op, status >= 100 && status <= 999 ? status : NaN, Number.isNaN(bytes) ? 0 : bytes, n(F.objectSize), n(F.totalTime), n(F.turnAroundTime));
  }

  /** A line of a file with non-ASCII text: the string path. */
  private addText(text: string, time: number, offset: number, length: number, line: number): void {
    const i = this.builder.rows;
    this.builder.add(this.strings.values(text, this.bounds, time), { offset, length, ordinal: line });
    const x = this.strings.numbers(text, this.bounds);
    const b = this.bounds.b;
    this.part.set(i, b[12] >= 0 ? text.slice(b[12], b[13]) : undefined, x.status, x.bytesSent, x.objectSize, x.totalTime, x.turnAroundTime);
  }

  private fieldCode(column: number, data: Buffer, b: Int32Array, field: number): number {
    const s = b[2 * field];
    const e = b[2 * field + 1];
    if (!present(data, s, e)) return 0;
    const q = quoted(data, s, e);
    return this.builder.bytesCode(column, data, s + q, e - q);
  }

  private requesterCodes(data: Buffer, b: Int32Array, r: number, gen: number): void {
    const B = this.builder;
    const s = b[2 * F.requester];
    const e = b[2 * F.requester + 1];
    const keys = this.requesters;
    // `-` and an absent field are the same requester (anonymous): both key the empty bytes.
    const has = present(data, s, e);
    const q = has ? quoted(data, s, e) : 0;
    const a = has ? s + q : 0;
    const z = has ? e - q : 0;
    const code = keys.code(data, a, z);
    const w = REQUESTER_COLUMNS.length;
    if (keys.stamp[code] !== gen) {
      const v = (keys.derived[code] ??= requesterValues(has ? data.toString('latin1', a, z) : undefined));
      const values = [v.userArn, v.principal, v.identityType, v.account, v.anonymous];
      for (let k = 0; k < w; k++) keys.codes[code * w + k] = values[k] === undefined ? 0 : B.textCode(REQUESTER_COLUMNS[k], values[k]!);
      keys.stamp[code] = gen;
    }
    for (let k = 0; k < w; k++) B.set(REQUESTER_COLUMNS[k], r, keys.codes[code * w + k]);
  }

  private regionCode(data: Buffer, b: Int32Array, r: number, gen: number): void {
    const B = this.builder;
    const s = b[2 * F.hostHeader];
    const e = b[2 * F.hostHeader + 1];
    if (!present(data, s, e)) {
      B.set(C.region, r, 0);
      return;
    }
    const q = quoted(data, s, e);
    const a = s + q;
    const z = e - q;
    const keys = this.hosts;
    const code = keys.code(data, a, z);
    if (keys.stamp[code] !== gen) {
      let region = keys.derived[code];
      if (region === undefined) region = keys.derived[code] = regionOfHost(data.toString('latin1', a, z)) ?? null;
      keys.codes[code] = region === null ? 0 : B.textCode(C.region, region);
      keys.stamp[code] = gen;
    }
    B.set(C.region, r, keys.codes[code]);
  }

  /** Sets eventName, category and access; returns the batch's code of the operation (0 = none). */
  private operationCodes(data: Buffer, b: Int32Array, r: number, gen: number, hasKey: boolean): number {
    const B = this.builder;
    const s = b[2 * F.operation];
    const e = b[2 * F.operation + 1];
    if (!present(data, s, e)) {
      for (const c of OPERATION_COLUMNS) B.set(c, r, 0);
      return 0;
    }
    const q = quoted(data, s, e);
    const a = s + q;
    const z = e - q;
    const keys = this.operations;
    const code = keys.code(data, a, z);
    const w = 4 * OPERATION_COLUMNS.length + 1;
    let variants = keys.derived[code];
    if (variants === undefined) {
      const op = data.toString('latin1', a, z);
      variants = keys.derived[code] = [operationValues(op, false, true), operationValues(op, false, false), operationValues(op, true, true), operationValues(op, true, false)];
    }
    if (keys.stamp[code] !== gen) {
      for (let v = 0; v < 4; v++) {
        const x = variants[v];
        const values = [x.eventName, x.category, x.access];
        for (let k = 0; k < OPERATION_COLUMNS.length; k++) keys.codes[code * w + v * 3 + k] = values[k] === undefined ? 0 : B.textCode(OPERATION_COLUMNS[k], values[k]!);
      }
      keys.codes[code * w + 12] = this.part.operations.encodeBytes(data, a, z);
      keys.stamp[code] = gen;
    }
    // The Request-URI is looked at only when it decides the name (a configuration listed or one of them got).
    let v = hasKey ? 2 : 0;
    if (variants[v].eventName !== variants[v + 1].eventName && !listable(data, b[2 * F.requestUri], b[2 * F.requestUri + 1])) v++;
    for (let k = 0; k < OPERATION_COLUMNS.length; k++) B.set(OPERATION_COLUMNS[k], r, keys.codes[code * w + v * 3 + k]);
    return keys.codes[code * w + 12];
  }
}

/** Whether the field is there and not `-`, `"-"` or empty (fieldValue's undefined). */
function present(d: Uint8Array, s: number, e: number): boolean {
  if (s < 0 || e <= s) return false;
  let a = s;
  let z = e;
  if (z - a >= 2 && d[a] === 34 && d[z - 1] === 34) {
    a++;
    z--;
  }
  return z > a && !(z - a === 1 && d[a] === 45);
}

/** 1 when the field is quoted (its value is one byte in from each end), else 0. No tuple: this runs per field. */
function quoted(d: Uint8Array, s: number, e: number): number {
  return e - s >= 2 && d[s] === 34 && d[e - 1] === 34 ? 1 : 0;
}

/** A non-negative integer field from its bytes; NaN for `-`, absent, or not digits (fieldNumber). */
function number(d: Uint8Array, s: number, e: number): number {
  if (s < 0 || e <= s) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = d[i] - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

const HEX = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[65 + i] = t[97 + i] = 10 + i;
  return t;
})();

/**
 * decodeKey of an ASCII key into `out` without a string: `+` is a space, `%XX` its byte. Only for keys whose
 * escapes are all well formed and below 0x80 (then decodeURIComponent is exactly that substitution); -1 for any
 * other key, which goes through decodeKey (UTF-8 sequences, malformed escapes kept as written).
 */
function decodeAsciiKey(d: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = d[i];
    if (c === 43) out[n++] = 32;
    else if (c === 37) {
      if (i + 2 >= end) return -1;
      const hi = HEX[d[i + 1]];
      const lo = HEX[d[i + 2]];
      if (hi < 0 || lo < 0 || hi > 7) return -1;
      out[n++] = (hi << 4) | lo;
      i += 2;
    } else out[n++] = c;
  }
  return n;
}

/** AccessRowReader's rule: a Request-URI that names no `?id=` / `&id=` lists configurations; none at all does not. */
function listable(d: Uint8Array, s: number, e: number): boolean {
  if (!present(d, s, e)) return false;
  for (let i = s + 1; i + 3 <= e; i++) {
    if (d[i] === 105 && d[i + 1] === 100 && d[i + 2] === 61 && (d[i - 1] === 63 || d[i - 1] === 38)) return false;
  }
  return true;
}

function isBlankBytes(d: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = d[i];
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function isBlank(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
