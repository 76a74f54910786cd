// A Backend over an index saved by the workspace index (engine/index-cache.ts: the CLI's --cache, the bench's
// --cache): the bench serves the 10,000,000-record tree from it, loaded in seconds, where building as many
// synthetic rows takes many minutes. Records are re-read from their file's byte span, like the server does.

import fs from 'node:fs';
import zlib from 'node:zlib';
import { loadSnapshot } from '../../../engine/index-cache';
import { indexStatus, recordInText, type Backend } from './backend';

export async function savedIndexBackend(file: string): Promise<Backend> {
  const loaded = await loadSnapshot(file);
  if (!loaded.ok) throw new Error(`cannot use the saved index ${file}: ${loaded.reason}`);
  const { index, fingerprints, problems } = loaded.snapshot;
  // What the server does before it announces "ready" (a loaded index brings its ascending time order).
  index.prepare();
  const files = fingerprints.byPath.size;
  return {
    index,
    problems,
    status: () => indexStatus(index, problems.length, files),
    record(id) {
      const loc = index.location(id);
      if (!loc) return { ok: false, message: `record ${id} is no longer in the index` };
      const raw = fs.readFileSync(loc.file);
      const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
      return recordInText(loc, gzip ? zlib.gunzipSync(raw) : raw, gzip);
    },
  };
}
