// readTextFile: a whole file as text (gunzipped when it starts with 1f 8b) for the pretty view and the
// language server, with the same caps and problems as the stream reader.

import * as fs from 'node:fs';
import type { Problem } from '../problem';
import { gunzipStreamCapped, isGzip } from './gzip';
import { statForReading, unreadable, type ReadLimits } from './stream';

export interface TextFileResult {
  /** The decompressed text ('' when it could not be read). A leading BOM is kept, so string offsets
   *  match the stream reader's byte offsets for ASCII text. */
  text: string;
  gzip: boolean;
  problems: Problem[];
}

export async function readTextFile(path: string, opts: ReadLimits): Promise<TextFileResult> {
  const checked = await statForReading(path, opts.maxFileBytes);
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
    if (!r.ok) problems.push({ file: path, code: r.code, severity: 'error', message: r.message, position: endPosition(data) });
  } else if (raw.length > opts.maxInflatedBytes) {
    return { text: '', gzip, problems: [{ file: path, code: 'file-too-large', severity: 'warning', message: 'the file is larger than the text size limit' }] };
  }
  if (data.indexOf(0) >= 0) {
    problems.push({ file: path, code: 'binary', severity: 'warning', message: 'binary data, not a CloudTrail JSON file' });
    return { text: '', gzip, problems };
  }
  try {
    return { text: data.toString('utf8'), gzip, problems };
  } catch {
    // Past V8's longest string.
    problems.push({ file: path, code: 'file-too-large', severity: 'warning', message: 'the text is too large to open as one document' });
    return { text: '', gzip, problems };
  }
}

function endPosition(data: Buffer): { offset: number; line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset: data.length, line, column: data.length - lineStart };
}
