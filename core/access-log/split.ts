// Splitting one access-log line into its fields without copying: field i is s[b[2i], b[2i+1]), -1 when absent.
//
// Quotes inside Request-URI, Referer and User-Agent are not escaped by S3, so a quoted field cannot end at the
// next `"` (reference s3-access-logs.md 1, reading rule 2). The Request-URI ends at the first `" ` followed by a
// status token; Referer and User-Agent are what lies between Turn-Around Time and the trailing fields (which never
// contain quotes or spaces), split at the first `" "`.

import { KNOWN_ACCESS_FIELDS, MIN_ACCESS_FIELDS } from './fields';

/** Why a line could not be split, with the column (UTF-16 units from the line start) where it went wrong. */
export interface SplitFailure {
  code: 'access-log-fields' | 'access-log-time' | 'access-log-quote';
  message: string;
  column: number;
}

export interface SplitBounds {
  /** 2 * KNOWN_ACCESS_FIELDS slots: start, end of each field (absolute indexes into the string); -1 = absent. */
  b: Int32Array;
  /** Fields present in the line, up to KNOWN_ACCESS_FIELDS (extra trailing ones are counted in `extra`). */
  count: number;
  extra: number;
  failure?: SplitFailure;
}

export function newSplitBounds(): SplitBounds {
  return { b: new Int32Array(KNOWN_ACCESS_FIELDS * 2), count: 0, extra: 0 };
}

const SPACE = 32;
const QUOTE = 34;

function isStatusToken(s: string, at: number, end: number): boolean {
  const c = s.charCodeAt(at);
  if (c === 45) return at + 1 === end || s.charCodeAt(at + 1) === SPACE;
  let i = at;
  while (i < end) {
    const d = s.charCodeAt(i);
    if (d === SPACE) break;
    if (d < 48 || d > 57) return false;
    i++;
  }
  return i > at && (i === end || s.charCodeAt(i) === SPACE);
}

/**
 * Splits s[start, end) (one line without its newline) into `out`. Returns false with `out.failure` set when the
 * line is not an access-log line: fewer than 17 fields, no bracketed time, or a quoted field that never closes.
 */
export function splitAccessLine(s: string, start: number, end: number, out: SplitBounds): boolean {
  const b = out.b;
  b.fill(-1);
  out.count = 0;
  out.extra = 0;
  out.failure = undefined;
  const fail = (code: SplitFailure['code'], at: number, message: string): boolean => {
    out.failure = { code, column: Math.max(0, at - start), message };
    return false;
  };
  const tooFew = (at: number, got: number): boolean =>
    fail('access-log-fields', at, `line ends after ${got} field${got === 1 ? '' : 's'}; an access-log line has at least ${MIN_ACCESS_FIELDS}`);
  let p = start;
  let f = 0;
  // Plain token ending at the next space (or the line end when `last`).
  const token = (): boolean => {
    if (p >= end) return tooFew(end, f);
    let q = s.indexOf(' ', p);
    if (q < 0 || q > end) q = end;
    b[2 * f] = p;
    b[2 * f + 1] = q;
    f++;
    p = q + 1;
    return true;
  };
  if (!token() || !token()) return false;
  // Time: `[dd/Mon/yyyy:HH:MM:SS +hhmm]` holds one space.
  if (p >= end) return tooFew(end, f);
  if (s.charCodeAt(p) !== 91) return fail('access-log-time', p, 'field 3 (Time) does not start with `[`');
  const q = s.indexOf(']', p);
  if (q < 0 || q >= end) return fail('access-log-time', p, 'field 3 (Time) has no closing `]`');
  b[4] = p;
  b[5] = q + 1;
  f = 3;
  p = q + 1;
  if (p >= end) return tooFew(end, f);
  if (s.charCodeAt(p) !== SPACE) return fail('access-log-time', p, 'field 3 (Time) is not followed by a space');
  p++;
  for (let i = 0; i < 5; i++) if (!token()) return false;
  // Request-URI
  if (p >= end) return tooFew(end, f);
  if (s.charCodeAt(p) === QUOTE) {
    let c = s.indexOf('" ', p + 1);
    const first = c;
    while (c >= 0 && c < end && !isStatusToken(s, c + 2, end)) c = s.indexOf('" ', c + 1);
    // No status after any `" `: the status itself is damaged; the first close is the best guess (checked later).
    if ((c < 0 || c >= end) && first >= 0 && first < end) c = first;
    if (c < 0 || c >= end) {
      // Cut short inside the Request-URI, or never closed: either way not 17 fields.
      if (s.charCodeAt(end - 1) === QUOTE && end - 1 > p) return tooFew(end, 9);
      return fail('access-log-quote', p, 'field 9 (Request-URI) opens a quote that is not closed before the status');
    }
    b[16] = p;
    b[17] = c + 1;
    f = 9;
    p = c + 2;
  } else if (!token()) return false;
  for (let i = 0; i < 6; i++) {
    if (!token()) return false;
    if (f === 15 && p > end) return tooFew(end, f);
  }
  if (p >= end) return tooFew(end, f);
  // Referer and User-Agent, then trailing fields without quotes or spaces.
  const lastQuote = s.lastIndexOf('"', end - 1);
  let after: number;
  if (lastQuote < p) {
    if (!token()) return false;
    if (!token()) return false;
    after = p - 1;
  } else if (s.charCodeAt(p) === QUOTE) {
    const k = s.indexOf('" "', p + 1);
    if (k >= 0 && k + 2 <= lastQuote) {
      b[30] = p; b[31] = k + 1;
      b[32] = k + 2; b[33] = lastQuote + 1;
      f = 17;
      after = lastQuote + 1;
    } else {
      b[30] = p; b[31] = lastQuote + 1;
      f = 16;
      p = lastQuote + 2;
      if (lastQuote + 1 >= end || s.charCodeAt(lastQuote + 1) !== SPACE) return tooFew(end, f);
      if (!token()) return false;
      after = p - 1;
    }
  } else {
    if (!token()) return false;
    if (s.charCodeAt(p) === QUOTE && lastQuote > p) {
      b[32] = p; b[33] = lastQuote + 1;
      f = 17;
      after = lastQuote + 1;
    } else {
      if (!token()) return false;
      after = p - 1;
    }
  }
  // Trailing fields 18..27, extra ones ignored.
  if (after < end) {
    if (s.charCodeAt(after) !== SPACE) return fail('access-log-quote', after, 'a quoted field is followed by text instead of a space');
    p = after + 1;
    while (p < end) {
      let e = s.indexOf(' ', p);
      if (e < 0 || e > end) e = end;
      if (f < KNOWN_ACCESS_FIELDS) {
        b[2 * f] = p;
        b[2 * f + 1] = e;
        f++;
      } else out.extra++;
      p = e + 1;
    }
  }
  out.count = f;
  return true;
}
