// Rows travel from readers (a worker thread or the CLI's own thread) to the index as column batches:
// typed arrays plus, per string column, a batch-local dictionary as UTF-8 bytes. Every buffer is
// transferable, so a worker hands a batch over without copying, and the index merges a batch with one
// dictionary lookup per distinct value instead of one per row.

import { eventTimeMs } from '../query';
import { RECORD_VALUE_KEYS, type RecordValueKey, type RecordValues } from '../record/values';

/** String columns of the index: every RecordValues key, plus the principal's display text the table
 *  shows. eventTime is kept as numbers (the time column); its string column holds only the texts that
 *  formatEventTime would not give back (code 0 and a time = the canonical `YYYY-MM-DDTHH:MM:SSZ`). */
export type StringColumnKey = RecordValueKey | 'principal';
export const STRING_COLUMN_KEYS: readonly StringColumnKey[] = [...RECORD_VALUE_KEYS, 'principal'];

export interface BatchColumn {
  /** Local code per row; 0 = value missing; code c is the string heap[ends[c-1]..ends[c]) (ends[0] = 0). */
  codes: Uint32Array;
  heap: Uint8Array;
  ends: Uint32Array;
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
  private readonly dicts: Map<string, number>[] = [];

  constructor(readonly file: string, private capacity = 256) {
    this.time = new Float64Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
    this.ordinal = new Uint32Array(capacity);
    for (let c = 0; c < STRING_COLUMN_KEYS.length; c++) {
      this.codes.push(new Uint32Array(capacity));
      this.dicts.push(new Map());
    }
  }

  get rows(): number {
    return this.n;
  }

  add(values: RecordValues, principal: string | undefined, at: SpanLocation): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    const ms = parseEventTime(values.eventTime);
    this.time[i] = ms;
    this.offset[i] = at.offset;
    this.length[i] = at.length;
    this.ordinal[i] = at.ordinal;
    const codes = this.codes;
    const dicts = this.dicts;
    for (let c = 0; c < VALUE_COLUMNS; c++) {
      const v = c === EVENT_TIME_COLUMN ? (Number.isNaN(ms) || !isCanonicalTime(values.eventTime!, ms) ? values.eventTime : undefined)
        : values[RECORD_VALUE_KEYS[c]];
      codes[c][i] = v === undefined ? 0 : codeOf(dicts[c], v);
    }
    codes[PRINCIPAL_COLUMN][i] = principal === undefined ? 0 : codeOf(dicts[PRINCIPAL_COLUMN], principal);
  }

  /** The batch so far; the builder is then empty again. */
  build(): RowBatch {
    const n = this.n;
    const columns = {} as Record<StringColumnKey, BatchColumn>;
    for (let c = 0; c < STRING_COLUMN_KEYS.length; c++) {
      const dict = this.dicts[c];
      const values = [...dict.keys()];
      const joined = Buffer.from(values.join(''), 'utf8');
      const ends = new Uint32Array(values.length + 1);
      let end = 0;
      for (let v = 0; v < values.length; v++) {
        end += Buffer.byteLength(values[v], 'utf8');
        ends[v + 1] = end;
      }
      // A fresh ArrayBuffer (not Buffer's shared pool) so it can be transferred.
      const heap = new Uint8Array(joined.byteLength);
      heap.set(joined);
      columns[STRING_COLUMN_KEYS[c]] = { codes: this.codes[c].slice(0, n), heap, ends };
    }
    const batch: RowBatch = {
      file: this.file, rows: n,
      time: this.time.slice(0, n), offset: this.offset.slice(0, n), length: this.length.slice(0, n), ordinal: this.ordinal.slice(0, n),
      columns,
    };
    this.reset();
    return batch;
  }

  private reset(): void {
    // Every slot below n is written by add, so the arrays need no clearing.
    this.n = 0;
    for (const d of this.dicts) d.clear();
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
const PRINCIPAL_COLUMN = STRING_COLUMN_KEYS.indexOf('principal');

function codeOf(dict: Map<string, number>, v: string): number {
  let code = dict.get(v);
  if (code === undefined) {
    code = dict.size + 1;
    dict.set(v, code);
  }
  return code;
}

const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
/** formatEventTime(ms) === t, for a t that parsed to ms. Only text of the canonical form can print back
 *  the same, so the costlier formatting runs only for it. */
function isCanonicalTime(t: string, ms: number): boolean {
  return t.length === 20 && CANONICAL_TIME.test(t) && formatEventTime(ms) === t;
}

/** Buffers to list as transferables when posting a batch to another thread. */
export function batchTransferables(b: RowBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [b.time.buffer, b.offset.buffer, b.length.buffer, b.ordinal.buffer] as ArrayBuffer[];
  for (const k of STRING_COLUMN_KEYS) {
    const c = b.columns[k];
    out.push(c.codes.buffer as ArrayBuffer, c.heap.buffer as ArrayBuffer, c.ends.buffer as ArrayBuffer);
  }
  return out;
}
