// Hovers over an S3 server access log line: which field is under the cursor, what it means, and its value
// explained (operation with its CloudTrail eventName and catalog docs, requester decoded, status and error
// code, time in UTC, local time and age, the key decoded, sizes). Offsets in, markdown out; the language
// server adapts it to LSP. Field values are attacker-controlled: they appear only inside code spans.

import { accessOperation, eventNameForOperation, lookupEvent } from '../catalog';
import { codeSpan, explainErrorCode, explainEventEntry, timeLines } from '../language';
import { ACCESS_FIELD as F, ACCESS_FIELD_DOCS } from './fields';
import { splitAccessLine, newSplitBounds } from './split';
import { parseAccessTime } from './time';
import { decodeKey, describeRequester, fieldValue } from './values';

export interface AccessLogHover {
  /** Markdown. */
  contents: string;
  /** Offsets of the field in the text. */
  start: number;
  end: number;
}

/** Reason phrases of the statuses S3 returns (RFC 9110 and S3's own), by code. */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK', 204: 'No Content', 206: 'Partial Content (a range of the object)', 301: 'Moved Permanently (wrong endpoint or Region)',
  304: 'Not Modified (conditional request; the cached copy is current)', 307: 'Temporary Redirect', 400: 'Bad Request', 403: 'Forbidden (access denied)',
  404: 'Not Found (no such key or bucket)', 405: 'Method Not Allowed', 409: 'Conflict', 411: 'Length Required', 412: 'Precondition Failed',
  416: 'Range Not Satisfiable', 500: 'Internal Server Error (S3 side; retry)', 501: 'Not Implemented', 503: 'Slow Down / Service Unavailable (S3 throttled the request; retry)',
};

function statusClass(n: number): string {
  if (n >= 200 && n < 300) return 'success';
  if (n >= 300 && n < 400) return 'redirect';
  if (n >= 400 && n < 500) return 'client error: the request was refused or wrong';
  if (n >= 500 && n < 600) return 'server error';
  return 'not an HTTP status';
}

function bytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${n.toLocaleString('en-US')} bytes (${v.toFixed(1)} ${units[u]})`;
}

/** The value part of a field's hover; undefined when there is nothing to add to the field's description. */
function explainValue(field: number, s: string, b: Int32Array, now: number): string | undefined {
  const a = b[2 * field];
  const z = b[2 * field + 1];
  const value = fieldValue(s, a, z);
  if (field === F.time) {
    const t = parseAccessTime(s, a, z);
    if (Number.isNaN(t)) return 'Not a time like `[06/Feb/2019:00:00:38 +0000]`.';
    return `${timeLines(t, now)}\n- When S3 received the request (a log file is not sorted by time).`;
  }
  // `-` as Requester is a request without credentials, not an unknown one.
  if (value === undefined && field === F.requester) return `\`-\` — ${describeRequester(undefined).explanation}`;
  if (value === undefined) return field === F.bytesSent ? '`-`: nothing sent (0 bytes).' : '`-`: unknown or not applicable.';
  switch (field) {
    case F.operation: {
      const entry = accessOperation(value);
      const key = fieldValue(s, b[2 * F.key], b[2 * F.key + 1]);
      const uri = fieldValue(s, b[2 * F.requestUri], b[2 * F.requestUri + 1]);
      const eventName = eventNameForOperation(value, key !== undefined, uri);
      const lines: string[] = [];
      if (eventName) {
        lines.push(`CloudTrail records this request as ${codeSpan(eventName)}.`);
        const event = lookupEvent(eventName, 's3.amazonaws.com');
        if (event) lines.push('', explainEventEntry(event));
      } else if (entry) {
        lines.push('No CloudTrail record corresponds to this line.');
      } else {
        lines.push(`${codeSpan(value)} is not an operation this catalog knows.`);
      }
      if (entry?.note) lines.push('', entry.note);
      return lines.join('\n');
    }
    case F.requester: {
      const r = describeRequester(value);
      return `${codeSpan(value)} — ${r.explanation}`;
    }
    case F.httpStatus: {
      const n = Number(value);
      if (!/^\d{3}$/.test(value)) return `${codeSpan(value)} is not a 3-digit HTTP status.`;
      return `${codeSpan(value)} — ${STATUS_TEXT[n] ?? 'HTTP status'} (${statusClass(n)}).`;
    }
    case F.errorCode:
      return explainErrorCode(value);
    case F.key: {
      const decoded = decodeKey(value);
      return decoded === value ? undefined : `Object key (decoded once): ${codeSpan(decoded)}`;
    }
    case F.bytesSent:
    case F.objectSize:
      return /^\d+$/.test(value) ? bytes(Number(value)) : `${codeSpan(value)} is not a number.`;
    case F.totalTime:
    case F.turnAroundTime:
      return /^\d+$/.test(value) ? `${Number(value).toLocaleString('en-US')} ms` : `${codeSpan(value)} is not a number.`;
    case F.requestId:
      return `Query \`requestid:${value.replace(/`/g, '')}\` finds the CloudTrail record of the same request.`;
    default:
      return undefined;
  }
}

const bounds = newSplitBounds();

/** The hover at `offset` of an access-log text, or null when the offset is on no field of a readable line. */
export function accessLogHover(text: string, offset: number, now: number = Date.now()): AccessLogHover | null {
  if (offset < 0 || offset > text.length) return null;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  if (!splitAccessLine(text, lineStart, lineEnd, bounds)) return null;
  const b = bounds.b;
  for (let f = 0; f < ACCESS_FIELD_DOCS.length; f++) {
    const a = b[2 * f];
    const z = b[2 * f + 1];
    if (a < 0 || offset < a || offset > z || (offset === z && z === a)) continue;
    const doc = ACCESS_FIELD_DOCS[f];
    const explained = explainValue(f, text, b, now);
    const contents = [`**${doc.title}** (field ${f + 1} of the S3 server access log)`, '', doc.description, ...(explained ? ['', explained] : [])].join('\n');
    return { contents, start: a, end: z };
  }
  return null;
}
