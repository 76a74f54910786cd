// RecordSpan: one record found in a file, and the conversions from a splitter element to it
// (a lookup event's CloudTrailEvent string, an EventBridge event's detail, a log event's message).
// Also parseRecord, which turns a span's text into a record or a `json-syntax` problem at the right place.

import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { Problem, SourcePosition } from '../problem';
import { isPlainObject } from './peek';
import type { ElementKind, Shape } from './shape';

export interface RecordSpan {
  /** Index of the element in its file (0-based; elements that hold no record, e.g. a CloudWatch control
   *  message, keep their number, so ordinals may have gaps). */
  ordinal: number;
  /** Span of the element in the text: bytes for readRecordStream, UTF-16 code units for splitRecords. */
  offset: number;
  length: number;
  /** 0-based line of the element's first character; column in UTF-16 code units. */
  line: number;
  column: number;
  /** JSON text of the record. Verbatim file text, except for lookup events (the decoded CloudTrailEvent
   *  string), EventBridge events (the `detail` member) and CloudWatch log events (the `message` string),
   *  where `embedded` is true and the span covers the whole envelope element. */
  text: string;
  embedded?: boolean;
}

export type RawRecord = Record<string, unknown>;

/** What a splitter element holds: the record text, nothing (skip), or an error in the element's JSON. */
export type ElementResult =
  | { kind: 'text'; text: string; embedded: boolean }
  | { kind: 'skip'; message?: string }
  | { kind: 'error'; message: string; index: number };

/** Record text of an element's raw JSON text. Also used to re-read a record from its span. */
export function elementRecordText(element: ElementKind, raw: string): ElementResult {
  if (element === 'record') return { kind: 'text', text: raw, embedded: false };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    return { kind: 'error', message: jsonMessage(e), index: jsonErrorIndex(e, raw) };
  }
  if (!isPlainObject(v)) return { kind: 'error', message: 'expected a JSON object', index: 0 };
  switch (element) {
    case 'lookup-event': {
      const ct = v.CloudTrailEvent;
      if (typeof ct === 'string') return { kind: 'text', text: ct, embedded: true };
      if (isPlainObject(ct)) return { kind: 'text', text: JSON.stringify(ct), embedded: true };
      return { kind: 'skip', message: 'lookup event without a CloudTrailEvent member' };
    }
    case 'eventbridge': {
      const dt = v['detail-type'];
      if (typeof dt === 'string' && !/via CloudTrail$/i.test(dt)) {
        return { kind: 'skip', message: `EventBridge event ${JSON.stringify(dt.length > 60 ? dt.slice(0, 60) + '…' : dt)} is not a CloudTrail event` };
      }
      if (isPlainObject(v.detail)) return { kind: 'text', text: JSON.stringify(v.detail), embedded: true };
      return { kind: 'skip', message: 'EventBridge event without a detail object' };
    }
    case 'log-event': {
      const m = v.message;
      // CONTROL_MESSAGE keep-alives and non-CloudTrail log lines carry no record; they are not problems.
      if (typeof m === 'string' && m.trimStart().startsWith('{')) return { kind: 'text', text: m, embedded: true };
      if (isPlainObject(m)) return { kind: 'text', text: JSON.stringify(m), embedded: true };
      return { kind: 'skip' };
    }
  }
}

/** What the elements of a shape hold. */
export function elementKindOf(shape: Shape): ElementKind {
  switch (shape) {
    case 'lookup-events':
    case 'lookup-events-jsonl':
      return 'lookup-event';
    case 'eventbridge':
      return 'eventbridge';
    case 'cloudwatch':
      return 'log-event';
    default:
      return 'record';
  }
}

/** The record JSON text of an element re-read from its span (offset/length) in a file of that shape. */
export function recordTextOfElement(shape: Shape, raw: string): string | undefined {
  const r = elementRecordText(elementKindOf(shape), raw);
  return r.kind === 'text' ? r.text : undefined;
}

export function jsonMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  // V8 quotes a window of the text in some messages; the position is reported separately.
  return m.replace(/, (?:\.\.\.)?".*$/s, '').replace(/ at position \d+(?: \(line \d+ column \d+\))?$/, '').replace(/ in JSON$/, '');
}

/** Where JSON.parse failed in text. V8 names the position for most errors but not for an unexpected
 *  token; then a tolerant parser finds the first error (only on this failure path). */
export function jsonErrorIndex(e: unknown, text: string): number {
  const m = e instanceof Error ? /at position (\d+)/.exec(e.message) : null;
  if (m) return Math.min(Number(m[1]), text.length);
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors.length > 0 ? Math.min(errors[0].offset, text.length) : text.length;
}

/** Position of text[index] given the position of text[0]; offsets in bytes (utf8) or UTF-16 units. */
export function positionWithin(text: string, index: number, start: SourcePosition, unit: 'utf8' | 'utf16'): SourcePosition {
  const prefix = text.slice(0, index);
  const offset = start.offset + (unit === 'utf8' ? Buffer.byteLength(prefix, 'utf8') : prefix.length);
  const nl = prefix.lastIndexOf('\n');
  if (nl < 0) return { offset, line: start.line, column: start.column + index };
  let lines = 0;
  for (let j = prefix.indexOf('\n'); j >= 0; j = prefix.indexOf('\n', j + 1)) lines++;
  return { offset, line: start.line + lines, column: index - nl - 1 };
}

/**
 * Parses a span's record text. A JSON error becomes a `json-syntax` problem at its position in the file
 * (at the span's start for embedded records); a value that is not an object becomes `not-a-record`.
 * @param unit the span's offset unit: 'utf8' for readRecordStream spans, 'utf16' for splitRecords spans
 */
export function parseRecord(span: RecordSpan, file: string, unit: 'utf8' | 'utf16' = 'utf8'): { record: RawRecord; problem?: undefined } | { record?: undefined; problem: Problem } {
  const start: SourcePosition = { offset: span.offset, line: span.line, column: span.column };
  let v: unknown;
  try {
    v = JSON.parse(span.text);
  } catch (e) {
    const position = span.embedded ? start : positionWithin(span.text, jsonErrorIndex(e, span.text), start, unit);
    return { problem: { file, code: 'json-syntax', severity: 'error', message: `record ${span.ordinal + 1}: ${jsonMessage(e)}`, position } };
  }
  if (!isPlainObject(v)) {
    return { problem: { file, code: 'not-a-record', severity: 'error', message: `record ${span.ordinal + 1} is not a JSON object`, position: start } };
  }
  return { record: v };
}
