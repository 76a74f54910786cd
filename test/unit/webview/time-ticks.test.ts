// Timeline tick labels: never repeated, the date where ticks cross days, the year where they cross years.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeText, tickLabels, tickSpace } from '../../../webview/time-ticks';

const at = (iso: string): number => Date.parse(iso) / 1000;
const ticks = (fromIso: string, step: number, n: number): number[] => Array.from({ length: n }, (_, i) => at(fromIso) + i * step);

/** No label repeats its neighbour, and equal labels apart have a dated tick (the day changed) between them. */
function assertUnique(labels: string[]): void {
  labels.forEach((l, i) => {
    assert.notEqual(l, labels[i - 1], `repeated labels: ${labels.join(' | ')}`);
    const again = labels.indexOf(l, i + 1);
    if (again > 0) assert.ok(labels.slice(i + 1, again).some((x) => /\d\d-\d\d/.test(x)), `no date between two "${l}": ${labels.join(' | ')}`);
  });
}

test('ticks 12 hours apart over days: times with the date where a day starts, never "01-01 01-01"', () => {
  const labels = tickLabels(ticks('2026-01-01T00:00:00Z', 12 * 3600, 8));
  assertUnique(labels);
  assert.deepEqual(labels, ['01-01 00:00', '12:00', '01-02 00:00', '12:00', '01-03 00:00', '12:00', '01-04 00:00', '12:00']);
});

test('ticks 30 seconds apart: seconds shown, never "03:16 03:16"', () => {
  const labels = tickLabels(ticks('2026-03-01T03:16:00Z', 30, 5));
  assertUnique(labels);
  assert.deepEqual(labels, ['03:16:00', '03:16:30', '03:17:00', '03:17:30', '03:18:00']);
});

test('one day of hourly ticks: times only (the caption carries the day)', () => {
  const labels = tickLabels(ticks('2026-03-01T02:00:00Z', 3600, 4));
  assert.deepEqual(labels, ['02:00', '03:00', '04:00', '05:00']);
});

test('hourly ticks across midnight: the first tick and the new day carry their dates', () => {
  const labels = tickLabels(ticks('2026-03-01T22:00:00Z', 3600, 4));
  assert.deepEqual(labels, ['03-01 22:00', '23:00', '03-02 00:00', '01:00']);
});

test('across a year: the year appears on the first tick and where the year changes', () => {
  const hourly = tickLabels(ticks('2025-12-31T22:00:00Z', 3600, 4));
  assert.deepEqual(hourly, ['2025-12-31 22:00', '23:00', '2026-01-01 00:00', '01:00']);
  const daily = tickLabels(ticks('2025-12-30T00:00:00Z', 86_400, 4));
  assert.deepEqual(daily, ['2025-12-30', '12-31', '2026-01-01', '01-02']);
  const sameYear = tickLabels(ticks('2026-02-01T00:00:00Z', 86_400, 3));
  assert.deepEqual(sameYear, ['02-01', '02-02', '02-03']);
});

test('labels stay unique for every round step over many starts', () => {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 900, 1800, 3600, 7200, 21600, 43200, 86400, 7 * 86400];
  for (const step of steps) {
    for (let start = at('2025-12-31T20:00:00Z'); start < at('2026-01-01T04:00:00Z'); start += 1777) {
      const s = Math.floor(start / step) * step;
      assertUnique(tickLabels(Array.from({ length: 9 }, (_, i) => s + i * step)));
    }
  }
});

test('tick space fits the widest label of its step', () => {
  // "2025-12-31 22:00" is 16 characters; at ~6 px a character it needs more than 96 px.
  assert.ok(tickSpace(3600, true, true) >= 16 * 6);
  assert.ok(tickSpace(3600, false, false) >= 5 * 6);
  assert.ok(tickSpace(30, true, false) > tickSpace(3600, true, false));
});

test('range text names the day once when the range is within it', () => {
  assert.equal(rangeText(Date.parse('2026-03-01T10:00:00Z'), Date.parse('2026-03-01T10:05:00Z')), '2026-03-01 10:00–10:05 UTC');
  assert.equal(rangeText(Date.parse('2026-03-01T23:00:00Z'), Date.parse('2026-03-02T01:00:00Z')), '2026-03-01 23:00 – 2026-03-02 01:00 UTC');
});
