// Reading an access-log line again by its location (the detail pane, exports): the index keeps no line text.

import fs from 'node:fs';
import { gunzipCapped, isGzip } from '../parse';
import { ACCESS_FIELD_DOCS, decodeKey, eventNameForOperationOfLine, parseAccessLine } from '../access-log';

export type AccessLineResult = { ok: true; json: string; text: string; gzip: boolean } | { ok: false; message: string };

/** The line at [offset, offset + length) of the file's (decompressed) text as JSON: its fields by name, and the line. */
export async function readAccessLineAt(file: string, offset: number, length: number, line: number, maxInflatedBytes = 1 << 30): Promise<AccessLineResult> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  const gzip = isGzip(data);
  if (gzip) data = gunzipCapped(data, maxInflatedBytes).data;
  if (offset + length > data.length) return { ok: false, message: `${file} changed since it was indexed: the line is no longer there. Reindex to refresh.` };
  const text = data.subarray(offset, offset + length).toString('utf8');
  const r = parseAccessLine(text, { file, line, offset });
  if (!r.value) return { ok: false, message: `${file} changed since it was indexed: no access-log line at byte ${offset}. Reindex to refresh.` };
  const v = r.value as unknown as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const d of ACCESS_FIELD_DOCS) {
    const value = d.name === 'time' ? new Date(r.value.time).toISOString() : v[d.name];
    if (value !== undefined) fields[d.name] = value;
  }
  const eventName = eventNameForOperationOfLine(r.value);
  const json = JSON.stringify({
    kind: 'S3 server access log line',
    ...(eventName ? { eventName } : {}),
    ...(r.value.key !== undefined ? { objectKey: decodeKey(r.value.key) } : {}),
    fields,
    line: text,
  }, null, 2);
  return { ok: true, json, text, gzip };
}
