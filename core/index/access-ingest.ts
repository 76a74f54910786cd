// Reads one S3 server access log file (plain or gzip) into row batches: lines split in place, their values in the
// columns CloudTrail records use where they mean the same, their operation and numbers in the batch's access part
// (access-part.ts). A line that does not parse is a problem at its line and column; the rest of the file loads.
// Runs in index worker threads and in the CLI, like the CloudTrail reader.

import fs from 'node:fs';
import { isAscii } from 'node:buffer';
import type { Problem } from '../problem';
import { gunzipCapped, isGzip, statForReading, unreadable } from '../parse';
import { AccessRowReader, checkSplitLine, looksLikeAccessLog, MAX_ACCESS_LINE_CHARS, newSplitBounds, splitAccessLine } from '../access-log';
import { AccessPartBuilder } from './access-part';
import { BatchBuilder, type RowBatch } from './batch';
import type { IngestOptions } from './ingest';

const BATCH_ROWS = 2000;
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

/** Per thread: the readers keep caches of derived values (requester, operation, host), and the builders their grown
 *  storage (an access-log object holds a few hundred lines: building 33 dictionaries per file cost more than its lines). */
const rowReader = new AccessRowReader();
let spare: { builder: BatchBuilder; part: AccessPartBuilder } | undefined;

export async function* readAccessLogBatches(file: string, opts: IngestOptions): AsyncGenerator<RowBatch> {
  const st = await statForReading(file, opts.maxFileBytes, opts.blocking);
  if ('problem' in st) {
    opts.onProblem(st.problem);
    return;
  }
  let data: Buffer;
  try {
    data = opts.blocking ? fs.readFileSync(file) : await fs.promises.readFile(file);
  } catch (err) {
    opts.onProblem(unreadable(file, err));
    return;
  }
  if (isGzip(data)) {
    const g = gunzipCapped(data, opts.maxInflatedBytes);
    if (!g.ok) opts.onProblem({ file, code: g.code ?? 'gzip-error', severity: 'error', message: g.message ?? 'gzip error' });
    data = g.data;
  }
  const ascii = isAscii(data);
  const text = ascii ? data.toString('latin1') : data.toString('utf8');
  const builders = spare ?? { builder: new BatchBuilder(file, 512), part: new AccessPartBuilder(512) };
  spare = undefined;
  const builder = builders.builder.reuse(file);
  const part = builders.part;
  part.reset();
  try {
    yield* readLines(file, text, ascii, builder, part, opts);
  } finally {
    spare = builders;
  }
}

async function* readLines(file: string, text: string, ascii: boolean, builder: BatchBuilder, part: AccessPartBuilder, opts: IngestOptions): AsyncGenerator<RowBatch> {
  const bounds = newSplitBounds();
  const problems: Problem[] = [];
  let records = 0;
  let p = 0;
  let line = 0;
  let byteOffset = 0;
  while (p < text.length) {
    if (opts.signal?.aborted) return;
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    let z = e;
    if (z > p && text.charCodeAt(z - 1) === 13) z--;
    const bytes = ascii ? e - p : Buffer.byteLength(text.slice(p, e));
    const place = { file, line, offset: ascii ? p : byteOffset };
    if (z - p > MAX_ACCESS_LINE_CHARS) {
      opts.onProblem({ file, code: 'access-log-line-too-long', severity: 'error', message: `line is ${z - p} characters long; access-log lines over ${MAX_ACCESS_LINE_CHARS} are not read`, position: { line, column: 0, offset: place.offset } });
    } else if (z > p && !isBlank(text, p, z)) {
      if (!splitAccessLine(text, p, z, bounds)) {
        const f = bounds.failure!;
        opts.onProblem({ file, code: f.code, severity: 'error', message: f.message, position: { line, column: f.column, offset: place.offset + (ascii ? f.column : Buffer.byteLength(text.slice(p, p + f.column))) } });
      } else {
        problems.length = 0;
        const time = checkSplitLine(text, p, bounds, place, problems);
        for (const pr of problems) opts.onProblem(pr);
        if (!Number.isNaN(time)) {
          const i = builder.rows;
          builder.add(rowReader.values(text, bounds, time), { offset: place.offset, length: ascii ? z - p : Buffer.byteLength(text.slice(p, z)), ordinal: line });
          const n = rowReader.numbers(text, bounds);
          const b = bounds.b;
          part.set(i, b[12] >= 0 ? text.slice(b[12], b[13]) : undefined, n.status, n.bytesSent, n.objectSize, n.totalTime, n.turnAroundTime);
          if (builder.rows >= BATCH_ROWS) {
            records += builder.rows;
            yield builder.build(part);
            opts.onProgress?.(records);
          }
        }
      }
    }
    byteOffset += bytes + 1;
    p = e + 1;
    line++;
  }
  if (builder.rows > 0) {
    records += builder.rows;
    yield builder.build(part);
    opts.onProgress?.(records);
  }
}

function isBlank(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
