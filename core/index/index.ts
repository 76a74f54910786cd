// Public face of the columnar record index: build it from column batches, query it, and read trail
// files into batches (the part worker threads and the CLI run).

export { StringDictionary } from './dictionary';
export { BatchBuilder, packBatch, unpackBatch, formatEventTime, parseEventTime, STRING_COLUMN_KEYS } from './batch';
export type { BatchColumn, RowBatch, SpanLocation, StringColumnKey } from './batch';
export { RecordIndex, FLAG_DEAD, FLAG_S3, FLAG_ACCESS } from './store';
export { AccessColumns, UNKNOWN_U32 } from './access-columns';
export type { RowLocation } from './store';
export { TrailIndex, bucketSize } from './trail-index';
export type { HistogramData } from './trail-index';
export { csvCell, csvHeader, csvLine, csvRow, rowObject } from './csv';
export { compileGlob, compileGlobs, globRegExp, GlobSyntaxError, hasGlobSyntax, partitionGlobs } from './glob';
export type { GlobMatcher } from './glob';
export { discoverFiles, splitGlob } from './discover';
export { DEFAULT_INCLUDE, DEFAULT_EXCLUDE } from './file-set';
export type { DiscoverOptions, DiscoverResult, TrailFile } from './discover';
export { readFileBatches } from './ingest';
export type { IngestOptions } from './ingest';
export { readRecordAt, readRecordsAt } from './reread';
export type { RereadResult, RecordSpanAt, RecordTextResult } from './reread';
export type { RowSets } from './evaluate';
export { joinState, joinSummary } from './join';
export type { JoinState, JoinSummary, BucketJoinStats } from './join';
