import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDigitGroups } from '../../../../core/language/digit-groups';

test('withDigitGroups writes what toLocaleString("en-US") writes for whole numbers', () => {
  for (const n of [0, 7, 42, 999, 1000, 1001, 20_000, 123_456, 1_000_000, 2_000_000, 1_234_567_890, -1, -1000, -987_654, Number.MAX_SAFE_INTEGER]) {
    assert.equal(withDigitGroups(n), n.toLocaleString('en-US'), String(n));
  }
});

test('withDigitGroups leaves numbers that are not safe integers as String() writes them', () => {
  assert.equal(withDigitGroups(1.5), '1.5');
  assert.equal(withDigitGroups(Number.NaN), 'NaN');
  assert.equal(withDigitGroups(Infinity), 'Infinity');
});
