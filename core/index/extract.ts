// The fast path of ingestion: one strict scan of a record's JSON text that keeps only the members
// core/record's recordValues reads (a pruned record) and skips the rest without building it. The values
// are then computed by core/record itself from the pruned record, so their semantics cannot drift.
// Exactness rests on three things: the scan accepts only text that JSON.parse accepts (anything else
// returns undefined and the caller falls back to parseRecord, which reports the problem); members are
// assigned in text order, so duplicate keys end like JSON.parse's (last value, first position); and a
// kept member holds what the accessors would see of the full value (scalars as they are, any other
// value as null, which every accessor treats like an object/array it cannot use).

import { recordValues, type RawRecord } from '../record';
import type { RecordValues } from '../record/values';

export interface ExtractedRecord {
  values: RecordValues;
}

let src = '';
let pos = 0;
/** The text has no backslash and no control character (nearly every one-line record): a string then
 *  ends at the next quote, found with indexOf, and whitespace can only be spaces. */
let plain = false;
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON forbids in strings
const ESCAPE_OR_CONTROL = /[\x00-\x1f\\]/;

/** Thrown inside the scan for text JSON.parse would reject (or a shape the scan does not take). */
const FAIL = new Error('not fast-path JSON');

type Scalar = string | number | boolean | null;

/** Values of a record from its JSON text, or undefined when the text is not a JSON object the scan
 *  accepts (the caller then runs parseRecord and recordValues, the reference path). */
export function extractRecord(text: string): ExtractedRecord | undefined {
  const record = pruneRecord(text);
  if (record === undefined) return undefined;
  return { values: recordValues(record) };
}

/** The pruned record: only the members recordValues reads, or undefined (fall back to JSON.parse). */
export function pruneRecord(text: string): RawRecord | undefined {
  src = text;
  pos = 0;
  plain = !ESCAPE_OR_CONTROL.test(text);
  try {
    ws();
    if (src.charCodeAt(pos) !== 0x7b) return undefined;
    const r = topObject();
    ws();
    if (pos !== src.length) return undefined;
    return r;
  } catch {
    // FAIL, or a stack overflow on absurd nesting: the reference path decides.
    return undefined;
  } finally {
    src = '';
  }
}

function ws(): void {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
    else return;
  }
}

/** Consumes `c` after optional whitespace. */
function expect(c: number): void {
  ws();
  if (src.charCodeAt(pos) !== c) throw FAIL;
  pos++;
}

/** A run of string characters that need no check beyond "not a quote, backslash or control character";
 *  a sticky regular expression scans it in native code, much faster than a charCodeAt loop. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON forbids in strings
const PLAIN = /[^"\\\x00-\x1f]*/y;

/** From inside a string (after its opening quote): moves past the closing quote. True when it had escapes. */
function stringBody(): boolean {
  if (plain) {
    const q = src.indexOf('"', pos);
    if (q < 0) throw FAIL;
    pos = q + 1;
    return false;
  }
  let escaped = false;
  for (;;) {
    PLAIN.lastIndex = pos;
    PLAIN.test(src);
    pos = PLAIN.lastIndex;
    const c = src.charCodeAt(pos);
    if (c === 0x22) {
      pos++;
      return escaped;
    }
    if (c !== 0x5c) throw FAIL; // control character, or the text ended
    escaped = true;
    skipEscape();
  }
}

/** Reads a string starting at its opening quote; decoded exactly as JSON.parse decodes it. */
function readString(): string {
  const start = pos;
  if (src.charCodeAt(pos) !== 0x22) throw FAIL;
  pos++;
  if (!stringBody()) return src.slice(start + 1, pos - 1);
  return JSON.parse(src.slice(start, pos)) as string;
}

function skipString(): void {
  pos++;
  stringBody();
}

/** At a backslash: checks and skips one escape sequence. */
function skipEscape(): void {
  const e = src.charCodeAt(pos + 1);
  if (e === 0x75) {
    for (let k = 2; k < 6; k++) {
      const h = src.charCodeAt(pos + k);
      if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) throw FAIL;
    }
    pos += 6;
    return;
  }
  // " \ / b f n r t
  if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
    pos += 2;
    return;
  }
  throw FAIL;
}

function digits(): number {
  const start = pos;
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c >= 0x30 && c <= 0x39) pos++;
    else return pos - start;
  }
}

