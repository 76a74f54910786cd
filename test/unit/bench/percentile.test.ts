// The one median the benches report (bench/percentile.mjs): the middle of an odd count, the mean of the two middle
// values of an even one, whatever order the runs came in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, percentile } from '../../../bench/percentile.mjs';

test('median: the middle value, or the mean of the two middle ones', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([40, 10, 30, 20]), 25);
  assert.equal(median([7, 9]), 8);
  assert.equal(median([5]), 5);
  assert.ok(Number.isNaN(median([])));
});

test('percentile keeps its rank rule (the upper middle of an even count at 0.5)', () => {
  assert.equal(percentile([40, 10, 30, 20], 0.5), 30);
});
