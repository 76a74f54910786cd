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
/** A byte repeated in the four bytes of a word: what findByte compares words with. */
const SPACES = 0x20202020;
const QUOTES = 0x22222222;
const CLOSES = 0x5d5d5d5d;

/**
 * The first i in [from, end) with d[i] === byte, or end. Four bytes at a time through `w` (an Int32Array over the
 * same bytes, little-endian): a word's zero bytes after XOR with the repeated byte are the matches, and the lowest
 * one is exact (the classic has-zero-byte test; its false positives lie only above a true match). Lines are ~700
 * bytes of long fields (owner, ARN, user agent, host ID): a byte-by-byte loop was most of the split.
 */
function findByte(d: Uint8Array, w: Int32Array, from: number, end: number, byte: number, repeated: number): number {
  let i = from;
  while ((i & 3) !== 0) {
    if (i >= end) return end;
    if (d[i] === byte) return i;
    i++;
  }
  let k = i >> 2;
  const words = end >> 2;
  while (k < words) {
    const x = w[k] ^ repeated;
    const m = (x - 0x01010101) & ~x & 0x80808080;
    if (m !== 0) return (k << 2) + ((31 - Math.clz32(m & -m)) >> 3);
    k++;
  }
  i = k << 2;
  while (i < end && d[i] !== byte) i++;
  return i < end ? i : end;
}

/** The last i in [from, end) with d[i] === byte, or from - 1; an exact zero-byte mask (no false positives, so
 *  the highest one is the last match). */
function findLastByte(d: Uint8Array, w: Int32Array, from: number, end: number, byte: number, repeated: number): number {
  let i = end - 1;
  while (((i + 1) & 3) !== 0) {
    if (i < from) return from - 1;
    if (d[i] === byte) return i;
    i--;
  }
  let k = ((i + 1) >> 2) - 1;
  const first = (from + 3) >> 2;
  while (k >= first) {
    const x = w[k] ^ repeated;
    const m = ~((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) | 0x7f7f7f7f);
    if (m !== 0) return (k << 2) + ((31 - Math.clz32(m)) >> 3);
    k--;
  }
  i = (k << 2) + 3;
  while (i >= from && d[i] !== byte) i--;
  return i >= from ? i : from - 1;
}

/** An Int32Array over d's bytes (whole words), as splitAccessBytes takes; d must start at a multiple of 4 bytes
 *  of its buffer. */
export function wordsOf(d: Uint8Array): Int32Array {
  if ((d.byteOffset & 3) !== 0) throw new Error('wordsOf: the bytes do not start at a word boundary');
  return new Int32Array(d.buffer, d.byteOffset, d.length >> 2);
}

/**
 * Splits d[start, end) (one line without its newline, ASCII) into `b` (2 * KNOWN_ACCESS_FIELDS slots, as
 * SplitBounds.b); `w` is wordsOf(d). Returns the number of fields (up to KNOWN_ACCESS_FIELDS), or -1 when the line
 * is not one this lane takes: the caller then splits it with splitAccessLine. Extra trailing fields are skipped.
 */
export function splitAccessBytes(d: Uint8Array, w: Int32Array, start: number, end: number, b: Int32Array): number {
  let p = start;
  let q = 0;
  // Fields 1 and 2.
  for (let f = 0; f < 2; f++) {
    q = findByte(d, w, p, end, SPACE, SPACES);
    if (q >= end) return -1;
    b[2 * f] = p;
    b[2 * f + 1] = q;
    p = q + 1;
  }
  // Time: `[dd/Mon/yyyy:HH:MM:SS +hhmm]`, one space inside, then a space.
  if (p >= end || d[p] !== 91) return -1;
  q = findByte(d, w, p + 1, end, 93, CLOSES);
  if (q + 1 >= end || d[q + 1] !== SPACE) return -1;
  b[4] = p;
  b[5] = q + 1;
  p = q + 2;
  // Fields 4 to 8.
  for (let f = 3; f < 8; f++) {
    q = findByte(d, w, p, end, SPACE, SPACES);
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
      q = findByte(d, w, q, end, QUOTE, QUOTES);
      if (q + 1 >= end) return -1;
      if (d[q + 1] === SPACE && isStatusToken(d, q + 2, end)) break;
      q++;
    }
    b[16] = p;
    b[17] = q + 1;
    p = q + 2;
  } else {
    q = findByte(d, w, p, end, SPACE, SPACES);
    if (q >= end) return -1;
    b[16] = p;
    b[17] = q;
    p = q + 1;
  }
  // Fields 10 to 15, each followed by a space (Referer comes after).
  for (let f = 9; f < 15; f++) {
    q = findByte(d, w, p, end, SPACE, SPACES);
    if (q >= end) return -1;
    b[2 * f] = p;
    b[2 * f + 1] = q;
    p = q + 1;
  }
  if (p >= end) return -1;
  // Referer and User-Agent: what lies between Turn-Around Time and the last quote of the line (trailing fields
  // hold neither quotes nor spaces), split at the first `" "`.
  const lastQuote = findLastByte(d, w, p, end, QUOTE, QUOTES);
  let f = 17;
  let after: number;
  if (lastQuote < p) {
    // No quote: Referer and User-Agent are plain tokens.
    for (let g = 15; g < 17; g++) {
      if (p >= end) return -1;
      q = findByte(d, w, p, end, SPACE, SPACES);
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
    q = findByte(d, w, p, end, SPACE, SPACES);
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
      q = findByte(d, w, p, end, SPACE, SPACES);
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
