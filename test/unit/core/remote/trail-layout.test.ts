import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessLogKeyDay, checkDays, keyInDays, kindPrefix, lastDays, nextDay, previousDay, regionRange, splitTrailPrefix, trailKeyDay,
} from '../../../../core/remote';

test('a prefix is cut at AWSLogs/ and the dimensions it fixes are kept', () => {
  assert.deepEqual(splitTrailPrefix(''), { base: '', trail: false });
  assert.deepEqual(splitTrailPrefix('logs'), { base: 'logs/', trail: false });
  assert.deepEqual(splitTrailPrefix('AWSLogs/'), { base: '', trail: true });
  assert.deepEqual(splitTrailPrefix('corp/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/'),
    { base: 'corp/', trail: true, org: 'o-abcdefghij', account: '111122223333', kind: 'CloudTrail', region: 'eu-west-1' });
  assert.deepEqual(splitTrailPrefix('AWSLogs/111122223333/CloudTrail-Digest/'), { base: '', trail: true, account: '111122223333', kind: 'CloudTrail-Digest' });
  // "AWSLogsX" is no layout folder.
  assert.deepEqual(splitTrailPrefix('x/AWSLogsX/'), { base: 'x/AWSLogsX/', trail: false });
});

test('kind folders with and without an organization', () => {
  assert.equal(kindPrefix('p/', undefined, '111122223333', 'CloudTrail'), 'p/AWSLogs/111122223333/CloudTrail/');
  assert.equal(kindPrefix('', 'o-abcdefghij', '111122223333', 'CloudTrail-Digest'), 'AWSLogs/o-abcdefghij/111122223333/CloudTrail-Digest/');
});

test('a range of days lists from the first day to the day after the last, across months and years', () => {
  const r = regionRange('AWSLogs/1/CloudTrail/us-east-1/', '2025-12-31', '2026-01-02');
  assert.deepEqual(r, { prefix: 'AWSLogs/1/CloudTrail/us-east-1/', startAfter: 'AWSLogs/1/CloudTrail/us-east-1/2025/12/31', stopAt: 'AWSLogs/1/CloudTrail/us-east-1/2026/01/03' });
  const keys = ['2025/12/30/a', '2025/12/31/a', '2026/01/01/a', '2026/01/02/z', '2026/01/03/a'].map((k) => `${r.prefix}${k}`);
  const inRange = keys.filter((k) => k > r.startAfter! && k < r.stopAt!);
  assert.deepEqual(inRange.map((k) => k.slice(r.prefix.length)), ['2025/12/31/a', '2026/01/01/a', '2026/01/02/z']);
  assert.deepEqual(regionRange('x/', undefined, undefined), { prefix: 'x/' });
  assert.equal(nextDay('2024-02-28'), '2024-02-29');
  assert.equal(previousDay('2026-03-01'), '2026-02-28');
});

test('days of keys: trail folders and access-log names; keys without a day are kept', () => {
  assert.equal(trailKeyDay('AWSLogs/1/CloudTrail/r/2026/01/05/1_CloudTrail_r_20260105T0000Z_x.json.gz'), '2026-01-05');
  assert.equal(trailKeyDay('AWSLogs/1/CloudTrail/r/2026/02/30/f.json.gz'), undefined);
  assert.equal(accessLogKeyDay('logs/2026-01-05-10-11-12-ABCDEF0123456789'), '2026-01-05');
  assert.equal(accessLogKeyDay('logs/readme.txt'), undefined);
  const sel = { since: '2026-01-02', until: '2026-01-04' };
  assert.equal(keyInDays('a/2026/01/05/f', sel), false);
  assert.equal(keyInDays('a/2026/01/02/f', sel), true);
  assert.equal(keyInDays('logs/2026-01-01-00-00-00-AAAA', sel), false);
  assert.equal(keyInDays('notes.json', sel), true);
});

test('days are checked: real dates, in order; the default range is the last days up to today', () => {
  assert.equal(checkDays({ since: '2026-01-01', until: '2026-01-31' }), undefined);
  assert.match(checkDays({ since: '2026-13-01' })!, /not a day/);
  assert.match(checkDays({ since: '2026-01-02', until: '2026-01-01' })!, /empty/);
  assert.deepEqual(lastDays(Date.UTC(2026, 0, 3, 12), 7), { since: '2025-12-28', until: '2026-01-03' });
});
