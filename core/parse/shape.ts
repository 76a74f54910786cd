// Shape detection: which of the ways people keep CloudTrail events a file uses (trail file, NDJSON,
// lookup-events, EventBridge, CloudWatch Logs, array, bare record, digest) or which look-alike it is.
// Decided from the first ~64 KB of text, so a 1 GB file is never read twice.

import { isPlainObject, peekValue, skipWhitespace, type Peeked } from './peek';

export type Shape =
  | 'trail'
  | 'ndjson'
  | 'lookup-events'
  | 'lookup-events-jsonl'
  | 'eventbridge'
  | 'cloudwatch'
  | 'array'
  | 'record'
  | 'digest'
  | 's3-notification'
  | 's3-eventbridge-notification'
  | 'not-cloudtrail'
  | 'empty'
  | 'binary'
  /** S3 server access log text (core/access-log; detected by the index's reader, never by detectShape). */
  | 'access-log';

/** How many characters (or bytes) of a file detection looks at. */
export const HEAD_SIZE = 64 * 1024;

/** What the record splitter walks: where the elements are and what each element holds. */
export type Container =
  | { kind: 'key'; key: string } // elements of the array under this key of the top-level object
  | { kind: 'top-array' } // elements of the top-level array
  | { kind: 'top-values' } // each top-level value (one bare record, or several concatenated)
  | { kind: 'lines' } // one value per line; a bad line damages only itself
  | { kind: 'none' }; // nothing to read (digest, look-alikes, empty, binary)

/** record: the element is the record; lookup-event: its CloudTrailEvent string; eventbridge: its detail;
 *  log-event: its message string (CloudWatch Logs). */
export type ElementKind = 'record' | 'lookup-event' | 'eventbridge' | 'log-event';

export interface Layout {
  shape: Shape;
  reason?: string;
  container: Container;
  element: ElementKind;
  /** A `binary` text that is UTF-16 (PowerShell's `Out-File`, Notepad's "Unicode"): it may hold records, unread. */
  utf16?: 'little-endian' | 'big-endian';
}

const NONE: Container = { kind: 'none' };

export function isCloudTrailShape(shape: Shape): boolean {
  switch (shape) {
    case 'trail':
    case 'ndjson':
    case 'lookup-events':
    case 'lookup-events-jsonl':
    case 'eventbridge':
    case 'cloudwatch':
    case 'array':
    case 'record':
      return true;
    default:
      return false;
  }
}

export function detectShape(head: string): { shape: Shape; reason?: string } {
  const { shape, reason } = detectLayout(head);
  return reason === undefined ? { shape } : { shape, reason };
}

/**
 * True when text that does not begin like JSON looks like binary data rather than text (NUL characters or
 * many undecodable bytes). Never asked of text that begins like JSON: U+FFFD is valid text that CloudTrail
 * logs verbatim from fields a caller controls (userAgent, object keys), and a file is binary only when it
 * cannot hold CloudTrail records at all; damage inside JSON is the splitter's to report, record by record.
 */
export function looksBinary(head: string): boolean {
  if (head.includes('\u0000')) return true;
  let bad = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return bad > 8 || (n > 0 && bad / n > 0.02);
}

/**
 * Whether a head decoded as UTF-8 is UTF-16 text: after a byte order mark (two U+FFFD once decoded), ASCII
 * characters each beside a U+0000, as UTF-16 writes `{"Records"`. Such a file is no JSON we can read, but
 * it may hold every record of a trail (re-saved by a careless tool or on purpose): it must not pass for
 * binary data with a warning while its records vanish.
 */
function utf16Order(head: string): Layout['utf16'] {
  let i = 0;
  while (i < 3 && head.charCodeAt(i) === 0xfffd) i++;
  let le = 0;
  let be = 0;
  let pairs = 0;
  for (; i + 1 < head.length && pairs < 64; i += 2, pairs++) {
    const a = head.charCodeAt(i);
    const b = head.charCodeAt(i + 1);
    if (b === 0 && a >= 0x09 && a < 0x7f) le++;
    else if (a === 0 && b >= 0x09 && b < 0x7f) be++;
  }
  if (pairs < 4) return undefined;
  if (le >= pairs * 0.9) return 'little-endian';
  if (be >= pairs * 0.9) return 'big-endian';
  return undefined;
}

