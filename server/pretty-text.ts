// PrettyTextRequest: the readable, pretty-printed text of a trail file on disk (gunzipped when needed),
// for the client's read-only .json.gz view. The view has its own cap on the text it reads (the index's
// inflate cap is for streaming; a view must hold the whole text, pretty-printed, in one string).

import { fileURLToPath } from 'node:url';
import { prettyPrintRecords, readTextFile, type PrettyText } from '../core/parse';
import type { PrettyTextParams, PrettyTextResult } from '../core/protocol';
import { readLimits, type Settings } from '../core/settings';

/** Largest text a view is made of: its pretty form is ~1.5x as long and must fit one JS string (~512 MB). */
export const MAX_VIEW_TEXT_BYTES = 256 * 1048576;

export async function prettyText(params: PrettyTextParams, settings: Settings, maxViewBytes = MAX_VIEW_TEXT_BYTES): Promise<PrettyTextResult> {
  let path: string;
  try {
    path = params.uri.startsWith('file:') ? fileURLToPath(params.uri) : params.uri;
  } catch {
    return { ok: false, message: `not a file URI: ${params.uri}` };
  }
  const r = await readPretty(path, settings, maxViewBytes);
  return r.ok ? { ok: true, text: r.pretty.text, recordLines: r.pretty.recordLines } : r;
}

/** A file's pretty text as the view shows it (under the view's cap), or why it cannot be shown: for the view and
 *  for the places findings have in it (finding-places.ts). */
export async function readPretty(path: string, settings: Settings, maxViewBytes = MAX_VIEW_TEXT_BYTES): Promise<{ ok: true; pretty: PrettyText } | { ok: false; message: string }> {
  // A lower inflate setting still protects the view.
  const limits = readLimits(settings);
  const cap = Math.min(maxViewBytes, limits.maxInflatedBytes);
  const read = await readTextFile(path, { maxFileBytes: limits.maxFileBytes, maxInflatedBytes: cap });
  if (read.text === '' && read.problems.some((p) => p.code === 'inflate-limit')) {
    const limit = `${Math.round(cap / 1048576)} MB`;
    const why = cap < maxViewBytes ? `the ${limit} of the setting cloudtrailS3.index.maxInflatedMB` : `the ${limit} a text view holds`;
    return {
      ok: false,
      message: `${path}: not shown as text: its gzip data inflates past ${why}. Decompression stopped there (a gzip bomb inflates like this); the S3 Explorer and the cloudtrail-s3 CLI read the records of large files.`,
    };
  }
  const fatal = read.problems.find((p) => p.severity === 'error' || p.severity === 'warning');
  if (read.text === '' && fatal) return { ok: false, message: `${path}: ${fatal.message}` };
  // A truncated gzip still shows the records that could be read (the pretty text stays valid JSON).
  return { ok: true, pretty: prettyPrintRecords(read.text) };
}
