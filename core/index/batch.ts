// Rows travel from readers (a worker thread or the CLI's own thread) to the index as column batches:
// typed arrays plus, per string column, a batch-local dictionary as UTF-8 bytes with each value's hash.
// A built batch lives in one ArrayBuffer, so a worker hands it over with one transfer and no copy; the
// index merges it with one hash-table probe per distinct value instead of one per row, and never hashes
// bytes itself (the worker that wrote them did).

import { eventTimeMs } from '../query';
import { hashValueBytes } from './dictionary';
import { RECORD_VALUE_KEYS, recordValueList, type RecordValueKey, type RecordValues } from '../record';

/** String columns of the index: every RecordValues key (the table's principal text among them).
 *  eventTime is kept as numbers (the time column); its string column holds only the texts that
 *  formatEventTime would not give back (code 0 and a time = the canonical `YYYY-MM-DDTHH:MM:SSZ`). */
export type StringColumnKey = RecordValueKey;
export const STRING_COLUMN_KEYS: readonly StringColumnKey[] = RECORD_VALUE_KEYS;

export interface BatchColumn {
  /** Local code per row; 0 = value missing; code c is the string heap[ends[c-1]..ends[c]) (ends[0] = 0). */
  codes: Uint32Array;
  heap: Uint8Array;
  ends: Uint32Array;
  /** hashValueBytes of each value (index = code; [0] unused). Optional: the index hashes when absent. */
  hashes?: Uint32Array;
}

export interface RowBatch {
  /** The trail file the rows come from. */
  file: string;
  rows: number;
  /** eventTime as epoch ms (NaN when missing or unparsable). */
  time: Float64Array;
  /** Byte span of each record in the decompressed file, and its index in the file. */
  offset: Uint32Array;
  length: Uint32Array;
  ordinal: Uint32Array;
  columns: Record<StringColumnKey, BatchColumn>;
}

/** Where a record sits in its file (what BatchBuilder needs of a reader's span). */
export interface SpanLocation {
  offset: number;
  length: number;
  ordinal: number;
}

/** eventTime in epoch ms (NaN when missing or unparsable), read the way the query language reads it. */
export function parseEventTime(t: string | undefined): number {
  if (t === undefined) return NaN;
  return eventTimeMs(t) ?? NaN;
}

/** CloudTrail's eventTime form of epoch ms: `2026-01-01T00:00:00Z` (milliseconds only when not zero). */
export function formatEventTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, 19) + 'Z' : iso;
}

/** Collects rows of one file into a RowBatch. Columns are held in arrays in STRING_COLUMN_KEYS order
 *  (not maps keyed by name): add runs once per record and is the hot loop of ingestion. */
export class BatchBuilder {
  private n = 0;
  private time: Float64Array;
  private offset: Uint32Array;
  private length: Uint32Array;
  private ordinal: Uint32Array;
  private readonly codes: Uint32Array[] = [];
  /** Per column, its batch-local values in code order (code c is values[c - 1]). */
  private readonly values: string[][] = [];
  /** Per column, value -> code; undefined once the column turned out near-unique (eventID, requestID):
   *  then every value takes a new code, which the index's own dictionary merges again, and the map
   *  would only cost a hash of every value. */
  private readonly dicts: (Map<string, number> | undefined)[] = [];
  /** Per column, the last value added and its code: a file repeats its region, recipient, source and
   *  flags row after row, and comparing with the last value is cheaper than hashing a fresh string. */
  private readonly lastValue: (string | undefined)[] = [];
  private readonly lastCode: number[] = [];
  /** Days seen in eventTimes (a file spans one or two): formatting a Date per record costs more than the
   *  rest of add. */
  private readonly days = new Map<string, number>();
  /** Where build() encodes the values (kept between batches). */
  private scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(readonly file: string, private capacity = 256) {
    this.time = new Float64Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
    this.ordinal = new Uint32Array(capacity);
    for (let c = 0; c < STRING_COLUMN_KEYS.length; c++) {
      this.codes.push(new Uint32Array(capacity));
      this.values.push([]);
      this.dicts.push(new Map());
      this.lastValue.push(undefined);
      this.lastCode.push(0);
    }
  }

  get rows(): number {
    return this.n;
  }

