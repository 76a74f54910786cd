// The parsed form of one editor document: its shape, the records with their spans and parsed values,
// and jsonc-parser trees built lazily per record (only when a request needs positions inside it).

import { findNodeAtLocation, type Node } from './jsonc';
import type { Severity } from '../problem';
import { detectShape, isCloudTrailShape, splitRecords, type Shape } from '../parse';
import { arrayRecordSpans, lineSpans, trailRecordSpans, valueEnd, type Span } from './fast-split';
import { buildTree, decodeOffsetMap, decodedIndexAt, lineStarts, positionOf, syntaxErrors } from './json-text';

/** What the document is, as far as the language features care. */
export type DocumentKind = 'cloudtrail' | 'digest' | 'notification' | 'none' | 'too-large';

/** Documents larger than this (characters) get one information diagnostic instead of full validation. */
export const MAX_VALIDATED_CHARS = 64 * 1024 * 1024;

export interface CloudTrailRecord {
  ordinal: number;
  /** Document range of the record's JSON; for an embedded record (a JSON string), the string literal with its quotes. */
  start: number;
  end: number;
  /** The record is the decoded value of a JSON string (lookup-events CloudTrailEvent, CloudWatch message). */
  embedded: boolean;
  /** The record's JSON text (decoded for embedded records). */
  text: string;
  /** JSON.parse'd record; undefined when its JSON is broken. */
  value: unknown;
  /** Document range of the element that wraps the record (lookup event, EventBridge event, CloudWatch log event). */
  envelope?: { start: number; end: number };
}

export interface DocumentProblem {
  start: number;
  end: number;
  code: string;
  severity: Severity;
  message: string;
}

export interface CloudTrailDocument {
  readonly uri: string;
  readonly text: string;
  readonly shape: Shape;
  readonly kind: DocumentKind;
  readonly records: readonly CloudTrailRecord[];
  /** Problems found while reading (JSON syntax errors with exact positions). */
  readonly problems: readonly DocumentProblem[];
}

const trees = new WeakMap<CloudTrailRecord, Node | null>();
const offsetMaps = new WeakMap<CloudTrailRecord, Int32Array>();
const lineIndex = new WeakMap<CloudTrailDocument, Int32Array>();

/** @param maxChars documents longer than this are not validated (the CLI raises it; the editor keeps the default). */
export function parseDocument(uri: string, text: string, maxChars = MAX_VALIDATED_CHARS): CloudTrailDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bom = body === text ? 0 : 1;
  const { shape } = detectShape(body.slice(0, 65536));
  const base = { uri, text, shape, records: [] as CloudTrailRecord[], problems: [] as DocumentProblem[] };
  if (text.length > maxChars) return { ...base, kind: 'too-large' };
  if (shape === 's3-notification' || shape === 's3-eventbridge-notification') return { ...base, kind: 'notification' };
  if (shape === 'digest') return readDigest(base, body, bom);
  if (!isCloudTrailShape(shape)) return { ...base, kind: 'none' };
  return readRecords(base, body, bom);
}

type Base = { uri: string; text: string; shape: Shape; records: CloudTrailRecord[]; problems: DocumentProblem[] };

function readDigest(base: Base, body: string, bom: number): CloudTrailDocument {
  const record: CloudTrailRecord = { ordinal: 0, start: bom, end: bom + body.length, embedded: false, text: body, value: undefined };
  try {
    record.value = JSON.parse(body);
  } catch {
    for (const e of syntaxErrors(body)) base.problems.push({ start: bom + e.offset, end: bom + e.offset + e.length, code: 'json-syntax', severity: 'error', message: e.message });
  }
  base.records.push(record);
  return { ...base, kind: 'digest' };
}

function readRecords(base: Base, body: string, bom: number): CloudTrailDocument {
  if (base.shape === 'ndjson') return readLines(base, body, bom);
  const fast = fastRecords(base.shape, body, bom);
  if (fast) return { ...base, records: fast, kind: 'cloudtrail' };
  return readTolerant(base, body, bom);
}

/**
 * Valid JSON (the common case): one quote-to-quote scan gives the record spans, then each record is
 * JSON.parse'd on its own and dropped, and the text between records is checked as a tiny skeleton
 * (records replaced by 0). Together that proves the whole text is valid JSON without ever holding the
 * object graph of all records at once (for a 50 MB file that graph is several times the text);
 * `value` re-parses one record on demand, which costs microseconds.
 */
