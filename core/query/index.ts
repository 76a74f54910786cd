// Public face of the query language: parse, evaluate, complete, and render as Athena SQL.

export type { QueryField, QueryFieldDoc } from './fields';
export { QUERY_FIELDS, FIELD_VALUES, ENUM_VALUES, S3_SCOPE_SOURCES, ROW_SET_FIELDS, resolveField } from './fields';
export type { Term, ParsedQuery, ParseResult } from './parser';
export { parseQuery } from './parser';
export type { ValueItem } from './value-match';
export type { TimeBound } from './time';
export { eventTimeMs } from './time';
export { matchesValues, matchesRecord, termMatches, isS3Source } from './evaluate';
export { queryCompletions, quoteValue } from './completion';
export { toAthenaSql, sqlString, sqlTableName, AthenaUnsupportedError } from './athena';
