// The parsed form of one editor document: its shape, the records with their spans and parsed values,
// and jsonc-parser trees built lazily per record (only when a request needs positions inside it).
// Parsing runs in steps (parseDocumentSteps) and within a per-record budget (record-budget.ts).

import { withDigitGroups } from './digit-groups';
import { findNodeAtLocation, type Node } from './jsonc';
import type { Severity } from '../problem';
import { detectShape, isCloudTrailShape, dropRestarted, recordTextOfElement, splitRecordsSteps, type RecordSpan, type Shape } from '../parse';
import { valueEnd } from './fast-split';
import { buildTree, decodeOffsetMap, decodedIndexAt, lineStarts, positionOf, syntaxErrors } from './json-text';
import { finishMeasure, MAX_TREE_DEPTH, measureValueSteps, measureValueWithin, overBudget, PartialMeasure, STEP_CHARS as MEASURE_STEP_CHARS, type ValueMeasure } from './record-budget';
import { runSteps, type Steps } from './steps';
import { RecordOffsets } from './record-offsets';
import { grownTo } from '../typed-arrays';

/** What the document is, as far as the language features care. */
export type DocumentKind = 'cloudtrail' | 'digest' | 'notification' | 'none' | 'too-large';

/** Documents larger than this (characters) get one information diagnostic instead of full validation. */
export const MAX_VALIDATED_CHARS = 64 * 1024 * 1024;

/**
 * Why the features leave a record alone: over the per-record budget (not parsed, not validated, no hovers)
 * or nested too deep for syntax trees (validated, no hovers or completion). See record-budget.ts.
 */
export interface RecordLimit {
  kind: 'over-budget' | 'too-deep';
  /** In words, for the diagnostic: "4.2 MB of text (the budget is ...)", "10,000 levels". */
  detail: string;
}

export interface CloudTrailRecord {
  ordinal: number;
  /** Document range of the record's JSON; for an embedded record (a JSON string), the string literal with its quotes. */
  start: number;
  end: number;
  /** The record is the decoded value of a JSON string (lookup-events CloudTrailEvent, CloudWatch message). */
  embedded: boolean;
  /** The record's JSON text (decoded for embedded records). */
  text: string;
  /** JSON.parse'd record; undefined when its JSON is broken or the record is over the budget. */
  value: unknown;
  /** Document range of the element that wraps the record (lookup event, EventBridge event, CloudWatch log event). */
  envelope?: { start: number; end: number };
  /** Set when the features leave this record alone (a diagnostic says why). */
  limit?: RecordLimit;
}

/** The records of a document in document order: an array, or a compact list that makes record objects on demand. */
export interface RecordList extends Iterable<CloudTrailRecord> {
  readonly length: number;
  at(index: number): CloudTrailRecord | undefined;
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
  readonly records: RecordList;
  /** Problems found while reading (JSON syntax errors with exact positions). */
  readonly problems: readonly DocumentProblem[];
}

const trees = new WeakMap<CloudTrailRecord, Node | null>();
const offsetMaps = new WeakMap<CloudTrailRecord, Int32Array>();
const lineIndex = new WeakMap<CloudTrailDocument, Int32Array>();

export interface ParseOptions {
  /** Documents longer than this (characters) are not validated (the CLI raises it; the editor keeps the default). */
  maxChars?: number;
  /** Leave records over the per-record budget alone (the editor); the CLI checks every record whatever it costs. */
  recordBudget?: boolean;
  /**
   * The most syntax problems of broken JSON lines kept (the editor: the diagnostics it shows); past it one
   * problem says how many more there are. Default: every one (the CLI).
   */
  maxProblems?: number;
}

export function parseDocument(uri: string, text: string, opts: ParseOptions = {}): CloudTrailDocument {
  return runSteps(parseDocumentSteps(uri, text, opts));
}

/**
 * parseDocument in steps: it yields between chunks of records (a few hundred records or a few hundred KB),
 * so a caller can answer other requests between them (server/sliced.ts); no step parses more than one
 * record, and no record over the budget is parsed at all.
 */
