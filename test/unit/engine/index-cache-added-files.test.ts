// The saved index and the files added besides the roots (addFiles: objects of S3 locations in their cache): a reopen
// loads their rows and reads again only those changed since; rows no file holds any more (a removed location, an
// evicted object, an index saved before added files were) do not survive a reopen; saved problems of files that were
// since fixed or deleted do not come back; and disposing the service ends the workers of a batch still reading.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings, type Settings } from '../../../core/settings';
import { WorkspaceIndexService } from '../../../engine/workspace-index';
import { loadSnapshot, saveSnapshot, snapshotPath } from '../../../engine/index-cache';

const REPO = path.resolve(__dirname, '../../..');
const WORKER_TS = path.join(REPO, 'engine/index-worker.ts');
const NOW = Date.UTC(2026, 0, 6);

let root = '';
/** The workspace folder (a root). */
let tree = '';
/** Trail files outside the roots, as an S3 location's cached objects are. */
let objects: string[] = [];
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'index-cache-added-'));
  tree = path.join(root, 'tree');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '400', '--seed', '5'], { stdio: 'ignore' });
  const s3 = path.join(root, 's3');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', s3, '--records', '3000', '--seed', '6'], { stdio: 'ignore' });
  objects = listFiles(s3).filter((f) => f.endsWith('.json.gz'));
  assert.ok(objects.length >= 4, 'the generator wrote several objects');
});
const services: WorkspaceIndexService[] = [];
after(() => {
  for (const s of services) s.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name)).sort();
}

function service(cacheDir: string, over: Partial<Settings> = {}, roots = [tree]): { s: WorkspaceIndexService; logs: string[] } {
  const logs: string[] = [];
  const s = new WorkspaceIndexService({
    roots, settings: { ...defaultSettings(), 'index.workers': 2, ...over }, onStatus: () => undefined, log: (m) => logs.push(m),
    workerScript: WORKER_TS, now: () => NOW, cacheDir, saveDelayMs: 10,
  });
  services.push(s);
  return { s, logs };
}

function count(s: WorkspaceIndexService, query = 'source:*'): number {
  const r = s.query({ query, offset: 0, limit: 1 });
  assert.ok(r.ok);
  return r.total;
}

/** The records of the tree and `files` indexed from scratch, without a saved index. */
async function freshCount(files: string[]): Promise<number> {
  const s = new WorkspaceIndexService({
    roots: [tree], files, settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript: WORKER_TS, now: () => NOW,
  });
  services.push(s);
  await s.start();
  const n = count(s);
  s.dispose();
  return n;
}

function filesOf(s: WorkspaceIndexService): string[] {
  return s.trailIndex.store.livePaths().sort();
}

test('a reopen loads the added files\' rows from the saved index and reads again only the added files that changed', async () => {
  const cache = fs.mkdtempSync(path.join(root, 'cache-'));
  const copies = fs.mkdtempSync(path.join(root, 'objects-'));
  const added = objects.map((f, i) => {
    const to = path.join(copies, `${i}.json.gz`);
    fs.copyFileSync(f, to);
    return to;
  });
  const first = service(cache);
  await first.s.open();
  await first.s.addFiles(added);
  await first.s.flushSave();
  const expected = count(first.s);
  const expectedFiles = filesOf(first.s);
  first.s.dispose();

  // One object changed while the window was closed (a refresh in another window fetched a new version).
  fs.copyFileSync(objects[0], added[1]);
  const second = service(cache);
  await second.s.open();
  // Its rows were there before any location opened again, and the changed one was read again: one file re-read.
  assert.match(second.logs.join('\n'), /Index loaded from cache, 1 files re-read \(0 added, 1 changed, 0 deleted\)/);
  // (the changed object's records are now a copy of added[0]'s: duplicates, so it holds no live row)
  assert.deepEqual(filesOf(second.s), expectedFiles.filter((f) => f !== added[1]));
  const filesTotal = second.s.status().filesTotal;
  // The S3 locations open again from the cache and hand the same files over: nothing is read.
  await second.s.addFiles(added);
  assert.equal(second.s.status().filesTotal, filesTotal, 'no added file was read again');
  // The same answers as indexing every file now (the changed object's records are a copy of added[0]'s, dropped
  // as duplicates).
  assert.equal(count(second.s), await freshCount(added));
  assert.ok(count(second.s) < expected);
  await second.s.flushSave();
  second.s.dispose();

  // And a third start reads none of them.
  const third = service(cache);
  await third.s.open();
  assert.match(third.logs.join('\n'), /Index loaded from cache, 0 files re-read/);
  assert.equal(count(third.s), count(second.s));
  third.s.dispose();
});

