// Public face of the columnar record index: build it from column batches, query it, and read trail
// files into batches (the part worker threads and the CLI run). Finding the files and reading a record
// again live in core/files; CSV and row export in core/export.

export { StringDictionary } from './dictionary';
export { BatchBuilder, packBatch, unpackBatch, formatEventTime, parseEventTime, STRING_COLUMN_KEYS } from './batch';
export { giveBatchBuffer } from './batch-buffers';
export type { BatchColumn, RowBatch, StringColumnKey } from './batch';
export type { SpanLocation } from './row-sink';
export { RecordIndex, FLAG_DEAD, FLAG_S3, FLAG_ACCESS } from './store';
export { AccessColumns } from './access-columns';
export type { RowLocation } from './store';
export { TrailIndex, bucketSize } from './trail-index';
export type { HistogramData } from './trail-index';
export { readFileBatches } from './ingest';
export type { IngestOptions, RecordFacts } from './ingest';
export { RowFacts } from './row-facts';
export { AccessLogReader, ACCESS_BATCH_ROWS } from './access-reader';
export { addAccessLogFile } from './access-ingest';
export type { RowSets } from './evaluate';
export { joinState, joinSummary } from './join';
export type { JoinState, JoinSummary, BucketJoinStats } from './join';
export { readAccessLineAt, type AccessLineResult } from './access-reread';
export { SnapshotWriter, SnapshotReader, SnapshotFormatError, type SnapshotArray } from './snapshot';
export { CodeColumn } from './code-column';
export { RowIdColumn } from './row-id-column';
