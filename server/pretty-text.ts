// PrettyTextRequest: the readable, pretty-printed text of a trail file on disk (gunzipped when needed),
// for the client's read-only .json.gz view.

import { fileURLToPath } from 'node:url';
import { prettyPrintRecords, readTextFile } from '../core/parse';
import type { PrettyTextParams, PrettyTextResult } from '../core/protocol';
import type { Settings } from '../core/settings';

export async function prettyText(params: PrettyTextParams, settings: Settings): Promise<PrettyTextResult> {
  let path: string;
  try {
    path = params.uri.startsWith('file:') ? fileURLToPath(params.uri) : params.uri;
  } catch {
    return { ok: false, message: `not a file URI: ${params.uri}` };
  }
  const read = await readTextFile(path, {
    maxFileBytes: settings['index.maxFileSizeMB'] * 1048576,
    maxInflatedBytes: settings['index.maxInflatedMB'] * 1048576,
  });
  const fatal = read.problems.find((p) => p.severity === 'error' || p.severity === 'warning');
  if (read.text === '' && fatal) return { ok: false, message: `${path}: ${fatal.message}` };
  // A truncated gzip still shows the records that could be read (the pretty text stays valid JSON).
  const pretty = prettyPrintRecords(read.text);
  return { ok: true, text: pretty.text, recordLines: pretty.recordLines };
}
