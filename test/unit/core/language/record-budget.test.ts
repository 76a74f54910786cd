import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishMeasure, MAX_RECORD_CHARS, MAX_RECORD_MEMBERS, measureValue, measureValueSteps, measureValueWithin, overBudget, PartialMeasure } from '../../../../core/language/record-budget';

test('measureValue: end, members and depth of objects, arrays, strings and literals', () => {
  const cases: [string, { end: number; members: number; depth: number }][] = [
    ['{}', { end: 2, members: 0, depth: 1 }],
    ['{"a":[1,2,{"b":"},{[\\""}],"c":null} tail', { end: 35, members: 3, depth: 3 }],
    ['"x\\\\"', { end: 5, members: 0, depth: 0 }],
    ['123,', { end: 3, members: 0, depth: 0 }],
    ['[[[', { end: 3, members: 0, depth: 3 }],
  ];
  for (const [text, want] of cases) assert.deepEqual(measureValue(text, 0), want, text);
});

test('measureValue has no recursion: 1,000,000 levels', () => {
  const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
  assert.deepEqual(measureValue(deep, 0), { end: deep.length, members: 0, depth: 1_000_000 });
});

test('measureValueSteps yields inside one long record (no step scans more than 256 K characters of it)', () => {
  const big = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":"v"`).join(',')}}`;
  const steps = measureValueSteps(big, 0);
  let yields = 0;
  let r = steps.next();
  while (!r.done) {
    yields++;
    r = steps.next();
  }
  assert.equal(r.value.members, 99_999);
  assert.ok(yields >= Math.floor(big.length / (256 * 1024)), `${yields} yields over ${big.length} characters`);
});

test('overBudget names what is over: characters first, then members', () => {
  assert.equal(overBudget({ end: 100, members: 10, depth: 3 }, 0), undefined);
  assert.match(overBudget({ end: MAX_RECORD_CHARS + 1, members: 0, depth: 1 }, 0) ?? '', /^2\.0 MB of text \(the budget is 2 MB/);
  assert.match(overBudget({ end: 1000, members: MAX_RECORD_MEMBERS + 1, depth: 1 }, 0) ?? '', /^20,001 members \(the budget is 20,000\)/);
});

test('measureValueWithin measures a short value at once and leaves a long one partial, to be finished where it stopped', () => {
  assert.deepEqual(measureValueWithin('{"a":[1,2]}', 0, 1024), { end: 11, members: 1, depth: 2 });
  const big = `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":{"v":[${i}]}`).join(',')}}`;
  const partial = measureValueWithin(big, 0, 1000);
  assert.ok(partial instanceof PartialMeasure, 'a 300 KB value is not measured within 1,000 characters');
  assert.ok(partial.j < 2000, `stopped at ${partial.j}`);
  const steps = finishMeasure(big, partial);
  let r = steps.next();
  while (!r.done) r = steps.next();
  assert.deepEqual(r.value, measureValue(big, 0));
  assert.deepEqual(r.value, { end: big.length, members: 19_999, depth: 3 });
});
