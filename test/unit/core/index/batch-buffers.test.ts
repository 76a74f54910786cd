// The spare batch buffers of a thread (node --test runs this file in a process of its own: no buffer has come back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { giveBatchBuffer, takeBatchBuffer } from '../../../../core/index/batch-buffers';

test('batch buffers: their batch size until one comes back, then rounded to 64 KB and reused smallest first', () => {
  assert.equal(takeBatchBuffer(1000).byteLength, 1000, 'no buffer came back: exact size');
  const big = new ArrayBuffer(200_000);
  const small = new ArrayBuffer(70_000);
  giveBatchBuffer(big);
  giveBatchBuffer(small);
  assert.equal(takeBatchBuffer(60_000), small, 'the smallest that fits');
  assert.equal(takeBatchBuffer(150_000), big);
  assert.equal(takeBatchBuffer(70_000).byteLength, 131_072, 'new ones rounded once buffers come back');
  giveBatchBuffer(new ArrayBuffer(0));
  assert.equal(takeBatchBuffer(10).byteLength, 65_536, 'a detached buffer is not kept');
});
