// The incremental record splitter: finds the byte span of every element (record, lookup event,
// EventBridge event, log event) by scanning bytes — tracking strings, escapes and {}/[] depth — never by
// parsing the whole file. It is fed chunk by chunk, keeps only the bytes of the element in progress,
// and keeps going after damage: a broken element costs that element only, where the layout allows.
//
// Units: offsets are byte offsets in the fed text; `line` counts '\n' bytes outside JSON strings (a raw
// newline inside a string is invalid JSON anyway); `lineStart` is the byte offset of that line's start.

import { isAscii } from 'node:buffer';
import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, NL, QUOTE, RBRACE, RBRACKET } from './json-bytes';
import { stringEnd, UNTERMINATED_IN_ESCAPE } from './json-string';
import { isRecordField, type Container } from './shape';
import type { Severity } from '../problem';
import { RecordScanner, SCAN_FAILED } from './record-scan';

export interface ElementHit {
  ordinal: number;
  /** Byte offsets of the element's first byte and just past its last byte. */
  start: number;
  end: number;
  line: number;
  lineStart: number;
  bytes: Uint8Array;
}

export interface SplitProblem {
  code: string;
  severity: Severity;
  message: string;
  offset: number;
  line: number;
  lineStart: number;
}

/** The fast lane: offered each record of a records array (or JSON array) in an ASCII chunk that the scanner
 *  (core/parse/record-scan) read, with the record's ordinal and byte span; its slots are valid during the
 *  call only. True when it took the record; false to get it as an ordinary element after all. */
export type FastLane = (scanner: RecordScanner, ordinal: number, start: number, end: number) => boolean;

export interface SplitterSink {
  element(e: ElementHit): void;
  problem(p: SplitProblem): void;
  /** With a fast lane, records it takes never reach element(). */
  fastLane?: FastLane;
  /** A second top-level key of the records array (`{"Records":[...],"Records":[...]}`): JSON.parse keeps the last
   *  one's value, so the elements given so far are not the file's records; ordinals start again at 0. */
  restart?(): void;
}

export interface SplitterOptions {
  /** Elements longer than this are skipped with a `record-too-large` problem (keeps memory bounded). */
  maxRecordBytes: number;
  /** Problems reported per file before the rest are summarised in one. */
  maxProblems?: number;
}

const enum St {
  Top, // before a top-level value
  ObjKey, // in the top-level object, expecting a key or '}'
  KeyStr, // inside a top-level key string
  Colon,
  ObjValue, // expecting the value of a top-level key
  ObjComma, // expecting ',' or '}'
  ArrElem, // in the records array, expecting an element or ']'
  ArrComma, // expecting ',' or ']'
  Value, // inside a value (element or skipped)
  After, // after the top-level value of a single-value layout
  Lines,
  SkipToRecord, // after bytes that cannot start or separate records (a damaged block): up to the next '{'
  Done,
}

function isWs(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

/** Whether an element's bytes begin with a member whose key is a top-level CloudTrail record field. */
function startsLikeRecord(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 128)).toString('latin1');
  const m = /^\{\s*"([A-Za-z]{1,40})"\s*:/.exec(head);
  return m !== null && isRecordField(m[1]);
}

/** Whether a JSON value can start with this byte. */
function startsValue(c: number): boolean {
  return c === LBRACE || c === LBRACKET || c === QUOTE || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
}

export class RecordSplitter {
  private st: St;
  private base = 0; // absolute offset of the current chunk's first byte
  private line = 0;
  private lineStart = 0;
  private ordinal = 0;
  private problems = 0;
  private readonly maxProblems: number;
  private readonly keyBytes: Uint8Array | undefined;
  private keyBuf: number[] = [];
  private keyMatches = false;
  private keyEscape = false;
  /** Where the top-level key being read starts (a duplicate records key is reported there). */
  private keyAt = { offset: 0, line: 0, lineStart: 0 };
  /** Keys of the records array met in the current top-level object. */
  private recordsKeys = 0;
  // value in progress
  private vEmit = false;
  private vStart = 0;
  private vLine = 0;
  private vLineStart = 0;
  private vDepth = 0;
  private vString = false;
  private vEscape = false;
  private vScalar = false;
  private pieces: Uint8Array[] = [];
  private pending = 0;
  private discarding = false;
  private afterReturn: St = St.After;
  private bomChecked = false;
  /** Bytes of a byte order mark met so far between values (bomByte). */
  private bomSeen = 0;
  /** After NUL bytes inside a record: objects are records only when they start like one (tentative). */
  private resync = false;
  private tentative = false;
  /** The fast lane's scanner (when the sink has a fast lane), and the current chunk when it is ASCII (which
   *  the scanner needs). */
  private readonly scanner: RecordScanner | undefined;
  private chunk: Buffer | undefined;

