// core/access-log: Amazon S3 server access logs, the second record kind (reference s3-access-logs.md). Public face.
//
// splitAccessLine finds field bounds in place (no copies; the index and the hovers use it), parseAccessLine reads
// one line into a plain value, parseAccessLogText a whole text, looksLikeAccessLog recognises a file by content.
// Problem codes: access-log-fields (fewer than 17 fields), access-log-time, access-log-quote (a quoted field that
// cannot be split), access-log-status, access-log-number (warnings; the line is kept), access-log-line-too-long.

export { ACCESS_FIELD, ACCESS_FIELD_DOCS, MIN_ACCESS_FIELDS, KNOWN_ACCESS_FIELDS, type AccessFieldName, type AccessFieldDoc } from './fields';
export { splitAccessLine, newSplitBounds, type SplitBounds, type SplitFailure } from './split';
export { parseAccessTime, AccessTimeBytes } from './time';
export { splitAccessBytes, wordsOf } from './split-bytes';
export { fieldValue, fieldNumber, isDash, decodeKey, describeRequester, type RequesterInfo, type RequesterKind } from './values';
export { parseAccessLine, checkSplitLine, eventNameForOperationOfLine, type AccessLogLine, type LinePlace, type LineResult } from './line';
export { parseAccessLogText, MAX_ACCESS_LINE_CHARS, type AccessLineSpan, type AccessLogText } from './text';
export { looksLikeAccessLog } from './sniff';
export { AccessRowReader, regionOfHost, operationValues, requesterValues, ACCESS_EVENT_SOURCE, type AccessNumbers, type OperationValues, type RequesterValues } from './row-values';
