// Diagnostics of an S3 server access log document: each line that does not parse (too few fields, a bad
// time, an unclosed quote, a bad status or number, an over-long line) as a range from the problem's column to
// the end of the token there. Offsets in the text (UTF-16 units), plain data for the language server.

import type { Severity } from '../problem';
import { parseAccessLogText } from './text';

export interface AccessLogDiagnostic {
  start: number;
  end: number;
  severity: Severity;
  code: string;
  message: string;
}

/** At most this many diagnostics per document (the rest are counted in one more). */
export const MAX_ACCESS_LOG_DIAGNOSTICS = 1000;

export function accessLogDiagnostics(text: string, file: string): AccessLogDiagnostic[] {
  const { problems } = parseAccessLogText(text, file);
  const out: AccessLogDiagnostic[] = [];
  for (const p of problems) {
    if (out.length === MAX_ACCESS_LOG_DIAGNOSTICS) {
      const last = out[out.length - 1];
      out.push({ start: last.start, end: last.end, severity: 'information', code: 'access-log-more', message: `${problems.length - MAX_ACCESS_LOG_DIAGNOSTICS} more problems are not shown` });
      break;
    }
    const start = p.position?.offset ?? 0;
    let end = start;
    while (end < text.length && text[end] !== ' ' && text[end] !== '\n' && text[end] !== '\r') end++;
    if (end === start) {
      // At the end of a cut-short line: mark the last character before it.
      out.push({ start: Math.max(0, start - 1), end: start, severity: p.severity, code: p.code, message: p.message });
    } else {
      out.push({ start, end, severity: p.severity, code: p.code, message: p.message });
    }
  }
  return out;
}
