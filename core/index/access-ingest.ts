// Reads one S3 server access log file (plain or gzip) into row batches: lines split in place, their values in the
// columns CloudTrail records use where they mean the same, their operation and numbers in the batch's access part
// (access-part.ts). A line that does not parse is a problem at its line and column; the rest of the file loads.
// Runs in index worker threads and in the CLI, like the CloudTrail reader.

import fs from 'node:fs';
import { gunzipCapped, isGzip, statForReading, unreadable } from '../parse';
import { looksLikeAccessLog } from '../access-log';
import { AccessLogReader } from './access-reader';
import type { RowBatch } from './batch';
import type { IngestOptions } from './ingest';

/** Bytes of a file's start read to tell an access log from anything else. */
const SNIFF_BYTES = 4096;
/** Names that are CloudTrail's (JSON): never sniffed as access logs. */
const JSON_NAME = /\.(?:json|jsonl|ndjson)(?:\.gz)?$/i;

/**
 * Whether the file holds S3 server access log lines, by its first bytes (gzip inflated). Files named like JSON are
 * not looked at; an unreadable file is not one (the CloudTrail reader then says why it cannot be read).
 */
export function isAccessLogFile(file: string, maxInflatedBytes: number): boolean {
  if (JSON_NAME.test(file)) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, head, 0, SNIFF_BYTES, 0);
    let bytes: Buffer = head.subarray(0, n);
    if (isGzip(bytes)) {
      // The whole file: a gzip of a few KB is the usual access-log object; larger ones are inflated once more later.
      const all = fs.readFileSync(file);
      bytes = gunzipCapped(all, Math.min(maxInflatedBytes, 1 << 20)).data.subarray(0, SNIFF_BYTES);
    }
    return looksLikeAccessLog(bytes.toString('latin1'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Per thread: the reader keeps caches of derived values (requester, operation, host) and its grown storage. */
let reader: AccessLogReader | undefined;

/** The file's bytes, gzip inflated; undefined (and a problem) when it cannot be read. Not blocking unless asked
 *  (the language server's own thread reads a changed file when it has no worker). */
async function fileData(file: string, opts: IngestOptions): Promise<Buffer | undefined> {
  let data: Buffer;
  try {
    data = opts.blocking ? fs.readFileSync(file) : await fs.promises.readFile(file);
  } catch (err) {
    opts.onProblem(unreadable(file, err));
    return undefined;
  }
  if (isGzip(data)) {
    const g = gunzipCapped(data, opts.maxInflatedBytes);
    if (!g.ok) opts.onProblem({ file, code: g.code ?? 'gzip-error', severity: 'error', message: g.message ?? 'gzip error' });
    data = g.data;
  }
  return data;
}

/** Files up to this size are read into the thread's scratch buffer (readWhole); larger ones into their own. */
const SCRATCH_MAX_BYTES = 8 << 20;
/** Per thread: the buffer the last small file was read into, grown as needed up to SCRATCH_MAX_BYTES. */
let scratch: Buffer | undefined;

/**
 * The file's bytes at offset 0 of a buffer (the reader's split reads them as 32-bit words), through one open, fstat
 * and read; undefined when it cannot be read or holds more than `maxBytes`. Thousands of small objects make a stat
 * and a pooled copy per file count, and a fresh buffer per file too (an allocation, and its pages faulted in by the
 * read: ~5% of a worker's time over the bench's 4,511 files): a file up to SCRATCH_MAX_BYTES goes into the thread's
 * scratch buffer, so the bytes returned are only good until the next call (addAccessLogFile keeps none of them).
 */
function readWhole(file: string, maxBytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) return undefined;
    let data: Buffer;
    if (size > SCRATCH_MAX_BYTES) data = Buffer.allocUnsafeSlow(size);
    else {
      if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX_BYTES, Math.max(size, 2 * (scratch?.length ?? 65536))));
      data = scratch.subarray(0, size);
    }
    let n = 0;
    while (n < size) {
      const got = fs.readSync(fd, data, n, size - n, n);
      if (got === 0) break;
      n += got;
    }
    // A file that shrank while read is read as far as it went.
    return n === size ? data : data.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Batches of one access-log file (the CLI's and the service's own thread: one file at a time). */
export async function* readAccessLogBatches(file: string, opts: IngestOptions): AsyncGenerator<RowBatch> {
  const st = await statForReading(file, opts.maxFileBytes, opts.blocking);
  if ('problem' in st) {
    opts.onProblem(st.problem);
    return;
  }
  const data = await fileData(file, opts);
  if (!data) return;
  const r = (reader ??= new AccessLogReader());
  r.clear();
  const batches: RowBatch[] = [];
  let records = 0;
  r.addFile(file, data, opts.onProblem, (b) => batches.push(b), opts.signal);
  if (r.rows > 0) batches.push(r.build());
  for (const b of batches) {
    records += b.rows;
    yield b;
    opts.onProgress?.(records);
  }
}

/**
 * Index workers: reads `file` into `batcher`'s pending batch when it is an access log (several files then share a
 * batch; `full` takes a batch whenever one fills). Returns false, reading nothing into the batch, for any other
 * file (JSON names are not even opened), and for a file that cannot be read or is too large: the CloudTrail reader
 * then reads it and says why.
 */
export function addAccessLogFile(batcher: AccessLogReader, file: string, opts: IngestOptions, full: (batch: RowBatch) => void): boolean {
  if (JSON_NAME.test(file)) return false;
  const data = readWhole(file, opts.maxFileBytes);
  if (!data) return false;
  let text = data;
  if (isGzip(data)) {
    const g = gunzipCapped(data, opts.maxInflatedBytes);
    if (!looksLikeAccessLog(g.data.subarray(0, SNIFF_BYTES).toString('latin1'))) return false;
    if (!g.ok) opts.onProblem({ file, code: g.code ?? 'gzip-error', severity: 'error', message: g.message ?? 'gzip error' });
    text = g.data;
  } else if (!looksLikeAccessLog(data.subarray(0, SNIFF_BYTES).toString('latin1'))) return false;
  opts.onShape?.('access-log');
  batcher.addFile(file, text, opts.onProblem, full, opts.signal);
  return true;
}