export function* parseDocumentSteps(uri: string, text: string, opts: ParseOptions = {}): Steps<CloudTrailDocument> {
  const maxChars = opts.maxChars ?? MAX_VALIDATED_CHARS;
  const budget = opts.recordBudget ?? true;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bom = body === text ? 0 : 1;
  const { shape } = detectShape(body.slice(0, 65536));
  const base = { uri, text, shape, records: [] as CloudTrailRecord[], problems: [] as DocumentProblem[] };
  if (text.length > maxChars) return { ...base, kind: 'too-large' };
  if (shape === 's3-notification' || shape === 's3-eventbridge-notification') return { ...base, kind: 'notification' };
  if (shape === 'digest') return readDigest(base, body, bom);
  if (!isCloudTrailShape(shape)) return { ...base, kind: 'none' };
  if (shape === 'ndjson') return yield* readLines(base, body, bom, budget, opts.maxProblems ?? Infinity);
  // The fast path's problems count only when it succeeds: when it falls back, the tolerant reader reports them again.
  const fastProblems: DocumentProblem[] = [];
  const fast = yield* fastRecords(shape, body, bom, budget, fastProblems);
  if (fast) {
    base.problems.push(...fastProblems);
    return { ...base, records: fast, kind: 'cloudtrail' };
  }
  return yield* readTolerant(base, body, bom, budget, opts.maxProblems ?? Infinity);
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

/** The problem of a second top-level "Records" key, worded as the index's reader words it (core/parse/splitter.ts). */
function duplicateRecordsProblem(before: number): Pick<DocumentProblem, 'code' | 'severity' | 'message'> {
  return {
    code: 'duplicate-records', severity: 'warning',
    message: `a second top-level "Records" key: JSON.parse keeps only the last one, so the ${before} record${before === 1 ? '' : 's'} of the earlier one ${before === 1 ? 'is' : 'are'} not read`,
  };
}

/** Characters of a broken document the tolerant splitter reads per step. */
const SPLIT_STEP_CHARS = 4 * 1024;

/**
 * Characters handed to the splitter at a time, within a step: the spans it finds are measured and dropped
 * before the next piece, so they die young (4 KB of `{}` held 1,366 spans at once, long enough for the
 * young generation's scavenges to promote them: tens of MB of old-generation garbage on two million records).
 */
const SPLIT_PIECE_CHARS = 512;

/** A step ends after this many records or characters of records. */
const STEP_RECORDS = 256;
const STEP_CHARS = 256 * 1024;

/** The budget verdict of a measured record: over the budget, too deep for trees, or fine. */
function limitOf(m: ValueMeasure, start: number, budget: boolean): RecordLimit | undefined {
  const over = budget ? overBudget(m, start) : undefined;
  if (over) return { kind: 'over-budget', detail: over };
  if (m.depth > MAX_TREE_DEPTH) return { kind: 'too-deep', detail: `${withDigitGroups(m.depth)} levels` };
  return undefined;
}

/**
 * Valid JSON (the common case): a quote-to-quote scan finds each record, which is measured against the
 * budget, JSON.parse'd on its own and dropped; the text around the records is checked as a small skeleton
 * (the records replaced by one 0: the scan itself checked the commas between them). Together that proves the
 * whole text is valid JSON without holding the object graph of all records at once; `value` re-parses one
 * record on demand, which costs microseconds. The records' offsets are kept as deltas (record-offsets.ts),
 * so two million `{}` cost about 2.3 MB, not two million objects. A record over the budget is the one part
 * not proven: it is not parsed, and its diagnostic says it was not checked.
 */
function* fastRecords(shape: Shape, body: string, bom: number, budget: boolean, problems: DocumentProblem[]): Steps<RecordList | undefined> {
  if (shape !== 'trail' && shape !== 'array' && shape !== 'record') return undefined;
  const list = new ScannedRecords({ body, bom });
  if (shape === 'trail') {
    let j = skipWs(body, 0);
    if (body.charCodeAt(j) !== 0x7b) return undefined;
    j = skipWs(body, j + 1);
    let recordsKeys = 0;
    while (body.charCodeAt(j) === 0x22) {
      const keyStart = j;
      const keyEnd = valueEnd(body, j);
      const key = body.slice(j + 1, keyEnd - 1);
      j = skipWs(body, skipWs(body, keyEnd) + 1); // past the colon
      let end: number | undefined;
      if (key === 'Records') {
        // JSON.parse keeps the last duplicate key, so do we (and so does the index, core/parse/splitter.ts), and say so.
        if (recordsKeys++ > 0) problems.push({ start: bom + keyStart, end: bom + keyEnd, ...duplicateRecordsProblem(list.length) });
        list.clear();
        if (body.charCodeAt(j) === 0x5b) end = yield* arrayRecords(body, j, list, budget);
        else end = (yield* measureValueSteps(body, j)).end;
      } else end = (yield* measureValueSteps(body, j)).end;
      if (end === undefined) return undefined;
      j = skipWs(body, end);
      if (body.charCodeAt(j) !== 0x2c) break;
      j = skipWs(body, j + 1);
    }
  } else if (shape === 'array') {
    const j = skipWs(body, 0);
    if (body.charCodeAt(j) !== 0x5b || (yield* arrayRecords(body, j, list, budget)) === undefined) return undefined;
  } else {
    const start = body.search(/\S/);
    if (start >= 0) {
      const quick = measureValueWithin(body, start, MEASURE_STEP_CHARS);
      const m = quick instanceof PartialMeasure ? yield* finishMeasure(body, quick) : quick;
      if (addRecord(body, start, m, list, budget) === undefined) return undefined;
    }
  }
  // The skeleton: the text before the first record, one 0, the text after the last one.
  const skeleton = list.length === 0 ? body : `${body.slice(0, list.bodyStart(0))}0${body.slice(list.bodyEnd(list.length - 1))}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(skeleton);
  } catch {
    return undefined;
  }
  const holds = list.length === 0 ? 0 : 1;
  if (shape === 'trail') {
    const recs = (parsed as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(recs) || recs.length !== holds) return undefined;
  } else if (shape === 'array') {
    if (!Array.isArray(parsed) || parsed.length !== holds) return undefined;
  }
  return list;
}

/**
 * The elements of the array at `open` become records; returns the index past the array's closing bracket,
 * or undefined when an element is not valid JSON or the elements are not separated by commas.
 * A record is measured by a plain call, in steps only when it is long: two million records do not make
 * two million generators (most of the garbage of this loop, and so of the server's young generation).
 */
function* arrayRecords(body: string, open: number, list: ScannedRecords, budget: boolean): Steps<number | undefined> {
  let j = skipWs(body, open + 1);
  if (body.charCodeAt(j) === 0x5d) return j + 1;
  let records = 0;
  let chars = 0;
  for (;;) {
    j = skipWs(body, j);
    const quick = measureValueWithin(body, j, MEASURE_STEP_CHARS);
    const m = quick instanceof PartialMeasure ? yield* finishMeasure(body, quick) : quick;
    const end = addRecord(body, j, m, list, budget);
    if (end === undefined) return undefined;
    chars += end - j;
    if (++records >= STEP_RECORDS || chars >= STEP_CHARS) {
      records = 0;
      chars = 0;
      yield;
    }
    const after = skipWs(body, end);
    const c = body.charCodeAt(after);
    if (c === 0x5d) return after + 1;
    if (c !== 0x2c) return undefined;
    j = after + 1;
  }
}

/** Checks and keeps the measured record at `start`; returns its end, or undefined when it is not valid JSON. */
function addRecord(body: string, start: number, m: ValueMeasure, list: ScannedRecords, budget: boolean): number | undefined {
  if (m.end <= start) return undefined;
  const limit = limitOf(m, start, budget);
  if (limit?.kind !== 'over-budget') {
    try {
      JSON.parse(body.slice(start, m.end));
    } catch {
      return undefined;
    }
  }
  list.add(start, m.end, limit);
  return m.end;
}

/**
 * Whether JSON.parse takes the text. The SyntaxError of a broken record is thrown without capturing a stack
 * trace, which nobody reads: a document of thousands of broken records throws as many.
 */
function parsesAsJson(text: string): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function skipWs(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** The document text the scanned records slice, and its most recently parsed record (hover and completion ask for the same record's value repeatedly). */
interface ScannedSource {
  body: string;
  bom: number;
  /** JSON Lines: records are lines, not array elements. */
  lines?: boolean;
  /** Keep each record's length (the tolerant reader: anything may lie between two records). */
  lengths?: boolean;
  /** The document's shape (envelope records re-read from their element need it). */
  shape?: Shape;
  last?: { ordinal: number; value: unknown };
}

/** Record objects kept for the records requests touch (hover, completion, code actions near the cursor). */
const KEPT_RECORDS = 64;

/**
 * Records as offsets into the document text (record-offsets.ts: about a byte a record); record objects are
 * made on demand, and the few most recently used are kept, so a record's syntax tree (cached per record
 * object) survives from one request to the next.
 */
class ScannedRecords implements RecordList {
  private offsets: RecordOffsets;
  private readonly limits = new Map<number, RecordLimit>();
  /** Records whose JSON is broken (JSON Lines), one bit each: their value is undefined. */
  private broken = new Uint8Array(0);
  private readonly kept = new Map<number, CloudTrailRecord>();
  /** Where ordinals stop being indexes (elements that held no record keep their number): from index gapAt[k] on, ordinal = index + gapBy[k]. */
  private gapAt = new Int32Array(0);
  private gapBy = new Int32Array(0);
  private gaps = 0;
  /** Envelope shapes (the offsets are the elements'): each record's start inside its element and its length. */
  private inner: Int32Array<ArrayBuffer> | undefined;
  /** Envelope shapes: how each record's text is had (INNER_*). */
  private innerKinds: Uint8Array | undefined;

  /** @param envelopes the records are inside envelope elements (lookup events, EventBridge events, log events) */
  constructor(private readonly source: ScannedSource, private readonly envelopes = false) {
    this.offsets = new RecordOffsets(source.body, !source.lines, source.lengths);
    if (envelopes) {
      this.inner = new Int32Array(128);
      this.innerKinds = new Uint8Array(64);
    }
  }

  get length(): number {
    return this.offsets.length;
  }

  /** Bytes held for all the records (offsets, ordinals, envelope ranges, marks), for the memory-bound tests. */
  get byteLength(): number {
    return this.offsets.byteLength + this.broken.byteLength + 8 * this.gapAt.length + (this.inner?.byteLength ?? 0) + (this.innerKinds?.byteLength ?? 0) + 64 * this.limits.size;
  }

  add(start: number, end: number, limit?: RecordLimit, broken = false): void {
    const i = this.offsets.length;
    this.offsets.add(start, end);
    if (limit) this.limits.set(i, limit);
    if (broken) {
      if (i >> 3 >= this.broken.length) {
        this.broken = grownTo(this.broken, Math.max(64, this.broken.length * 2, (i >> 3) + 1));
      }
      this.broken[i >> 3] |= 1 << (i & 7);
    }
  }

  /**
   * Keeps a record the tolerant reader made (core/parse spans): its offsets, its ordinal when it is not its
   * index, and for envelope shapes where the record lies in its element; the object itself is dropped.
   */
  addTolerant(record: CloudTrailRecord, limit: RecordLimit | undefined, broken: boolean): void {
    const i = this.length;
    const by = record.ordinal - i;
    if (by !== (this.gaps > 0 ? this.gapBy[this.gaps - 1] : 0)) {
      if (this.gaps === this.gapAt.length) {
        this.gapAt = grownTo(this.gapAt, Math.max(16, this.gapAt.length * 2));
        this.gapBy = grownTo(this.gapBy, Math.max(16, this.gapBy.length * 2));
      }
      this.gapAt[this.gaps] = i;
      this.gapBy[this.gaps++] = by;
    }
    const bom = this.source.bom;
    if (!this.envelopes || !this.inner || !this.innerKinds) {
      this.add(record.start - bom, record.end - bom, limit, broken);
      return;
    }
    const envelope = record.envelope ?? { start: record.start, end: record.end };
    this.add(envelope.start - bom, envelope.end - bom, limit, broken);
    if (2 * i + 1 >= this.inner.length) this.inner = grownTo(this.inner, Math.max(128, this.inner.length * 2));
    if (i >= this.innerKinds.length) this.innerKinds = grownTo(this.innerKinds, this.innerKinds.length * 2);
    this.inner[2 * i] = record.start - envelope.start;
    this.inner[2 * i + 1] = record.end - record.start;
    this.innerKinds[i] = record.embedded ? INNER_STRING : record.text.length === record.end - record.start ? INNER_SLICE : INNER_REREAD;
  }

  private ordinalOf(i: number): number {
    let lo = 0;
    let hi = this.gaps - 1;
    let by = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.gapAt[mid] <= i) {
        by = this.gapBy[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return i + by;
  }

  clear(): void {
    this.offsets = new RecordOffsets(this.source.body, !this.source.lines, this.source.lengths);
    this.limits.clear();
    this.broken = new Uint8Array(0);
    this.kept.clear();
    this.gaps = 0;
  }

  /** Keeps the records whose ordinal is below keep (a restart of the tolerant splitter: a duplicate Records key
   *  takes back its own object's records, not those of objects concatenated before it). */
  keepBelow(keep: number): void {
    let count = this.length;
    while (count > 0 && (this.gaps > 0 ? this.ordinalOf(count - 1) : count - 1) >= keep) count--;
    if (count === this.length) return;
    if (count === 0) return this.clear();
    const offsets = new RecordOffsets(this.source.body, !this.source.lines, this.source.lengths);
    const c = this.offsets.cursor();
    while (c.next() && c.index < count) offsets.add(c.start, c.end);
    this.offsets = offsets;
    for (const i of [...this.limits.keys()]) if (i >= count) this.limits.delete(i);
    for (const i of [...this.kept.keys()]) if (i >= count) this.kept.delete(i);
    // Bits past count are cleared, since add() only ever sets them.
    for (let i = count; i < this.broken.length * 8; i++) this.broken[i >> 3] &= ~(1 << (i & 7));
    while (this.gaps > 0 && this.gapAt[this.gaps - 1] >= count) this.gaps--;
  }

  /** Offsets in the text without its byte order mark. */
  bodyStart(i: number): number {
    return this.offsets.start(i);
  }

  bodyEnd(i: number): number {
    return this.offsets.end(i);
  }

  at(i: number): CloudTrailRecord | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    let r = this.kept.get(i);
    if (r) return r;
    r = this.make(i);
    if (this.kept.size >= KEPT_RECORDS) this.kept.delete(this.kept.keys().next().value as number);
    this.kept.set(i, r);
    return r;
  }

  *[Symbol.iterator](): Iterator<CloudTrailRecord> {
    // Walking every record (validation, the outline) makes short-lived objects and leaves the kept ones alone.
    const c = this.offsets.cursor();
    while (c.next()) yield this.kept.get(c.index) ?? this.make(c.index, c.start, c.end);
  }

  private make(i: number, start = this.bodyStart(i), end = this.bodyEnd(i)): CloudTrailRecord {
    const ordinal = this.gaps > 0 ? this.ordinalOf(i) : i;
    const bom = this.source.bom;
    let r: ScannedRecord | EnvelopedRecord;
    if (this.inner && this.innerKinds) {
      const from = bom + start + this.inner[2 * i];
      r = new EnvelopedRecord(ordinal, from, from + this.inner[2 * i + 1], this.innerKinds[i], { start: bom + start, end: bom + end }, this.source, this.limits.get(i));
    } else r = new ScannedRecord(ordinal, bom + start, bom + end, this.source, this.limits.get(i));
    if (((this.broken[i >> 3] ?? 0) >> (i & 7)) & 1) r.value = undefined;
    return r;
  }
}

/** How an envelope record's text is had: the string literal decoded, a slice of the element, or the element re-read. */
const INNER_SLICE = 0;
const INNER_STRING = 1;
const INNER_REREAD = 2;

/** A record made on demand from offsets: its value is parsed from its text when asked, the last one kept by the
 *  source (hovers and checks ask the same record several times in a row). */
abstract class OnDemandRecord implements CloudTrailRecord {
  abstract readonly embedded: boolean;
  abstract readonly text: string;
  private assigned: { value: unknown } | undefined;

  constructor(readonly ordinal: number, readonly start: number, readonly end: number, protected readonly source: ScannedSource, readonly limit?: RecordLimit) {}

  get value(): unknown {
    if (this.assigned) return this.assigned.value;
    if (this.limit?.kind === 'over-budget') return undefined;
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

/** A record inside an envelope element, made on demand from offsets (its text is decoded again when asked). */
class EnvelopedRecord extends OnDemandRecord {
  readonly embedded: boolean;
  private decoded: string | undefined;

  constructor(ordinal: number, start: number, end: number, private readonly kind: number, readonly envelope: { start: number; end: number },
    source: ScannedSource, limit?: RecordLimit) {
    super(ordinal, start, end, source, limit);
    this.embedded = kind === INNER_STRING;
  }

  get text(): string {
    if (this.decoded !== undefined) return this.decoded;
    const { body, bom } = this.source;
    if (this.kind === INNER_SLICE) return body.slice(this.start - bom, this.end - bom);
    if (this.kind === INNER_STRING) this.decoded = JSON.parse(body.slice(this.start - bom, this.end - bom)) as string;
    else this.decoded = recordTextOfElement(this.source.shape ?? 'lookup-events', body.slice(this.envelope.start - bom, this.envelope.end - bom)) ?? '';
    return this.decoded;
  }
}

class ScannedRecord extends OnDemandRecord {
  readonly embedded = false;

  /** A slice of the document text (V8 shares the characters), so it is not cached. */
  get text(): string {
    return this.source.body.slice(this.start - this.source.bom, this.end - this.source.bom);
  }
}

/**
 * JSON Lines: every line stands alone, so a broken line costs that line only. Lines are kept as offsets like
 * the records of a trail file; a broken line is marked so its value is never parsed again.
 */
function* readLines(base: Base, body: string, bom: number, budget: boolean, maxProblems: number): Steps<CloudTrailDocument> {
  const list = new ScannedRecords({ body, bom, lines: true });
  const n = body.length;
  let start = 0;
  let lines = 0;
  let unlisted = 0;
  let unlistedAt = 0;
  let chars = 0;
  while (start < n) {
    let nl = body.indexOf('\n', start);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > start && body.charCodeAt(end - 1) === 0x0d) end--;
    // Carriage returns are trimmed with the blanks (JSON white space), so a line's end is where the next
    // line's start says it is (record-offsets.ts keeps no end of its own for it).
    let a = start;
    while (a < end && (body.charCodeAt(a) === 0x20 || body.charCodeAt(a) === 0x09 || body.charCodeAt(a) === 0x0d)) a++;
    let b = end;
    while (b > a && (body.charCodeAt(b - 1) === 0x20 || body.charCodeAt(b - 1) === 0x09 || body.charCodeAt(b - 1) === 0x0d)) b--;
    start = nl + 1;
    if (b === a) continue;
    // Measured within its line: a broken line must not send the scan through the rest of the file.
    const text = body.slice(a, b);
    const quick = measureValueWithin(text, 0, MEASURE_STEP_CHARS);
    const m = quick instanceof PartialMeasure ? yield* finishMeasure(text, quick) : quick;
    const limit = limitOf({ ...m, end: text.length }, 0, budget);
    let broken = false;
    if (limit?.kind !== 'over-budget') {
      if (!parsesAsJson(text)) {
        broken = true;
        // Past the cap a broken line is counted, not described: a file of two million broken lines would
        // otherwise keep two million problems that the editor never shows.
        if (base.problems.length < maxProblems) {
          for (const e of syntaxErrors(text, 1)) base.problems.push({ start: bom + a + e.offset, end: bom + a + e.offset + e.length, code: 'json-syntax', severity: 'error', message: e.message });
        } else if (unlisted++ === 0) unlistedAt = bom + a;
      }
    }
    list.add(a, b, limit, broken);
    chars += text.length;
    if (++lines >= STEP_RECORDS || chars >= STEP_CHARS) {
      lines = 0;
      chars = 0;
      yield;
    }
  }
  if (unlisted > 0) {
    base.problems.push({ start: unlistedAt, end: unlistedAt + 1, code: 'validation-stopped', severity: 'warning',
      message: `${withDigitGroups(unlisted)} more lines from this one on are not valid JSON; the editor lists the first ${withDigitGroups(maxProblems)} problems. \`cloudtrail-s3 validate\` lists every problem.` });
  }
  return { ...base, records: list, kind: 'cloudtrail' };
}

