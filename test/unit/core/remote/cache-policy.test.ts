import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cacheSegments, evictions, isCurrent, type CacheEntry } from '../../../../core/remote';

test('a trail key keeps its folders and file name in the cache', () => {
  assert.deepEqual(cacheSegments('trail-bucket', 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01/f_CloudTrail_x.json.gz'),
    ['trail-bucket', 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '01', '01', 'f_CloudTrail_x.json.gz']);
});

test('no key can leave the cache folder or collide with a plain name', () => {
  const hostile = ['../../etc/passwd', '/abs/x', 'a/./b', 'a//b', 'C:\\x', 'con.json', 'e\u0000vil', 'x/\u202egnp.json', 'dots...', `${'a'.repeat(300)}/f`, ''];
  const root = path.resolve('/cache');
  const seen = new Set<string>();
  for (const key of hostile) {
    const segs = cacheSegments('b', key);
    for (const s of segs) {
      assert.ok(s !== '' && s !== '.' && s !== '..' && !s.includes('/') && !s.includes('\\') && !s.includes('\u0000') && s.length <= 200, `${JSON.stringify(key)} -> ${s}`);
    }
    const full = path.join(root, ...segs);
    assert.ok(full.startsWith(root + path.sep), full);
    assert.ok(!seen.has(full), `two keys at ${full}`);
    seen.add(full);
  }
  // An encoded segment starts with '%', which no plain segment does.
  assert.notDeepEqual(cacheSegments('b', '%2e%2e'), cacheSegments('b', '..'));
});

test('a copy is current only with the same ETag (quotes aside) and size', () => {
  assert.equal(isCurrent({ etag: '"abc"', size: 3 }, 'abc', 3), true);
  assert.equal(isCurrent({ etag: '"abc"', size: 3 }, '"abd"', 3), false);
  assert.equal(isCurrent({ etag: '"abc"', size: 3 }, '"abc"', 4), false);
  assert.equal(isCurrent(undefined, 'abc', 3), false);
});

test('eviction: least recently used first, never what the fetch in progress holds', () => {
  const e = (usedAt: number, size: number): CacheEntry => ({ bucket: 'b', key: String(usedAt), etag: 'x', size, usedAt });
  const entries: [string, CacheEntry][] = [['a', e(3, 40)], ['b', e(1, 40)], ['c', e(2, 40)], ['d', e(4, 40)]];
  assert.deepEqual(evictions(entries, 200, new Set()), { evict: [], bytes: 160 });
  assert.deepEqual(evictions(entries, 100, new Set()), { evict: ['b', 'c'], bytes: 80 });
  assert.deepEqual(evictions(entries, 100, new Set(['b'])), { evict: ['c', 'a'], bytes: 80 });
  // Only kept entries left: the cache stays over its cap, and says by how much.
  assert.deepEqual(evictions(entries, 50, new Set(['a', 'b', 'c', 'd'])), { evict: [], bytes: 160 });
});
