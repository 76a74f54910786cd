// core/parse: tolerant readers for every shape CloudTrail records are kept in. Public face of the folder.
//
// Units: readRecordStream spans and problems use BYTE offsets of the decompressed text; splitRecords
// (a document already in memory) uses UTF-16 code unit offsets of that string. In both, line and column
// are 0-based and columns count UTF-16 code units (what editors use). Lines count '\n' outside JSON
// strings (a raw newline inside a string is invalid JSON anyway).
//
// Spans carry the record's JSON text; callers parse it with parseRecord, which turns a syntax error into a
// `json-syntax` problem at the right file position. To show a record again from its span, re-read the
// bytes [offset, offset + length) and pass them through recordTextOfElement(shape, raw).
//
// Problem codes: json-syntax, not-a-record, record-too-large, too-many-problems, truncated-gzip, gzip-error,
// inflate-limit, file-too-large, unreadable, not-a-file, not-utf8, utf-16 (a UTF-16 CloudTrail file, not read),
// empty-file, binary, not-cloudtrail (information
// for unrelated JSON, warning for look-alikes: S3 Event Notifications, S3 EventBridge events, CSV exports).
// Digest files are recognised (shape 'digest') and give no problem.

export { detectShape, isCloudTrailShape, HEAD_SIZE, type Shape } from './shape';
export { splitRecords, splitRecordsSteps, type SplitResult } from './split';
export { dropRestarted } from './collect';
export { parseRecord, recordTextOfElement, type RecordSpan, type RawRecord } from './spans';
export { readRecordStream, type ReadStreamOptions, type ReadLimits } from './stream';
export { fileKind, statForReading, unreadable, whyUnreadable } from './stream';
// The fast path's scanner and its slot layout (core/index reads rows straight from its slots).
export { ENTRY_MEMBERS, EntryMember, Kind, Slot, type RecordScanner } from './record-scan';
export { readTextFile, type TextFileResult } from './text-file';
export { pathFacets, type PathFacets } from './path-facets';
export { prettyPrintRecords, PRETTY_RECORD_INDENT, type PrettyText } from './pretty';
export { isGzip, gunzipCapped, inflatedSizeHint, inflateLimitMessage } from './gzip';
export { isPlainObject } from './peek';
export { stringEnd, UNTERMINATED, UNTERMINATED_IN_ESCAPE } from './json-string';