  add(values: RecordValues, at: SpanLocation): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    const t = values.eventTime;
    // Canonical text (nearly every record) is read once, by hand; anything else goes through the query
    // language's parser and keeps its text in the eventTime column.
    const canonical = t === undefined ? NaN : this.canonicalTimeMs(t);
    const ms = Number.isNaN(canonical) ? parseEventTime(t) : canonical;
    this.time[i] = ms;
    this.offset[i] = at.offset;
    this.length[i] = at.length;
    this.ordinal[i] = at.ordinal;
    const codes = this.codes;
    const list = recordValueList(values);
    for (let c = 0; c < VALUE_COLUMNS; c++) {
      const v = c === EVENT_TIME_COLUMN ? (Number.isNaN(canonical) ? t : undefined) : list[c];
      codes[c][i] = v === undefined ? 0 : this.codeOf(c, v);
    }
    if (i === UNIQUE_PROBE_ROWS - 1) this.dropNearUniqueMaps();
  }

  private codeOf(column: number, v: string): number {
    const dict = this.dicts[column];
    if (dict === undefined) return this.values[column].push(v);
    if (v === this.lastValue[column]) return this.lastCode[column];
    let code = dict.get(v);
    if (code === undefined) {
      code = this.values[column].push(v);
      dict.set(v, code);
    }
    this.lastValue[column] = v;
    this.lastCode[column] = code;
    return code;
  }

  /** After the first rows of a file: columns whose values were (nearly) all distinct stop deduplicating. */
  private dropNearUniqueMaps(): void {
    for (let c = 0; c < this.dicts.length; c++) {
      const d = this.dicts[c];
      if (d !== undefined && d.size >= UNIQUE_PROBE_ROWS - (UNIQUE_PROBE_ROWS >> 4)) this.dicts[c] = undefined;
    }
  }

  /** The epoch ms of t when formatEventTime would give t back (the CloudTrail form), else NaN; computed from
   *  the text and a per-day memo, equal to Date.parse(t) for such text. */
  private canonicalTimeMs(t: string): number {
    // YYYY-MM-DDTHH:MM:SSZ, or YYYY-MM-DDTHH:MM:SS.mmmZ with mmm not 000 (how formatEventTime prints)
    let millis = 0;
    if (t.length === 24) {
      if (t.charCodeAt(19) !== 0x2e || t.charCodeAt(23) !== 0x5a) return NaN;
      const m1 = t.charCodeAt(20) - 0x30;
      const m23 = digit2(t, 21);
      if (m1 < 0 || m1 > 9 || m23 < 0) return NaN;
      millis = m1 * 100 + m23;
      if (millis === 0) return NaN;
    } else if (t.length !== 20 || t.charCodeAt(19) !== 0x5a) return NaN;
    if (t.charCodeAt(10) !== 0x54 || t.charCodeAt(13) !== 0x3a || t.charCodeAt(16) !== 0x3a) return NaN;
    const hh = digit2(t, 11), mm = digit2(t, 14), ss = digit2(t, 17);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return NaN;
    const day = t.slice(0, 10);
    let start = this.days.get(day);
    if (start === undefined) {
      start = dayStartMs(day);
      if (this.days.size > 64) this.days.clear();
      this.days.set(day, start);
    }
    return start + ((hh * 60 + mm) * 60 + ss) * 1000 + millis;
  }

  /** The batch so far, in one fresh ArrayBuffer; the builder is then empty again. */
  build(): RowBatch {
    const n = this.n;
    // UTF-8 of every column's values into the scratch buffer, hashing as it goes (one pass over the
    // characters, no intermediate strings), then everything is laid out in one buffer.
    const cols = STRING_COLUMN_KEYS.length;
    let chars = 0;
    for (let c = 0; c < cols; c++) for (const v of this.values[c]) chars += v.length;
    if (this.scratch.length < chars * 3) this.scratch = Buffer.allocUnsafe(Math.max(chars * 3, this.scratch.length * 2));
    const scratch = this.scratch;
    const ends: Uint32Array[] = [];
    const hashes: Uint32Array[] = [];
    let p = 0;
    for (let c = 0; c < cols; c++) {
      const values = this.values[c];
      const e = new Uint32Array(values.length + 1);
      const h = new Uint32Array(values.length + 1);
      const from = p;
      for (let v = 0; v < values.length; v++) {
        p = encodeHashed(values[v], scratch, p);
        h[v + 1] = lastHash;
        e[v + 1] = p - from;
      }
      ends.push(e);
      hashes.push(h);
    }
    // Layout: 8-byte columns first, then 4-byte arrays, then the byte heaps (alignment holds throughout).
    let size = n * 8 + n * 4 * 3;
    for (let c = 0; c < cols; c++) size += (n + ends[c].length * 2) * 4;
    const buffer = new ArrayBuffer(size + p);
    let at = 0;
    const f64 = (src: Float64Array): Float64Array => {
      const a = new Float64Array(buffer, at, n);
      a.set(src.subarray(0, n));
      at += n * 8;
      return a;
    };
    const u32 = (src: Uint32Array, count: number): Uint32Array => {
      const a = new Uint32Array(buffer, at, count);
      a.set(src.subarray(0, count));
      at += count * 4;
      return a;
    };
    const time = f64(this.time);
    const offset = u32(this.offset, n);
    const length = u32(this.length, n);
    const ordinal = u32(this.ordinal, n);
    const columns = {} as Record<StringColumnKey, BatchColumn>;
    const codes: Uint32Array[] = [];
    for (let c = 0; c < cols; c++) codes.push(u32(this.codes[c], n));
    let heapAt = size;
    for (let c = 0; c < cols; c++) {
      const e = u32(ends[c], ends[c].length);
      const h = u32(hashes[c], hashes[c].length);
      const bytes = e[e.length - 1];
      const heap = new Uint8Array(buffer, heapAt, bytes);
      heap.set(scratch.subarray(heapAt - size, heapAt - size + bytes));
      heapAt += bytes;
      columns[STRING_COLUMN_KEYS[c]] = { codes: codes[c], heap, ends: e, hashes: h };
    }
    const batch: RowBatch = { file: this.file, rows: n, time, offset, length, ordinal, columns };
    this.reset();
    return batch;
  }

  private reset(): void {
    // Every slot below n is written by add, so the arrays need no clearing.
    this.n = 0;
    for (let c = 0; c < this.values.length; c++) {
      this.values[c] = [];
      this.dicts[c]?.clear();
      this.lastValue[c] = undefined;
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const g = <T extends Float64Array | Uint32Array>(a: T): T => {
      const next = new (a.constructor as new (n: number) => T)(cap);
      next.set(a);
      return next;
    };
    this.time = g(this.time);
    this.offset = g(this.offset);
    this.length = g(this.length);
    this.ordinal = g(this.ordinal);
    for (let c = 0; c < this.codes.length; c++) this.codes[c] = g(this.codes[c]);
    this.capacity = cap;
  }
}

