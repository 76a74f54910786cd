// Splits query text into raw terms (`-field:value,value`, bare words, quoted values) with the
// character range of every piece, so the parser can point at the exact column of a mistake.

import type { QueryError } from '../protocol';

/** One value of a term: literal text chunks with a `*` wildcard between consecutive chunks. */
export interface RawValue {
  /** Literal pieces; `['a', 'b']` is `a*b`, `['x']` has no wildcard. */
  chunks: string[];
  start: number;
  end: number;
  quoted: boolean;
}

export interface RawTerm {
  start: number;
  end: number;
  negated: boolean;
  /** Absent for a bare word. */
  field?: { name: string; start: number; end: number };
  values: RawValue[];
}

export type TokenizeResult = { ok: true; terms: RawTerm[] } | { ok: false; error: QueryError };

// A dotted name is a path into a record (`requestParameters.x-amz-acl:`); the parser checks its root.
const FIELD_NAME = /[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_$@-]+)*:/y;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0';
}

export function tokenize(text: string): TokenizeResult {
  const terms: RawTerm[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (text[i] === '-') {
      negated = true;
      i++;
      if (i >= n || isSpace(text[i])) {
        return { ok: false, error: { message: "'-' must be followed by a term to exclude", start, end: i } };
      }
    }
    let field: RawTerm['field'];
    FIELD_NAME.lastIndex = i;
    if (FIELD_NAME.test(text)) {
      const end = FIELD_NAME.lastIndex - 1;
      field = { name: text.slice(i, end), start: i, end };
      i = end + 1;
      if (i >= n || isSpace(text[i])) {
        return { ok: false, error: { message: `Missing value after '${field.name}:'`, start, end: i } };
      }
    }
    const values: RawValue[] = [];
    for (;;) {
      const item = readValue(text, i);
      if ('error' in item) return { ok: false, error: item.error };
      values.push(item.value);
      i = item.value.end;
      if (i < n && text[i] === ',') {
        i++;
        if (i >= n || isSpace(text[i]) || text[i] === ',') {
          return { ok: false, error: { message: "Empty value after ','", start: i - 1, end: i } };
        }
        continue;
      }
      break;
    }
    terms.push({ start, end: i, negated, field, values });
  }
  return { ok: true, terms };
}

function readValue(text: string, start: number): { value: RawValue } | { error: QueryError } {
  const n = text.length;
  const chunks: string[] = [];
  let cur = '';
  let i = start;
  if (text[i] === '"') {
    i++;
    for (;;) {
      if (i >= n) return { error: { message: 'Unterminated quote', start, end: n } };
      const ch = text[i];
      if (ch === '"') {
        i++;
        break;
      }
      if (ch === '\\' && i + 1 < n && (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === '*')) {
        cur += text[i + 1];
        i += 2;
        continue;
      }
      cur = addChar(chunks, cur, ch);
      i++;
    }
    if (i < n && !isSpace(text[i]) && text[i] !== ',') {
      return { error: { message: "Expected a space or ',' after the closing quote", start: i, end: i + 1 } };
    }
    chunks.push(cur);
    return { value: { chunks, start, end: i, quoted: true } };
  }
  if (text[i] === ',') return { error: { message: "Empty value before ','", start: i, end: i + 1 } };
  while (i < n && !isSpace(text[i]) && text[i] !== ',') {
    cur = addChar(chunks, cur, text[i]);
    i++;
  }
  chunks.push(cur);
  return { value: { chunks, start, end: i, quoted: false } };
}

/** Appends one value character: `*` closes the current literal chunk (chunks are the glob's literal parts). */
function addChar(chunks: string[], cur: string, ch: string): string {
  if (ch !== '*') return cur + ch;
  chunks.push(cur);
  return '';
}
