// Rows travel from readers (a worker thread or the CLI's own thread) to the index as column batches:
// typed arrays plus, per string column, a batch-local dictionary as UTF-8 bytes with each value's hash.
// A built batch lives in one ArrayBuffer, so a worker hands it over with one transfer and no copy; the
// index merges it with one hash-table probe per distinct value instead of one per row, and never hashes
// bytes itself (the worker that wrote them did).

import { eventTimeMs } from '../query';
import type { RecordScanner } from '../parse';
import { StringDictionary } from './dictionary';
import type { RowSink, SpanLocation } from './row-sink';
import { ScannedRows } from './scanned-rows';
import { RECORD_VALUE_KEYS, recordValueList, type RecordValueKey, type RecordValues } from '../record';
import { readAccessPart, type AccessPart, type AccessPartBuilder } from './access-part';
import { ID_COLUMN_FORMS } from './column-dictionaries';
import type { IdForm } from './id-forms';
import { FALLBACK, packValue, slotHash, slotWords } from './id-dictionary';
import { grownTo } from '../typed-arrays';
import { takeBatchBuffer } from './batch-buffers';

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
  /** The columns of ID_COLUMN_FORMS (eventID, requestID, sourceIP, sessionCreated): each value also packed by
   *  the reader (PackedValues.slots: tag, slot hash, slot words per code), so the main thread's merge takes the
   *  words instead of packing the text again. The text stays (heap, ends, hashes): anything may read it. */
  packed?: Uint32Array;
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
  /** Rows of an S3 server access log: their operation and numbers (access-part.ts). */
  access?: AccessPart;
  /** A number per row worked out by the reader (IngestOptions.facts), outside the packed buffer: it
   *  travels as a second transferred buffer. */
  facts?: Uint16Array;
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
 *  (not maps keyed by name): add runs once per record and is the hot loop of ingestion. Each column's
 *  batch-local values are a StringDictionary (UTF-8 bytes, hashed as they come in), which is what the
 *  batch carries: build() only lays them out. */
export class BatchBuilder implements RowSink {
  private n = 0;
  private time: Float64Array;
  private offset: Uint32Array;
  private length: Uint32Array;
  private ordinal: Uint32Array;
  private readonly codes: Uint32Array[] = [];
  private readonly dicts: StringDictionary[] = [];
  /** Per column, the last value added as text and its code: a file repeats its region, recipient, source
   *  and flags row after row, and comparing strings that are the same object is cheaper than hashing. */
  private readonly lastText: (string | undefined)[] = [];
  private readonly lastCode: number[] = [];
  /** Per column, RECENT codes of values added as bytes, by a few of their bytes (see bytesCode). */
  private readonly recent = new Int32Array(STRING_COLUMN_KEYS.length * RECENT);
  /** Days seen in eventTimes (a file spans one or two): formatting a Date per record costs more than the
   *  rest of add. */
  private readonly days = new Map<number, number>();
  /** The last day looked up (YYYYMMDD as a number) and its start. */
  private lastDay = -1;
  private lastDayStart = NaN;
  /** Scratch bytes for canonicalTimeMs of a string. */
  private readonly timeText = new Uint8Array(24);
  /** Builds rows from the fast lane's scans (addScanned). */
  private scanned: ScannedRows | undefined;
  /** Counts built batches: codes are batch-local, so whatever remembers codes keys it by this. */
  generation = 0;

  constructor(public file: string, private capacity = 256) {
    this.time = new Float64Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
    this.ordinal = new Uint32Array(capacity);
    for (let c = 0; c < STRING_COLUMN_KEYS.length; c++) {
      this.codes.push(new Uint32Array(capacity));
      this.dicts.push(new StringDictionary(64));
      this.lastText.push(undefined);
      this.lastCode.push(0);
    }
  }

  get rows(): number {
    return this.n;
  }

  add(values: RecordValues, at: SpanLocation): void {
    const t = values.eventTime;
    // Canonical text (nearly every record) is read once, by hand; anything else goes through the query
    // language's parser and keeps its text in the eventTime column.
    const canonical = t === undefined ? NaN : this.canonicalTimeMs(t);
    const i = this.row(Number.isNaN(canonical) ? parseEventTime(t) : canonical, at.offset, at.length, at.ordinal);
    const codes = this.codes;
    const list = recordValueList(values);
    for (let c = 0; c < VALUE_COLUMNS; c++) {
      const v = c === EVENT_TIME_COLUMN ? (Number.isNaN(canonical) ? t : undefined) : list[c];
      codes[c][i] = v === undefined ? 0 : this.textCode(c, v);
    }
  }

