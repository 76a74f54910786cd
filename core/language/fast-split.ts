// Scans over JSON text that jump from quote to quote with indexOf: where a value ends, where the value at a
// path is. Offsets are string offsets of the editor text.

import { stringEnd } from '../parse';

function skipWs(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Index just past the string whose opening quote is at i; the text's end when it does not close. */
export function stringSpanEnd(s: string, i: number): number {
  const end = stringEnd(s, i + 1);
  return end < 0 ? s.length : end;
}

/** Index just past the (valid) JSON value starting at i. */
export function valueEnd(s: string, i: number): number {
  const c0 = s.charCodeAt(i);
  if (c0 === 0x22) return stringSpanEnd(s, i);
  if (c0 !== 0x7b && c0 !== 0x5b) {
    let j = i;
    for (;;) {
      const c = s.charCodeAt(j);
      if (Number.isNaN(c) || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return j;
      j++;
    }
  }
  let depth = 0;
  let j = i;
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 0x22) {
      j = stringSpanEnd(s, j);
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return n;
}

export interface MemberLocation {
  /** The member's key string (with quotes); absent for array elements. */
  keyStart?: number;
  keyEnd?: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * Where the value at a JSON path is in a valid JSON text, without building a tree: skips sibling values
 * with the quote-to-quote scan. Keys are compared after JSON decoding only when they contain escapes.
 */
export function locatePath(s: string, path: readonly (string | number)[], start = 0): MemberLocation | undefined {
  let at = skipWs(s, start);
  let loc: MemberLocation = { valueStart: at, valueEnd: valueEnd(s, at) };
  for (const part of path) {
    at = loc.valueStart;
    const open = s.charCodeAt(at);
    let found: MemberLocation | undefined;
    if (typeof part === 'string' && open === 0x7b) {
      let j = skipWs(s, at + 1);
      while (s.charCodeAt(j) === 0x22) {
        const keyEnd = stringSpanEnd(s, j);
        const raw = s.slice(j + 1, keyEnd - 1);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        const v = skipWs(s, skipWs(s, keyEnd) + 1);
        const end = valueEnd(s, v);
        // JSON.parse keeps the last duplicate key, so the last match wins.
        if (key === part) found = { keyStart: j, keyEnd, valueStart: v, valueEnd: end };
        j = skipWs(s, end);
        if (s.charCodeAt(j) !== 0x2c) break;
        j = skipWs(s, j + 1);
      }
    } else if (typeof part === 'number' && open === 0x5b) {
      let j = skipWs(s, at + 1);
      for (let i = 0; s.charCodeAt(j) !== 0x5d && j < s.length; i++) {
        const end = valueEnd(s, j);
        if (i === part) {
          found = { valueStart: j, valueEnd: end };
          break;
        }
        j = skipWs(s, end);
        if (s.charCodeAt(j) !== 0x2c) break;
        j = skipWs(s, j + 1);
      }
    }
    if (!found) return undefined;
    loc = found;
  }
  return loc;
}