/** Skips a number with JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function skipNumber(): void {
  if (src.charCodeAt(pos) === 0x2d) pos++;
  const first = src.charCodeAt(pos);
  if (first === 0x30) pos++;
  else if (first >= 0x31 && first <= 0x39) digits();
  else throw FAIL;
  if (src.charCodeAt(pos) === 0x2e) {
    pos++;
    if (digits() === 0) throw FAIL;
  }
  const e = src.charCodeAt(pos);
  if (e === 0x65 || e === 0x45) {
    pos++;
    const sign = src.charCodeAt(pos);
    if (sign === 0x2b || sign === 0x2d) pos++;
    if (digits() === 0) throw FAIL;
  }
}

function literal(word: string): void {
  if (!src.startsWith(word, pos)) throw FAIL;
  pos += word.length;
}

/** Checks and skips any value (after whitespace). */
function skipValue(): void {
  ws();
  const c = src.charCodeAt(pos);
  switch (c) {
    case 0x22:
      skipString();
      return;
    case 0x7b: {
      pos++;
      ws();
      if (src.charCodeAt(pos) === 0x7d) {
        pos++;
        return;
      }
      for (;;) {
        ws();
        if (src.charCodeAt(pos) !== 0x22) throw FAIL;
        skipString();
        expect(0x3a);
        skipValue();
        ws();
        const d = src.charCodeAt(pos++);
        if (d === 0x7d) return;
        if (d !== 0x2c) throw FAIL;
      }
    }
    case 0x5b: {
      pos++;
      ws();
      if (src.charCodeAt(pos) === 0x5d) {
        pos++;
        return;
      }
      for (;;) {
        skipValue();
        ws();
        const d = src.charCodeAt(pos++);
        if (d === 0x5d) return;
        if (d !== 0x2c) throw FAIL;
      }
    }
    case 0x74:
      literal('true');
      return;
    case 0x66:
      literal('false');
      return;
    case 0x6e:
      literal('null');
      return;
    default:
      skipNumber();
  }
}

/** A value as the accessors see it: strings, numbers and booleans as JSON.parse gives them; null for
 *  null, objects and arrays (none of which a scalar accessor uses). */
function readScalar(): Scalar {
  ws();
  const c = src.charCodeAt(pos);
  if (c === 0x22) return readString();
  if (c === 0x74) {
    literal('true');
    return true;
  }
  if (c === 0x66) {
    literal('false');
    return false;
  }
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
    const start = pos;
    skipNumber();
    return Number(src.slice(start, pos));
  }
  skipValue();
  return null;
}

/**
 * Walks an object whose opening brace is next; `member` reads each member's value (the position is at
 * the value, after the colon) and returns it to keep, or SKIP after skipping it. Kept members are
 * assigned in text order, as JSON.parse does.
 */
const SKIP = Symbol('skip');
function walkObject(member: (key: string) => unknown): RawRecord {
  const o: RawRecord = {};
  pos++;
  ws();
  if (src.charCodeAt(pos) === 0x7d) {
    pos++;
    return o;
  }
  for (;;) {
    ws();
    const key = readString();
    expect(0x3a);
    const v = member(key);
    if (v !== SKIP) o[key] = v;
    ws();
    const d = src.charCodeAt(pos++);
    if (d === 0x7d) return o;
    if (d !== 0x2c) throw FAIL;
  }
}

/** An object member if the value is an object (walked with `member`), else null after skipping it. */
function objectOrNull(member: (key: string) => unknown): RawRecord | null {
  ws();
  if (src.charCodeAt(pos) === 0x7b) return walkObject(member);
  skipValue();
  return null;
}

function skipped(): typeof SKIP {
  skipValue();
  return SKIP;
}

function topMember(key: string): unknown {
  switch (key) {
    case 'eventTime':
    case 'eventName':
    case 'eventSource':
    case 'awsRegion':
    case 'sourceIPAddress':
    case 'userAgent':
    case 'errorCode':
    case 'eventCategory':
    case 'managementEvent':
    case 'readOnly':
    case 'requestID':
    case 'eventID':
    case 'recipientAccountId':
      return readScalar();
    case 'userIdentity':
      return objectOrNull(identityMember);
    case 'requestParameters':
      return objectOrNull(parameterMember);
    case 'resources':
      return resourceList();
    default:
      return skipped();
  }
}

function topObject(): RawRecord {
  return walkObject(topMember);
}

function identityMember(key: string): unknown {
  switch (key) {
    case 'type':
    case 'arn':
    case 'userName':
    case 'principalId':
    case 'accountId':
    case 'invokedBy':
      return readScalar();
    case 'sessionContext':
      return objectOrNull(sessionContextMember);
    default:
      return skipped();
  }
}

function sessionContextMember(key: string): unknown {
  return key === 'sessionIssuer' ? objectOrNull(issuerMember) : skipped();
}

function issuerMember(key: string): unknown {
  return key === 'userName' ? readScalar() : skipped();
}

function parameterMember(key: string): unknown {
  return key === 'bucketName' || key === 'key' ? readScalar() : skipped();
}

/** Resource entries are looked up case-insensitively (sanitised exports write `arn`), so every member
 *  whose name is arn/type/arnprefix in any case is kept, in text order. */
function resourceMember(key: string): unknown {
  if (key.length === 3 || key.length === 4 || key.length === 9) {
    const lower = key.toLowerCase();
    if (lower === 'arn' || lower === 'type' || lower === 'arnprefix') return readScalar();
  }
  return skipped();
}

function resourceList(): unknown[] | null {
  ws();
  if (src.charCodeAt(pos) !== 0x5b) {
    skipValue();
    return null;
  }
  const out: unknown[] = [];
  pos++;
  ws();
  if (src.charCodeAt(pos) === 0x5d) {
    pos++;
    return out;
  }
  for (;;) {
    out.push(objectOrNull(resourceMember));
    ws();
    const d = src.charCodeAt(pos++);
    if (d === 0x5d) return out;
    if (d !== 0x2c) throw FAIL;
  }
}
