// The S3 object cache shared by several windows (engine/s3/object-cache.ts): each window's manifest write merges
// with the one on disk, so no window forgets the objects another fetched or the locations another listed, and an
// eviction never removes the objects another running window reads.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectCache } from '../../../../engine/s3';
import { lock, LOCK_STALE_MS, LOCK_WAIT_MS } from '../../../../engine/s3/object-cache';
import { cacheId } from '../../../../core/remote';

let root = '';
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'object-cache-'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

let folderN = 0;
function folder(): string {
  return path.join(root, `cache-${++folderN}`);
}

/** A download of `bytes` bytes committed to the cache, as fetchObjects does. */
function fetch(cache: ObjectCache, key: string, bytes = 100, etag = `"${key}"`): string {
  const tmp = cache.temporaryPath('b', key);
  fs.writeFileSync(tmp, Buffer.alloc(bytes, 1));
  return cache.commit('b', key, etag, bytes, tmp);
}

/** A window's cache: its own holder name, `alive` telling which other windows still run. */
function windowCache(dir: string, name: string, cap = 1 << 30, alive = new Set<string>(['a', 'b'])): ObjectCache {
  let t = 1000;
  return new ObjectCache(dir, cap, { holder: name, isAlive: (h) => alive.has(h), now: () => ++t });
}

test('two windows that opened the cache at the same time both keep their objects and locations', () => {
  const dir = folder();
  const a = windowCache(dir, 'a');
  const b = windowCache(dir, 'b');
  fetch(a, 'AWSLogs/1/one.json.gz');
  a.setLocation('loc-a', { keys: ['AWSLogs/1/one.json.gz'], markers: {}, listedAt: 1 });
  a.save();
  // b read the manifest before a wrote it: its write must not drop a's object or location.
  fetch(b, 'AWSLogs/2/two.json.gz');
  b.setLocation('loc-b', { keys: ['AWSLogs/2/two.json.gz'], markers: {}, listedAt: 2 });
  b.save();
  const later = windowCache(dir, 'c');
  assert.ok(later.hit('b', 'AWSLogs/1/one.json.gz', '"AWSLogs/1/one.json.gz"', 100));
  assert.ok(later.hit('b', 'AWSLogs/2/two.json.gz', '"AWSLogs/2/two.json.gz"', 100));
  assert.deepEqual(later.filesOf('loc-a', 'b'), [a.pathOf('b', 'AWSLogs/1/one.json.gz')]);
  assert.deepEqual(later.filesOf('loc-b', 'b'), [b.pathOf('b', 'AWSLogs/2/two.json.gz')]);
  // And a, writing again, learns b's objects too.
  a.save();
  assert.ok(a.hit('b', 'AWSLogs/2/two.json.gz', '"AWSLogs/2/two.json.gz"', 100));
  // A location one window drops is dropped; the other's stays.
  b.dropLocation('loc-b');
  b.save();
  a.save();
  assert.equal(windowCache(dir, 'c').location('loc-b'), undefined);
  assert.ok(windowCache(dir, 'c').location('loc-a'));
});

test('an eviction leaves the objects another running window reads, and takes them once that window has stopped', () => {
  const dir = folder();
  const alive = new Set(['a', 'b']);
  const a = windowCache(dir, 'a', 250, alive);
  const read = fetch(a, 'old/read-by-a.json.gz');
  a.hold([cacheId('b', 'old/read-by-a.json.gz')]);
  a.save();
  const b = windowCache(dir, 'b', 250, alive);
  fetch(b, 'new/1.json.gz');
  fetch(b, 'new/2.json.gz');
  // 300 bytes over a cap of 250: the least recently used is a's, but a reads it.
  const first = b.evict(new Set([cacheId('b', 'new/1.json.gz'), cacheId('b', 'new/2.json.gz')]));
  assert.deepEqual(first.removed, []);
  assert.ok(fs.existsSync(read));
  assert.ok(windowCache(dir, 'c', 250, alive).hit('b', 'old/read-by-a.json.gz', '"old/read-by-a.json.gz"', 100));
  // Window a closed: its hold ends with it.
  alive.delete('a');
  const second = b.evict(new Set([cacheId('b', 'new/1.json.gz'), cacheId('b', 'new/2.json.gz')]));
  assert.deepEqual(second.removed, [read]);
  assert.equal(fs.existsSync(read), false);
});

test('a window evicting decides on the manifest on disk: another window\'s newer use of an object counts', () => {
  const dir = folder();
  const a = windowCache(dir, 'a', 250, new Set());
  fetch(a, 'x.json.gz');
  fetch(a, 'y.json.gz');
  a.save();
  // b uses x later than a's last look at it (b holds nothing: it only opened it once).
  const b = new ObjectCache(dir, 250, { holder: 'b', isAlive: () => false, now: () => 5000 });
  assert.ok(b.hit('b', 'x.json.gz', '"x.json.gz"', 100));
  b.save();
  fetch(a, 'z.json.gz');
  const r = a.evict(new Set([cacheId('b', 'z.json.gz')]));
  assert.deepEqual(r.removed.map((f) => path.basename(f)), ['y.json.gz']);
});

