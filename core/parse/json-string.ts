// Where a JSON string ends: the one scanner for "the closing quote is the first quote after an even run of
// backslashes", shared by the record splitter (bytes, fed chunk by chunk), the shape peek and the language
// service's quote-to-quote scans (editor text). The fast lane's WebAssembly scanner (wasm/record-scan.as.ts)
// spells the same rule in AssemblyScript, 16 bytes at a time.
//
// Quotes are found with indexOf, natively: most bytes of a record are inside strings, and jumping from quote
// to quote is what makes these scans cheap. A backslash escapes the one character after it, so a quote
// preceded by an odd run of backslashes is escaped and an even run (0, 2, 4 ...) is backslashes escaping
// each other.

import { BACKSLASH, QUOTE } from './json-bytes';

/** stringEnd's answer when the text ends inside the string. */
export const UNTERMINATED = -1;
/** stringEnd's answer when the text ends inside the string, right after a backslash whose escaped
 *  character is not in the text yet: a chunked reader skips the first character of the next chunk. */
export const UNTERMINATED_IN_ESCAPE = -2;

/**
 * Index just past the closing quote of the JSON string whose contents start at `from` (just past its
 * opening quote, or, for a chunked reader, where a string begun in an earlier chunk goes on: backslashes
 * before `from` are not counted). Quotes at or past `to` are not looked at. When the string does not
 * close before `to`: UNTERMINATED, or UNTERMINATED_IN_ESCAPE when the text ends in an odd run of
 * backslashes. Strings are read by UTF-16 units, bytes by bytes: the quote and the backslash are ASCII,
 * and in UTF-8 no byte of a multi-byte character is one.
 */
export function stringEnd(text: string | Uint8Array, from: number, to: number = text.length): number {
  for (let j = from; ;) {
    const q = typeof text === 'string' ? text.indexOf('"', j) : text.indexOf(QUOTE, j);
    if (q < 0 || q >= to) return oddBackslashesBefore(text, from, to) ? UNTERMINATED_IN_ESCAPE : UNTERMINATED;
    if (!oddBackslashesBefore(text, from, q)) return q + 1;
    j = q + 1;
  }
}

/** Whether text[from, at) ends in an odd run of backslashes (the character at `at` is escaped). */
function oddBackslashesBefore(text: string | Uint8Array, from: number, at: number): boolean {
  let k = at - 1;
  if (typeof text === 'string') while (k >= from && text.charCodeAt(k) === BACKSLASH) k--;
  else while (k >= from && text[k] === BACKSLASH) k--;
  return ((at - 1 - k) & 1) === 1;
}
