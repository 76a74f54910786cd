// Turns splitter elements and problems into RecordSpans and Problems with file positions, for the two
// callers: the stream reader (byte offsets) and splitRecords over a document's text (UTF-16 offsets).

import type { Problem, SourcePosition } from '../problem';
import type { Layout } from './shape';
import { elementRecordText, positionWithin, type RecordSpan } from './spans';
import type { ElementHit, FastLane, SplitProblem, SplitterSink } from './splitter';
import { firstInvalidUtf8 } from './utf8';

/** Where a splitter position is, in the caller's units, and how an element's bytes read as text. */
export interface Locator {
  position(offset: number, line: number, lineStart: number): SourcePosition;
  text(hit: ElementHit): string;
  /** Length of the element in the caller's unit, given its decoded text. */
  length(hit: ElementHit, raw: string): number;
  readonly unit: 'utf8' | 'utf16';
}

/** Byte offsets; columns in UTF-16 units, counted from the decoded text of the elements on the line
 *  (the bytes between elements are JSON punctuation and whitespace, i.e. ASCII). */
export class ByteLocator implements Locator {
  readonly unit = 'utf8';
  private lineStart = -1;
  private delta = 0; // bytes minus UTF-16 units seen on the current line before the next element

  constructor(private readonly bom: boolean) {}

  position(offset: number, line: number, lineStart: number): SourcePosition {
    this.sync(lineStart);
    return { offset, line, column: Math.max(0, offset - lineStart - this.delta) };
  }

  text(hit: ElementHit): string {
    const raw = Buffer.from(hit.bytes.buffer, hit.bytes.byteOffset, hit.bytes.byteLength).toString('utf8');
    return raw;
  }

  length(hit: ElementHit): number {
    return hit.end - hit.start;
  }

  /** Called after an element's position was taken, with its decoded text. */
  advance(hit: ElementHit, raw: string): void {
    this.sync(hit.lineStart);
    this.delta += hit.bytes.length - raw.length;
  }

  private sync(lineStart: number): void {
    if (lineStart !== this.lineStart) {
      this.lineStart = lineStart;
      // A BOM is three bytes in the file but not part of the editor's first line.
      this.delta = lineStart === 0 && this.bom ? 3 : 0;
    }
  }
}

/** UTF-16 offsets into a string that was split as UTF-8 bytes. */
export class StringLocator implements Locator {
  readonly unit = 'utf16';
  private readonly ascii: boolean;
  private bytePos = 0;
  private strPos = 0;

  constructor(private readonly source: string, byteLength: number) {
    this.ascii = byteLength === source.length;
  }

  toIndex(byteOffset: number): number {
    if (this.ascii) return byteOffset;
    if (byteOffset < this.bytePos) {
      this.bytePos = 0;
      this.strPos = 0;
    }
    const s = this.source;
    let b = this.bytePos;
    let i = this.strPos;
    while (b < byteOffset && i < s.length) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        b++;
        i++;
      } else if (c < 0x800) {
        b += 2;
        i++;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        b += 4;
        i += 2;
      } else {
        b += 3;
        i++;
      }
    }
    this.bytePos = b;
    this.strPos = i;
    return i;
  }

  position(offset: number, line: number, lineStart: number): SourcePosition {
    const ls = this.toIndex(lineStart);
    const o = this.toIndex(offset);
    return { offset: o, line, column: o - ls };
  }

  text(hit: ElementHit): string {
    return this.source.slice(this.toIndex(hit.start), this.toIndex(hit.end));
  }

  length(_hit: ElementHit, raw: string): number {
    return raw.length;
  }
}

export interface CollectorSink {
  spans(s: RecordSpan): void;
  problem(p: Problem): void;
  /** The splitter's fast lane (SplitterSink.fastLane); its positions are byte offsets, so only a byte
   *  locator passes it on. */
  fastLane?: FastLane;
  /** SplitterSink.restart: the spans given so far whose ordinal is `keep` or more are not the file's records (a
   *  duplicate records key); those before are earlier concatenated objects' and stay. */
  restart?(keep: number): void;
}

