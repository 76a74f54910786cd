import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowTimes } from '../../../../core/index/row-times';
import { SnapshotReader, SnapshotWriter, SnapshotFormatError } from '../../../../core/index/snapshot';
import { snapshotBody } from './value-bytes';


// Whole seconds (the CloudTrail and access-log case), a missing time, and times that do not fit 32-bit seconds.
const TIMES = [Date.UTC(2026, 11, 7, 19, 47, 11), NaN, 0, Date.UTC(2026, 0, 1) + 250, -86_400_000, 2 ** 32 * 1000, 1.5, Date.UTC(2106, 1, 7, 6, 28, 13), Date.UTC(2014, 5, 1)];

test('every time reads back as the epoch ms it was written with, in 4 bytes a row when it is whole seconds', () => {
  const t = RowTimes.of(TIMES);
  TIMES.forEach((ms, r) => assert.ok(Object.is(t.at(r), ms), `row ${r}: ${t.at(r)} for ${ms}`));
  assert.equal(t.seconds[0], TIMES[0] / 1000);
  // Four odd times in the side table, nothing for the missing one.
  assert.equal(t.byteSize(), TIMES.length * 4 + 4 * 40);
  assert.deepEqual(Array.from(t.toArray(TIMES.length)), TIMES);
});

test('rewriting, moving and trimming rows keep the side table to the rows that need it', () => {
  const t = RowTimes.of(TIMES);
  t.set(3, 1000); // an odd row becomes whole seconds
  assert.equal(t.at(3), 1000);
  t.move(0, 4); // an odd time moves over a plain one
  assert.equal(t.at(0), -86_400_000);
  t.move(4, 2); // a plain time moves over an odd one
  assert.equal(t.at(4), 0);
  t.move(5, 1);
  assert.ok(Number.isNaN(t.at(5)));
  assert.equal(t.byteSize(), TIMES.length * 4 + 2 * 40); // rows 0 and 6
  t.trim(4);
  assert.equal(t.byteSize(), 4 * 4 + 40);
  t.reserve(10);
  assert.equal(t.at(0), -86_400_000);
  assert.equal(t.at(3), 1000);
});

test('a saved column comes back with its odd times; a side table naming a plain row is refused', () => {
  const t = RowTimes.of(TIMES);
  const w = new SnapshotWriter();
  t.writeSnapshot(w, TIMES.length);
  const back = RowTimes.readSnapshot(new SnapshotReader(snapshotBody(w)), TIMES.length);
  TIMES.forEach((ms, r) => assert.ok(Object.is(back.at(r), ms)));
  const plain = RowTimes.of([1000, 2000]);
  const bad = new SnapshotWriter();
  bad.tag('times');
  bad.array(plain.seconds);
  bad.array(Uint32Array.of(1));
  bad.array(Float64Array.of(2.5));
  assert.throws(() => RowTimes.readSnapshot(new SnapshotReader(snapshotBody(bad)), 2), SnapshotFormatError);
});