  constructor(
    private readonly container: Container,
    private readonly sink: SplitterSink,
    private readonly opts: SplitterOptions,
  ) {
    this.maxProblems = opts.maxProblems ?? 100;
    this.keyBytes = container.kind === 'key' ? Buffer.from(container.key, 'utf8') : undefined;
    this.st = container.kind === 'none' ? St.Done : container.kind === 'lines' ? St.Lines : St.Top;
    // One scanner per thread, not per file: its per-column string caches are ~11,000 slots each, which cost
    // more to allocate and fill than a small file's records take to scan (a scan and the reading of its
    // slots are one synchronous step, so splitters of files read in turns can share it; its caches are
    // keyed by the buffer scanned).
    this.scanner = sink.fastLane ? RecordScanner.shared() : undefined;
  }

  /** Bytes fed so far. */
  get offset(): number {
    return this.base;
  }

  push(b: Uint8Array): void {
    // A run of NUL bytes (a zeroed disk block, a sparse file) inside a record of an array breaks its
    // brackets: that record is dropped with an error and reading resumes at the next record (resync), instead
    // of the rest of the file being read as one broken record. Chunks without NUL take the plain path.
    const inArray = this.container.kind === 'key' || this.container.kind === 'top-array';
    let z = inArray ? indexOfByte(b, 0, 0) : -1;
    if (z < 0) return this.pushPiece(b);
    let from = 0;
    while (z >= 0) {
      if (z > from) this.pushPiece(b.subarray(from, z));
      let e = z + 1;
      while (e < b.length && b[e] === 0) e++;
      if (this.zeroed()) this.base += e - z;
      else this.pushPiece(b.subarray(z, e));
      from = e;
      z = indexOfByte(b, 0, e);
    }
    if (from < b.length) this.pushPiece(b.subarray(from));
  }

