// Public face of the query language: parse, evaluate, complete, and render as Athena SQL or a CloudWatch Logs filter pattern.

export type { QueryField, QueryFieldDoc } from './fields';
export { QUERY_FIELDS, FIELD_VALUES, ENUM_VALUES, S3_SCOPE_SOURCES, ROW_SET_FIELDS, ACCESS_QUERY_FIELDS, NUMERIC_QUERY_FIELDS, resolveField } from './fields';
export type { Term, ParsedQuery, ParseOptions, ParseResult } from './parser';
export { parseQuery } from './parser';
export type { ValueItem } from './value-match';
export type { TimeBound } from './time';
export { eventTimeMs } from './time';
export { matchesValues, matchesRecord, termMatches, hasPathTerms, matchesPathTerms, pathTermMatches } from './evaluate';
export { PATH_ROOTS, parseFieldPath, valuesAtPath } from './path-terms';
export type { FieldPath, NumberComparison } from './path-terms';
export { queryCompletions, quoteValue } from './completion';
export { toAthenaSql, sqlString, sqlTableName, AthenaUnsupportedError } from './athena';
export { cidrContainsText, parseCidr } from './cidr';
export type { CidrBlock } from './cidr';
export { toCloudWatchPattern, CloudWatchUnsupportedError, CLOUDWATCH_PATTERN_MAX } from './cloudwatch';
export type { CloudWatchPattern } from './cloudwatch';
