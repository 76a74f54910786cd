// A Backend over real trail files: read with core's streaming reader into a core TrailIndex, records
// re-read from their byte span like the server's RecordRequest does.

import type { Problem } from '../../../core/problem';
import { TrailIndex, readFileBatches } from '../../../core/index';
import { readTextFile } from '../../../core/parse';
import { indexStatus, recordInText, type Backend } from './backend';

const LIMITS = { maxInflatedBytes: 256 * 1024 * 1024, maxFileBytes: 256 * 1024 * 1024 };

export async function fileBackend(files: string[]): Promise<Backend> {
  const index = new TrailIndex();
  const problems: Problem[] = [];
  for (const file of files) {
    for await (const batch of readFileBatches(file, { ...LIMITS, onProblem: (p) => problems.push(p) })) index.addBatch(batch);
  }
  index.prepare();
  const texts = new Map<string, { bytes: Buffer; gzip: boolean }>();
  const load = async (file: string): Promise<{ bytes: Buffer; gzip: boolean }> => {
    let t = texts.get(file);
    if (!t) {
      const r = await readTextFile(file, LIMITS);
      t = { bytes: Buffer.from(r.text, 'utf8'), gzip: r.gzip };
      texts.set(file, t);
    }
    return t;
  };
  for (const f of files) await load(f);
  return {
    index,
    problems,
    status: () => indexStatus(index, problems.length, files.length),
    record(id) {
      const loc = index.location(id);
      if (!loc) return { ok: false, message: `record ${id} is no longer in the index` };
      const t = texts.get(loc.file);
      if (!t) return { ok: false, message: `file not loaded: ${loc.file}` };
      return recordInText(loc, t.bytes, t.gzip);
    },
  };
}