/** The characters of a UTF-16 head that was decoded as UTF-8: every other one (what is not ASCII stays garbled). */
function utf16Characters(head: string, order: 'little-endian' | 'big-endian'): string {
  let i = 0;
  while (i < 3 && head.charCodeAt(i) === 0xfffd) i++;
  const out: string[] = [];
  for (i += order === 'little-endian' ? 0 : 1; i < head.length; i += 2) out.push(head[i]);
  return out.join('');
}

/**
 * @param head the first ~64 KB of the (decompressed) text; may end in the middle of anything
 * @param complete true when head is the whole text (lets a lone value be told from the start of NDJSON)
 */
export function detectLayout(head: string, complete = head.length < HEAD_SIZE): Layout {
  const utf16 = utf16Order(head);
  if (utf16) {
    // Only UTF-16 CloudTrail is named as such; other UTF-16 text stays binary data to us, as before.
    const inner = detectLayout(utf16Characters(head, utf16), complete);
    if (isCloudTrailShape(inner.shape) || inner.shape === 'digest') return { shape: 'binary', reason: `UTF-16 (${utf16}) text, not UTF-8`, container: NONE, element: 'record', utf16 };
    return { shape: 'binary', reason: 'binary data, not text', container: NONE, element: 'record' };
  }
  const start = skipWhitespace(head, 0);
  if (start >= head.length) return { shape: 'empty', container: NONE, element: 'record' };
  const c = head[start];
  if (c !== '{' && c !== '[') {
    // A damaged first line (zeroed or garbled bytes) ahead of JSON Lines records costs that line only.
    const byLines = linesLayout(head, complete);
    if (byLines) return byLines;
    if (looksBinary(head)) return { shape: 'binary', reason: 'binary data, not text', container: NONE, element: 'record' };
    return notJson(head, start);
  }

  const first = peekValue(head, start, 0, isDetectionKey);
  const firstLineEnd = head.indexOf('\n', start);
  const singleLine = first.complete && (firstLineEnd < 0 || firstLineEnd >= first.end);
  const next = first.complete ? skipWhitespace(head, first.end) : head.length;
  const moreValues = first.complete && next < head.length;

  if (c === '[') return arrayLayout(first);

  if (!first.complete && first.end < head.length && firstLineEnd >= 0 && firstLineEnd < head.length - 1) {
    // The first line is damaged; NDJSON keeps going, so judge by the next lines that read.
    const byLines = linesLayout(head, complete);
    if (byLines) return byLines;
  }
  const obj = isPlainObject(first.value) ? first.value : {};
  // A first line longer than the head: read line by line, which is right for one long record as well as
  // for NDJSON, and keeps a damaged line from swallowing the next ones.
  const longFirstLine = !first.complete && !complete && firstLineEnd < 0;
  const layout = objectLayout(obj, (moreValues && singleLine) || longFirstLine ? 'lines' : moreValues ? 'top-values' : 'single');
  // A first record longer than the head (a huge value early in a sorted-keys export) shows only its first
  // members: when each of them is a record field, the lines are records (their own parse decides each).
  if (longFirstLine && layout.shape === 'not-cloudtrail' && isCutOffRecord(obj)) return { shape: 'ndjson', container: { kind: 'lines' }, element: 'record' };
  return layout;
}

/** Keys detection asks about (objectLayout, arrayLayout and their helpers): read whatever their object's size. */
const DETECTION_KEYS = new Set([
  'Records', 'Events', 'messageType', 'logEvents', 'events', 'message', 'detail-type', 'source', 'detail', 'CloudTrailEvent', 'EventId', 'EventName',
  's3', 'digestStartTime', 'digestEndTime', 'digestS3Object', 'logFiles', 'awsAccountId',
]);

function isDetectionKey(key: string): boolean {
  return DETECTION_KEYS.has(key) || RECORD_FIELDS.has(key);
}

export function isRecordField(key: string): boolean {
  return RECORD_FIELDS.has(key);
}

/** The start of an object cut off by the end of the head whose members so far are all record fields. */
function isCutOffRecord(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o);
  return keys.length > 0 && keys.every((k) => RECORD_FIELDS.has(k));
}

type Multiplicity = 'single' | 'lines' | 'top-values';

