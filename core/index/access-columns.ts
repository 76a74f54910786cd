// The index's columns for S3 server access log rows (FLAG_ACCESS): the Operation (dictionary-coded) and the line's
// numbers. Allocated with the first access-log batch, so an index of CloudTrail alone carries none of it. Row ids
// are the index's; CloudTrail rows hold "unknown" here.

import { CodeColumn } from './code-column';
import type { AccessPart } from './access-part';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';

/** Times and status as stored: 32-bit, this value = `-` (unknown). */
export const UNKNOWN_U32 = 0xffffffff;

export class AccessColumns {
  readonly operation: CodeColumn;
  /** HTTP status; 0 = unknown. */
  status: Uint16Array;
  /** Bytes Sent (`-` = 0). Float64: an object can pass 4 GB. */
  bytesSent: Float64Array;
  /** Object Size; NaN = unknown. */
  objectSize: Float64Array;
  /** Total and Turn-Around Time in ms; UNKNOWN_U32 = unknown. */
  totalTime: Uint32Array;
  turnAroundTime: Uint32Array;

  constructor(capacity: number, operation = new CodeColumn(capacity)) {
    this.operation = operation;
    this.status = new Uint16Array(capacity);
    this.bytesSent = new Float64Array(capacity);
    this.objectSize = new Float64Array(capacity).fill(NaN);
    this.totalTime = new Uint32Array(capacity).fill(UNKNOWN_U32);
    this.turnAroundTime = new Uint32Array(capacity).fill(UNKNOWN_U32);
  }

  /** Saves rows [0, rows). */
  writeSnapshot(w: SnapshotWriter, rows: number): void {
    w.tag('access');
    this.operation.writeSnapshot(w, rows);
    w.array(this.status.subarray(0, rows));
    w.array(this.bytesSent.subarray(0, rows));
    w.array(this.objectSize.subarray(0, rows));
    w.array(this.totalTime.subarray(0, rows));
    w.array(this.turnAroundTime.subarray(0, rows));
  }

  /** Columns of `rows` rows over views of the snapshot's buffer. */
  static readSnapshot(r: SnapshotReader, rows: number): AccessColumns {
    r.tag('access');
    const a = new AccessColumns(0, CodeColumn.readSnapshot(r, rows));
    a.status = r.array(Uint16Array);
    a.bytesSent = r.array(Float64Array);
    a.objectSize = r.array(Float64Array);
    a.totalTime = r.array(Uint32Array);
    a.turnAroundTime = r.array(Uint32Array);
    for (const x of [a.status, a.bytesSent, a.objectSize, a.totalTime, a.turnAroundTime]) {
      if (x.length !== rows) throw new SnapshotFormatError('access column of another length');
    }
    return a;
  }

  reserve(capacity: number): void {
    if (capacity <= this.status.length) return;
    const old = this.status.length;
    this.operation.reserve(capacity);
    this.status = grow(this.status, capacity);
    this.bytesSent = grow(this.bytesSent, capacity);
    this.objectSize = grow(this.objectSize, capacity);
    this.objectSize.fill(NaN, old);
    this.totalTime = grow(this.totalTime, capacity);
    this.totalTime.fill(UNKNOWN_U32, old);
    this.turnAroundTime = grow(this.turnAroundTime, capacity);
    this.turnAroundTime.fill(UNKNOWN_U32, old);
  }

  /** Writes batch rows (all, or those `kept` lists) from index row `start` on; `opMap` maps batch codes. */
  write(part: AccessPart, opMap: Uint32Array, start: number, kept: Uint32Array | undefined, count: number): void {
    this.operation.fit(this.operation.dict.size - 1);
    const codes = this.operation.codes;
    for (let j = 0; j < count; j++) {
      const i = kept === undefined ? j : kept[j];
      const r = start + j;
      codes[r] = opMap[part.operation.codes[i]];
      const s = part.status[i];
      this.status[r] = Number.isNaN(s) ? 0 : s;
      this.bytesSent[r] = part.bytesSent[i];
      this.objectSize[r] = part.objectSize[i];
      const t = part.totalTime[i];
      this.totalTime[r] = Number.isNaN(t) || t >= UNKNOWN_U32 ? UNKNOWN_U32 : t;
      const a = part.turnAroundTime[i];
      this.turnAroundTime[r] = Number.isNaN(a) || a >= UNKNOWN_U32 ? UNKNOWN_U32 : a;
    }
  }

  /** Marks rows [start, end) as not access rows (CloudTrail rows added after the columns exist). */
  clear(start: number, end: number): void {
    this.operation.codes.fill(0, start, end);
    this.status.fill(0, start, end);
    this.bytesSent.fill(0, start, end);
    this.objectSize.fill(NaN, start, end);
    this.totalTime.fill(UNKNOWN_U32, start, end);
    this.turnAroundTime.fill(UNKNOWN_U32, start, end);
  }

  move(to: number, from: number): void {
    this.operation.codes[to] = this.operation.codes[from];
    this.status[to] = this.status[from];
    this.bytesSent[to] = this.bytesSent[from];
    this.objectSize[to] = this.objectSize[from];
    this.totalTime[to] = this.totalTime[from];
    this.turnAroundTime[to] = this.turnAroundTime[from];
  }

  trim(rows: number): void {
    this.operation.trim(rows);
    this.status = this.status.slice(0, rows);
    this.bytesSent = this.bytesSent.slice(0, rows);
    this.objectSize = this.objectSize.slice(0, rows);
    this.totalTime = this.totalTime.slice(0, rows);
    this.turnAroundTime = this.turnAroundTime.slice(0, rows);
  }

  byteSize(): number {
    return this.operation.byteSize() + this.status.byteLength + this.bytesSent.byteLength + this.objectSize.byteLength
      + this.totalTime.byteLength + this.turnAroundTime.byteLength;
  }
}

function grow<T extends Uint16Array | Uint32Array | Float64Array>(a: T, capacity: number): T {
  const next = new (a.constructor as new (n: number) => T)(capacity);
  next.set(a);
  return next;
}