/** Drops the spans a restart takes back (CollectorSink.restart): those with an ordinal of keep or more, which are
 *  the last ones, since spans come in ordinal order. */
export function dropRestarted(spans: { ordinal: number }[], keep: number): void {
  let n = spans.length;
  while (n > 0 && spans[n - 1].ordinal >= keep) n--;
  spans.length = n;
}

/** A SplitterSink that builds spans and problems for one file. */
export function collectorFor(layout: Layout, file: string, locator: Locator, out: CollectorSink): SplitterSink {
  const byteLocator = locator instanceof ByteLocator ? locator : undefined;
  return {
    element(hit: ElementHit): void {
      const start = locator.position(hit.start, hit.line, hit.lineStart);
      const raw = locator.text(hit);
      byteLocator?.advance(hit, raw);
      // Bytes that are not UTF-8 were decoded as U+FFFD: the record is kept, and the damage is an error.
      const bad = byteLocator && raw.includes('\ufffd') ? firstInvalidUtf8(hit.bytes) : -1;
      if (bad >= 0) {
        const at = Buffer.from(hit.bytes.buffer, hit.bytes.byteOffset, bad).toString('utf8').length;
        out.problem({
          file,
          code: 'not-utf8',
          severity: 'error',
          message: `record ${hit.ordinal + 1}: byte 0x${hit.bytes[bad].toString(16).padStart(2, '0')} is not UTF-8 text; it reads as U+FFFD`,
          position: positionWithin(raw, at, start, locator.unit),
        });
      }
      const r = elementRecordText(layout.element, raw);
      if (r.kind === 'text') {
        const span: RecordSpan = { ordinal: hit.ordinal, offset: start.offset, length: locator.length(hit, raw), line: start.line, column: start.column, text: r.text };
        if (r.embedded) span.embedded = true;
        out.spans(span);
      } else if (r.kind === 'error') {
        out.problem({
          file,
          code: 'json-syntax',
          severity: 'error',
          message: `record ${hit.ordinal + 1}: ${r.message}`,
          position: positionWithin(raw, r.index, start, locator.unit),
        });
      } else if (r.message) {
        out.problem({ file, code: 'not-cloudtrail', severity: 'information', message: `element ${hit.ordinal + 1}: ${r.message}`, position: start });
      }
    },
    problem(p: SplitProblem): void {
      out.problem({ file, code: p.code, severity: p.severity, message: p.message, position: locator.position(p.offset, p.line, p.lineStart) });
    },
    // Fast-lane records are ASCII: a byte is a UTF-16 unit, so the locator has nothing to advance.
    fastLane: byteLocator ? out.fastLane : undefined,
    restart: (keep) => out.restart?.(keep),
  };
}

/** The one problem a file whose shape holds no records gets (digest files get none: they are expected). */
export function shapeProblem(layout: Layout, file: string): Problem | undefined {
  switch (layout.shape) {
    case 'empty':
      return { file, code: 'empty-file', severity: 'information', message: 'the file is empty' };
    case 'binary':
      // UTF-16 text may hold a whole trail: its records are not read, which is an error (validate fails,
      // query exits 2), never a warning about binary data.
      if (layout.utf16) {
        return { file, code: 'utf-16', severity: 'error',
          message: `UTF-16 (${layout.utf16}) text: CloudTrail files are UTF-8, so its records were not read; convert it (iconv -f UTF-16 -t UTF-8)` };
      }
      return { file, code: 'binary', severity: 'warning', message: 'binary data, not a CloudTrail JSON file' };
    case 's3-notification':
    case 's3-eventbridge-notification':
      return { file, code: 'not-cloudtrail', severity: 'warning', message: layout.reason ?? 'not a CloudTrail file' };
    case 'not-cloudtrail':
      return {
        file,
        code: 'not-cloudtrail',
        // Look-alikes (CSV exports, Records of something else) deserve a warning; any other JSON is just not ours.
        severity: layout.reason && /CSV|Records|EventBridge/.test(layout.reason) ? 'warning' : 'information',
        message: layout.reason ?? 'not a CloudTrail file',
      };
    default:
      return undefined;
  }
}
