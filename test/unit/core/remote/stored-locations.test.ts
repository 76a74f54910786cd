// The stored S3 locations and the objects' cache folder, read the one way the client and the server share.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readLocations, s3CacheFolder } from '../../../../core/remote';

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

test('the cache folder: an absolute setting (trimmed), else the storage folder', () => {
  const storage = path.resolve('/storage/s3');
  const set = path.resolve('/data/s3-cache');
  assert.equal(s3CacheFolder(`  ${set} `, storage), set);
  assert.equal(s3CacheFolder('relative/cache', storage), storage);
  assert.equal(s3CacheFolder('   ', storage), storage);
  assert.equal(s3CacheFolder(undefined, storage), storage);
});
