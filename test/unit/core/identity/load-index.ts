// A TrailIndex of trail files, for the identity tests (the reader the index service uses, in this thread).

import { readFileBatches, TrailIndex } from '../../../../core/index';

export async function indexOf(files: readonly string[]): Promise<TrailIndex> {
  const index = new TrailIndex();
  const lim = { maxInflatedBytes: 256 * 1024 * 1024, maxFileBytes: 256 * 1024 * 1024, onProblem: () => undefined };
  for (const f of files) for await (const b of readFileBatches(f, lim)) index.addBatch(b);
  index.prepare();
  return index;
}