/**
 * Broken trail and array documents, and the envelope shapes (lookup events, EventBridge, CloudWatch Logs): the
 * tolerant splitter (core/parse) finds the elements whatever the damage, and each record is measured, checked
 * and kept as offsets like the records of a valid file (TolerantRecords), never as an object per record: two
 * million records of a broken file cost a few bytes each, not the 690 MB of span and record objects they cost
 * before. Problems past the cap of what the editor shows are counted, not kept.
 */
function* readTolerant(base: Base, body: string, bom: number, budget: boolean, maxProblems: number): Steps<CloudTrailDocument> {
  const member = ENVELOPE_MEMBER[base.shape];
  const list = new ScannedRecords({ body, bom, lengths: true, shape: base.shape }, member !== undefined);
  const pending: RecordSpan[] = [];
  /** Problems the splitter reported (at most ~100: it summarises the rest), for "is this record's error known". */
  const splitAt: number[] = [];
  let unlisted = 0;
  let unlistedAt = 0;
  const problem = (p: DocumentProblem, fromSplitter = false): void => {
    if (fromSplitter && splitAt.length < 1024) splitAt.push(p.start);
    if (base.problems.length < maxProblems) base.problems.push(p);
    else if (unlisted++ === 0) unlistedAt = p.start;
  };
  // 4 K characters a step: the splitter's own work (a span per element), and 4 K hold at most 1,366 `{}`.
  const split = splitRecordsSteps(body, base.uri, SPLIT_PIECE_CHARS, {
    spans: (span) => pending.push(span),
    // A second top-level Records key (the splitter reports it): the records before it in its object are not the
    // file's; those of objects concatenated before it are.
    restart: (keep) => {
      dropRestarted(pending, keep);
      list.keepBelow(keep);
    },
    problem: (p) => {
      if (!p.position) return;
      const start = bom + Math.min(body.length, p.position.offset);
      problem({ start, end: Math.min(bom + body.length, start + 1), code: p.code, severity: p.severity, message: p.message }, true);
    },
  });
  let chars = 0;
  let records = 0;
  let splitChars = 0;
  for (;;) {
    const r = split.next();
    splitChars += SPLIT_PIECE_CHARS;
    for (const span of pending) {
      const record = member ? locateEmbedded(member, body, span, bom) : { ordinal: span.ordinal, start: bom + span.offset, end: bom + span.offset + span.length, embedded: false, text: span.text, value: undefined };
      const quick = measureValueWithin(record.text, 0, MEASURE_STEP_CHARS);
      const limit = limitOf(quick instanceof PartialMeasure ? yield* finishMeasure(record.text, quick) : quick, 0, budget);
      let broken = false;
      if (limit?.kind !== 'over-budget') {
        if (!parsesAsJson(record.text)) {
          broken = true;
          const known = splitAt.some((at) => at >= record.start && at <= record.end);
          if (!known && base.problems.length < maxProblems) {
            for (const e of syntaxErrors(record.text, 1)) {
              const start = record.embedded ? mapLocal(record, body, bom, e.offset) : record.start + e.offset;
              problem({ start, end: start + e.length, code: 'json-syntax', severity: 'error', message: e.message });
            }
          } else if (!known) problem({ start: record.start, end: record.start + 1, code: 'json-syntax', severity: 'error', message: 'not valid JSON' });
        }
      }
      list.addTolerant(record, limit, broken);
      chars += record.text.length;
      // A broken record costs a thrown SyntaxError and a tolerant parse for its position: it counts as several.
      records += broken ? 8 : 1;
      if (records >= STEP_RECORDS || chars >= STEP_CHARS) {
        records = 0;
        chars = 0;
        splitChars = 0;
        yield;
      }
    }
    pending.length = 0;
    if (r.done) break;
    if (splitChars >= SPLIT_STEP_CHARS) {
      records = 0;
      chars = 0;
      splitChars = 0;
      yield;
    }
  }
  if (unlisted > 0) {
    base.problems.push({ start: unlistedAt, end: unlistedAt + 1, code: 'validation-stopped', severity: 'warning',
      message: `${withDigitGroups(unlisted)} more problems from here on; the editor lists the first ${withDigitGroups(maxProblems)}. \`cloudtrail-s3 validate\` lists every problem.` });
  }
  return { ...base, records: list, kind: 'cloudtrail' };
}

const ENVELOPE_MEMBER: Partial<Record<Shape, string>> = {
  'lookup-events': 'CloudTrailEvent', 'lookup-events-jsonl': 'CloudTrailEvent', eventbridge: 'detail', cloudwatch: 'message',
};

/** The record inside an envelope element: a JSON string (mapped character by character) or an object. */
function locateEmbedded(member: string, body: string, span: { ordinal: number; offset: number; length: number; text: string }, bom: number): CloudTrailRecord {
  const envelope = buildTree(body.slice(span.offset, span.offset + span.length));
  const node = envelope ? findNodeAtLocation(envelope, [member]) : undefined;
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
  if (record.limit) return undefined; // over the budget or too deep for a recursive parser
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
    const r = rs.at(mid) as CloudTrailRecord;
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
    const r = rs.at(mid) as CloudTrailRecord;
    const e = r.envelope;
    if (!e) return undefined;
    if (offset < e.start) hi = mid - 1;
    else if (offset > e.end) lo = mid + 1;
    else return r;
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