  private pushPiece(b: Uint8Array): void {
    let i = 0;
    const n = b.length;
    if (!this.bomChecked) {
      // A BOM split over the first chunks is not recognised; the stream's first chunk is never that short.
      this.bomChecked = true;
      if (this.base === 0 && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    }
    if (this.scanner) {
      const buffer = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      this.chunk = isAscii(i === 0 ? buffer : buffer.subarray(i)) ? buffer : undefined;
    }
    while (i < n) {
      switch (this.st) {
        case St.Value:
          i = this.continueValue(b, i, n);
          break;
        case St.Lines:
          i = this.continueLines(b, i, n);
          break;
        case St.Done:
          i = n;
          break;
        default:
          i = this.envelope(b, i, n);
      }
    }
    if (this.st === St.Value && !this.discarding && this.vEmit) this.keepPiece(b, this.pieceFrom(), n);
    else if (this.st === St.Lines && this.vEmit && !this.discarding) this.keepPiece(b, this.pieceFrom(), n);
    this.base += n;
  }

  /** Where the splitter is: the end of the bytes fed so far. */
  rawPosition(): { offset: number; line: number; lineStart: number } {
    return { offset: this.base, line: this.line, lineStart: this.lineStart };
  }

  /**
   * Ends the text. With reportTruncation false (the caller already reported why the text stopped, e.g. a
   * truncated gzip), an unfinished record or envelope is not reported again.
   */
  end(reportTruncation = true): void {
    const at = { offset: this.base, line: this.line, lineStart: this.lineStart };
    if (!reportTruncation) {
      // The cut-off last line or record is dropped: its damage is the reported cause's.
      this.st = St.Done;
      return;
    }
    switch (this.st) {
      case St.Lines:
        if (this.vEmit) this.finishLine(this.base);
        break;
      case St.Value:
        if (this.vScalar) {
          this.finishValue(this.base, undefined, 0);
          const now = this.st as St;
          if (now !== St.Done && now !== St.Top && now !== St.After) {
            this.report('json-syntax', 'error', 'the text ends before the JSON is closed (truncated file?)', at);
          }
        } else if (this.vEmit) {
          this.report('json-syntax', 'error', `the text ends inside record ${this.ordinal + 1} (truncated file?); the records before it are read`, {
            offset: this.vStart,
            line: this.vLine,
            lineStart: this.vLineStart,
          });
        } else {
          this.report('json-syntax', 'error', 'the text ends before the JSON is closed (truncated file?)', at);
        }
        break;
      case St.Top:
      case St.After:
      case St.Done:
      case St.SkipToRecord: // the damage that began the skip was reported
        break;
      default:
        this.report('json-syntax', 'error', 'the text ends before the JSON is closed (truncated file?)', at);
    }
    this.st = St.Done;
  }

  // ------------------------------------------------------------------------------------------
  // Envelope: the few bytes around the elements, read one by one.

  private envelope(b: Uint8Array, i: number, n: number): number {
    const c = b[i];
    if (this.st !== St.KeyStr) {
      if (c === NL) {
        this.line++;
        this.lineStart = this.base + i + 1;
        return i + 1;
      }
      if (isWs(c)) {
        // A run of blanks in one step: padding is cheap to write and must stay cheap to read (a gzip of
        // gigabytes of spaces costs the reader nothing but time).
        let j = i + 1;
        while (j < n && (b[j] === 0x20 || b[j] === 0x09 || b[j] === 0x0d)) j++;
        return j;
      }
      // Concatenated files (`cat a.json b.json`) carry the second file's BOM between the two.
      if ((this.st === St.After || this.st === St.Top) && this.bomByte(c)) return i + 1;
    }
    switch (this.st) {
      case St.Top: {
        const k = this.container.kind;
        if (k === 'top-values') {
          if (c === LBRACE || c === LBRACKET) {
            this.afterReturn = St.Top;
            return this.startValue(b, i, true);
          }
          this.unexpected(b, i, 'a JSON object');
          return this.skipLine(b, i, n);
        }
        if (k === 'top-array' && c === LBRACKET) {
          this.st = St.ArrElem;
          return i + 1;
        }
        if (k === 'key' && c === LBRACE) {
          this.st = St.ObjKey;
          this.recordsKeys = 0;
          return i + 1;
        }
        this.unexpected(b, i, k === 'key' ? "'{'" : "'['");
        this.st = St.Done;
        return n;
      }
      case St.ObjKey:
        if (c === QUOTE) {
          this.st = St.KeyStr;
          this.keyBuf = [];
          this.keyEscape = false;
          this.keyAt = { offset: this.base + i, line: this.line, lineStart: this.lineStart };
          return i + 1;
        }
        if (c === RBRACE) {
          this.st = St.After;
          return i + 1;
        }
        if (c === COMMA) {
          this.unexpected(b, i, 'a key');
          return i + 1;
        }
        this.unexpected(b, i, 'a key');
        this.st = St.Done;
        return n;
      case St.KeyStr: {
        let j = i;
        while (j < n) {
          const d = b[j++];
          if (this.keyEscape) {
            this.keyEscape = false;
            this.keyBuf.push(-1); // escaped keys never match
          } else if (d === BACKSLASH) this.keyEscape = true;
          else if (d === QUOTE) {
            this.keyMatches = this.matchKey();
            if (this.keyMatches && this.recordsKeys++ > 0) this.duplicateRecordsKey();
            this.st = St.Colon;
            return j;
          } else if (this.keyBuf.length < 256) this.keyBuf.push(d);
        }
        return j;
      }
      case St.Colon:
        if (c === COLON) {
          this.st = St.ObjValue;
          return i + 1;
        }
        this.unexpected(b, i, "':'");
        this.st = St.Done;
        return n;
      case St.ObjValue:
        if (this.keyMatches && c === LBRACKET) {
          this.st = St.ArrElem;
          return i + 1;
        }
        this.afterReturn = St.ObjComma;
        return this.startValue(b, i, false);
      case St.ObjComma:
        if (c === COMMA) {
          this.st = St.ObjKey;
          return i + 1;
        }
        if (c === RBRACE) {
          this.st = St.After;
          return i + 1;
        }
        this.unexpected(b, i, "',' or '}'");
        this.st = St.Done;
        return n;
      case St.ArrElem:
        if (c === RBRACKET) {
          this.st = this.container.kind === 'key' ? St.ObjComma : St.After;
          return i + 1;
        }
        if (c === COMMA || c === RBRACE || c === COLON) {
          this.unexpected(b, i, 'a record');
          return i + 1;
        }
        if (!startsValue(c)) return this.skipToRecord(b, i, 'a record');
        if (c === LBRACE && this.chunk && !this.resync) {
          const end = this.scanRecord(this.chunk, i);
          if (end >= 0) return end;
        }
        this.afterReturn = St.ArrComma;
        return this.startValue(b, i, true);
      case St.ArrComma:
        if (c === COMMA) {
          this.st = St.ArrElem;
          return i + 1;
        }
        if (c === RBRACKET) {
          this.st = this.container.kind === 'key' ? St.ObjComma : St.After;
          return i + 1;
        }
        if (c === LBRACE) {
          this.unexpected(b, i, "',' between records");
          this.afterReturn = St.ArrComma;
          return this.startValue(b, i, true);
        }
        return this.skipToRecord(b, i, "',' or ']'");
      case St.SkipToRecord: {
        const next = indexOfByte(b, LBRACE, i);
        if (next < 0 || next >= n) {
          this.countLines(b, i, n);
          return n;
        }
        this.countLines(b, i, next);
        this.st = St.ArrElem;
        return next;
      }
      case St.After:
        // Concatenated files (`cat a.json b.json`): another top-level object or array of the same kind.
        if (this.container.kind === 'key' && c === LBRACE) {
          this.st = St.ObjKey;
          this.recordsKeys = 0;
          return i + 1;
        }
        if (this.container.kind === 'top-array' && c === LBRACKET) {
          this.st = St.ArrElem;
          return i + 1;
        }
        this.unexpected(b, i, 'the end of the file');
        this.st = St.Done;
        return n;
      default:
        return n;
    }
  }

  /** NUL bytes met inside a record of the array: the record is dropped with an error and reading resyncs
   *  (true); false when the splitter is elsewhere (the bytes then go the ordinary way). */
  private zeroed(): boolean {
    if (this.st !== St.Value || !this.vEmit || this.afterReturn !== St.ArrComma) return false;
    this.report('json-syntax', 'error', `record ${this.ordinal + 1}: NUL bytes inside the record (a damaged block); it is skipped and reading goes on at the next record`, {
      offset: this.base,
      line: this.line,
      lineStart: this.lineStart,
    });
    this.pieces = [];
    this.discarding = false;
    this.vEmit = false;
    this.vString = false;
    this.vEscape = false;
    this.vDepth = 0;
    this.ordinal++;
    this.st = St.SkipToRecord;
    this.resync = true;
    return true;
  }

  /** Bytes that can be no part of the array (NULs of a zeroed block, binary garbage) are one problem, not
   *  one per byte: reading goes on at the next '{', so the records after the damage still count. */
  private skipToRecord(b: Uint8Array, i: number, expected: string): number {
    this.unexpected(b, i, expected, '; skipped to the next record');
    this.st = St.SkipToRecord;
    return i + 1;
  }

  private countLines(b: Uint8Array, from: number, to: number): void {
    for (let j = indexOfByte(b, NL, from); j >= 0 && j < to; j = indexOfByte(b, NL, j + 1)) {
      this.line++;
      this.lineStart = this.base + j + 1;
    }
  }

  /** Takes c when it is the next byte of a byte order mark (EF BB BF, which may be split over chunks). */
  private bomByte(c: number): boolean {
    if (c !== BOM[this.bomSeen]) {
      this.bomSeen = 0;
      return false;
    }
    this.bomSeen = (this.bomSeen + 1) % BOM.length;
    return true;
  }

  /** The records key again in one top-level object: as JSON.parse reads the file, its value replaces the earlier
   *  one's, so the records read so far are not the file's (the sink drops them) and ordinals start again. */
  private duplicateRecordsKey(): void {
    const key = this.container.kind === 'key' ? this.container.key : '';
    this.report('duplicate-records', 'warning', `a second top-level "${key}" key: JSON.parse keeps only the last one, so the ${this.ordinal} record${this.ordinal === 1 ? '' : 's'} of the earlier one ${this.ordinal === 1 ? 'is' : 'are'} not read`, this.keyAt);
    this.ordinal = 0;
    this.sink.restart?.();
  }

  private matchKey(): boolean {
    const k = this.keyBytes;
    if (!k || k.length !== this.keyBuf.length) return false;
    for (let j = 0; j < k.length; j++) if (k[j] !== this.keyBuf[j]) return false;
    return true;
  }

  private skipLine(b: Uint8Array, i: number, n: number): number {
    const nl = indexOfByte(b, NL, i);
    return nl < 0 ? n : nl;
  }

  private unexpected(b: Uint8Array, i: number, expected: string, then = ''): void {
    const c = b[i];
    const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
    this.report('json-syntax', 'error', `expected ${expected} but found ${shown}${then}`, {
      offset: this.base + i,
      line: this.line,
      lineStart: this.lineStart,
    });
  }

  private report(code: string, severity: Severity, message: string, at: { offset: number; line: number; lineStart: number }): void {
    this.problems++;
    if (this.problems > this.maxProblems) {
      if (this.problems === this.maxProblems + 1) {
        this.sink.problem({ code: 'too-many-problems', severity: 'warning', message: `more than ${this.maxProblems} problems; the rest are not reported`, ...at });
      }
      return;
    }
    this.sink.problem({ code, severity, message, ...at });
  }

  /** The fast lane over the record at b[i]: its end, or -1 when the scanner or the lane declines it (then
   *  it is read as an element, problems and all). */
  private scanRecord(b: Buffer, i: number): number {
    const scanner = this.scanner!;
    const end = scanner.scan(b, i);
    if (end === SCAN_FAILED || end - i > this.opts.maxRecordBytes) return -1;
    if (!this.sink.fastLane!(scanner, this.ordinal, this.base + i, this.base + end)) return -1;
    this.ordinal++;
    if (scanner.lines > 0) {
      this.line += scanner.lines;
      this.lineStart = this.base + scanner.lastLineEnd;
    }
    this.st = St.ArrComma;
    return end;
  }

  // ------------------------------------------------------------------------------------------
  // Values: the hot path. Strings are skipped in a tight loop; only brackets change the depth.

  private startValue(b: Uint8Array, i: number, emit: boolean): number {
    const c = b[i];
    this.st = St.Value;
    this.vEmit = emit;
    this.tentative = emit && this.resync;
    this.vStart = this.base + i;
    this.vLine = this.line;
    this.vLineStart = this.lineStart;
    this.vString = false;
    this.vEscape = false;
    this.vScalar = false;
    this.pieces = [];
    this.pending = 0;
    this.discarding = false;
    if (c === LBRACE || c === LBRACKET) {
      this.vDepth = 1;
      return this.continueValue(b, i + 1, b.length);
    }
    this.vDepth = 0;
    if (c === QUOTE) {
      this.vString = true;
      return this.continueValue(b, i + 1, b.length);
    }
    this.vScalar = true;
    return this.continueValue(b, i, b.length);
  }

  private continueValue(b: Uint8Array, i: number, n: number): number {
    if (this.vScalar) {
      while (i < n) {
        const c = b[i];
        if (c === COMMA || c === RBRACKET || c === RBRACE || isWs(c)) {
          this.finishValue(this.base + i, b, i);
          return i;
        }
        i++;
      }
      return i;
    }
    let depth = this.vDepth;
    if (this.vString) {
      // A string begun in an earlier chunk (a backslash that ended it escapes this chunk's first byte).
      if (this.vEscape) {
        this.vEscape = false;
        i++;
      }
      const e = stringEnd(b, i, n);
      if (e < 0) {
        this.vEscape = e === UNTERMINATED_IN_ESCAPE;
        if (this.vEmit && !this.discarding) this.checkSize(this.base + n - this.vStart);
        return n;
      }
      i = e;
      this.vString = false;
      if (depth === 0) {
        this.finishValue(this.base + i, b, i);
        return i;
      }
    }
    let line = this.line;
    let lineStart = this.lineStart;
    const base = this.base;
    while (i < n) {
      const c = b[i++];
      if (c === QUOTE) {
        // Most bytes of a record are inside strings: jump to the closing quote (natively).
        const e = stringEnd(b, i, n);
        if (e < 0) {
          this.vString = true;
          this.vEscape = e === UNTERMINATED_IN_ESCAPE;
          i = n;
        } else i = e;
      } else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        if (--depth === 0) {
          this.line = line;
          this.lineStart = lineStart;
          this.vDepth = 0;
          this.finishValue(base + i, b, i);
          return i;
        }
      } else if (c === NL) {
        line++;
        lineStart = base + i;
      }
    }
    this.line = line;
    this.lineStart = lineStart;
    this.vDepth = depth;
    if (this.vEmit && !this.discarding) this.checkSize(this.base + n - this.vStart);
    return n;
  }