const VALUE_COLUMNS = RECORD_VALUE_KEYS.length;
const EVENT_TIME_COLUMN = RECORD_VALUE_KEYS.indexOf('eventTime');

/** Rows after which a column whose values were all (15/16) distinct stops deduplicating them. */
const UNIQUE_PROBE_ROWS = 64;

/** Epoch ms of `YYYY-MM-DD` at midnight UTC, NaN when formatEventTime would not print that day back. */
function dayStartMs(day: string): number {
  const ms = Date.parse(day + 'T00:00:00Z');
  return !Number.isNaN(ms) && formatEventTime(ms).startsWith(day) ? ms : NaN;
}

function digit2(t: string, at: number): number {
  const a = t.charCodeAt(at) - 0x30;
  const b = t.charCodeAt(at + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** hashValueBytes of the value encodeHashed wrote last. */
let lastHash = 0;

/** encodeUtf8, and the hash of the bytes written in lastHash: in the same pass for ASCII text (nearly
 *  every value), where a character is its byte. */
function encodeHashed(s: string, out: Buffer, p: number): number {
  const start = p;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      // Not ASCII: Node's encoder from the value's start (room for 3 bytes per UTF-16 unit is kept; lone
      // surrogates become U+FFFD as in Buffer.from), then the hash over its bytes.
      const end = start + out.write(s, start, 'utf8');
      lastHash = hashValueBytes(out, start, end);
      return end;
    }
    out[p++] = c;
    h = Math.imul(h ^ c, 0x01000193);
  }
  lastHash = h >>> 0;
  return p;
}

/** Buffers to list as transferables when posting a batch to another thread (one for a built batch). */
export function batchTransferables(b: RowBatch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>([b.time.buffer, b.offset.buffer, b.length.buffer, b.ordinal.buffer] as ArrayBuffer[]);
  for (const k of STRING_COLUMN_KEYS) {
    const c = b.columns[k];
    out.add(c.codes.buffer as ArrayBuffer);
    out.add(c.heap.buffer as ArrayBuffer);
    out.add(c.ends.buffer as ArrayBuffer);
    if (c.hashes) out.add(c.hashes.buffer as ArrayBuffer);
  }
  return [...out];
}
