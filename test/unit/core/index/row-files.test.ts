import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowFiles } from '../../../../core/index/row-files';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../core/index/snapshot';

function bodyOf(w: SnapshotWriter): ArrayBuffer {
  const parts = w.finish();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out.buffer;
}

/** Runs of rows: [file id, rows] in order. */
const RUNS: [number, number][] = [[3, 5], [0, 1], [3, 4], [7, 300], [7, 2], [1, 9], [70_000, 3], [2, 40]];

function built(): { files: RowFiles; want: number[] } {
  const files = new RowFiles(2);
  const want: number[] = [];
  for (const [id, rows] of RUNS) {
    files.append(id, want.length);
    for (let i = 0; i < rows; i++) want.push(id);
  }
  return { files, want };
}

test('the file of every row comes from the runs, in row order, backwards and at random', () => {
  const { files, want } = built();
  want.forEach((id, row) => assert.equal(files.at(row), id, `row ${row}`));
  for (let row = want.length - 1; row >= 0; row--) assert.equal(files.at(row), want[row]);
  for (const row of [200, 3, 363, 5, 0, 6, 362, 310]) assert.equal(files.at(row), want[row]);
  // Two appends of one file in a row are one run.
  let runs = 0;
  files.forEachRun(want.length, () => runs++);
  assert.equal(runs, RUNS.length - 1);
  assert.deepEqual(Array.from(files.column(want.length)), want);
  assert.ok(files.column(want.length) instanceof Uint32Array);
  assert.equal(files.maxId(), 70_000);
  assert.throws(() => files.append(5, 10), /row order/);
});

test('runs visit the rows they cover up to a row count; a column of small ids is 16 bits', () => {
  const files = new RowFiles();
  files.append(4, 0);
  files.append(2, 3);
  files.append(4, 5);
  const seen: number[][] = [];
  files.forEachRun(4, (id, from, to) => seen.push([id, from, to]));
  assert.deepEqual(seen, [[4, 0, 3], [2, 3, 4]]);
  const col = files.column(7);
  assert.ok(col instanceof Uint16Array);
  assert.deepEqual(Array.from(col), [4, 4, 4, 2, 2, 4, 4]);
});

test('saved runs come back; runs out of order or not starting at row 0 are refused', () => {
  const { files, want } = built();
  const w = new SnapshotWriter();
  files.writeSnapshot(w);
  const back = RowFiles.readSnapshot(new SnapshotReader(bodyOf(w)), want.length);
  want.forEach((id, row) => assert.equal(back.at(row), id));
  back.append(9, want.length);
  assert.equal(back.at(want.length), 9);
  for (const [starts, ids, rows] of [[[1, 4], [0, 1], 9], [[0, 4, 4], [0, 1, 2], 9], [[0, 9], [0, 1], 9], [[0], [0, 1], 9]] as [number[], number[], number][]) {
    const bad = new SnapshotWriter();
    bad.tag('rowfiles');
    bad.array(Uint32Array.from(starts));
    bad.array(Uint32Array.from(ids));
    assert.throws(() => RowFiles.readSnapshot(new SnapshotReader(bodyOf(bad)), rows), SnapshotFormatError);
  }
});