test('rows of added files that no location holds any more do not survive a reopen', async () => {
  const cache = fs.mkdtempSync(path.join(root, 'cache-'));
  const copies = fs.mkdtempSync(path.join(root, 'objects-'));
  const added = objects.slice(0, 3).map((f, i) => {
    const to = path.join(copies, `${i}.json.gz`);
    fs.copyFileSync(f, to);
    return to;
  });
  const first = service(cache);
  await first.s.open();
  const local = count(first.s);
  await first.s.addFiles(added);
  await first.s.flushSave();
  const all = filesOf(first.s);
  first.s.dispose();

  // An object evicted from the cache while the window was closed: its rows go at the reopen.
  fs.rmSync(added[2]);
  const second = service(cache);
  await second.s.open();
  assert.deepEqual(filesOf(second.s), all.filter((f) => f !== added[2]));
  // The locations open again and hold only added[0] (the location of added[1] was removed): its rows go too.
  await second.s.addFiles([added[0]]);
  await second.s.retainFiles([added[0]]);
  assert.deepEqual(filesOf(second.s), all.filter((f) => f !== added[1] && f !== added[2]));
  await second.s.flushSave();
  second.s.dispose();
  const third = service(cache);
  await third.s.open();
  assert.deepEqual(filesOf(third.s), all.filter((f) => f !== added[1] && f !== added[2]));
  third.s.dispose();

  // An index saved by a build that did not fingerprint added files: their rows are orphans, dropped at the reopen.
  const file = snapshotPath(cache, [tree]);
  const loaded = await loadSnapshot(file);
  assert.ok(loaded.ok);
  assert.ok(loaded.snapshot.index.store.hasFile(added[0]));
  loaded.snapshot.fingerprints.byPath.delete(added[0]);
  await saveSnapshot(file, { ...loaded.snapshot, extraFiles: [] });
  const fourth = service(cache);
  await fourth.s.open();
  assert.deepEqual(filesOf(fourth.s), all.filter((f) => !added.includes(f)));
  assert.equal(count(fourth.s), local);
  fourth.s.dispose();
});

test('saved problems of files that were since fixed or deleted do not come back at the reopen', async () => {
  const cache = fs.mkdtempSync(path.join(root, 'cache-'));
  const dir = fs.mkdtempSync(path.join(root, 'ws-'));
  fs.cpSync(tree, dir, { recursive: true });
  // Over index.maxFileSizeMB: a problem of finding the files (it is never read).
  const big = path.join(dir, 'big.json');
  fs.writeFileSync(big, `{"Records":[${' '.repeat(1.2 * 1048576)}]}`);
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{"Records":[{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"');
  const first = service(cache, { 'index.maxFileSizeMB': 1 }, [dir]);
  await first.s.open();
  await first.s.flushSave();
  const codes = (s: WorkspaceIndexService) => s.problems().problems.map((p) => `${path.basename(p.file)} ${p.code}`).sort();
  assert.ok(codes(first.s).some((c) => c.startsWith('big.json file-too-large')), codes(first.s).join());
  assert.ok(codes(first.s).some((c) => c.startsWith('broken.json')), codes(first.s).join());
  first.s.dispose();

  fs.rmSync(big);
  fs.rmSync(broken);
  const second = service(cache, { 'index.maxFileSizeMB': 1 }, [dir]);
  await second.s.open();
  assert.deepEqual(codes(second.s), []);
  assert.equal(second.s.problems().total, 0);
  assert.equal(second.s.status().problems, 0);
  second.s.dispose();
});

test('disposing the service ends the workers of an addFiles batch still reading: the process exits by itself', () => {
  const dir = fs.mkdtempSync(path.join(root, 'dispose-'));
  const many: string[] = [];
  for (let i = 0; i < 40; i++) {
    const to = path.join(dir, `${i}.json.gz`);
    fs.copyFileSync(objects[i % objects.length], to);
    many.push(to);
  }
  const script = path.join(dir, 'run.ts');
  fs.writeFileSync(script, `import { WorkspaceIndexService } from ${JSON.stringify(path.join(REPO, 'engine/workspace-index.ts'))};
import { defaultSettings } from ${JSON.stringify(path.join(REPO, 'core/settings.ts'))};
let s: WorkspaceIndexService;
let disposed = false;
s = new WorkspaceIndexService({ roots: [], settings: { ...defaultSettings(), 'index.workers': 2 }, log: () => undefined, workerScript: ${JSON.stringify(WORKER_TS)},
  onStatus: (st) => { if (!disposed && st.filesDone > 0) { disposed = true; s.dispose(); console.log('disposed'); } } });
void s.start().then(() => s.addFiles(${JSON.stringify(many)}));
`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, `still running after 60 s: ${r.stdout}${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /disposed/);
});

test('retainFiles called while the saved index is still loading drops the saved added files it does not name', async () => {
  const cache = fs.mkdtempSync(path.join(root, 'cache-'));
  const copies = fs.mkdtempSync(path.join(root, 'objects-'));
  const added = objects.slice(0, 2).map((f, i) => {
    const to = path.join(copies, `${i}.json.gz`);
    fs.copyFileSync(f, to);
    return to;
  });
  const first = service(cache);
  await first.s.open();
  const local = filesOf(first.s).length;
  await first.s.addFiles(added);
  await first.s.flushSave();
  first.s.dispose();
  // The window reopens with no S3 location left: the server says so at once, before the index is loaded.
  const second = service(cache);
  const opening = second.s.open();
  const retained = second.s.retainFiles([]);
  await opening;
  await retained;
  assert.equal(filesOf(second.s).length, local);
  assert.ok(!filesOf(second.s).some((f) => added.includes(f)));
  second.s.dispose();
});
