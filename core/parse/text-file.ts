// readTextFile: a whole file as text (gunzipped when it starts with 1f 8b) for the pretty view and the
// language server, with the same caps and problems as the stream reader.

import * as fs from 'node:fs';
import type { Problem } from '../problem';
import { shapeProblem } from './collect';
import { gunzipStreamCapped, inflateLimitMessage, isGzip } from './gzip';
import { detectLayout, HEAD_SIZE, isCloudTrailShape } from './shape';
import { statForReading, unreadable, type ReadLimits } from './stream';
import { firstInvalidUtf8 } from './utf8';

export interface TextFileResult {
  /** The decompressed text ('' when it could not be read). A leading BOM is kept, so string offsets
   *  match the stream reader's byte offsets for ASCII text. */
  text: string;
  gzip: boolean;
  problems: Problem[];
}

export async function readTextFile(path: string, opts: ReadLimits): Promise<TextFileResult> {
  const checked = await statForReading(path, opts.maxFileBytes, false, opts.limitNames?.file);
  if ('problem' in checked) return { text: '', gzip: false, problems: [checked.problem] };
  let raw: Buffer;
  try {
    raw = await fs.promises.readFile(path, { signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) return { text: '', gzip: false, problems: [] };
    return { text: '', gzip: false, problems: [unreadable(path, err)] };
  }
  const problems: Problem[] = [];
  const gzip = isGzip(raw);
  let data = raw;
  if (gzip) {
    const r = await gunzipStreamCapped(raw, opts.maxInflatedBytes, opts.signal);
    if (!r) return { text: '', gzip, problems: [] };
    data = r.data;
    if (!r.ok) {
      // Past the cap nothing is kept: the message names the limit that applies and says so.
      const message = r.code === 'inflate-limit' ? inflateLimitMessage(opts.maxInflatedBytes, opts.limitNames?.inflated, data.length > 0) : r.message;
      problems.push({ file: path, code: r.code, severity: 'error', message, position: bytePosition(data, data.length) });
    }
  } else if (raw.length > opts.maxInflatedBytes) {
    const limit = opts.limitNames ? ` (${opts.limitNames.inflated})` : '';
    return { text: '', gzip, problems: [{ file: path, code: 'file-too-large', severity: 'error', message: `the file is larger than the ${Math.round(opts.maxInflatedBytes / 1048576)} MB text size limit${limit}; not read` }] };
  }
  // Binary only when the text cannot hold CloudTrail records at all (as the stream reader decides): a NUL
  // or an undecodable byte inside JSON is damage at its place, not a reason to drop the file. Decided from
  // the head, before a binary file is decoded whole.
  const layout = detectLayout(data.subarray(0, HEAD_SIZE).toString('utf8'), data.length <= HEAD_SIZE);
  if (layout.shape === 'binary') {
    problems.push(shapeProblem(layout, path)!);
    return { text: '', gzip, problems };
  }
  let text: string;
  try {
    text = data.toString('utf8');
  } catch {
    // Past V8's longest string.
    problems.push({ file: path, code: 'file-too-large', severity: 'error', message: 'the text is too large to open as one document; not read' });
    return { text: '', gzip, problems };
  }
  if (isCloudTrailShape(layout.shape)) {
    const bad = firstInvalidUtf8(data);
    if (bad >= 0) {
      problems.push({ file: path, code: 'not-utf8', severity: 'error', message: `byte 0x${data[bad].toString(16).padStart(2, '0')} is not UTF-8 text; it reads as U+FFFD`, position: bytePosition(data, bad) });
    }
  }
  return { text, gzip, problems };
}

/** Line and UTF-16 column of a byte offset of UTF-8 data. */
function bytePosition(data: Buffer, offset: number): { offset: number; line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = data.indexOf(10); i >= 0 && i < offset; i = data.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: data.subarray(lineStart, offset).toString('utf8').length };
}