  private checkSize(size: number): void {
    if (size <= this.opts.maxRecordBytes) return;
    this.discarding = true;
    this.pieces = [];
    // An error: the record is not read, so it is missing from every count and query.
    this.report('record-too-large', 'error', `record ${this.ordinal + 1} is larger than ${this.opts.maxRecordBytes} bytes; skipped`, {
      offset: this.vStart,
      line: this.vLine,
      lineStart: this.vLineStart,
    });
  }

  /** Where the value in progress starts in the current chunk (0 when it started in an earlier one). */
  private pieceFrom(): number {
    return this.vStart > this.base ? this.vStart - this.base : 0;
  }

  private keepPiece(b: Uint8Array, from: number, to: number): void {
    if (to > from) {
      this.pieces.push(b.subarray(from, to));
      this.pending += to - from;
    }
  }

  private collect(b: Uint8Array | undefined, endInChunk: number): Uint8Array {
    const from = this.pieceFrom();
    if (this.pieces.length === 0) return b ? b.subarray(from, endInChunk) : EMPTY;
    if (b && endInChunk > 0) this.pieces.push(b.subarray(0, endInChunk));
    const out = Buffer.concat(this.pieces);
    this.pieces = [];
    return out;
  }

  private finishValue(endAbs: number, b: Uint8Array | undefined, endInChunk: number): void {
    if (this.vEmit) {
      if (!this.discarding) this.checkSize(endAbs - this.vStart);
      if (!this.discarding) {
        const bytes = this.collect(b, endInChunk);
        if (this.tentative) {
          // After damage, an object is a record only when its first member is a record field: the objects
          // nested in the damaged record's tail (resources, requestParameters) are not counted as records.
          this.tentative = false;
          if (!startsLikeRecord(bytes)) {
            this.pieces = [];
            this.vEmit = false;
            this.st = St.SkipToRecord;
            return;
          }
          this.resync = false;
        }
        this.sink.element({ ordinal: this.ordinal, start: this.vStart, end: endAbs, line: this.vLine, lineStart: this.vLineStart, bytes });
      }
      this.ordinal++;
    }
    this.pieces = [];
    this.discarding = false;
    this.vEmit = false;
    this.st = this.afterReturn;
  }

