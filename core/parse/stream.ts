// readRecordStream: file -> (gunzip when it starts with 1f 8b) -> incremental splitter -> batches of
// RecordSpans. Memory stays bounded whatever the file size: only the head (for shape detection), the
// current chunk and the record in progress are held. Every failure is a Problem, never a throw.

import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { Problem } from '../problem';
import { ByteLocator, collectorFor, dropRestarted, shapeProblem } from './collect';
import { gunzipCapped, gzipErrorProblem, inflateLimitMessage, isGzip } from './gzip';
import { detectLayout, HEAD_SIZE, type Layout, type Shape } from './shape';
import type { RecordSpan } from './spans';
import type { RecordScanner } from './record-scan';
import { RecordSplitter } from './splitter';

export interface ReadLimits {
  /** Decompressed bytes after which reading stops with `inflate-limit`. */
  maxInflatedBytes: number;
  /** Files larger than this on disk are skipped with `file-too-large`. */
  maxFileBytes: number;
  signal?: AbortSignal;
  /** What sets the two limits, named in the messages (default: the index settings). */
  limitNames?: { inflated: string; file: string };
}

export interface ReadStreamOptions extends ReadLimits {
  onProblem: (p: Problem) => void;
  onShape?: (s: Shape) => void;
  /** Spans per yielded batch (default 1000). */
  batchSize?: number;
  /** Records longer than this are skipped with `record-too-large` (default 32 MB). */
  maxRecordBytes?: number;
  /** Read size (default 256 KB). */
  chunkBytes?: number;
  /** Files up to this size on disk are read and inflated in one go, which is much faster than streaming
   *  (default 8 MB; 0 streams every file). Larger files, or ones inflating past 256 MB, are streamed. */
  wholeFileBytes?: number;
  /** Takes every span as the splitter finds it, in file order, instead of the yielded arrays (which then
   *  come empty, after each piece of the file, as points to stop or to take stock). */
  onSpan?: (span: RecordSpan) => void;
  /** The fast lane, for the index: offered each record of a trail file or JSON array that the scanner
   *  (core/parse/record-scan) read, from the scanner itself, as the splitter meets it (so in file order with
   *  onSpan's spans); true when it took the record, false to get it as an ordinary span after all. */
  fastLane?: (scanner: RecordScanner, at: { offset: number; length: number; ordinal: number }) => boolean;
  /** A second top-level records key (SplitterSink.restart): the records given so far (spans, fast-lane records,
   *  yielded batches) whose ordinal is `keep` or more are not the file's, as JSON.parse reads it; those before
   *  (earlier concatenated objects') and those still to come are. Spans not yet yielded are dropped here. */
  onRestart?: (keep: number) => void;
  /** Read and stat files with blocking calls. For threads that do nothing else (the index workers):
   *  a small file then costs no trips through the thread pool and no idle wait between files. */
  blocking?: boolean;
}

const WHOLE_FILE_BYTES = 8 * 1024 * 1024;
const WHOLE_INFLATED_CAP = 256 * 1024 * 1024;

const DEFAULT_MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** Checks that path is a readable regular file within the size limit; a problem otherwise. */
export async function statForReading(path: string, maxFileBytes: number, blocking = false, limitName = 'cloudtrailS3.index.maxFileSizeMB'): Promise<{ size: number } | { problem: Problem }> {
  let st: fs.Stats;
  try {
    st = blocking ? fs.statSync(path) : await fs.promises.stat(path);
  } catch (err) {
    return { problem: unreadable(path, err) };
  }
  // A path that was asked for and not read is an error: its records, if any, are missing from the results.
  if (st.isDirectory()) return { problem: { file: path, code: 'not-a-file', severity: 'error', message: 'this is a folder, not a file' } };
  if (!st.isFile()) return { problem: { file: path, code: 'not-a-file', severity: 'error', message: `not a regular file (${fileKind(st)}); not read` } };
  if (st.size > maxFileBytes) {
    return {
      problem: {
        file: path,
        code: 'file-too-large',
        severity: 'error',
        message: `the file is ${mb(st.size)} MB, over the ${mb(maxFileBytes)} MB limit (${limitName}); skipped`,
      },
    };
  }
  return { size: st.size };
}

export function unreadable(path: string, err: unknown): Problem {
  return { file: path, code: 'unreadable', severity: 'error', message: `cannot read the file: ${whyUnreadable(err)}` };
}

/** Why a file system call failed, in words. */
export function whyUnreadable(err: unknown): string {
  const code = (err as { code?: string }).code;
  return code === 'ELOOP' ? 'symbolic link loop'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOENT' ? 'no such file (deleted, or a dangling symbolic link)'
    : code === 'EISDIR' ? 'this is a folder'
    : (err as Error).message ?? String(err);
}

/** What a path that is neither a file nor a folder is, for messages. */
export function fileKind(st: fs.Stats): string {
  return st.isFIFO() ? 'a named pipe (FIFO)'
    : st.isCharacterDevice() ? 'a character device'
    : st.isBlockDevice() ? 'a block device'
    : st.isSocket() ? 'a socket'
    : st.isSymbolicLink() ? 'a symbolic link'
    : 'not a file or folder';
}

