import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLocations } from '../../../server/s3-locations';

test('stored locations are read defensively: bad URLs, odd types and bad days are dropped', () => {
  const raw = [
    { url: 's3://trail-bucket/AWSLogs/', selection: { accounts: ['111122223333', 7], since: '2026-01-01', until: 'tomorrow', digests: 'yes' } },
    { url: 'https://evil.example/x' },
    { url: 's3://ok-bucket' },
    'nonsense',
    null,
  ];
  assert.deepEqual(readLocations(raw).map((l) => [l.url, l.selection.accounts, l.selection.since, l.selection.until, l.selection.digests]), [
    ['s3://trail-bucket/AWSLogs/', ['111122223333'], '2026-01-01', undefined, false],
    ['s3://ok-bucket', undefined, undefined, undefined, false],
  ]);
  assert.deepEqual(readLocations({ not: 'a list' }), []);
});
