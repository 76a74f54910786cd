import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../../core/query';
import { BatchBuilder, TrailIndex } from '../../../../core/index';
import type { RecordValues } from '../../../../core/record/values';
import { syntheticValues } from './synthetic-records';

function fileBatch(file: string, values: readonly RecordValues[]) {
  const b = new BatchBuilder(file);
  values.forEach((v, i) => b.add(v, undefined, { offset: i * 10, length: 9, ordinal: i }));
  return b.build();
}

const all = (index: TrailIndex) => {
  const r = parseQuery('source:*');
  assert.ok(r.ok);
  return index.count(r.query);
};

test('an exact duplicate delivered in another file is dropped and counted; look-alikes are kept', () => {
  const values = syntheticValues(20, 9).map((v, i) => ({ ...v, eventTime: '2026-01-01T00:00:00Z', eventID: `id-${i}` }));
  const index = new TrailIndex();
  index.addBatch(fileBatch('/a.json', values.slice(0, 10)));
  const copy = values.slice(5, 10); // exact duplicates
  const sameIdOtherName = { ...values[0], eventName: 'Other' };
  const sameIdOtherTime = { ...values[1], eventTime: '2026-01-01T00:00:01Z' };
  const r = index.addBatch(fileBatch('/b.json', [...copy, sameIdOtherName, sameIdOtherTime, ...values.slice(10)]));
  assert.deepEqual(r, { added: 12, duplicates: 5 });
  assert.equal(index.store.duplicates, 5);
  assert.equal(all(index), 22);
  // the same eventID twice within one file is two records as written
  const single = new TrailIndex();
  single.addBatch(fileBatch('/c.json', [values[0], values[0]]));
  assert.equal(all(single), 2);
});

test('removing a file hides its rows and brings back duplicates it had shadowed', () => {
  const values = syntheticValues(30, 3).map((v, i) => ({ ...v, eventID: `id-${i}` }));
  const index = new TrailIndex();
  index.addBatch(fileBatch('/a.json', values.slice(0, 20)));
  index.addBatch(fileBatch('/b.json', values.slice(10, 30)));
  assert.equal(all(index), 30);
  assert.equal(index.store.duplicates, 10);
  const removed = index.removeFile('/a.json');
  assert.equal(removed.removed, 20);
  assert.deepEqual(removed.reread, ['/b.json']);
  assert.equal(all(index), 10);
  // the caller re-reads the shadowing file: remove and add it again
  index.removeFile('/b.json');
  index.addBatch(fileBatch('/b.json', values.slice(10, 30)));
  assert.equal(all(index), 20);
  assert.equal(index.store.records, 20);
  assert.equal(index.store.duplicates, 0);
  assert.equal(index.location(0), undefined); // dead row
  assert.deepEqual(index.store.livePaths(), ['/b.json']);
});

test('compaction keeps every live row, its values and its location', () => {
  const values = syntheticValues(200, 4);
  const index = new TrailIndex();
  for (let f = 0; f < 10; f++) index.addBatch(fileBatch(`/f${f}.json`, values.slice(f * 20, f * 20 + 20)));
  for (let f = 0; f < 10; f += 2) index.removeFile(`/f${f}.json`);
  const q = parseQuery('-eventName:GetObject source:*');
  assert.ok(q.ok);
  const before = Array.from(index.matchingRows(q.query)).map((id) => JSON.stringify([index.rowData(id), index.location(id)]).replace(/"id":\d+,/, ''));
  index.store.compact();
  assert.equal(index.store.rowCount, 100);
  const after = Array.from(index.matchingRows(q.query)).map((id) => JSON.stringify([index.rowData(id), index.location(id)]).replace(/"id":\d+,/, ''));
  assert.deepEqual(after, before);
  index.store.trim();
  index.addBatch(fileBatch('/f0.json', values.slice(0, 20)));
  assert.equal(all(index), 120);
});
