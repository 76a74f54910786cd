import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Superseded, runSliced } from '../../../server/sliced';

/** Steps of about `ms` busy milliseconds each. */
function* busy(steps: number, ms: number, done: string[]): Generator<void, number, void> {
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until) { /* work */ }
    done.push(`step ${i}`);
    yield;
  }
  return steps;
}

test('runSliced gives the event loop back between slices: a callback queued meanwhile runs before the work ends', async () => {
  const log: string[] = [];
  setImmediate(() => log.push('other request'));
  const result = await runSliced(busy(20, 2, log), () => true, 5);
  assert.equal(result, 20);
  const other = log.indexOf('other request');
  assert.ok(other > 0 && other < log.length - 1, log.join(', '));
});

test('runSliced stops when the work is no longer current, closing the steps', async () => {
  const log: string[] = [];
  let current = true;
  let closed = false;
  function* steps(): Generator<void, number, void> {
    try {
      yield* busy(1000, 1, log);
      return 1;
    } finally {
      closed = true;
    }
  }
  setTimeout(() => (current = false), 20);
  await assert.rejects(runSliced(steps(), () => current, 2), Superseded);
  assert.ok(closed);
  assert.ok(log.length < 1000);
});
