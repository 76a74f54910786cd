import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grownTo } from '../../../core/typed-arrays';

test('grownTo keeps the type and the elements, and zero-fills the rest', () => {
  const a = Uint16Array.of(7, 65535, 3);
  const b = grownTo(a, 5);
  assert.ok(b instanceof Uint16Array);
  assert.notEqual(b.buffer, a.buffer);
  assert.deepEqual([...b], [7, 65535, 3, 0, 0]);
  assert.deepEqual([...grownTo(Float64Array.of(0.5, NaN), 3)], [0.5, NaN, 0]);
});
