import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATE_RANGES, describeSelection, formatBytes, notificationText, parseDayRange, pickedList, progressLine, rangeDays } from '../../../client/s3-trail-pick';

test('the default date range is the last 7 days (UTC, today included); "All days" has no bounds', () => {
  assert.equal(DATE_RANGES[0].label, 'Last 7 days');
  assert.deepEqual(rangeDays(DATE_RANGES[0], Date.UTC(2026, 0, 10, 23)), { since: '2026-01-04', until: '2026-01-10' });
  assert.deepEqual(rangeDays(DATE_RANGES.find((r) => r.days === undefined)!, 0), {});
});

test('a custom range: both sides, one side, a single day; wrong input says what to type', () => {
  assert.deepEqual(parseDayRange('2026-01-01..2026-01-31'), { since: '2026-01-01', until: '2026-01-31' });
  assert.deepEqual(parseDayRange('2026-01-01..'), { since: '2026-01-01', until: undefined });
  assert.deepEqual(parseDayRange(' ..2026-01-31 '), { since: undefined, until: '2026-01-31' });
  assert.deepEqual(parseDayRange('2026-01-05'), { since: '2026-01-05', until: '2026-01-05' });
  assert.match((parseDayRange('last week') as { error: string }).error, /YYYY-MM-DD/);
  assert.match((parseDayRange('2026-01-31..2026-01-01') as { error: string }).error, /empty/);
});

test('everything picked means "all" (later accounts and regions included); a part is kept as a list', () => {
  assert.equal(pickedList(['a', 'b'], ['b', 'a']), undefined);
  assert.deepEqual(pickedList(['a', 'b'], ['b']), ['b']);
});

test('sizes, progress and a selection read plainly', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(5 * 1048576), '5.0 MB');
  assert.equal(progressLine({ objectsDone: 10, objectsTotal: 40, objectsCached: 4, bytesDone: 2 * 1048576, bytesTotal: 8 * 1048576, elapsedMs: 1000 }), '10 of 40 objects (4 cached), 2.0 MB of 8.0 MB, 2.0 MB/s');
  assert.equal(describeSelection({ accounts: ['1'], regions: ['us-east-1'], since: '2026-01-01', until: '2026-01-07' }), '1 account · us-east-1 · 2026-01-01 to 2026-01-07');
  assert.equal(describeSelection({}), 'all days');
});

test('a notification shows an object key as text: no link, no control or bidi character', () => {
  const key = 'AWSLogs/[open](command:workbench.action.terminal.new)\u202egnp.json\u0007';
  const shown = notificationText(`Access denied to s3://b/${key}`);
  assert.ok(!/\[|\]/.test(shown), shown);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u001f\u202e]/.test(shown), shown);
  assert.match(shown, /\\u202e/);
  assert.equal(notificationText('s3://b/AWSLogs/ok.json.gz'), 's3://b/AWSLogs/ok.json.gz');
});
