// What ScannedRows fills rows through (BatchBuilder implements it), and where a record sits in its file.
// A module of its own so that scanned-rows.ts need not import batch.ts, which imports it (no cycle).

/** Where a record sits in its file (what BatchBuilder needs of a reader's span). */
export interface SpanLocation {
  offset: number;
  length: number;
  ordinal: number;
}

/** A batch's rows as ScannedRows writes them: string columns by index (RECORD_VALUE_KEYS order), batch-local codes. */
export interface RowSink {
  /** Counts built batches: codes are batch-local, so whatever remembers codes keys it by this. */
  readonly generation: number;
  /** Starts a row (the next index), its string columns left to set. */
  row(time: number, offset: number, length: number, ordinal: number): number;
  /** Sets a string column of row i to a code of that column (0 = missing). */
  set(column: number, i: number, code: number): void;
  /** The code row i has in a string column. */
  codeAt(column: number, i: number): number;
  /** The column's code of a value. */
  textCode(column: number, v: string): number;
  /** The column's code of the value whose UTF-8 bytes are b[start, end). */
  bytesCode(column: number, b: Uint8Array, start: number, end: number): number;
  /** The epoch ms of the eventTime text at b[start, end) when it is in the CloudTrail form, else NaN. */
  canonicalTimeMsOf(b: Uint8Array, start: number, end: number): number;
}
