import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyManifest, mergeManifest, noChanges, type CacheEntry } from '../../../../core/remote';

const entry = (key: string, etag: string, usedAt: number): CacheEntry => ({ bucket: 'b', key, etag, size: 10, usedAt });

test('a merge keeps the other window\'s entries, the later use of a shared one and the later copy of a changed one', () => {
  const disk = emptyManifest();
  disk.entries = { 'b/theirs': entry('theirs', 'e1', 5), 'b/shared': entry('shared', 'e1', 9), 'b/changed': entry('changed', 'new', 20) };
  const mine = noChanges();
  mine.entries.set('b/mine', entry('mine', 'e1', 7));
  mine.entries.set('b/shared', entry('shared', 'e1', 3));
  mine.entries.set('b/changed', entry('changed', 'old', 10));
  const m = mergeManifest(disk, mine);
  assert.deepEqual(Object.keys(m.entries).sort(), ['b/changed', 'b/mine', 'b/shared', 'b/theirs']);
  assert.equal(m.entries['b/shared'].usedAt, 9);
  assert.equal(m.entries['b/changed'].etag, 'new');
});

test('a removal drops the entry only when the disk still names the removed copy', () => {
  const disk = emptyManifest();
  disk.entries = { 'b/same': entry('same', 'e1', 5), 'b/refetched': entry('refetched', 'e2', 30) };
  const mine = noChanges();
  mine.removed.set('b/same', entry('same', 'e1', 6));
  mine.removed.set('b/refetched', entry('refetched', 'e1', 6));
  const m = mergeManifest(disk, mine);
  assert.deepEqual(Object.keys(m.entries), ['b/refetched']);
});

test('location records set and dropped by a window; the others stay', () => {
  const disk = emptyManifest();
  disk.locations = { x: { keys: ['1'], markers: {}, listedAt: 1 }, y: { keys: [], markers: {}, listedAt: 1 } };
  const mine = noChanges();
  mine.locations.set('y', undefined);
  mine.locations.set('z', { keys: ['2'], markers: {}, listedAt: 2 });
  assert.deepEqual(Object.keys(mergeManifest(disk, mine).locations).sort(), ['x', 'z']);
});