function fastRecords(shape: Shape, body: string, bom: number): CloudTrailRecord[] | undefined {
  if (shape !== 'trail' && shape !== 'array' && shape !== 'record') return undefined;
  let spans: Span[];
  if (shape === 'trail') spans = trailRecordSpans(body, 0);
  else if (shape === 'array') spans = arrayRecordSpans(body, 0);
  else {
    const start = body.search(/\S/);
    spans = start < 0 ? [] : [{ start, end: valueEnd(body, start) }];
  }
  const skeleton: string[] = [];
  let at = 0;
  for (const sp of spans) {
    if (sp.end <= sp.start) return undefined;
    try {
      JSON.parse(body.slice(sp.start, sp.end));
    } catch {
      return undefined;
    }
    skeleton.push(body.slice(at, sp.start), '0');
    at = sp.end;
  }
  skeleton.push(body.slice(at));
  let parsed: unknown;
  try {
    parsed = JSON.parse(skeleton.join(''));
  } catch {
    return undefined;
  }
  let count: number;
  if (shape === 'trail') {
    const recs = (parsed as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(recs)) return undefined;
    count = recs.length;
  } else if (shape === 'array') {
    if (!Array.isArray(parsed)) return undefined;
    count = parsed.length;
  } else {
    count = 1;
  }
  // The skeleton has a 0 where each scanned span was; a count mismatch means the scan and the parser disagree.
  if (count !== spans.length) return undefined;
  const source: ScannedSource = { body, bom };
  return spans.map((sp, i) => new ScannedRecord(i, sp, source));
}

/** The document text the scanned records slice, and its most recently parsed record (hover and completion ask for the same record's value repeatedly). */
interface ScannedSource {
  body: string;
  bom: number;
  last?: { ordinal: number; value: unknown };
}

class ScannedRecord implements CloudTrailRecord {
  readonly embedded = false;
  private assigned: { value: unknown } | undefined;

  constructor(readonly ordinal: number, private readonly span: Span, private readonly source: ScannedSource) {}

  get start(): number {
    return this.source.bom + this.span.start;
  }

  get end(): number {
    return this.source.bom + this.span.end;
  }

  /** A slice of the document text (V8 shares the characters), so it is not cached. */
  get text(): string {
    return this.source.body.slice(this.span.start, this.span.end);
  }

  get value(): unknown {
    if (this.assigned) return this.assigned.value;
    const last = this.source.last;
    if (last?.ordinal === this.ordinal) return last.value;
    const value: unknown = JSON.parse(this.text);
    this.source.last = { ordinal: this.ordinal, value };
    return value;
  }

  set value(value: unknown) {
    this.assigned = { value };
  }
}

/** JSON Lines: every line stands alone, so a broken line costs that line only. */
function readLines(base: Base, body: string, bom: number): CloudTrailDocument {
  lineSpans(body, 0).forEach((sp, ordinal) => {
    const text = body.slice(sp.start, sp.end);
    const record: CloudTrailRecord = { ordinal, start: bom + sp.start, end: bom + sp.end, embedded: false, text, value: undefined };
    try {
      record.value = JSON.parse(text);
    } catch {
      for (const e of syntaxErrors(text, 1)) base.problems.push({ start: record.start + e.offset, end: record.start + e.offset + e.length, code: 'json-syntax', severity: 'error', message: e.message });
    }
    base.records.push(record);
  });
  return { ...base, kind: 'cloudtrail' };
}

function readTolerant(base: Base, body: string, bom: number): CloudTrailDocument {
  const split = splitRecords(body, base.uri);
  for (const p of split.problems) {
    if (!p.position) continue;
    const start = bom + Math.min(body.length, p.position.offset);
    base.problems.push({ start, end: Math.min(bom + body.length, start + 1), code: p.code, severity: p.severity, message: p.message });
  }
  for (const span of split.spans) {
    const record = span.embedded ? locateEmbedded(base.shape, body, span, bom) : { ordinal: span.ordinal, start: bom + span.offset, end: bom + span.offset + span.length, embedded: false, text: span.text, value: undefined };
    try {
      record.value = JSON.parse(record.text);
    } catch {
      const known = base.problems.some((p) => p.start >= record.start && p.start <= record.end);
      if (!known) {
        for (const e of syntaxErrors(record.text, 1)) {
          const start = record.embedded ? mapLocal(record, body, bom, e.offset) : record.start + e.offset;
          base.problems.push({ start, end: start + e.length, code: 'json-syntax', severity: 'error', message: e.message });
        }
      }
    }
    base.records.push(record);
  }
  return { ...base, kind: 'cloudtrail' };
}

