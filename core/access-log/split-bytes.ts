// The index's splitter of an access-log line from its bytes (ASCII text): the same bounds as splitAccessLine
// (split.ts) for the lines it accepts, without a string per file or per field. The index reads hundreds of
// thousands of lines a second through it; decoding every file to a string and calling String#indexOf per field
// cost more than the regular expression of the one-thread baseline.
//
// It is the fast lane only: a line it does not accept (a failure, or a shape rarer than the usual ones: a field
// cut short, a Request-URI that never closes) returns false and goes through splitAccessLine, which then says
// what is wrong with the same column as ever. The bounds of an accepted line equal splitAccessLine's (tests
// compare both over every generated line and over mutated ones).

import { KNOWN_ACCESS_FIELDS } from './fields';

const SPACE = 32;
const QUOTE = 34;
const DASH = 45;

/**
 * Splits d[start, end) (one line without its newline, ASCII) into `b` (2 * KNOWN_ACCESS_FIELDS slots, as
 * SplitBounds.b). Returns the number of fields (up to KNOWN_ACCESS_FIELDS), or -1 when the line is not one this
 * lane takes: the caller then splits it with splitAccessLine. Extra trailing fields are skipped.
 */
export function splitAccessBytes(d: Uint8Array, start: number, end: number, b: Int32Array): number {
  let p = start;
  let q = 0;
  // Fields 1 and 2.
  for (let f = 0; f < 2; f++) {
    q = p;
    while (q < end && d[q] !== SPACE) q++;
    if (q >= end) return -1;
    b[2 * f] = p;
    b[2 * f + 1] = q;
    p = q + 1;
  }
  // Time: `[dd/Mon/yyyy:HH:MM:SS +hhmm]`, one space inside, then a space.
  if (p >= end || d[p] !== 91) return -1;
  q = p + 1;
  while (q < end && d[q] !== 93) q++;
  if (q + 1 >= end || d[q + 1] !== SPACE) return -1;
  b[4] = p;
  b[5] = q + 1;
  p = q + 2;
  // Fields 4 to 8.
  for (let f = 3; f < 8; f++) {
    q = p;
    while (q < end && d[q] !== SPACE) q++;
    if (q >= end) return -1;
    b[2 * f] = p;
    b[2 * f + 1] = q;
    p = q + 1;
  }
  // Request-URI: quoted, it ends at the first `" ` followed by a status token (quotes inside are not escaped).
  if (p >= end) return -1;
  if (d[p] === QUOTE) {
    q = p + 1;
    for (;;) {
      while (q < end && d[q] !== QUOTE) q++;
      if (q + 1 >= end) return -1;
      if (d[q + 1] === SPACE && isStatusToken(d, q + 2, end)) break;
      q++;
    }
    b[16] = p;
    b[17] = q + 1;
    p = q + 2;
  } else {
    q = p;
    while (q < end && d[q] !== SPACE) q++;
    if (q >= end) return -1;
    b[16] = p;
    b[17] = q;
    p = q + 1;
  }
  // Fields 10 to 15, each followed by a space (Referer comes after).
  for (let f = 9; f < 15; f++) {
    q = p;
    while (q < end && d[q] !== SPACE) q++;
    if (q >= end) return -1;
    b[2 * f] = p;
    b[2 * f + 1] = q;
    p = q + 1;
  }
  if (p >= end) return -1;
  // Referer and User-Agent: what lies between Turn-Around Time and the last quote of the line (trailing fields
  // hold neither quotes nor spaces), split at the first `" "`.
  let lastQuote = end - 1;
  while (lastQuote >= p && d[lastQuote] !== QUOTE) lastQuote--;
  let f = 17;
  let after: number;
  if (lastQuote < p) {
    // No quote: Referer and User-Agent are plain tokens.
    for (let g = 15; g < 17; g++) {
      if (p >= end) return -1;
      q = p;
      while (q < end && d[q] !== SPACE) q++;
      b[2 * g] = p;
      b[2 * g + 1] = q;
      p = q + 1;
    }
    after = p - 1;
  } else if (d[p] === QUOTE) {
    let k = p + 1;
    while (k + 2 <= lastQuote && !(d[k] === QUOTE && d[k + 1] === SPACE && d[k + 2] === QUOTE)) k++;
    if (k + 2 > lastQuote) return -1;
    b[30] = p;
    b[31] = k + 1;
    b[32] = k + 2;
    b[33] = lastQuote + 1;
    after = lastQuote + 1;
  } else {
    // A bare Referer (`-`), then a quoted User-Agent up to the last quote.
    q = p;
    while (q < end && d[q] !== SPACE) q++;
    if (q >= end) return -1;
    b[30] = p;
    b[31] = q;
    p = q + 1;
    if (d[p] !== QUOTE || lastQuote <= p) return -1;
    b[32] = p;
    b[33] = lastQuote + 1;
    after = lastQuote + 1;
  }
  for (let i = 2 * f; i < 2 * KNOWN_ACCESS_FIELDS; i++) b[i] = -1;
  // Trailing fields 18..27 (no quotes, no spaces inside), extra ones ignored.
  if (after < end) {
    if (d[after] !== SPACE) return -1;
    p = after + 1;
    while (p < end && f < KNOWN_ACCESS_FIELDS) {
      q = p;
      while (q < end && d[q] !== SPACE) q++;
      b[2 * f] = p;
      b[2 * f + 1] = q;
      f++;
      p = q + 1;
    }
  }
  return f;
}

/** splitAccessLine's status token: `-` or digits, then a space or the line's end. */
function isStatusToken(d: Uint8Array, at: number, end: number): boolean {
  if (at >= end) return false;
  if (d[at] === DASH) return at + 1 === end || d[at + 1] === SPACE;
  let i = at;
  while (i < end) {
    const c = d[i];
    if (c === SPACE) break;
    if (c < 48 || c > 57) return false;
    i++;
  }
  return i > at;
}
