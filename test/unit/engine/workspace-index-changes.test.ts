// File changes after a full index built by workers are read by the worker kept for them; the index must
// then match one that read the same files in this thread, also after that worker is gone.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings } from '../../../core/settings';
import { WorkspaceIndexService } from '../../../engine/workspace-index';

const REPO = path.resolve(__dirname, '../../..');
const WORKER_TS = path.join(REPO, 'engine/index-worker.ts');
const FAULTY_WORKER_TS = path.join(REPO, 'test/unit/engine/faulty-index-worker.ts');
const NO_WORKER = path.join(os.tmpdir(), 'no-such-worker.js');
const QUERIES = ['', 'source:*', 'bucket:added-bucket', 'eventName:GetObject', 'error:*', 'identity:AssumedRole', 'crossaccount:true'];

let root = '';
let extraGz = '';
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-changes-'));
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', path.join(root, 'tree'), '--records', '1200', '--seed', '8'], { stdio: 'ignore' });
  extraGz = path.join(root, 'extra-source.json.gz');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--single', extraGz, '--records', '400', '--seed', '99'], { stdio: 'ignore' });
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

function service(workerScript: string, logs: string[] = []): WorkspaceIndexService {
  return new WorkspaceIndexService({
    roots: [path.join(root, 'tree')], settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: (m) => logs.push(m), workerScript, now: () => Date.UTC(2026, 0, 6),
  });
}

/** Every record in the index, then the matches of each query. */
function counts(s: WorkspaceIndexService): number[] {
  const all = s.query({ query: '', offset: 0, limit: 0 });
  assert.ok(all.ok);
  return [all.allTotal, ...QUERIES.map((q) => {
    const r = s.query({ query: q, offset: 0, limit: 0 });
    assert.ok(r.ok, q);
    return r.total;
  })];
}

function rows(s: WorkspaceIndexService): string[] {
  const r = s.query({ query: 'source:*', sort: { column: 'time', descending: true }, offset: 0, limit: 5000 });
  assert.ok(r.ok);
  return r.rows.map((x) => `${x.eventID} ${x.time} ${x.bucket} ${x.principal} ${x.file}`).sort();
}