const ENVELOPE_MEMBER: Partial<Record<Shape, string>> = {
  'lookup-events': 'CloudTrailEvent', 'lookup-events-jsonl': 'CloudTrailEvent', eventbridge: 'detail', cloudwatch: 'message',
};

/** The record inside an envelope element: a JSON string (mapped character by character) or an object. */
function locateEmbedded(shape: Shape, body: string, span: { ordinal: number; offset: number; length: number; text: string }, bom: number): CloudTrailRecord {
  const member = ENVELOPE_MEMBER[shape];
  const envelope = member ? buildTree(body.slice(span.offset, span.offset + span.length)) : undefined;
  const node = envelope && member ? findNodeAtLocation(envelope, [member]) : undefined;
  const envelopeRange = { start: bom + span.offset, end: bom + span.offset + span.length };
  if (!node) return { ordinal: span.ordinal, start: bom + span.offset, end: bom + span.offset + 1, embedded: false, text: span.text, value: undefined, envelope: envelopeRange };
  const start = bom + span.offset + node.offset;
  const end = start + node.length;
  if (node.type === 'string') return { ordinal: span.ordinal, start, end, embedded: true, text: String(node.value), value: undefined, envelope: envelopeRange };
  return { ordinal: span.ordinal, start, end, embedded: false, text: body.slice(start - bom, end - bom), value: undefined, envelope: envelopeRange };
}

function mapLocal(record: CloudTrailRecord, body: string, bom: number, local: number): number {
  let map = offsetMaps.get(record);
  if (!map) {
    map = decodeOffsetMap(body, record.start - bom, record.end - bom);
    offsetMaps.set(record, map);
  }
  return bom + map[Math.max(0, Math.min(local, map.length - 1))];
}

/** The jsonc-parser tree of one record, built on first use and cached. */
export function recordTree(record: CloudTrailRecord): Node | undefined {
  let tree = trees.get(record);
  if (tree === undefined) {
    tree = buildTree(record.text) ?? null;
    trees.set(record, tree);
  }
  return tree ?? undefined;
}

/** Document offset of an offset inside a record's JSON text. */
export function toDocumentOffset(doc: CloudTrailDocument, record: CloudTrailRecord, local: number): number {
  if (!record.embedded) return record.start + local;
  let map = offsetMaps.get(record);
  if (!map) {
    map = decodeOffsetMap(doc.text, record.start, record.end);
    offsetMaps.set(record, map);
  }
  return map[Math.max(0, Math.min(local, map.length - 1))];
}

/** Offset inside a record's JSON text of a document offset (which must lie inside the record). */
export function toRecordOffset(doc: CloudTrailDocument, record: CloudTrailRecord, offset: number): number {
  if (!record.embedded) return offset - record.start;
  let map = offsetMaps.get(record);
  if (!map) {
    map = decodeOffsetMap(doc.text, record.start, record.end);
    offsetMaps.set(record, map);
  }
  return decodedIndexAt(map, offset);
}

/** The record whose span holds the offset (binary search: records are in document order). */
export function recordAt(doc: CloudTrailDocument, offset: number): CloudTrailRecord | undefined {
  const rs = doc.records;
  let lo = 0;
  let hi = rs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rs[mid];
    if (offset < r.start) hi = mid - 1;
    else if (offset > r.end) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** The record whose envelope element (lookup event, EventBridge event, log event) holds the offset. */
export function envelopeAt(doc: CloudTrailDocument, offset: number): CloudTrailRecord | undefined {
  const rs = doc.records;
  let lo = 0;
  let hi = rs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = rs[mid].envelope;
    if (!e) return undefined;
    if (offset < e.start) hi = mid - 1;
    else if (offset > e.end) lo = mid + 1;
    else return rs[mid];
  }
  return undefined;
}

const envelopeTrees = new WeakMap<CloudTrailRecord, Node | null>();

/** The jsonc-parser tree of a record's envelope element (offsets relative to envelope.start), cached. */
export function envelopeTree(doc: CloudTrailDocument, record: CloudTrailRecord): Node | undefined {
  if (!record.envelope) return undefined;
  let tree = envelopeTrees.get(record);
  if (tree === undefined) {
    tree = buildTree(doc.text.slice(record.envelope.start, record.envelope.end)) ?? null;
    envelopeTrees.set(record, tree);
  }
  return tree ?? undefined;
}

/** 0-based line and column of a document offset (line index built once per document). */
export function documentPosition(doc: CloudTrailDocument, offset: number): { line: number; column: number } {
  let starts = lineIndex.get(doc);
  if (!starts) {
    starts = lineStarts(doc.text);
    lineIndex.set(doc, starts);
  }
  return positionOf(starts, offset);
}
