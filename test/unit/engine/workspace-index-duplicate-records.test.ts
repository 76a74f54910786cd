// A trail file with two top-level "Records" keys: the index keeps the last array's records, as JSON.parse and the
// editor do, with a problem naming the file and where the second key is; a record of the dropped array that another
// file also holds comes back from that file.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { defaultSettings } from '../../../core/settings';
import { createLanguageService } from '../../../core/language';
import { WorkspaceIndexService } from '../../../engine/workspace-index';
import { NOW, s3Record } from '../core/language/cursor';

const REPO = path.resolve(__dirname, '../../..');
const WORKER_TS = path.join(REPO, 'engine/index-worker.ts');
const NO_WORKER = path.join(os.tmpdir(), 'no-such-worker.js');

const shared = s3Record({ eventID: 'shared-1', eventName: 'GetObject' });
const earlier = [shared, ...Array.from({ length: 30 }, (_, i) => s3Record({ eventID: `earlier-${i}`, eventName: 'PutObject' }))];
const kept = [s3Record({ eventID: 'kept-1', eventName: 'DeleteObject' }), s3Record({ eventID: 'kept-2', eventName: 'DeleteObject' })];
const TEXT = `{"Records":[${earlier.map((r) => JSON.stringify(r)).join(',')}],\n"Records":[${kept.map((r) => JSON.stringify(r)).join(',')}]}`;

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-duplicate-records-'));
  // The larger file is read first (largest first): its earlier array's copy of shared-1 is the one kept at first.
  fs.writeFileSync(path.join(dir, 'a-duplicate-key.json.gz'), zlib.gzipSync(TEXT, { level: 0 }));
  fs.writeFileSync(path.join(dir, 'b-other.json'), JSON.stringify({ Records: [shared] }));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const [name, workerScript] of [['in this thread', NO_WORKER], ['in worker threads', WORKER_TS]] as const) {
  test(`the index reads the last Records array, as the editor does (${name})`, async () => {
    const s = new WorkspaceIndexService({ roots: [dir], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript, now: () => NOW });
    await s.start();
    // The change queue (flushSave waits for it) holds the re-read of the file that held shared-1's duplicate.
    await s.flushSave();
    const r = s.query({ query: 'source:*', offset: 0, limit: 100 });
    assert.ok(r.ok);
    assert.deepEqual(r.rows.map((row) => row.eventID).sort(), ['kept-1', 'kept-2', 'shared-1']);
    assert.equal(r.rows.find((row) => row.eventID === 'shared-1')?.file, path.join(dir, 'b-other.json'));
    const problems = s.problems().problems.filter((p) => p.code === 'duplicate-records');
    assert.deepEqual(problems.map((p) => [p.file, p.severity, p.position?.line, p.position?.column]), [[path.join(dir, 'a-duplicate-key.json.gz'), 'warning', 1, 0]]);
    // The editor's count of the same text.
    const doc = createLanguageService({ now: () => NOW }).parseDocument('file:///a.json', TEXT);
    assert.equal(doc.records.length, r.rows.filter((row) => row.file.endsWith('a-duplicate-key.json.gz')).length);
    s.dispose();
  });
}

// `cat a.json dup.json`: the duplicate key is in the second object, so only its earlier array goes; the first
// object's records stay (they were already handed to the index, in the same batch as the dropped ones).
const first = Array.from({ length: 40 }, (_, i) => s3Record({ eventID: `first-${i}`, eventName: 'HeadObject' }));
const CAT = `${JSON.stringify({ Records: first })}\n${TEXT}\n`;

for (const [name, workerScript] of [['in this thread', NO_WORKER], ['in worker threads', WORKER_TS]] as const) {
  test(`concatenated objects: a duplicate key in the second keeps the first object's records (${name})`, async () => {
    const catDir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-duplicate-cat-'));
    try {
      fs.writeFileSync(path.join(catDir, 'cat.json.gz'), zlib.gzipSync(CAT, { level: 0 }));
      const s = new WorkspaceIndexService({ roots: [catDir], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript, now: () => NOW });
      await s.start();
      await s.flushSave();
      const r = s.query({ query: 'source:*', offset: 0, limit: 200 });
      assert.ok(r.ok);
      const expected = [...first.map((x) => x.eventID as string), 'kept-1', 'kept-2'];
      assert.deepEqual(r.rows.map((row) => row.eventID).sort(), [...expected].sort());
      const doc = createLanguageService({ now: () => NOW }).parseDocument('file:///cat.json', CAT);
      assert.equal(doc.records.length, expected.length);
      s.dispose();
    } finally {
      fs.rmSync(catDir, { recursive: true, force: true });
    }
  });
}
