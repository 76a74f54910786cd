// The index's columns for S3 server access log rows (FLAG_ACCESS): the Operation (dictionary-coded) and the line's
// numbers. Allocated with the first access-log batch, so an index of CloudTrail alone carries none of it. Row ids
// are the index's; CloudTrail rows hold "unknown" here.

import { CodeColumn } from './code-column';
import type { AccessPart } from './access-part';
import { AccessNumbers } from './access-numbers';
import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';


export class AccessColumns {
  readonly operation: CodeColumn;
  /** HTTP status; 0 = unknown. */
  status: Uint16Array;
  /** Bytes Sent (`-` = 0), Object Size, Total and Turn-Around Time in ms: 4 bytes a row (access-numbers.ts). */
  bytesSent: AccessNumbers;
  objectSize: AccessNumbers;
  totalTime: AccessNumbers;
  turnAroundTime: AccessNumbers;

  constructor(capacity: number, operation = new CodeColumn(capacity)) {
    this.operation = operation;
    this.status = new Uint16Array(capacity);
    this.bytesSent = new AccessNumbers(capacity);
    this.objectSize = new AccessNumbers(capacity);
    this.totalTime = new AccessNumbers(capacity);
    this.turnAroundTime = new AccessNumbers(capacity);
  }

  private get numbers(): AccessNumbers[] {
    return [this.bytesSent, this.objectSize, this.totalTime, this.turnAroundTime];
  }

  /** Saves rows [0, rows). */
  writeSnapshot(w: SnapshotWriter, rows: number): void {
    w.tag('access');
    this.operation.writeSnapshot(w, rows);
    w.array(this.status.subarray(0, rows));
    for (const n of this.numbers) n.writeSnapshot(w, rows);
  }

  /** Columns of `rows` rows over views of the snapshot's buffer. */
  static readSnapshot(r: SnapshotReader, rows: number): AccessColumns {
    r.tag('access');
    const a = new AccessColumns(0, CodeColumn.readSnapshot(r, rows));
    a.status = r.array(Uint16Array);
    if (a.status.length !== rows) throw new SnapshotFormatError('access column of another length');
    a.bytesSent = AccessNumbers.readSnapshot(r, rows);
    a.objectSize = AccessNumbers.readSnapshot(r, rows);
    a.totalTime = AccessNumbers.readSnapshot(r, rows);
    a.turnAroundTime = AccessNumbers.readSnapshot(r, rows);
    return a;
  }

  reserve(capacity: number): void {
    if (capacity <= this.status.length) return;
    this.operation.reserve(capacity);
    const status = new Uint16Array(capacity);
    status.set(this.status);
    this.status = status;
    for (const n of this.numbers) n.reserve(capacity);
  }

  /** Writes batch rows (all, or those `kept` lists) from index row `start` on; `opMap` maps batch codes. */
  write(part: AccessPart, opMap: Uint32Array, start: number, kept: Uint32Array | undefined, count: number): void {
    this.operation.fit(this.operation.dict.size - 1);
    const operation = this.operation;
    for (let j = 0; j < count; j++) {
      const i = kept === undefined ? j : kept[j];
      const r = start + j;
      operation.set(r, opMap[part.operation.codes[i]]);
      const s = part.status[i];
      this.status[r] = Number.isNaN(s) ? 0 : s;
      this.bytesSent.set(r, part.bytesSent[i]);
      this.objectSize.set(r, part.objectSize[i]);
      this.totalTime.set(r, part.totalTime[i]);
      this.turnAroundTime.set(r, part.turnAroundTime[i]);
    }
  }

  /** Marks rows [start, end) as not access rows (CloudTrail rows added after the columns exist). */
  clear(start: number, end: number): void {
    this.operation.clear(start, end);
    this.status.fill(0, start, end);
    for (const n of this.numbers) n.clear(start, end);
  }

  move(to: number, from: number): void {
    this.operation.move(to, from);
    this.status[to] = this.status[from];
    for (const n of this.numbers) n.move(to, from);
  }

  trim(rows: number): void {
    this.operation.trim(rows);
    this.status = this.status.slice(0, rows);
    for (const n of this.numbers) n.trim(rows);
  }

  byteSize(): number {
    return this.operation.byteSize() + this.status.byteLength + this.numbers.reduce((b, n) => b + n.byteSize(), 0);
  }
}
