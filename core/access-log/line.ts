// One access-log line as a plain value: the split fields read into strings and numbers, or a problem with its
// column. Lines with a bad time or too few fields are rejected (nothing to place them by); a bad number or status
// is reported and read as unknown, so the rest of the line still counts.

import type { Problem, Severity } from '../problem';
import { eventNameForOperation } from '../catalog';
import { ACCESS_FIELD as F } from './fields';
import { splitAccessLine, newSplitBounds, type SplitBounds } from './split';
import { parseAccessTime } from './time';
import { fieldNumber, fieldValue, isDash } from './values';

export interface AccessLogLine {
  bucketOwner?: string; bucket?: string;
  /** Epoch ms of the Time field. */
  time: number;
  remoteIp?: string; requester?: string; requestId?: string; operation?: string;
  /** As written (URL-encoded); decodeKey gives the object key. */
  key?: string;
  requestUri?: string; httpStatus?: number; errorCode?: string;
  /** `-` = 0 for Bytes Sent (reference 1, rule 4). */
  bytesSent: number;
  objectSize?: number; totalTime?: number; turnAroundTime?: number;
  referer?: string; userAgent?: string; versionId?: string; hostId?: string; signatureVersion?: string;
  cipherSuite?: string; authenticationType?: string; hostHeader?: string; tlsVersion?: string; accessPointArn?: string;
  aclRequired?: string; sourceRegion?: string;
  /** Fields present in the line (17..27; extra trailing fields are not counted). */
  fieldCount: number;
}

export interface LinePlace {
  file: string;
  /** 0-based line number. */
  line: number;
  /** Byte offset of the line's first character in the file's (decompressed) text. */
  offset: number;
}

export interface LineResult {
  value?: AccessLogLine;
  problems: Problem[];
}

function problem(place: LinePlace, s: string, lineStart: number, at: number, code: string, severity: Severity, message: string): Problem {
  const column = at - lineStart;
  return { file: place.file, code, severity, message, position: { line: place.line, column, offset: place.offset + Buffer.byteLength(s.slice(lineStart, at)) } };
}

// Lines of one object come in time order, most in the same hour: the hour (`[dd/Mon/yyyy:HH` and the zone) last
// read is compared first, and then only minutes and seconds are read (parsing the whole time per line cost a tenth
// of indexing an access log).
let lastHourHead = '';
let lastZone = '';
let lastHourMs = NaN;
function cachedTime(s: string, start: number, end: number): number {
  if (end - start === 28 && s.startsWith(lastHourHead, start) && s.startsWith(lastZone, start + 21) && s.charCodeAt(start + 15) === 58 && s.charCodeAt(start + 18) === 58) {
    const mm = twoDigits(s, start + 16);
    const ss = twoDigits(s, start + 19);
    if (mm >= 0 && mm <= 59 && ss >= 0 && ss <= 60 && lastHourHead !== '') return lastHourMs + (mm * 60 + ss) * 1000;
  }
  const t = parseAccessTime(s, start, end);
  if (!Number.isNaN(t) && end - start === 28) {
    lastHourHead = s.slice(start, start + 15);
    lastZone = s.slice(start + 21, end);
    lastHourMs = t - (twoDigits(s, start + 16) * 60 + twoDigits(s, start + 19)) * 1000;
  }
  return t;
}

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const NUMBER_FIELDS: readonly [number, string][] = [[F.bytesSent, 'Bytes Sent'], [F.objectSize, 'Object Size'], [F.totalTime, 'Total Time'], [F.turnAroundTime, 'Turn-Around Time']];

/** Checks the split line's time, status and numbers; problems for what is wrong, and whether the line is usable. */
export function checkSplitLine(s: string, lineStart: number, bounds: SplitBounds, place: LinePlace, problems: Problem[]): number {
  const b = bounds.b;
  const time = cachedTime(s, b[4], b[5]);
  if (Number.isNaN(time)) {
    problems.push(problem(place, s, lineStart, b[4], 'access-log-time', 'error', `field 3 (Time) is not a time like [06/Feb/2019:00:00:38 +0000]: ${s.slice(b[4], Math.min(b[5], b[4] + 40))}`));
    return NaN;
  }
  const ss = b[2 * F.httpStatus];
  const se = b[2 * F.httpStatus + 1];
  if (!isDash(s, ss, se)) {
    const n = fieldNumber(s, ss, se);
    if (n === undefined || se - ss !== 3 || n < 100) {
      problems.push(problem(place, s, lineStart, ss, 'access-log-status', 'warning', `field 10 (HTTP status) is not a 3-digit status: ${s.slice(ss, Math.min(se, ss + 20))}`));
    }
  }
  for (const [i, title] of NUMBER_FIELDS) {
    const a = b[2 * i];
    const z = b[2 * i + 1];
    if (!isDash(s, a, z) && fieldNumber(s, a, z) === undefined) {
      problems.push(problem(place, s, lineStart, a, 'access-log-number', 'warning', `field ${i + 1} (${title}) is not a number: ${s.slice(a, Math.min(z, a + 20))}`));
    }
  }
  return time;
}

const shared = newSplitBounds();

/** Reads the line s[start, end) (no newline). */
export function parseAccessLine(s: string, place: LinePlace, start = 0, end = s.length): LineResult {
  const problems: Problem[] = [];
  if (!splitAccessLine(s, start, end, shared)) {
    const f = shared.failure!;
    problems.push(problem(place, s, start, start + f.column, f.code, 'error', f.message));
    return { problems };
  }
  const time = checkSplitLine(s, start, shared, place, problems);
  if (Number.isNaN(time)) return { problems };
  const b = shared.b;
  const v = (i: number) => fieldValue(s, b[2 * i], b[2 * i + 1]);
  const n = (i: number) => fieldNumber(s, b[2 * i], b[2 * i + 1]);
  const status = n(F.httpStatus);
  return {
    problems,
    value: {
      bucketOwner: v(F.bucketOwner), bucket: v(F.bucket), time, remoteIp: v(F.remoteIp), requester: v(F.requester),
      requestId: v(F.requestId), operation: v(F.operation), key: v(F.key), requestUri: v(F.requestUri),
      httpStatus: status !== undefined && status >= 100 && status <= 999 ? status : undefined, errorCode: v(F.errorCode),
      bytesSent: n(F.bytesSent) ?? 0, objectSize: n(F.objectSize), totalTime: n(F.totalTime), turnAroundTime: n(F.turnAroundTime),
      referer: v(F.referer), userAgent: v(F.userAgent), versionId: v(F.versionId), hostId: v(F.hostId),
      signatureVersion: v(F.signatureVersion), cipherSuite: v(F.cipherSuite), authenticationType: v(F.authenticationType),
      hostHeader: v(F.hostHeader), tlsVersion: v(F.tlsVersion), accessPointArn: v(F.accessPointArn), aclRequired: v(F.aclRequired),
      sourceRegion: v(F.sourceRegion), fieldCount: shared.count,
    },
  };
}

/** The CloudTrail eventName of a read line's request, if CloudTrail has one. */
export function eventNameForOperationOfLine(v: AccessLogLine): string | undefined {
  return v.operation === undefined ? undefined : eventNameForOperation(v.operation, v.key !== undefined, v.requestUri);
}
