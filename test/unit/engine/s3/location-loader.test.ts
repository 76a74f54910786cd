// An S3 location loaded into the workspace index: rows are queryable while the rest downloads, and once
// loaded the index answers every query as one built from the local copy of the same objects.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalS3, type LocalS3 } from '../../../s3/local-s3.mjs';
import { loadLocations, ObjectCache, S3Access } from '../../../../engine/s3';
import { WorkspaceIndexService } from '../../../../engine/workspace-index';
import { defaultSettings } from '../../../../core/settings';

const REPO = path.resolve(__dirname, '../../../..');
const WORKER_TS = path.join(REPO, 'engine/index-worker.ts');
const QUERIES = ['', 'source:*', 'eventName:GetObject', 'error:*', 'crossaccount:true', 'region:us-east-1'];
let root = '';
let tree = '';
let s3: LocalS3;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 's3-load-'));
  tree = path.join(root, 'tree');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '5000', '--days', '5', '--accounts', '2', '--per-file', '100', '--start', '2026-01-01', '--seed', '26'], { stdio: 'ignore' });
  s3 = await startLocalS3();
  s3.addFolder('trail', tree);
  process.env.AWS_ACCESS_KEY_ID = 'AKIALOCALTEST0000000';
  process.env.AWS_SECRET_ACCESS_KEY = 'local-test-secret';
});
after(async () => {
  await s3.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function service(roots: string[]): WorkspaceIndexService {
  return new WorkspaceIndexService({ roots, settings: { ...defaultSettings(), 'index.workers': 2 }, onStatus: () => undefined, log: () => undefined, workerScript: WORKER_TS, now: () => Date.UTC(2026, 0, 6) });
}

function counts(s: WorkspaceIndexService): number[] {
  return QUERIES.map((q) => {
    const r = s.query({ query: q, offset: 0, limit: 0 });
    assert.ok(r.ok);
    return r.total;
  });
}

test('rows while downloading; once loaded, the same answers as the local copy', async () => {
  const local = service([tree]);
  await local.start();
  const expected = counts(local);
  local.dispose();
  assert.ok(expected[0] > 1000);

  s3.faults.latencyMs = 15;
  const remote = service([]);
  await remote.start();
  const cache = new ObjectCache(path.join(root, 'cache'), 1 << 30);
  let rowsWhileDownloading = -1;
  const outcomes = await loadLocations(remote, new S3Access({ endpoint: s3.endpoint, env: {} }), cache, [{ url: 's3://trail/', selection: {} }], {
    concurrency: 4,
    onFirstRows: () => {
      rowsWhileDownloading = counts(remote)[1];
    },
  });
  s3.faults.latencyMs = 0;
  // The first rows were queryable before the last object arrived.
  assert.ok(rowsWhileDownloading > 0 && rowsWhileDownloading < expected[1], `${rowsWhileDownloading} of ${expected[1]}`);
  assert.deepEqual(outcomes.map((o) => [o.failures.length, o.files.length]), [[0, s3.keys('trail').length]]);
  assert.deepEqual(counts(remote), expected);
  // A full reindex reads the cached files again (they are not under any root).
  await remote.start();
  assert.deepEqual(counts(remote), expected);
  // Removing them takes their rows away.
  await remote.removeFiles(outcomes[0].files);
  assert.equal(counts(remote)[1], 0);
  remote.dispose();
});
