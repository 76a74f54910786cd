// One small number per row that the reader worked out from the record's bytes (RowBatch.facts): the
// findings' request-detail facts (core/detect/facts.ts). The index keeps them without knowing what they
// mean; a row whose batch brought none has 0 ("not worked out"). A column of its own, beside the others,
// so the store only calls write / move / reserve / trim and saves it with its snapshot.

import { SnapshotFormatError, type SnapshotReader, type SnapshotWriter } from './snapshot';
import { grownTo } from '../typed-arrays';

export class RowFacts {
  values: Uint16Array;

  constructor(capacity: number) {
    this.values = new Uint16Array(capacity);
  }

  /** Rows [start, start + added) from a batch's facts (its rows `kept`, or the first `added`), or 0s. */
  write(facts: Uint16Array | undefined, start: number, kept: ArrayLike<number> | undefined, added: number): void {
    const v = this.values;
    if (!facts) v.fill(0, start, start + added);
    else if (kept === undefined) v.set(facts.subarray(0, added), start);
    else for (let j = 0; j < added; j++) v[start + j] = facts[kept[j]];
  }

  /** Row `from`'s value moved to row `to` (compaction). */
  move(to: number, from: number): void {
    this.values[to] = this.values[from];
  }

  reserve(capacity: number): void {
    if (capacity <= this.values.length) return;
    this.values = grownTo(this.values, capacity);
  }

  trim(capacity: number): void {
    if (capacity < this.values.length) this.values = this.values.slice(0, capacity);
  }

  /** The values of rows [0, rows) (kept by reference until written, like the store's other arrays). */
  writeSnapshot(w: SnapshotWriter, rows: number): void {
    w.tag('row-facts');
    w.array(this.values.subarray(0, rows));
  }

  /** The column over a view of the snapshot's buffer (capacity = rows: the first batch added copies it out). */
  static readSnapshot(r: SnapshotReader, rows: number): RowFacts {
    r.tag('row-facts');
    const values = r.array(Uint16Array);
    if (values.length !== rows) throw new SnapshotFormatError('row facts of another length');
    const facts = new RowFacts(0);
    facts.values = values;
    return facts;
  }

  byteSize(): number {
    return this.values.byteLength;
  }
}
