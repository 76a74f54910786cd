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

/** Collects rows of one file into a RowBatch. */
export class BatchBuilder {
  private n = 0;
  private time: Float64Array;
  private offset: Uint32Array;
  private length: Uint32Array;
  private ordinal: Uint32Array;
  private codes = new Map<StringColumnKey, Uint32Array>();
  private dicts = new Map<StringColumnKey, Map<string, number>>();

  constructor(readonly file: string, private capacity = 256) {
    this.time = new Float64Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
    this.ordinal = new Uint32Array(capacity);
    for (const k of STRING_COLUMN_KEYS) {
      this.codes.set(k, new Uint32Array(capacity));
      this.dicts.set(k, new Map());
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
    for (const k of STRING_COLUMN_KEYS) {
      const v = k === 'principal' ? principal
        : k === 'eventTime' ? (Number.isNaN(ms) || formatEventTime(ms) !== values.eventTime ? values.eventTime : undefined)
        : values[k];
      if (v === undefined) continue; // codes start zeroed: 0 = missing
      const dict = this.dicts.get(k)!;
      let code = dict.get(v);
      if (code === undefined) {
        code = dict.size + 1;
        dict.set(v, code);
      }
      this.codes.get(k)![i] = code;
    }
  }

  /** The batch so far; the builder is then empty again. */
  build(): RowBatch {
    const n = this.n;
    const columns = {} as Record<StringColumnKey, BatchColumn>;
    for (const k of STRING_COLUMN_KEYS) {
      const dict = this.dicts.get(k)!;
      const values = [...dict.keys()];
      const joined = Buffer.from(values.join(''), 'utf8');
      const ends = new Uint32Array(values.length + 1);
      let end = 0;
      for (let c = 0; c < values.length; c++) {
        end += Buffer.byteLength(values[c], 'utf8');
        ends[c + 1] = end;
      }
      // A fresh ArrayBuffer (not Buffer's shared pool) so it can be transferred.
      const heap = new Uint8Array(joined.byteLength);
      heap.set(joined);
      columns[k] = { codes: this.codes.get(k)!.slice(0, n), heap, ends };
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
    this.n = 0;
    this.time.fill(0);
    for (const k of STRING_COLUMN_KEYS) {
      this.codes.get(k)!.fill(0);
      this.dicts.get(k)!.clear();
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
    for (const k of STRING_COLUMN_KEYS) this.codes.set(k, g(this.codes.get(k)!));
    this.capacity = cap;
  }
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