test('a lock left by a crashed writer is taken over; the manifest is written', () => {
  const dir = folder();
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'manifest.lock');
  fs.writeFileSync(lock, '');
  const old = (Date.now() - 60_000) / 1000;
  fs.utimesSync(lock, old, old);
  const a = windowCache(dir, 'a');
  fetch(a, 'k.json.gz');
  a.save();
  assert.equal(fs.existsSync(lock), false);
  assert.ok(windowCache(dir, 'c').hit('b', 'k.json.gz', '"k.json.gz"', 100));
});

test('on a case-insensitive file system, keys that differ only in case get places of their own', () => {
  const dir = folder();
  const cache = new ObjectCache(dir, 1 << 30, { holder: 'a', isAlive: () => true, caseInsensitive: true });
  const upper = fetch(cache, 'logs/Trail.json.gz', 100, '"u"');
  const lower = fetch(cache, 'logs/trail.json.gz', 50, '"l"');
  // One file there otherwise: the second download would replace the first one's copy under both keys.
  assert.notEqual(upper.toLowerCase(), lower.toLowerCase());
  assert.match(path.basename(lower), /^trail~[0-9a-f]{12}\.json\.gz$/);
  assert.equal(fs.statSync(upper).size, 100);
  assert.equal(fs.statSync(lower).size, 50);
  cache.save();
  const again = new ObjectCache(dir, 1 << 30, { holder: 'c', isAlive: () => true, caseInsensitive: true });
  assert.equal(again.hit('b', 'logs/Trail.json.gz', '"u"', 100), upper);
  assert.equal(again.hit('b', 'logs/trail.json.gz', '"l"', 50), lower);
  // The same key fetched again keeps its place.
  assert.equal(fetch(again, 'logs/trail.json.gz', 60, '"l2"'), lower);
  // A place read from the manifest never leads outside the objects folder.
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { entries: Record<string, { file?: string }> };
  m.entries['b/logs/trail.json.gz'].file = '../../outside.json';
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  const hostile = new ObjectCache(dir, 1 << 30, { holder: 'd', isAlive: () => true, caseInsensitive: true });
  assert.ok(hostile.pathOf('b', 'logs/trail.json.gz').startsWith(path.join(dir, 'objects') + path.sep));
});

test('an eviction removes its files after releasing the lock: other writers never wait on file deletions', () => {
  const dir = folder();
  const a = windowCache(dir, 'a', 150, new Set());
  fetch(a, 'old.json.gz');
  fetch(a, 'new.json.gz');
  a.save();
  const lockFile = path.join(dir, 'manifest.lock');
  const locked: boolean[] = [];
  const rmSync = fs.rmSync;
  fs.rmSync = ((p: fs.PathLike, o?: fs.RmOptions) => {
    if (String(p).endsWith('.json.gz')) locked.push(fs.existsSync(lockFile));
    rmSync(p, o);
  }) as typeof fs.rmSync;
  try {
    const r = a.evict(new Set([cacheId('b', 'new.json.gz')]));
    assert.deepEqual(r.removed.map((f) => path.basename(f)), ['old.json.gz']);
  } finally {
    fs.rmSync = rmSync;
  }
  assert.deepEqual(locked, [false]);
});

test('a lock is released only by its taker: a writer whose lock was taken over leaves the new one alone', () => {
  const dir = folder();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'manifest.lock');
  const release = lock(file);
  // Another writer decided this lock was stale and took it over (its own token in the file).
  fs.rmSync(file);
  const releaseOther = lock(file);
  release();
  assert.ok(fs.existsSync(file));
  releaseOther();
  assert.equal(fs.existsSync(file), false);
});

test('a stale lock is taken over once, leaving no other file behind; the wait outlasts a stale lock', () => {
  const dir = folder();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'manifest.lock');
  fs.writeFileSync(file, 'crashed');
  const old = (Date.now() - 60_000) / 1000;
  fs.utimesSync(file, old, old);
  const release = lock(file);
  assert.notEqual(fs.readFileSync(file, 'utf8'), 'crashed');
  assert.deepEqual(fs.readdirSync(dir), ['manifest.lock']);
  release();
  assert.deepEqual(fs.readdirSync(dir), []);
  // A waiter never gives up (and writes unlocked) before a crashed writer's lock can be taken over.
  assert.ok(LOCK_WAIT_MS > LOCK_STALE_MS);
});

test('held objects are on disk at once: another window\'s eviction spares them before this window writes anything else', () => {
  const dir = folder();
  const alive = new Set(['a', 'b']);
  const a = windowCache(dir, 'a', 150, alive);
  const read = fetch(a, 'read-by-a.json.gz');
  a.save();
  a.hold([cacheId('b', 'read-by-a.json.gz')]);
  const b = windowCache(dir, 'b', 150, alive);
  fetch(b, 'new.json.gz');
  assert.deepEqual(b.evict(new Set([cacheId('b', 'new.json.gz')])).removed, []);
  assert.ok(fs.existsSync(read));
  // a's location was removed: it reads the object no more, and another window may evict it now.
  a.setHeld([]);
  assert.deepEqual(b.evict(new Set([cacheId('b', 'new.json.gz')])).removed, [read]);
});
