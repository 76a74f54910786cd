// A whole access-log text in memory (a document, a small file): every line read, a problem per bad line.

import type { Problem } from '../problem';
import { parseAccessLine, type AccessLogLine } from './line';

/** Longest line read; a longer one is a problem (memory per line stays bounded). */
export const MAX_ACCESS_LINE_CHARS = 64 * 1024;

export interface AccessLineSpan {
  /** 0-based line number in the file. */
  line: number;
  /** Offset of the line in the text (UTF-16 units for a string, bytes when the reader says so). */
  offset: number;
  length: number;
  value: AccessLogLine;
}

export interface AccessLogText {
  lines: AccessLineSpan[];
  problems: Problem[];
}

/** Reads every line of `text`; offsets count UTF-16 units of the string (the editor's view). */
export function parseAccessLogText(text: string, file: string, maxLineChars = MAX_ACCESS_LINE_CHARS): AccessLogText {
  const lines: AccessLineSpan[] = [];
  const problems: Problem[] = [];
  let p = 0;
  let line = 0;
  while (p < text.length) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    let z = e;
    if (z > p && text.charCodeAt(z - 1) === 13) z--;
    if (z - p > maxLineChars) {
      problems.push({ file, code: 'access-log-line-too-long', severity: 'error', message: `line is ${z - p} characters long; access-log lines over ${maxLineChars} are not read`, position: { line, column: 0, offset: p } });
    } else if (z > p && text.slice(p, z).trim()) {
      const r = parseAccessLine(text, { file, line, offset: p }, p, z);
      // parseAccessLine counts problem offsets in bytes; a string view counts code units.
      for (const pr of r.problems) problems.push(pr.position ? { ...pr, position: { ...pr.position, offset: p + pr.position.column } } : pr);
      if (r.value) lines.push({ line, offset: p, length: z - p, value: r.value });
    }
    p = e + 1;
    line++;
  }
  return { lines, problems };
}