function mb(n: number): string {
  return (n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
}

async function readMagic(path: string): Promise<Buffer> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

interface Started {
  layout: Layout;
  splitter?: RecordSplitter;
  locator?: ByteLocator;
}

/** Detects the shape from the head, reports it, and starts a splitter when the file holds records. */
function begin(head: Buffer, ended: boolean, path: string, opts: ReadStreamOptions, onSpan: (s: RecordSpan) => void, dropSpans: (keep: number) => void): Started {
  const layout = detectLayout(decodeHead(head, ended), ended);
  opts.onShape?.(layout.shape);
  const bad = shapeProblem(layout, path);
  if (bad) opts.onProblem(bad);
  if (layout.container.kind === 'none') return { layout };
  const locator = new ByteLocator(head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf);
  const lane = opts.fastLane;
  // The fast lane reads records; lookup events, EventBridge and CloudWatch envelopes wrap theirs.
  const fastLane = lane && layout.element === 'record'
    ? (scanner: RecordScanner, ordinal: number, start: number, end: number): boolean => lane(scanner, { offset: start, length: end - start, ordinal })
    : undefined;
  const restart = (keep: number): void => {
    dropSpans(keep);
    opts.onRestart?.(keep);
  };
  const sink = collectorFor(layout, path, locator, { spans: opts.onSpan ?? onSpan, problem: opts.onProblem, fastLane, restart });
  const splitter = new RecordSplitter(layout.container, sink, { maxRecordBytes: opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES });
  return { layout, splitter, locator };
}

/** The fast path for ordinary files: one read, one inflate, one scan. Returns false to ask for streaming. */
async function* readWhole(path: string, opts: ReadStreamOptions): AsyncGenerator<RecordSpan[], boolean> {
  let data: Buffer;
  try {
    if (opts.signal?.aborted) return true;
    data = opts.blocking ? fs.readFileSync(path) : await fs.promises.readFile(path, { signal: opts.signal });
  } catch (err) {
    if (!opts.signal?.aborted) opts.onProblem(unreadable(path, err));
    return true;
  }
  let failure: Problem | undefined;
  if (isGzip(data)) {
    const r = gunzipCapped(data, Math.min(opts.maxInflatedBytes, WHOLE_INFLATED_CAP));
    // Past the cap, or on damaged data, the stream reader takes over: it keeps the records inflated
    // before the limit or the damage.
    if (!r.ok && (r.code === 'inflate-limit' || r.code === 'gzip-error')) return false;
    data = r.data;
    if (!r.ok) failure = { file: path, code: r.code, severity: 'error', message: r.message };
  }
  if (data.length === 0) {
    if (failure) opts.onProblem(failure);
    else {
      opts.onShape?.('empty');
      opts.onProblem(shapeProblem(EMPTY_LAYOUT, path)!);
    }
    return true;
  }
  const spans: RecordSpan[] = [];
  const { splitter, locator } = begin(data.subarray(0, HEAD_SIZE), data.length <= HEAD_SIZE, path, opts, (sp) => spans.push(sp), (keep) => dropRestarted(spans, keep));
  if (splitter) {
    splitter.push(data);
    splitter.end(!failure);
  }
  if (failure) opts.onProblem(positioned(failure, locator, splitter));
  if (opts.onSpan) {
    yield spans;
    return true;
  }
  const batchSize = opts.batchSize ?? 1000;
  for (let i = 0; i < spans.length; i += batchSize) {
    if (opts.signal?.aborted) return true;
    yield spans.slice(i, i + batchSize);
  }
  return true;
}

function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Decompressed bytes queued ahead of the reader before decompression pauses. */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * The chunks gunzip produces, in order, then its error if it fails (a truncated file). Piping the file into
 * the zlib stream and iterating it lost output in two ways, so what a truncated file yielded depended on
 * timing: the output of the call that fails is not emitted, and a destroyed stream drops what it buffered.
 * Here the file's end is flushed before the stream is ended, and every chunk is taken as it is emitted,
 * with backpressure by pausing.
 */
async function* gunzipChunks(input: fs.ReadStream, gunzip: zlib.Gunzip): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let queued = 0;
  let done = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  gunzip.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued > MAX_QUEUED_BYTES) gunzip.pause();
    notify();
  });
  gunzip.on('end', () => { done = true; notify(); });
  gunzip.on('error', (err) => { error = err; done = true; notify(); });
  // The file's end is a sync flush first, then the end: everything the data so far inflates to is emitted
  // before the final call, which is the one that fails on a truncated file (its own output would be lost).
  input.on('data', (chunk) => { if (!gunzip.write(chunk)) input.pause(); });
  gunzip.on('drain', () => input.resume());
  input.on('end', () => gunzip.flush(zlib.constants.Z_SYNC_FLUSH, () => gunzip.end()));
  input.on('error', (err) => gunzip.destroy(err));
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        queued -= chunk.length;
        if (gunzip.isPaused() && queued <= MAX_QUEUED_BYTES / 2) gunzip.resume();
        yield chunk;
      } else if (done) {
        break;
      } else {
        await new Promise<void>((resolve) => { wake = resolve; });
      }
    }
  } finally {
    gunzip.destroy();
  }
  if (error !== undefined) throw error;
}