  /**
   * Adds the record `scan` just read, from its bytes: the fast path's values without a record object
   * (see ScannedRows). Returns false, adding nothing, when the record needs the ordinary path
   * (JSON.parse, recordValues, add()).
   */
  addScanned(scan: RecordScanner, at: SpanLocation): boolean {
    return (this.scanned ??= new ScannedRows(this)).add(scan, at);
  }

  /** Starts a row (the next index), its string columns left to set. */
  row(time: number, offset: number, length: number, ordinal: number): number {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    this.time[i] = time;
    this.offset[i] = offset;
    this.length[i] = length;
    this.ordinal[i] = ordinal;
    return i;
  }

  /** Sets a string column of row i to a code of that column (0 = missing). */
  set(column: number, i: number, code: number): void {
    this.codes[column][i] = code;
  }

  /** The code row i has in a string column. */
  codeAt(column: number, i: number): number {
    return this.codes[column][i];
  }

  /** The column's code of a value. */
  textCode(column: number, v: string): number {
    if (v === this.lastText[column]) return this.lastCode[column];
    const code = this.dicts[column].encode(v);
    this.lastText[column] = v;
    this.lastCode[column] = code;
    return code;
  }

  /** The column's code of the value whose UTF-8 bytes are b[start, end). A value met lately in this batch
   *  is found by a few of its bytes and checked whole, without hashing it. */
  bytesCode(column: number, b: Uint8Array, start: number, end: number): number {
    const n = end - start;
    const dict = this.dicts[column];
    // An id is new row after row: no recent value to compare with.
    if (column === EVENT_ID_COLUMN || column === REQUEST_ID_COLUMN) return dict.encodeBytes(b, start, end);
    const at = column * RECENT + (n === 0 ? 0 : (n * 31 + b[start] * 7 + b[end - 1] * 131 + b[start + (n >> 1)] * 3) & (RECENT - 1));
    const seen = this.recent[at];
    if (seen !== 0 && dict.holds(seen, b, start, end)) return seen;
    const code = dict.encodeBytes(b, start, end);
    this.recent[at] = code;
    return code;
  }

