import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowFiles } from '../../../../core/index/row-files';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../core/index/snapshot';
import { snapshotBody } from './value-bytes';


/** Runs of rows: [file id, rows] in order. */
const RUNS: [number, number][] = [[3, 5], [0, 1], [3, 4], [7, 300], [7, 2], [1, 9], [70_000, 3], [2, 40]];

/** The runs appended row by row, as the index does: places one by one within a file, a gap (a dropped duplicate)
 *  in the third run, which starts a run of its own. */
function built(): { files: RowFiles; want: number[]; ordinals: number[] } {
  const files = new RowFiles(2);
  const want: number[] = [];
  const ordinals: number[] = [];
  const next = new Map<number, number>();
  RUNS.forEach(([id, rows], k) => {
    for (let i = 0; i < rows; i++) {
      const ord = (next.get(id) ?? 0) + (k === 2 && i === 2 ? 1 : 0);
      next.set(id, ord + 1);
      files.append(id, want.length, ord);
      want.push(id);
      ordinals.push(ord);
    }
  });
  return { files, want, ordinals };
}

test('the file of every row comes from the runs, in row order, backwards and at random', () => {
  const { files, want, ordinals } = built();
  want.forEach((id, row) => assert.equal(files.at(row), id, `row ${row}`));
  for (let row = want.length - 1; row >= 0; row--) assert.equal(files.at(row), want[row]);
  for (const row of [200, 3, 363, 5, 0, 6, 362, 310]) assert.equal(files.at(row), want[row]);
  // File 7's two runs of RUNS are one (places follow on); the gap in the third makes two.
  let runs = 0;
  files.forEachRun(want.length, () => runs++);
  assert.equal(runs, RUNS.length);
  want.forEach((id, row) => assert.equal(files.ordinalAt(row), ordinals[row], `row ${row}`));
  assert.deepEqual(Array.from(files.column(want.length)), want);
  assert.ok(files.column(want.length) instanceof Uint32Array);
  assert.equal(files.maxId(), 70_000);
  assert.throws(() => files.append(5, 10, 0), /row order/);
});

test('runs visit the rows they cover up to a row count; a column of small ids is 16 bits', () => {
  const files = new RowFiles();
  files.append(4, 0, 0);
  files.append(2, 3, 0);
  files.append(4, 5, 3);
  const seen: number[][] = [];
  files.forEachRun(4, (id, from, to) => seen.push([id, from, to]));
  assert.deepEqual(seen, [[4, 0, 3], [2, 3, 4]]);
  const col = files.column(7);
  assert.ok(col instanceof Uint16Array);
  assert.deepEqual(Array.from(col), [4, 4, 4, 2, 2, 4, 4]);
});

test('saved runs come back; runs out of order or not starting at row 0 are refused', () => {
  const { files, want, ordinals } = built();
  const w = new SnapshotWriter();
  files.writeSnapshot(w);
  const back = RowFiles.readSnapshot(new SnapshotReader(snapshotBody(w)), want.length);
  want.forEach((id, row) => assert.equal(back.at(row), id));
  ordinals.forEach((o, row) => assert.equal(back.ordinalAt(row), o));
  back.append(9, want.length, 0);
  assert.equal(back.at(want.length), 9);
  for (const [starts, ids, rows] of [[[1, 4], [0, 1], 9], [[0, 4, 4], [0, 1, 2], 9], [[0, 9], [0, 1], 9], [[0], [0, 1], 9]] as [number[], number[], number][]) {
    const bad = new SnapshotWriter();
    bad.tag('rowfiles');
    bad.array(Uint32Array.from(starts));
    bad.array(Uint32Array.from(ids));
    bad.array(new Uint32Array(ids.length));
    assert.throws(() => RowFiles.readSnapshot(new SnapshotReader(snapshotBody(bad)), rows), SnapshotFormatError);
  }
});
