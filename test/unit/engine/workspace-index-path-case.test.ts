// On a case-insensitive file system two spellings of a path are one file: the index keys rows, fingerprints and
// added files by one spelling, so a file met under another spelling replaces its rows instead of adding a second
// copy beside stale ones. Linux is case-sensitive: the platform is injected (caseInsensitive), and the second
// spelling is made to reach the same file with symbolic links.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings } from '../../../core/settings';
import { WorkspaceIndexService } from '../../../engine/workspace-index';
import { caseInsensitivePlatform, PathSpellings } from '../../../engine/path-case';
import { NOW, s3Record } from '../core/language/cursor';

const NO_WORKER = path.join(os.tmpdir(), 'no-such-worker.js');

let dir = '';
/** The file as first met, and the same file spelt in other case (a symlinked folder and file). */
let upper = '';
let lower = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'path-case-'));
  fs.mkdirSync(path.join(dir, 'Cache'));
  upper = path.join(dir, 'Cache', 'Trail.json');
  fs.symlinkSync(path.join(dir, 'Cache'), path.join(dir, 'cache'));
  fs.symlinkSync(upper, path.join(dir, 'Cache', 'trail.json'));
  lower = path.join(dir, 'cache', 'trail.json');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(ids: string[]): void {
  fs.writeFileSync(upper, JSON.stringify({ Records: ids.map((eventID) => s3Record({ eventID })) }));
}

function service(caseInsensitive: boolean, extra: Partial<ConstructorParameters<typeof WorkspaceIndexService>[0]> = {}): WorkspaceIndexService {
  return new WorkspaceIndexService({ roots: [], settings: defaultSettings(), onStatus: () => undefined, log: () => undefined, workerScript: NO_WORKER, now: () => NOW, caseInsensitive, ...extra });
}

function ids(s: WorkspaceIndexService): string[] {
  const r = s.query({ query: 'source:*', offset: 0, limit: 100 });
  assert.ok(r.ok);
  return r.rows.map((row) => row.eventID).sort();
}

test('the platforms whose file systems ignore case by default', () => {
  assert.equal(caseInsensitivePlatform('win32'), true);
  assert.equal(caseInsensitivePlatform('darwin'), true);
  assert.equal(caseInsensitivePlatform('linux'), false);
  const s = new PathSpellings(true);
  assert.equal(s.of('C:\\Logs\\A.json'), 'C:\\Logs\\A.json');
  assert.equal(s.of('c:\\logs\\a.JSON'), 'C:\\Logs\\A.json');
  assert.equal(new PathSpellings(false).of('/x/A'), '/x/A');
});

test('a file met again in other case replaces its rows (no second copy, no stale rows)', async () => {
  write(['old-1', 'old-2']);
  const s = service(true);
  await s.start();
  await s.addFiles([upper]);
  assert.deepEqual(ids(s), ['old-1', 'old-2']);
  // The file changes, and arrives again spelt otherwise (another cache folder setting, a drive letter in lower case).
  write(['new-1']);
  await s.addFiles([lower]);
  assert.deepEqual(ids(s), ['new-1']);
  assert.deepEqual(s.trailIndex.store.livePaths(), [upper]);
  assert.equal(s.status().duplicates, 0);
  // Removed under a third spelling: gone.
  await s.removeFiles([upper.toUpperCase().replace(dir.toUpperCase(), dir)]);
  assert.deepEqual(ids(s), []);
  s.dispose();
});

test('a saved index reopened with the files spelt otherwise reads nothing again', async () => {
  write(['a-1', 'a-2']);
  const cacheDir = path.join(dir, 'index-cache');
  const first = service(true, { cacheDir, files: [upper], saveDelayMs: 10 });
  await first.open();
  await first.flushSave();
  first.dispose();
  const logs: string[] = [];
  const second = service(true, { cacheDir, files: [lower], log: (m) => logs.push(m) });
  await second.open();
  assert.match(logs.join('\n'), /Index loaded from cache, 0 files re-read \(0 added, 0 changed, 0 deleted\)/);
  assert.deepEqual(ids(second), ['a-1', 'a-2']);
  assert.deepEqual(second.trailIndex.store.livePaths(), [upper]);
  second.dispose();
});

test('a file added while a saved index reopens is read under the saved spelling (no second copy)', async () => {
  write(['b-1', 'b-2']);
  const cacheDir = path.join(dir, 'index-cache-reopen');
  const first = service(true, { cacheDir, files: [upper], saveDelayMs: 10 });
  await first.open();
  await first.flushSave();
  first.dispose();
  write(['b-3']);
  const second = service(true, { cacheDir });
  // Queued before the reopen has adopted the saved spellings: spelt as given then, the saved one when it runs.
  const opened = second.open();
  const added = second.addFiles([lower]);
  await opened;
  await added;
  assert.deepEqual(second.trailIndex.store.filePaths(), [upper]);
  assert.equal(second.status().records, 1);
  assert.equal(second.status().duplicates, 0);
  assert.deepEqual(ids(second), ['b-3']);
  // Removed while another reopen is under way: gone, not added back from the saved index's added files.
  await second.flushSave();
  second.dispose();
  const third = service(true, { cacheDir });
  const reopened = third.open();
  const removed = third.removeFiles([lower]);
  await reopened;
  await removed;
  assert.deepEqual(ids(third), []);
  third.dispose();
});
