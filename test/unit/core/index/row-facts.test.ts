// The readers' number per row (RowFacts): kept through de-duplication, removal and compaction as the rows'
// other columns are, absent (0) for batches without facts, and saved with the index's snapshot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotReader, SnapshotWriter, TrailIndex, type RowBatch } from '../../../../core/index';
import { batchesOf, syntheticValues } from './synthetic-records';
import { snapshotBody } from './value-bytes';

/** A batch with facts derived from each row's place (file ordinal), so any row's expected value is known. */
function withFacts(b: RowBatch): RowBatch {
  return { ...b, facts: Uint16Array.from({ length: b.rows }, (_, i) => 0x8000 | (b.ordinal[i] % 4096)) };
}

/** Every live row's facts against what its place says. */
function check(index: TrailIndex, withoutFacts: ReadonlySet<string>): number {
  const s = index.store;
  let n = 0;
  for (let row = 0; row < s.rowCount; row++) {
    if (!s.isAlive(row)) continue;
    const want = withoutFacts.has(s.filePath(s.fileIds.at(row))) ? 0 : 0x8000 | (s.ordinalOf(row) % 4096);
    assert.equal(s.facts.values[row], want, `row ${row}`);
    n++;
  }
  return n;
}


test('row facts follow their rows through duplicates, removal, compaction and a snapshot round trip', () => {
  const batches = batchesOf(syntheticValues(3000, 31), 70);
  const index = new TrailIndex();
  batches.forEach((b, i) => index.addBatch(i === 2 ? b : withFacts(b)));
  // A copy of a file under a path that sorts first: its rows replace the live ones (the kept list path).
  index.addBatch(withFacts({ ...batches[4], file: '/0-copy-of-4.json' }));
  index.removeFile(batches[6].file);
  const without = new Set([batches[2].file]);
  assert.ok(check(index, without) > 2000);
  index.store.compact();
  check(index, without);

  const w = new SnapshotWriter();
  index.writeSnapshot(w);
  const loaded = TrailIndex.readSnapshot(new SnapshotReader(snapshotBody(w)));
  assert.deepEqual(Array.from(loaded.store.facts.values.subarray(0, loaded.store.rowCount)), Array.from(index.store.facts.values.subarray(0, index.store.rowCount)));
  // The loaded index takes new rows (its columns copied out of the snapshot's buffer first).
  loaded.addBatch(withFacts({ ...batches[6], file: '/again-6.json' }));
  loaded.addBatch({ ...batches[7], file: '/again-7.json' });
  without.add('/again-7.json');
  check(loaded, without);
});