function objectLayout(o: Record<string, unknown>, many: Multiplicity): Layout {
  const container: Container = many === 'lines' ? { kind: 'lines' } : { kind: 'top-values' };
  if (Array.isArray(o.Records)) {
    const e = o.Records[0];
    if (isPlainObject(e) && isS3Notification(e)) {
      return { shape: 's3-notification', reason: 'S3 Event Notification (eventSource "aws:s3"), not a CloudTrail record', container: NONE, element: 'record' };
    }
    if (isPlainObject(e) && typeof e.eventSource === 'string' && e.eventSource.startsWith('aws:')) {
      return { shape: 'not-cloudtrail', reason: `${quote(e.eventSource)} event records (SQS/SNS/Lambda), not CloudTrail records`, container: NONE, element: 'record' };
    }
    // The first record may be cut off by the end of the head: any CloudTrail key is enough here.
    if (e === undefined || (isPlainObject(e) && (Object.keys(e).length === 0 || Object.keys(e).some((k) => RECORD_KEYS.has(k))))) {
      return { shape: 'trail', container: { kind: 'key', key: 'Records' }, element: 'record' };
    }
    return { shape: 'not-cloudtrail', reason: 'a "Records" array whose entries are not CloudTrail records', container: NONE, element: 'record' };
  }
  if (Array.isArray(o.Events) && (o.Events.length === 0 || isLookupEvent(o.Events[0]))) {
    return { shape: 'lookup-events', container: { kind: 'key', key: 'Events' }, element: 'lookup-event' };
  }
  if (typeof o.messageType === 'string' || Array.isArray(o.logEvents)) {
    return { shape: 'cloudwatch', container: { kind: 'key', key: 'logEvents' }, element: 'log-event' };
  }
  if (Array.isArray(o.events) && (o.events.length === 0 || (isPlainObject(o.events[0]) && 'message' in o.events[0]))) {
    return { shape: 'cloudwatch', container: { kind: 'key', key: 'events' }, element: 'log-event' };
  }
  const eb = eventBridgeKind(o);
  if (eb === 'cloudtrail') return { shape: 'eventbridge', container, element: 'eventbridge' };
  if (eb === 's3') {
    return { shape: 's3-eventbridge-notification', reason: `S3 event notification via EventBridge (${quote(o['detail-type'])}), not a CloudTrail record`, container: NONE, element: 'record' };
  }
  if (eb === 'other') {
    return { shape: 'not-cloudtrail', reason: `EventBridge event ${quote(o['detail-type'])}, not a CloudTrail record`, container: NONE, element: 'record' };
  }
  if (isDigest(o)) return { shape: 'digest', reason: 'CloudTrail digest file (no records)', container: NONE, element: 'record' };
  if (isLookupEvent(o)) return { shape: 'lookup-events-jsonl', container: { kind: 'lines' }, element: 'lookup-event' };
  if (isS3Notification(o)) {
    return { shape: 's3-notification', reason: 'S3 Event Notification record (eventSource "aws:s3"), not a CloudTrail record', container: NONE, element: 'record' };
  }
  if (isRecordLike(o)) {
    return many === 'single' ? { shape: 'record', container: { kind: 'top-values' }, element: 'record' } : { shape: 'ndjson', container, element: 'record' };
  }
  return { shape: 'not-cloudtrail', reason: 'JSON without CloudTrail records', container: NONE, element: 'record' };
}

function arrayLayout(first: Peeked): Layout {
  const arr = Array.isArray(first.value) ? first.value : [];
  const e = arr[0];
  if (isPlainObject(e)) {
    const eb = eventBridgeKind(e);
    if (eb === 'cloudtrail') return { shape: 'eventbridge', container: { kind: 'top-array' }, element: 'eventbridge' };
    if (eb === 's3') {
      return { shape: 's3-eventbridge-notification', reason: 'S3 event notifications via EventBridge, not CloudTrail records', container: NONE, element: 'record' };
    }
    if (isS3Notification(e)) return { shape: 's3-notification', reason: 'S3 Event Notification records (eventSource "aws:s3"), not CloudTrail records', container: NONE, element: 'record' };
    if (isRecordLike(e)) return { shape: 'array', container: { kind: 'top-array' }, element: 'record' };
    if (isLookupEvent(e)) return { shape: 'lookup-events', container: { kind: 'top-array' }, element: 'lookup-event' };
    // A first record cut off by the end of the head (a huge value early in a sorted-keys export).
    if (!first.complete && arr.length === 1 && isCutOffRecord(e)) return { shape: 'array', container: { kind: 'top-array' }, element: 'record' };
  }
  return { shape: 'not-cloudtrail', reason: arr.length === 0 && first.complete ? 'empty JSON array' : 'JSON array without CloudTrail records', container: NONE, element: 'record' };
}

