// A tolerant, depth-limited JSON reader for the first few KB of a file: it returns what it could read
// (objects cut off by the end of the head or by damage keep the members read so far), which is all
// shape detection needs. Deep values are skipped, not built.

import { stringEnd } from './json-string';

export interface Peeked {
  value: unknown;
  /** String index just after the value (or where reading stopped). */
  end: number;
  /** False when the text ended or broke before the value was closed. */
  complete: boolean;
}

/** Placeholder for a value deeper than the depth limit (it was skipped, not read). */
export const SKIPPED: unique symbol = Symbol('skipped');

const MAX_DEPTH = 4;
const MAX_ARRAY_ITEMS = 2;

/**
 * Members of one object read into its value; past them only the keys the caller keeps are read, the other
 * values are skipped. A head of 64 KB can hold one object with 6,000 keys, which cost 20-40 ms to build (a
 * dictionary-mode object) in one unsliced step of the language server (issue 17); no CloudTrail object that
 * detection looks at has more than a few dozen members.
 */
export const MAX_OBJECT_MEMBERS = 256;

/** Which keys of an object past MAX_OBJECT_MEMBERS are still read (the ones detection asks about). */
export type KeepKey = (key: string) => boolean;

export function skipWhitespace(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
    else break;
  }
  return i;
}

/** Reads one JSON value starting at (or after whitespace from) index i. */
export function peekValue(s: string, i: number, depth = 0, keep?: KeepKey): Peeked {
  i = skipWhitespace(s, i);
  if (i >= s.length) return { value: undefined, end: i, complete: false };
  const c = s.charCodeAt(i);
  if (depth > MAX_DEPTH && (c === 0x7b || c === 0x5b)) {
    const end = skipContainer(s, i);
    return end < 0 ? { value: SKIPPED, end: s.length, complete: false } : { value: SKIPPED, end, complete: true };
  }
  if (c === 0x7b) return peekObject(s, i, depth, keep);
  if (c === 0x5b) return peekArray(s, i, depth, keep);
  if (c === 0x22) {
    const end = stringEnd(s, i + 1);
    if (end < 0) return { value: undefined, end: s.length, complete: false };
    const value = jsonString(s, i, end);
    return value === undefined ? { value: undefined, end, complete: false } : { value, end, complete: true };
  }
  const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 64));
  if (!m) return { value: undefined, end: i, complete: false };
  const end = i + m[0].length;
  // A number that touches the end of the head may be cut off; it is still usable for detection.
  return { value: JSON.parse(m[0]), end, complete: end < s.length };
}

function peekObject(s: string, i: number, depth: number, keep: KeepKey | undefined): Peeked {
  const obj: Record<string, unknown> = {};
  let members = 0;
  i = skipWhitespace(s, i + 1);
  if (s.charCodeAt(i) === 0x7d) return { value: obj, end: i + 1, complete: true };
  for (;;) {
    i = skipWhitespace(s, i);
    if (s.charCodeAt(i) !== 0x22) return { value: obj, end: i, complete: false };
    const keyEnd = stringEnd(s, i + 1);
    if (keyEnd < 0) return { value: obj, end: s.length, complete: false };
    const key = jsonString(s, i, keyEnd);
    if (key === undefined) return { value: obj, end: keyEnd, complete: false };
    i = skipWhitespace(s, keyEnd);
    if (s.charCodeAt(i) !== 0x3a) return { value: obj, end: i, complete: false };
    const read = ++members <= MAX_OBJECT_MEMBERS || keep?.(key) === true;
    const v = read ? peekValue(s, i + 1, depth + 1, keep) : skipValue(s, i + 1);
    // A key whose value broke off still tells what kind of object this is.
    if (read) obj[key] = v.value === undefined ? null : v.value;
    if (!v.complete) return { value: obj, end: v.end, complete: false };
    i = skipWhitespace(s, v.end);
    const c = s.charCodeAt(i);
    if (c === 0x2c) i++;
    else if (c === 0x7d) return { value: obj, end: i + 1, complete: true };
    else return { value: obj, end: i, complete: false };
  }
}

function peekArray(s: string, i: number, depth: number, keep: KeepKey | undefined): Peeked {
  const arr: unknown[] = [];
  i = skipWhitespace(s, i + 1);
  if (s.charCodeAt(i) === 0x5d) return { value: arr, end: i + 1, complete: true };
  for (;;) {
    const v = arr.length >= MAX_ARRAY_ITEMS ? skipValue(s, i) : peekValue(s, i, depth + 1, keep);
    if (v.value !== undefined) arr.push(v.value);
    if (!v.complete) return { value: arr, end: v.end, complete: false };
    i = skipWhitespace(s, v.end);
    const c = s.charCodeAt(i);
    if (c === 0x2c) i++;
    else if (c === 0x5d) return { value: arr, end: i + 1, complete: true };
    else return { value: arr, end: i, complete: false };
  }
}

/** Steps over the value at (or after whitespace from) i without building it. */
function skipValue(s: string, i: number): Peeked {
  i = skipWhitespace(s, i);
  const c = s.charCodeAt(i);
  const end = c === 0x7b || c === 0x5b ? skipContainer(s, i) : c === 0x22 ? stringEnd(s, i + 1) : scalarEnd(s, i);
  return end < 0 ? { value: undefined, end: s.length, complete: false } : { value: SKIPPED, end, complete: true };
}

/** The JSON string s[start, end) (quotes included) as JSON.parse reads it; undefined where it refuses it.
 *  Without escapes or control characters that is the text between the quotes, taken without parsing. */
function jsonString(s: string, start: number, end: number): string | undefined {
  let plain = true;
  for (let j = start + 1; j < end - 1; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c || c < 0x20) {
      plain = false;
      break;
    }
  }
  if (plain) return s.slice(start + 1, end - 1);
  try {
    return JSON.parse(s.slice(start, end)) as string;
  } catch {
    return undefined;
  }
}

function scalarEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x2c || c === 0x5d || c === 0x7d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    j++;
  }
  return j < s.length ? j : -1;
}

/** Index just after the container starting at i (brackets balanced, strings skipped), or -1. */
export function skipContainer(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x22) {
      const e = stringEnd(s, j + 1);
      if (e < 0) return -1;
      j = e - 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
