import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY, grownSlots, placeCode, tableOfHashes, trimmedCodes, trimmedHeap } from '../../../../core/index/hash-table';

test('codes placed by their hashes are found along their probe sequence, colliding ones in the next free slots', () => {
  const hashes = new Uint32Array([0, 0x10005, 0x20005, 0x7]);
  const table = tableOfHashes(hashes, 4, 16);
  const mask = 15;
  assert.equal(table[5] & mask, 1);
  assert.equal(table[6] & mask, 2);
  assert.equal(table[7] & mask, 3);
  assert.equal(table[5] & ~mask, 0x10000, 'the hash\'s high bits ride above the code');
  const again = new Int32Array(16);
  placeCode(again, mask, 0x5, 9);
  assert.equal(again[5], 9);
  assert.equal(table.filter((e) => e !== EMPTY).length, 3);
});

test('tables double until half full at most; trimmed dictionaries keep 1/64 spare (at least 64 codes, 1 KB)', () => {
  assert.equal(grownSlots(16, 5), 32);
  assert.equal(grownSlots(16, 100), 256);
  assert.equal(trimmedCodes(10), 74);
  assert.equal(trimmedCodes(64_000), 65_000);
  const heap = Buffer.alloc(100_000, 7);
  const cut = trimmedHeap(heap, 10_000)!;
  assert.equal(cut.byteLength, 11_024);
  assert.deepEqual(cut.subarray(0, 10_000), heap.subarray(0, 10_000));
  assert.equal(trimmedHeap(Buffer.alloc(2_000), 1_000), undefined);
});