function linesLayout(head: string, complete: boolean): Layout | undefined {
  const lines = head.split('\n');
  if (!complete) lines.pop();
  for (const line of lines.slice(0, 200)) {
    const t = line.trim();
    if (!t) continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      continue;
    }
    if (!isPlainObject(v)) continue;
    if (isLookupEvent(v)) return { shape: 'lookup-events-jsonl', container: { kind: 'lines' }, element: 'lookup-event' };
    if (eventBridgeKind(v) === 'cloudtrail') return { shape: 'eventbridge', container: { kind: 'lines' }, element: 'eventbridge' };
    if (isRecordLike(v) && !isS3Notification(v)) return { shape: 'ndjson', container: { kind: 'lines' }, element: 'record' };
    return undefined;
  }
  return undefined;
}

function notJson(head: string, start: number): Layout {
  const firstLine = head.slice(start, head.indexOf('\n', start) < 0 ? undefined : head.indexOf('\n', start));
  if (firstLine.split(',').length >= 3 && !/[{}]/.test(firstLine)) {
    const mentions = /event ?name|event ?source|eventtime|event ?type/i.test(firstLine);
    return {
      shape: 'not-cloudtrail',
      reason: mentions ? 'CSV export of events, not CloudTrail JSON' : 'CSV text, not CloudTrail JSON',
      container: NONE,
      element: 'record',
    };
  }
  return { shape: 'not-cloudtrail', reason: 'not JSON', container: NONE, element: 'record' };
}

const RECORD_KEYS = new Set(['eventVersion', 'eventTime', 'eventName', 'eventSource', 'userIdentity', 'awsRegion', 'eventID', 'eventType', 'insightDetails']);

/** Top-level fields of a CloudTrail record (the reference's record contents). */
const RECORD_FIELDS = new Set([
  ...RECORD_KEYS, 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage', 'requestParameters', 'responseElements',
  'additionalEventData', 'requestID', 'readOnly', 'resources', 'apiVersion', 'managementEvent', 'recipientAccountId',
  'serviceEventDetails', 'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId', 'eventCategory', 'addendum',
  'sessionCredentialFromConsole', 'edgeDeviceDetails', 'tlsDetails',
]);


/** Keys that only a CloudTrail record has together. */
export function isRecordLike(o: Record<string, unknown>): boolean {
  if (typeof o.eventSource === 'string' && o.eventSource.startsWith('aws:')) return false;
  const v = o.eventVersion;
  if (typeof v === 'string' && /^1\./.test(v)) {
    return 'eventTime' in o || 'eventName' in o || 'eventSource' in o || 'userIdentity' in o || 'insightDetails' in o;
  }
  if (v !== undefined) return false;
  // Old or flattened exports without eventVersion.
  return 'eventTime' in o && 'eventName' in o && 'eventSource' in o;
}

function isS3Notification(o: Record<string, unknown>): boolean {
  if (typeof o.eventSource === 'string' && o.eventSource.startsWith('aws:')) return o.eventSource === 'aws:s3';
  return typeof o.eventVersion === 'string' && /^2\./.test(o.eventVersion) && 's3' in o;
}

function isLookupEvent(v: unknown): boolean {
  return isPlainObject(v) && ('CloudTrailEvent' in v || ('EventId' in v && 'EventName' in v));
}

function isDigest(o: Record<string, unknown>): boolean {
  return 'digestStartTime' in o || 'digestEndTime' in o || 'digestS3Object' in o || ('logFiles' in o && 'awsAccountId' in o);
}

function eventBridgeKind(o: Record<string, unknown>): 'cloudtrail' | 's3' | 'other' | undefined {
  const dt = o['detail-type'];
  if (typeof dt !== 'string') return undefined;
  if (/via CloudTrail$/i.test(dt)) return 'cloudtrail';
  if (o.source === 'aws.s3' || /^Object /.test(dt)) return 's3';
  return 'other';
}

/** A value from the file, quoted and shortened for a message (file text is attacker-controlled). */
function quote(v: unknown): string {
  const s = String(v);
  return JSON.stringify(s.length > 60 ? s.slice(0, 60) + '…' : s);
}