export async function* readRecordStream(path: string, opts: ReadStreamOptions): AsyncGenerator<RecordSpan[]> {
  const batchSize = opts.batchSize ?? 1000;
  const checked = await statForReading(path, opts.maxFileBytes, opts.blocking);
  if ('problem' in checked) {
    opts.onProblem(checked.problem);
    return;
  }
  const empty = (): void => {
    opts.onShape?.('empty');
    opts.onProblem(shapeProblem(EMPTY_LAYOUT, path)!);
  };
  if (checked.size === 0) return empty();
  if (checked.size <= (opts.wholeFileBytes ?? WHOLE_FILE_BYTES)) {
    if (yield* readWhole(path, opts)) return;
  }
  let magic: Buffer;
  try {
    magic = await readMagic(path);
  } catch (err) {
    opts.onProblem(unreadable(path, err));
    return;
  }

  const fileStream = fs.createReadStream(path, { highWaterMark: opts.chunkBytes ?? 256 * 1024 });
  let gunzip: zlib.Gunzip | undefined;
  let source: AsyncIterable<Buffer> = fileStream;
  if (isGzip(magic)) {
    gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 });
    source = gunzipChunks(fileStream, gunzip);
  }

  let inflated = 0;
  let splitter: RecordSplitter | undefined;
  let locator: ByteLocator | undefined;
  let layout: Layout | undefined;
  let batch: RecordSpan[] = [];
  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let failure: Problem | undefined;

  /** Detects the shape from the head and starts the splitter; false when the file holds no records. */
  const start = (ended: boolean): boolean => {
    const head = headChunks.length === 1 ? headChunks[0] : Buffer.concat(headChunks);
    const started = begin(head, ended, path, opts, (sp) => batch.push(sp), (keep) => dropRestarted(batch, keep));
    layout = started.layout;
    splitter = started.splitter;
    locator = started.locator;
    if (!splitter) return false;
    for (const c of headChunks) splitter.push(c);
    headChunks.length = 0;
    return true;
  };

  try {
    for await (const chunk of source) {
      if (opts.signal?.aborted) return;
      inflated += chunk.length;
      if (gunzip && inflated > opts.maxInflatedBytes) {
        failure = { file: path, code: 'inflate-limit', severity: 'error', message: inflateLimitMessage(opts.maxInflatedBytes) };
        break;
      }
      if (!layout) {
        headChunks.push(chunk);
        headBytes += chunk.length;
        if (headBytes < HEAD_SIZE) continue;
        if (!start(false)) return;
      } else {
        splitter?.push(chunk);
      }
      if (opts.onSpan) yield batch;
      while (batch.length >= batchSize) {
        const out = batch.length === batchSize ? batch : batch.slice(0, batchSize);
        batch = batch.length === batchSize ? [] : batch.slice(batchSize);
        yield out;
        if (opts.signal?.aborted) return;
      }
    }
  } catch (err) {
    if (opts.signal?.aborted) return;
    if (gunzip && isZlibError(err)) {
      const p = gzipErrorProblem(err);
      failure = { file: path, code: p.code, severity: 'error', message: p.message };
    } else {
      failure = unreadable(path, err);
    }
  } finally {
    fileStream.destroy();
    gunzip?.destroy();
  }

  if (!layout) {
    if (headChunks.length === 0) {
      // Nothing decompressed: an empty gzip member, or damage right at the start.
      if (failure) opts.onProblem(failure);
      else empty();
      return;
    }
    if (!start(!failure)) {
      if (failure) opts.onProblem(failure);
      return;
    }
  }
  if (splitter) splitter.end(!failure);
  if (failure) opts.onProblem(positioned(failure, locator, splitter));
  if (opts.onSpan) {
    yield batch;
    return;
  }
  for (let i = 0; i < batch.length; i += batchSize) {
    if (opts.signal?.aborted) return;
    yield batch.slice(i, i + batchSize);
  }
}

const EMPTY_LAYOUT: Layout = { shape: 'empty', container: { kind: 'none' }, element: 'record' };

function positioned(p: Problem, locator: ByteLocator | undefined, splitter: RecordSplitter | undefined): Problem {
  if (!locator || !splitter) return p;
  const at = splitter.rawPosition();
  return { ...p, position: locator.position(at.offset, at.line, at.lineStart) };
}

/** Decodes the head for detection. Bytes that are not UTF-8 become U+FFFD: whether the file is binary is
 *  detectLayout's call from what the text looks like, and a record holding such bytes is still a record
 *  (the collector reports the bytes as a `not-utf8` error). */
function decodeHead(head: Buffer, ended: boolean): string {
  // ASCII (nearly every trail file) decodes to the same text byte for byte, without a decoder.
  if (isAscii(head)) return head.toString('latin1');
  return new TextDecoder('utf-8').decode(head, { stream: !ended });
}