  /** The epoch ms of t when formatEventTime would give t back (the CloudTrail form), else NaN; equal to
   *  Date.parse(t) for such text. */
  canonicalTimeMs(t: string): number {
    const n = t.length;
    if (n !== 20 && n !== 24) return NaN;
    const b = this.timeText;
    for (let i = 0; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0x80) return NaN;
      b[i] = c;
    }
    return this.canonicalTimeMsOf(b, 0, n);
  }

  /** canonicalTimeMs of the text at b[start, end), read from its bytes (no string): computed from the
   *  digits and a per-day memo. */
  canonicalTimeMsOf(b: Uint8Array, start: number, end: number): number {
    // YYYY-MM-DDTHH:MM:SSZ, or YYYY-MM-DDTHH:MM:SS.mmmZ with mmm not 000 (how formatEventTime prints)
    let millis = 0;
    const n = end - start;
    if (n === 24) {
      if (b[start + 19] !== 0x2e || b[start + 23] !== 0x5a) return NaN;
      const m1 = b[start + 20] - 0x30;
      const m23 = digit2(b, start + 21);
      if (m1 < 0 || m1 > 9 || m23 < 0) return NaN;
      millis = m1 * 100 + m23;
      if (millis === 0) return NaN;
    } else if (n !== 20 || b[start + 19] !== 0x5a) return NaN;
    if (b[start + 10] !== 0x54 || b[start + 13] !== 0x3a || b[start + 16] !== 0x3a) return NaN;
    const hh = digit2(b, start + 11), mm = digit2(b, start + 14), ss = digit2(b, start + 17);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return NaN;
    // The day by its digits (YYYY-MM-DD; anything else is no day formatEventTime prints).
    const y1 = digit2(b, start), y2 = digit2(b, start + 2), mo = digit2(b, start + 5), d = digit2(b, start + 8);
    if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || b[start + 4] !== 0x2d || b[start + 7] !== 0x2d) return NaN;
    const day = ((y1 * 100 + y2) * 100 + mo) * 100 + d;
    let dayStart: number;
    if (day === this.lastDay) dayStart = this.lastDayStart;
    else {
      const known = this.days.get(day);
      if (known === undefined) {
        dayStart = dayStartMs(day);
        if (this.days.size > 64) this.days.clear();
        this.days.set(day, dayStart);
      } else dayStart = known;
      this.lastDay = day;
      this.lastDayStart = dayStart;
    }
    return dayStart + ((hh * 60 + mm) * 60 + ss) * 1000 + millis;
  }

  /** The batch so far, in one ArrayBuffer of its own (see packBatch; a spare one when there is, see
   *  batch-buffers.ts); the builder is then empty again. `access`:
   *  the access-log part of the same rows, laid out after the rest. */
  build(access?: AccessPartBuilder): RowBatch {
    const n = this.n;
    const cols = STRING_COLUMN_KEYS.length;
    const contents = this.dicts.map((d) => d.contents());
    const header = new Uint32Array(HEADER_WORDS);
    header[0] = n;
    for (let c = 0; c < cols; c++) {
      header[1 + c] = contents[c].ends.length;
      header[1 + cols + c] = contents[c].heap.length;
      header[1 + 2 * cols + c] = PACKED_STRIDE[c];
    }
    const base = batchBytes(header);
    header[BYTES_WORD] = access ? base + access.bytes(base, n) : base;
    const buffer = takeBatchBuffer(header[BYTES_WORD]);
    new Uint32Array(buffer, 0, HEADER_WORDS).set(header);
    access?.write(buffer, base, n);
    const batch = unpackBatch(this.file, buffer);
    batch.time.set(this.time.subarray(0, n));
    batch.offset.set(this.offset.subarray(0, n));
    batch.length.set(this.length.subarray(0, n));
    batch.ordinal.set(this.ordinal.subarray(0, n));
    for (let c = 0; c < cols; c++) {
      const col = batch.columns[STRING_COLUMN_KEYS[c]];
      col.codes.set(this.codes[c].subarray(0, n));
      col.ends.set(contents[c].ends);
      col.hashes!.set(contents[c].hashes);
      col.heap.set(contents[c].heap);
      if (col.packed) packValues(PACKED_FORMS[c]!, col);
    }
    this.reset();
    return batch;
  }

  /** The builder emptied (what it had not built is dropped) for another file: its storage is kept, which
   *  spares a reader the growing of 23 dictionaries per file. */
  reuse(file: string): this {
    this.reset();
    this.file = file;
    return this;
  }

  private reset(): void {
    // Every slot below n is written by add, so the arrays need no clearing.
    this.n = 0;
    this.generation++;
    for (let c = 0; c < this.dicts.length; c++) {
      this.dicts[c].clear();
      this.lastText[c] = undefined;
      this.lastCode[c] = 0;
    }
    this.recent.fill(0);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const g = <T extends Float64Array | Uint32Array>(a: T): T => grownTo(a, cap);
    this.time = g(this.time);
    this.offset = g(this.offset);
    this.length = g(this.length);
    this.ordinal = g(this.ordinal);
    for (let c = 0; c < this.codes.length; c++) this.codes[c] = g(this.codes[c]);
    this.capacity = cap;
  }
}

const VALUE_COLUMNS = RECORD_VALUE_KEYS.length;
/** Values remembered per column by bytesCode (a power of two). */
const RECENT = 256;
const EVENT_TIME_COLUMN = RECORD_VALUE_KEYS.indexOf('eventTime');
const EVENT_ID_COLUMN = RECORD_VALUE_KEYS.indexOf('eventID');
const REQUEST_ID_COLUMN = RECORD_VALUE_KEYS.indexOf('requestID');

