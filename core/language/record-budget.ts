// What one record may cost the editor features, and the scan that measures a record before anything is
// built for it. A record over the budget is named by a diagnostic and left alone (no JSON.parse, no tree),
// so no single step of a hostile document (one record with a million keys) holds the server for long.
// The limits sit far above real records: CloudTrail truncates an event to 1 MB, requestParameters and
// responseElements to 100 KB each, and real records nest about ten levels deep.

import { withDigitGroups } from './digit-groups';
import { stringSpanEnd } from './fast-split';
import type { Steps } from './steps';

/** Characters of one record's JSON text (CloudTrail's largest event is 1 MB; a pretty view adds indentation). */
export const MAX_RECORD_CHARS = 2 * 1024 * 1024;

/**
 * Members and elements of one record (commas). JSON.parse of an object with tens of thousands of keys costs
 * about a millisecond per thousand keys (dictionary-mode objects); a DeleteObjects record of 1,000 keys
 * has ~3,000.
 */
export const MAX_RECORD_MEMBERS = 20_000;

/**
 * Nesting of one record that hovers and completion handle: their syntax trees (jsonc-parser) recurse once
 * per level, and 10,000 levels overflow the stack. Validation does not recurse and checks deeper records.
 */
export const MAX_TREE_DEPTH = 256;

export interface ValueMeasure {
  /** Index just past the value (the text's length when it does not end). */
  end: number;
  /** Commas outside strings: about the number of members and elements. */
  members: number;
  /** Deepest nesting of objects and arrays (0 for a scalar). */
  depth: number;
}

/**
 * Measures the JSON value starting at `start` in one pass without recursion: where it ends, how many
 * members it has, how deep it nests. Strings are skipped with indexOf, so the cost is about a scan of
 * the structure between them.
 */
export function measureValue(s: string, start: number): ValueMeasure {
  const m = measureValueWithin(s, start, Infinity);
  return m instanceof PartialMeasure ? { end: s.length, members: m.members, depth: m.deepest } : m;
}

/** Characters scanned per step of measureValueSteps. */
export const STEP_CHARS = 256 * 1024;

/** measureValue in steps of 256 K characters: one record of 14 MB is not one step. */
export function* measureValueSteps(s: string, start: number): Steps<ValueMeasure> {
  const m = measureValueWithin(s, start, STEP_CHARS);
  return m instanceof PartialMeasure ? yield* finishMeasure(s, m) : m;
}

/** The rest of a measure that measureValueWithin left partial, in steps of 256 K characters. */
export function* finishMeasure(s: string, partial: PartialMeasure): Steps<ValueMeasure> {
  let m: ValueMeasure | PartialMeasure = partial;
  while (m instanceof PartialMeasure) {
    yield;
    m = m.scan(s, STEP_CHARS);
  }
  return m;
}

/**
 * The measure of the value at `start` when it ends within about `chars` characters (a record: nearly always),
 * else where the scan stopped, to be continued (measureValueSteps). A plain call, not a generator: the readers
 * measure millions of small records, and a generator and its step results per record were most of the
 * garbage they made (issue 17: memory within 4x the document).
 */
export function measureValueWithin(s: string, start: number, chars: number): ValueMeasure | PartialMeasure {
  const c0 = s.charCodeAt(start);
  if (c0 === 0x22) return { end: stringSpanEnd(s, start), members: 0, depth: 0 };
  if (c0 !== 0x7b && c0 !== 0x5b) {
    const n = s.length;
    let j = start;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
      j++;
    }
    return { end: j, members: 0, depth: 0 };
  }
  return new PartialMeasure(start).scan(s, chars);
}

/** An object or array measured up to `j` (measureValueWithin stopped there). */
export class PartialMeasure {
  depth = 0;
  deepest = 0;
  members = 0;

  constructor(public j: number) {}

  /** Scans on for about `chars` characters (a string is skipped whole): the measure, or this to go on. */
  scan(s: string, chars: number): ValueMeasure | PartialMeasure {
    const n = s.length;
    const pause = this.j + chars;
    let { j, depth, deepest, members } = this;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === 0x22) {
        j = stringSpanEnd(s, j);
        if (j >= pause) break;
        continue;
      }
      if (c === 0x7b || c === 0x5b) {
        if (++depth > deepest) deepest = depth;
      } else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return { end: j + 1, members, depth: deepest };
      } else if (c === 0x2c) members++;
      j++;
    }
    if (j >= n) return { end: n, members, depth: deepest };
    this.j = j;
    this.depth = depth;
    this.deepest = deepest;
    this.members = members;
    return this;
  }
}

/** Why a record is over the budget, in words for its diagnostic; undefined when it is within. */
export function overBudget(m: ValueMeasure, start: number): string | undefined {
  const chars = m.end - start;
  if (chars > MAX_RECORD_CHARS) return `${(chars / 1048576).toFixed(1)} MB of text (the budget is ${MAX_RECORD_CHARS / 1048576} MB; CloudTrail records are at most 1 MB)`;
  if (m.members > MAX_RECORD_MEMBERS) return `${withDigitGroups(m.members)} members (the budget is ${withDigitGroups(MAX_RECORD_MEMBERS)})`;
  return undefined;
}