test('a file added, changed and deleted after a worker-built index reads the same as in this thread', async () => {
  const added = path.join(root, 'tree', 'added.json.gz');
  const plain = path.join(root, 'tree', 'added-plain.json');
  try {
    const logs: string[] = [];
    const viaWorker = service(WORKER_TS, logs);
    const inThread = service(NO_WORKER);
    await viaWorker.start();
    await inThread.start();
    const start = counts(viaWorker);
    assert.deepEqual(start, counts(inThread));

    fs.copyFileSync(extraGz, added);
    fs.writeFileSync(plain, JSON.stringify({ Records: [0, 1, 2].map((i) => ({ eventTime: '2026-02-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `plain-${i}`, requestParameters: { bucketName: 'added-bucket' } })) }));
    for (const s of [viaWorker, inThread]) {
      await s.fileChanged(added, 'created');
      await s.fileChanged(plain, 'created');
    }
    assert.equal(counts(viaWorker)[0], start[0] + 403);
    assert.equal(counts(viaWorker)[3], 3);
    assert.deepEqual(counts(viaWorker), counts(inThread));
    assert.deepEqual(rows(viaWorker), rows(inThread));

    fs.writeFileSync(plain, '{"Records":[{"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"plain-0","requestParameters":{"bucketName":"added-bucket"}}, {broken');
    for (const s of [viaWorker, inThread]) await s.fileChanged(plain, 'changed');
    assert.equal(counts(viaWorker)[3], 1);
    assert.deepEqual(viaWorker.problems().problems.filter((p) => p.file === plain).map((p) => p.code), inThread.problems().problems.filter((p) => p.file === plain).map((p) => p.code));
    assert.ok(viaWorker.problems().problems.some((p) => p.file === plain && p.code === 'json-syntax'));

    fs.rmSync(added);
    for (const s of [viaWorker, inThread]) await s.fileChanged(added, 'deleted');
    assert.deepEqual(counts(viaWorker), counts(inThread));
    assert.equal(counts(viaWorker)[0], start[0] + 1);
    assert.ok(!logs.some((m) => m.includes('stopped')), logs.join('\n'));
    viaWorker.dispose();
    inThread.dispose();
  } finally {
    fs.rmSync(added, { force: true });
    fs.rmSync(plain, { force: true });
  }
});

test('when the kept worker is gone, a change is read in this thread', async () => {
  const added = path.join(root, 'tree', 'added-after-exit.json.gz');
  process.env.FAULTY_WORKER = 'exit-when-idle';
  try {
    // Every worker exits once the full index is read, the one kept for changes too, as a crashed one would.
    const s = service(FAULTY_WORKER_TS);
    await s.start();
    const before = counts(s)[0];
    fs.copyFileSync(extraGz, added);
    await s.fileChanged(added, 'created');
    assert.equal(counts(s)[0], before + 400);
    s.dispose();
  } finally {
    delete process.env.FAULTY_WORKER;
    fs.rmSync(added, { force: true });
  }
});

test('a full re-index while the kept worker reads a change neither hangs nor counts the file twice', { timeout: 120_000 }, async () => {
  const added = path.join(root, 'tree', 'added-during-reindex.json.gz');
  const signals = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-changes-signals-'));
  process.env.FAULTY_WORKER = 'hold-read';
  process.env.FAULTY_WORKER_DIR = signals;
  try {
    const logs: string[] = [];
    const s = service(FAULTY_WORKER_TS, logs);
    await s.start();
    fs.copyFileSync(extraGz, added);
    const change = s.fileChanged(added, 'created');
    // The kept worker has the change and holds it: the full re-index starts meanwhile.
    for (let i = 0; i < 3000 && !fs.existsSync(path.join(signals, 'reading')); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(fs.existsSync(path.join(signals, 'reading')), 'the kept worker is reading the change');
    const reindex = s.start();
    fs.writeFileSync(path.join(signals, 'release'), '');
    await change;
    await reindex;
    const fresh = service(NO_WORKER);
    await fresh.start();
    assert.deepEqual(counts(s), counts(fresh));
    // the change was handed over to the re-index, not taken for a failure of the worker
    assert.ok(!logs.some((m) => m.includes('kept for file changes stopped')), logs.join('\n'));
    s.dispose();
    fresh.dispose();
  } finally {
    delete process.env.FAULTY_WORKER;
    delete process.env.FAULTY_WORKER_DIR;
    fs.rmSync(added, { force: true });
    fs.rmSync(signals, { recursive: true, force: true });
  }
});

test('removing an added file whose records another file also holds keeps that file\'s copies (they come back)', async () => {
  const dir = fs.mkdtempSync(path.join(root, 'dup-'));
  const s = new WorkspaceIndexService({
    roots: [dir], settings: { ...defaultSettings(), 'index.workers': 1 }, onStatus: () => undefined, log: () => undefined, workerScript: NO_WORKER, now: () => Date.UTC(2026, 0, 6),
  });
  await s.start();
  // The added copy (an S3 object in the cache, say) is read first and holds the rows ...
  const added = path.join(root, 'added-copy.json.gz');
  fs.copyFileSync(extraGz, added);
  await s.addFiles([added]);
  const all = () => { const r = s.query({ query: '', offset: 0, limit: 0 }); assert.ok(r.ok); return r.total; };
  const n = all();
  assert.ok(n > 0);
  // ... then a local copy arrives: its records are dropped as duplicates.
  const local = path.join(dir, 'local-copy.json.gz');
  fs.copyFileSync(extraGz, local);
  await s.fileChanged(local, 'created');
  assert.equal(all(), n);
  await s.removeFiles([added]);
  assert.equal(all(), n, 'the local copy\'s records are read again when the copy that held them goes');
  s.dispose();
});

test('files read again for their duplicates keep the copies they hold, whatever order they were first read in', async () => {
  const dir = fs.mkdtempSync(path.join(root, 'reread-'));
  const record = (id: string, key: string) => ({
    eventVersion: '1.08', eventTime: '2026-01-05T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1',
    sourceIPAddress: '10.0.0.1', requestParameters: { bucketName: 'reread-bucket', key }, eventID: id, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
  });
  const shared = record('7f3c9d2e-0000-4000-8000-000000000001', 'shared');
  const other = record('7f3c9d2e-0000-4000-8000-000000000002', 'other');
  const file = (name: string, records: object[]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, JSON.stringify({ Records: records }));
    return p;
  };
  // c.json is read first; b.json, whose path sorts first, then takes the shared record from it; a.json takes the
  // other record from b.json. Both b.json and c.json hold dropped copies now (c.json read before b.json).
  const c = file('c.json', [shared]);
  const b = file('b.json', [shared, other]);
  const a = file('a.json', [other]);
  const s = new WorkspaceIndexService({
    roots: [], settings: { ...defaultSettings(), 'index.workers': 1 }, onStatus: () => undefined, log: () => undefined, workerScript: NO_WORKER, now: () => Date.UTC(2026, 0, 6),
  });
  await s.start();
  for (const f of [c, b, a]) await s.addFiles([f]);
  const keys = () => {
    const r = s.query({ query: 'bucket:reread-bucket', offset: 0, limit: 10 });
    assert.ok(r.ok);
    return r.rows.map((row) => `${path.basename(row.file)} ${row.key}`).sort();
  };
  assert.deepEqual(keys(), ['a.json other', 'b.json shared']);
  // a.json goes: b.json and c.json are read again, and b.json's copy of the shared record must stay marked as
  // hiding c.json's, or c.json's would not come back when b.json goes.
  await s.removeFiles([a]);
  assert.deepEqual(keys(), ['b.json other', 'b.json shared']);
  await s.removeFiles([b]);
  assert.deepEqual(keys(), ['c.json shared']);
  s.dispose();
});