/** Epoch ms of day YYYYMMDD at midnight UTC, NaN when formatEventTime would not print that day back. */
function dayStartMs(yyyymmdd: number): number {
  const t = String(yyyymmdd).padStart(8, '0');
  const day = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}`;
  const ms = Date.parse(day + 'T00:00:00Z');
  return !Number.isNaN(ms) && formatEventTime(ms).startsWith(day) ? ms : NaN;
}

/** The two decimal digits at b[at], b[at + 1] as a number, -1 when they are not both digits. */
function digit2(b: Uint8Array, at: number): number {
  const x = b[at] - 0x30;
  const y = b[at + 1] - 0x30;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/** Per column (STRING_COLUMN_KEYS order), the forms its values are packed in (ID_COLUMN_FORMS), and the words a
 *  packed value takes in BatchColumn.packed (0: not packed). */
const PACKED_FORMS = STRING_COLUMN_KEYS.map((k) => ID_COLUMN_FORMS[k]);
const PACKED_STRIDE = PACKED_FORMS.map((forms) => (forms ? 2 + slotWords(forms) : 0));

/** Fills col.packed from the column's text: per value its tag, slot hash and slot (see PackedValues). */
function packValues(forms: readonly IdForm[], col: BatchColumn): void {
  const packed = col.packed!;
  const words = slotWords(forms);
  const stride = 2 + words;
  const scratchWords = new Uint32Array(words);
  const scratch = new Uint8Array(scratchWords.buffer);
  const { heap, ends } = col;
  packed.fill(0, 0, stride);
  for (let v = 1; v < ends.length; v++) {
    const at = v * stride;
    const tag = packValue(forms, heap, ends[v - 1], ends[v], scratch);
    packed[at] = tag;
    if (tag === FALLBACK) {
      // A spare buffer (batch-buffers.ts) holds an earlier batch's bytes here: the words read as a new buffer's.
      packed.fill(0, at + 1, at + stride);
      continue;
    }
    packed[at + 1] = slotHash(scratchWords, 0, words, tag);
    // A loop, not set(): a call per value costs more than its few words.
    for (let k = 0; k < words; k++) packed[at + 2 + k] = scratchWords[k];
  }
}

/** A built batch's header: rows, then per column its value count (ends.length), its heap's bytes and the words of a
 *  packed value (0: none), then the batch's bytes (its buffer may be larger: batch-buffers.ts). */
const BYTES_WORD = 1 + 3 * STRING_COLUMN_KEYS.length;
const HEADER_WORDS = BYTES_WORD + 1;
/** The header's bytes, rounded up so that the 8-byte time column after it is aligned. */
const HEADER_BYTES = Math.ceil((HEADER_WORDS * 4) / 8) * 8;

/** Bytes of a batch laid out by its header: 8-byte columns first, then 4-byte arrays, then the heaps. */
function batchBytes(h: Uint32Array): number {
  const n = h[0];
  const cols = STRING_COLUMN_KEYS.length;
  let size = HEADER_BYTES + n * 8 + n * 4 * 3;
  for (let c = 0; c < cols; c++) size += (n + h[1 + c] * (2 + h[1 + 2 * cols + c])) * 4 + h[1 + cols + c];
  return size;
}

/**
 * The one buffer that holds a built batch, header and all: what a worker posts (transferred). Posting the
 * batch object instead costs the structured clone of its hundred typed-array views, ~100 µs a message.
 */
export function packBatch(b: RowBatch): ArrayBuffer {
  return b.time.buffer as ArrayBuffer;
}

/** The batch of a packed buffer (packBatch): views over it, nothing copied. */
export function unpackBatch(file: string, buffer: ArrayBuffer): RowBatch {
  const h = new Uint32Array(buffer, 0, HEADER_WORDS);
  const n = h[0];
  const cols = STRING_COLUMN_KEYS.length;
  const base = batchBytes(h);
  const bytes = h[BYTES_WORD];
  if (bytes < base || bytes > buffer.byteLength) throw new Error(`not a packed batch (${bytes} bytes of ${buffer.byteLength})`);
  const access = bytes > base ? readAccessPart(buffer, base, bytes) : undefined;
  let at = HEADER_BYTES;
  const u32 = (count: number): Uint32Array => {
    const a = new Uint32Array(buffer, at, count);
    at += count * 4;
    return a;
  };
  const time = new Float64Array(buffer, at, n);
  at += n * 8;
  const offset = u32(n);
  const length = u32(n);
  const ordinal = u32(n);
  const codes: Uint32Array[] = [];
  for (let c = 0; c < cols; c++) codes.push(u32(n));
  const columns = {} as Record<StringColumnKey, BatchColumn>;
  const ends: Uint32Array[] = [];
  const hashes: Uint32Array[] = [];
  const packed: (Uint32Array | undefined)[] = [];
  for (let c = 0; c < cols; c++) {
    ends.push(u32(h[1 + c]));
    hashes.push(u32(h[1 + c]));
    const stride = h[1 + 2 * cols + c];
    if (stride !== 0 && stride !== PACKED_STRIDE[c]) throw new Error(`not a packed batch (column ${STRING_COLUMN_KEYS[c]} packed in ${stride} words)`);
    packed.push(stride === 0 ? undefined : u32(h[1 + c] * stride));
  }
  for (let c = 0; c < cols; c++) {
    const heap = new Uint8Array(buffer, at, h[1 + cols + c]);
    at += heap.length;
    const col: BatchColumn = { codes: codes[c], heap, ends: ends[c], hashes: hashes[c] };
    if (packed[c]) col.packed = packed[c];
    columns[STRING_COLUMN_KEYS[c]] = col;
  }
  return access ? { file, rows: n, time, offset, length, ordinal, columns, access } : { file, rows: n, time, offset, length, ordinal, columns };
}
