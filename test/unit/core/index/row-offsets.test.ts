import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowOffsets } from '../../../../core/index/row-offsets';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../core/index/snapshot';
import { snapshotBody } from './value-bytes';


/** Records of several files: mostly a comma or a line break apart, some far apart (another file, a dropped copy,
 *  white space past a byte), and offsets near 2^32. */
function records(n: number, seed: number): { offsets: number[]; lengths: number[] } {
  let s = seed;
  const rand = (m: number) => ((s = (s * 1103515245 + 12345) >>> 0) % m);
  const offsets: number[] = [];
  const lengths: number[] = [];
  let next = 0;
  for (let i = 0; i < n; i++) {
    const kind = rand(20);
    if (kind === 0) next = rand(1_000_000); // the first record of another file
    else if (kind === 1) next += 254 + rand(3); // gaps around the byte's limit (254 fits, 255 and up do not)
    else if (kind === 2) next = 2 ** 32 - 70_000 + rand(1000);
    else next += rand(3);
    offsets.push(next);
    lengths.push(1 + rand(3000));
    next += lengths[i];
  }
  return { offsets, lengths };
}

test('every offset reads back, across marks, odd gaps and files, at random and in order', () => {
  const { offsets, lengths } = records(1000, 7);
  const lens = Uint32Array.from(lengths);
  const t = new RowOffsets(4, () => lens);
  t.reserve(1000);
  offsets.forEach((o, r) => t.set(r, o));
  offsets.forEach((o, r) => assert.equal(t.at(r), o, `row ${r}`));
  const read = t.reader();
  offsets.forEach((o, r) => assert.equal(read(r), o));
  // Close to a byte a row: the gaps, a mark every 64 rows and the odd rows.
  assert.ok(t.byteSize() < 1000 * 1.3 + 40 * 200, `${t.byteSize()} bytes`);
});

test('a compaction that reads each row before moving it down keeps every offset', () => {
  const { offsets, lengths } = records(700, 3);
  const lens = Uint32Array.from(lengths);
  const t = new RowOffsets(700, () => lens);
  offsets.forEach((o, r) => t.set(r, o));
  const keep = (r: number) => r % 3 !== 1 && !(r > 100 && r < 300);
  const read = t.reader();
  const want: number[] = [];
  let w = 0;
  for (let r = 0; r < offsets.length; r++) {
    const o = read(r);
    assert.equal(o, offsets[r]);
    if (!keep(r)) continue;
    lens[w] = lens[r];
    t.set(w, o);
    want.push(o);
    w++;
  }
  t.truncate(w);
  want.forEach((o, r) => assert.equal(t.at(r), o, `row ${r}`));
  // No side-table entry of a row written over is left (a saved index would be refused).
  const saved = new SnapshotWriter();
  t.writeSnapshot(saved, w);
  const back = RowOffsets.readSnapshot(new SnapshotReader(snapshotBody(saved)), w, () => lens);
  want.forEach((o, r) => assert.equal(back.at(r), o));
  // Appends after the compaction continue from its last row.
  lens[w] = 10;
  t.set(w, want[w - 1] + lens[w - 1] + 1);
  assert.equal(t.at(w), want[w - 1] + lens[w - 1] + 1);
  t.trim(w + 1);
  want.forEach((o, r) => assert.equal(t.at(r), o));
});

test('saved offsets come back; a side table naming a row that is not odd is refused', () => {
  const { offsets, lengths } = records(300, 11);
  const lens = Uint32Array.from(lengths);
  const t = new RowOffsets(300, () => lens);
  offsets.forEach((o, r) => t.set(r, o));
  const w = new SnapshotWriter();
  t.writeSnapshot(w, 300);
  const back = RowOffsets.readSnapshot(new SnapshotReader(snapshotBody(w)), 300, () => lens);
  offsets.forEach((o, r) => assert.equal(back.at(r), o));
  const bad = new SnapshotWriter();
  bad.tag('offsets');
  bad.array(new Uint8Array(3));
  bad.array(new Uint32Array(1));
  bad.array(Uint32Array.of(2));
  bad.array(Uint32Array.of(5));
  assert.throws(() => RowOffsets.readSnapshot(new SnapshotReader(snapshotBody(bad)), 3, () => lens), SnapshotFormatError);
});
