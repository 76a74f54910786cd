import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../core/index';
import { AccessNumbers } from '../../../../core/index/access-numbers';

function roundTrip(n: AccessNumbers, rows: number): AccessNumbers {
  const w = new SnapshotWriter();
  n.writeSnapshot(w, rows);
  const parts = w.finish();
  const out = new Uint8Array(parts.reduce((k, p) => k + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return AccessNumbers.readSnapshot(new SnapshotReader(out.buffer), rows);
}

const VALUES = [0, 1, 4_294_967_293, 4_294_967_294, 4_294_967_295, 5_000_000_000_000, NaN, 17];

test('4 bytes a row, numbers past 4 GB and unknown ones come back as they were set', () => {
  const n = new AccessNumbers(4);
  n.reserve(VALUES.length);
  VALUES.forEach((v, r) => n.set(r, v));
  assert.deepEqual(VALUES.map((_, r) => n.get(r)), VALUES);
  assert.equal(n.values.BYTES_PER_ELEMENT, 4);
  // A big value overwritten by a small one leaves no side entry behind; moves carry big values.
  n.set(3, 12);
  assert.equal(n.get(3), 12);
  n.move(0, 5);
  assert.equal(n.get(0), 5_000_000_000_000);
  n.clear(5, 6);
  assert.ok(Number.isNaN(n.get(5)));
  assert.equal(n.get(0), 5_000_000_000_000);
});

test('a snapshot round trip keeps every row; a side table that does not match its rows is refused', () => {
  const n = new AccessNumbers(VALUES.length);
  VALUES.forEach((v, r) => n.set(r, v));
  const back = roundTrip(n, VALUES.length);
  assert.deepEqual(VALUES.map((_, r) => back.get(r)), VALUES);
  // Only rows below `rows` are saved.
  const short = roundTrip(n, 4);
  assert.deepEqual([0, 1, 2, 3].map((r) => short.get(r)), VALUES.slice(0, 4));
  const bad = new SnapshotWriter();
  bad.array(new Uint32Array([1, 2]));
  bad.array(new Uint32Array([1]));
  bad.array(new Float64Array([5e12]));
  const parts = bad.finish();
  const out = new Uint8Array(parts.reduce((k, p) => k + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  assert.throws(() => AccessNumbers.readSnapshot(new SnapshotReader(out.buffer), 2), SnapshotFormatError);
});