  // ------------------------------------------------------------------------------------------
  // Lines: one element per non-blank line; a bad line is that line's problem only.

  private continueLines(b: Uint8Array, i: number, n: number): number {
    while (i < n) {
      if (!this.vEmit) {
        // skip leading whitespace of the line
        while (i < n) {
          const c = b[i];
          if (c === NL) {
            this.line++;
            this.lineStart = this.base + i + 1;
            i++;
          } else if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
          else if (this.bomByte(c)) i++; // a line of concatenated JSON Lines files
          else break;
        }
        if (i >= n) return n;
        this.vEmit = true;
        this.vStart = this.base + i;
        this.vLine = this.line;
        this.vLineStart = this.lineStart;
        this.pieces = [];
        this.discarding = false;
      }
      const nl = indexOfByte(b, NL, i);
      if (nl < 0) {
        if (!this.discarding) this.checkSize(this.base + n - this.vStart);
        return n;
      }
      if (!this.discarding) this.checkSize(this.base + nl - this.vStart);
      if (!this.discarding) {
        const bytes = this.collect(b, nl);
        this.emitLine(bytes, this.base + nl);
      } else {
        this.ordinal++;
      }
      this.vEmit = false;
      this.pieces = [];
      this.line++;
      this.lineStart = this.base + nl + 1;
      i = nl + 1;
    }
    return n;
  }

  private finishLine(endAbs: number): void {
    if (!this.discarding) this.emitLine(this.collect(undefined, 0), endAbs);
    else this.ordinal++;
    this.vEmit = false;
  }

  private emitLine(bytes: Uint8Array, endAbs: number): void {
    let e = bytes.length;
    while (e > 0 && isWs(bytes[e - 1])) e--;
    if (e === 0) return;
    this.sink.element({
      ordinal: this.ordinal++,
      start: this.vStart,
      end: endAbs - (bytes.length - e),
      line: this.vLine,
      lineStart: this.vLineStart,
      bytes: e === bytes.length ? bytes : bytes.subarray(0, e),
    });
  }
}

const EMPTY = new Uint8Array(0);
const BOM = [0xef, 0xbb, 0xbf];

function indexOfByte(b: Uint8Array, byte: number, from: number): number {
  return Buffer.isBuffer(b) ? b.indexOf(byte, from) : b.indexOf(byte, from);
}
