import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortOrders, timeOrder } from '../../../../core/index/sort';
import { RowTimes } from '../../../../core/index/row-times';
import type { RecordIndex } from '../../../../core/index/store';

/** The order by time the table promises: missing times first ascending (last descending), ties by row id. */
function referenceOrder(time: Float64Array, descending: boolean): number[] {
  const key = (r: number): number => (Number.isNaN(time[r]) ? -Infinity : time[r]);
  return Array.from({ length: time.length }, (_, r) => r)
    .sort((a, b) => (descending ? key(b) - key(a) : key(a) - key(b)) || a - b);
}

function times(n: number, seed: number, ms: (i: number, r: number) => number): Float64Array {
  let a = seed;
  const rnd = (): number => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Float64Array.from({ length: n }, (_, i) => ms(i, rnd()));
}

const BASE = Date.UTC(2026, 0, 1);

test('time order of whole-second times with ties and missing times, both directions', () => {
  // Few distinct seconds (many ties), out of row order, with some rows lacking a time.
  const time = times(5000, 3, (_, r) => (r < 0.05 ? NaN : BASE + Math.floor(r * 300) * 1000));
  for (const descending of [false, true]) assert.deepEqual(Array.from(timeOrder(RowTimes.of(time), time.length, descending)), referenceOrder(time, descending), `descending ${descending}`);
});

test('time order of millisecond times (no packing) matches the reference', () => {
  const time = times(3000, 11, (_, r) => (r < 0.02 ? NaN : BASE + Math.floor(r * 100_000)));
  for (const descending of [false, true]) assert.deepEqual(Array.from(timeOrder(RowTimes.of(time), time.length, descending)), referenceOrder(time, descending), `descending ${descending}`);
});

test('time order over a span too wide to pack next to the row id still sorts right', () => {
  // Whole seconds 1970..2200 with 2^20 rows' worth of id bits would pass 53 bits: the general path runs.
  const time = times(2000, 5, (i, r) => (i === 7 ? Date.UTC(1970, 0, 1) : i === 8 ? Date.UTC(2200, 0, 1) : BASE + Math.floor(r * 1e6) * 1000));
  const big = new Float64Array(1 << 20);
  big.set(time);
  big.fill(BASE, time.length);
  for (const descending of [false, true]) {
    assert.deepEqual(Array.from(timeOrder(RowTimes.of(time), time.length, descending)), referenceOrder(time, descending));
    const order = timeOrder(RowTimes.of(big), big.length, descending);
    const ref = referenceOrder(big, descending);
    assert.equal(order.length, ref.length);
    assert.ok(order.every((r, i) => r === ref[i]), `wide span, descending ${descending}`);
  }
});

test('time order considers only the first n rows (spare capacity of the column is ignored)', () => {
  const time = Float64Array.from([BASE + 2000, BASE, BASE + 1000, 0, 0, 0]);
  assert.deepEqual(Array.from(timeOrder(RowTimes.of(time), 3, false)), [1, 2, 0]);
  assert.deepEqual(Array.from(timeOrder(RowTimes.of(time), 3, true)), [0, 2, 1]);
  assert.deepEqual(Array.from(timeOrder(RowTimes.of(new Float64Array(0)), 0, true)), []);
});

test('time order of whole seconds over decades (three radix passes) and of fractional ms (general path)', () => {
  const decades = times(4000, 17, (_, r) => (r < 0.01 ? NaN : BASE - Math.floor(r * 40 * 365 * 86400) * 1000));
  const fractional = times(2000, 23, (i, r) => (i % 500 === 0 ? NaN : BASE + Math.floor(r * 5000) + (i === 3 ? 0.5 : 0)));
  for (const time of [decades, fractional]) {
    for (const descending of [false, true]) assert.deepEqual(Array.from(timeOrder(RowTimes.of(time), time.length, descending)), referenceOrder(time, descending), `descending ${descending}`);
  }
});

test('time order for every radix pass count (0 to 3), with and without missing times', () => {
  // Spans of whole seconds: none (one time), 300 s (one pass), 20 days (two), 40 years (three).
  const spans = [0, 300, 20 * 86400, 40 * 365 * 86400];
  for (const span of spans) {
    for (const missing of [0, 0.03]) {
      const time = times(3000, 29 + span, (_, r) => (r < missing ? NaN : BASE + Math.floor(((r - missing) / (1 - missing)) * span) * 1000));
      for (const descending of [false, true]) {
        assert.deepEqual(Array.from(timeOrder(RowTimes.of(time), time.length, descending)), referenceOrder(time, descending), `span ${span}, missing ${missing}, descending ${descending}`);
      }
    }
  }
});

test('one time order kept: descending is read off the ascending order (ties in row order, missing times last)', () => {
  const time = times(6000, 5, (_, r) => (r < 0.04 ? NaN : BASE + Math.floor(r * 200) * 1000));
  // What the orders read of an index: its times and row count, and the counters that make an order stale.
  const index = { time, rowCount: time.length, generation: 1, layout: 0 } as unknown as RecordIndex;
  const orders = new SortOrders(index);
  orders.prepareTime();
  assert.ok(orders.ready('time', false) && orders.ready('time', true));
  assert.equal(orders.currentOrder('time', true), undefined, 'no second permutation kept');
  for (const descending of [false, true]) {
    const seen: number[] = [];
    assert.ok(orders.visit('time', descending, (r) => (seen.push(r), true)));
    assert.deepEqual(seen, referenceOrder(time, descending), `descending ${descending}`);
    assert.deepEqual(Array.from(orders.order('time', descending)), referenceOrder(time, descending));
    // a visit stops when told to
    const first: number[] = [];
    orders.visit('time', descending, (r) => (first.push(r), first.length < 10));
    assert.deepEqual(first, referenceOrder(time, descending).slice(0, 10));
  }
  const rows = Uint32Array.from({ length: 3000 }, (_, i) => i * 2);
  const mask = new Uint8Array(time.length);
  for (const r of rows) mask[r] = 1;
  assert.deepEqual(Array.from(orders.sort(rows, 'time', true, mask)), referenceOrder(time, true).filter((r) => r % 2 === 0));
  assert.equal(orders.visit('eventName', false, () => true), false, 'an order not built is not visited');
});
