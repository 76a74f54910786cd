// A batch of access-log lines of several files (index workers batch the small objects access logs come in) goes
// into the index file by file, as the index keeps rows per file, while each column's values are merged into the
// index's dictionaries once for the whole batch: that merge is per distinct value, and doing it per file would
// repeat it for every small file.

import type { RowBatch, StringColumnKey } from './batch';
import type { RecordIndex } from './store';

/** Adds the batch's rows; returns how many were added and how many dropped as duplicates. */
export function addRowBatch(store: RecordIndex, batch: RowBatch): { added: number; duplicates: number } {
  const segments = batch.access?.segments;
  if (!segments) return store.addBatch(batch);
  const maps = store.codeMaps(batch);
  let added = 0;
  let duplicates = 0;
  let from = 0;
  for (let i = 0; i < segments.files.length; i++) {
    const to = segments.ends[i];
    if (to > from) {
      const r = store.addBatch(segmentOf(batch, segments.files[i], from, to), maps);
      added += r.added;
      duplicates += r.duplicates;
    }
    from = to;
  }
  return { added, duplicates };
}

/** Rows [from, to) of the batch as a batch of one file: views, nothing copied; the dictionaries are the batch's. */
function segmentOf(batch: RowBatch, file: string, from: number, to: number): RowBatch {
  const columns = {} as RowBatch['columns'];
  for (const k of Object.keys(batch.columns) as StringColumnKey[]) {
    const c = batch.columns[k];
    columns[k] = { ...c, codes: c.codes.subarray(from, to) };
  }
  const a = batch.access!;
  return {
    file, rows: to - from, time: batch.time.subarray(from, to), offset: batch.offset.subarray(from, to), length: batch.length.subarray(from, to),
    ordinal: batch.ordinal.subarray(from, to), columns,
    access: {
      operation: { ...a.operation, codes: a.operation.codes.subarray(from, to) }, status: a.status.subarray(from, to), bytesSent: a.bytesSent.subarray(from, to),
      objectSize: a.objectSize.subarray(from, to), totalTime: a.totalTime.subarray(from, to), turnAroundTime: a.turnAroundTime.subarray(from, to),
    },
  };
}
