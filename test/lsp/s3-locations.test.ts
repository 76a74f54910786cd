// S3 trail locations through the real server over stdio: the stored locations of initializationOptions open
// into the index (a window without a workspace folder), the pickers' requests answer the layout and the size
// of a selection, progress is notified, and a refresh fetches only a new object. The bucket is served by
// test/s3/local-s3.mjs; the server reaches it through AWS_ENDPOINT_URL_S3, as a user's environment would.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  QueryRequest, S3LayoutRequest, VerifyIntegrityRequest, type VerifyIntegrityResult, S3PlanRequest, S3ProgressNotification, SetS3LocationsRequest,
  type QueryResult, type S3LayoutResult, type S3PlanResult, type S3ProgressParams, type SetS3LocationsResult,
} from '../../core/protocol';
import { defaultSettings } from '../../core/settings';
import { WorkspaceIndexService } from '../../engine/workspace-index';
import { startLocalS3, type LocalS3 } from '../s3/local-s3.mjs';
import { ROOT, startServer } from './lsp-client';

let dir = '';
let tree = '';
let s3: LocalS3;
const saved = { ...process.env };

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-s3-'));
  tree = path.join(dir, 'tree');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '900', '--days', '3', '--accounts', '2', '--per-file', '50', '--start', '2026-01-01', '--seed', '28', '--digest'], { stdio: 'ignore' });
  s3 = await startLocalS3();
  s3.addFolder('lsp-trail', tree);
  // The server process inherits this environment: the standard credential chain and endpoint variables.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIALOCALLSP00000000', AWS_SECRET_ACCESS_KEY: 'local-lsp-secret', AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true',
  });
});
after(async () => {
  process.env = saved;
  await s3.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function localCount(roots: string[]): Promise<number> {
  const s = new WorkspaceIndexService({ roots, settings: defaultSettings(), onStatus: () => undefined, log: () => undefined, workerScript: path.join(os.tmpdir(), 'no-worker.js') });
  await s.start();
  const r = s.query({ query: 'source:*', offset: 0, limit: 0 });
  s.dispose();
  assert.ok(r.ok);
  return r.total;
}

test('stored S3 locations open into the index; layout, size, progress and refresh over LSP', async () => {
  const expected = await localCount([tree]);
  const server = await startServer({}, undefined, { s3Locations: [{ url: 's3://lsp-trail/', selection: {} }], s3CacheFolder: path.join(dir, 'cache') });
  const progress: S3ProgressParams[] = [];
  server.connection.onNotification(S3ProgressNotification, (p: S3ProgressParams) => { progress.push(p); });
  const count = async (): Promise<number> => {
    const r = await server.connection.sendRequest<QueryResult>(QueryRequest, { query: 'source:*', offset: 0, limit: 0 });
    return r.ok ? r.total : -1;
  };
  const until = async (n: number): Promise<void> => {
    for (let i = 0; i < 600 && (await count()) !== n; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await count(), n, server.logs.join('\n'));
  };
  try {
    await until(expected);

    const layout = await server.connection.sendRequest<S3LayoutResult>(S3LayoutRequest, { url: 's3://lsp-trail/' });
    assert.ok(layout.ok);
    const accounts = fs.readdirSync(path.join(tree, 'AWSLogs')).sort();
    assert.deepEqual(layout.accounts, accounts);
    assert.equal(layout.trail, true);

    const plan = await server.connection.sendRequest<S3PlanResult>(S3PlanRequest, { location: { url: 's3://lsp-trail/', selection: { accounts: [accounts[0]] } } });
    assert.ok(plan.ok);
    const local = s3.keys('lsp-trail').filter((k) => k.startsWith(`AWSLogs/${accounts[0]}/CloudTrail/`));
    assert.equal(plan.objects, local.length);
    assert.equal(plan.cachedBytes, plan.bytes, 'the whole selection is cached already');

    const bad = await server.connection.sendRequest<S3LayoutResult>(S3LayoutRequest, { url: 's3://no-such-bucket-here/' });
    assert.equal(bad.ok, false);

    // A new object: a refresh fetches it alone, and its records join the index.
    const extra = path.join(dir, 'extra.json.gz');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-cloudtrail.mjs'), '--single', extra, '--records', '40', '--seed', '5', '--start', '2026-01-03', '--days', '0.5'], { stdio: 'ignore' });
    const added = await localCount([extra]);
    s3.put('lsp-trail', `AWSLogs/${accounts[1]}/CloudTrail/us-east-1/2026/01/03/${accounts[1]}_CloudTrail_us-east-1_20260103T2359Z_lspNewObject0001.json.gz`, fs.readFileSync(extra));
    const gets = s3.count((r) => r.op === 'GetObject');
    progress.length = 0;
    const result = await server.connection.sendRequest<SetS3LocationsResult>(SetS3LocationsRequest, { locations: [{ url: 's3://lsp-trail/', selection: {} }], refresh: true });
    assert.deepEqual(result.outcomes.map((o) => [o.url, o.fetched, o.failures]), [['s3://lsp-trail/', 1, []]]);
    assert.equal(s3.count((r) => r.op === 'GetObject') - gets, 1);
    await until(expected + added);
    assert.ok(progress.length > 0 && progress.at(-1)!.objectsDone === progress.at(-1)!.objectsTotal, JSON.stringify(progress.at(-1)));

    // With digest files: fetched beside the logs (the logs from the cache), and "Verify Trail Integrity" checks
    // the cached copies against them.
    const before = s3.count((r) => r.op === 'GetObject');
    const withDigests = await server.connection.sendRequest<SetS3LocationsResult>(SetS3LocationsRequest, { locations: [{ url: 's3://lsp-trail/', selection: { digests: true } }], refresh: true });
    const digestKeys = s3.keys('lsp-trail').filter((k) => k.includes('/CloudTrail-Digest/'));
    assert.ok(digestKeys.length > 0);
    assert.equal(withDigests.outcomes[0].fetched, digestKeys.length);
    assert.equal(s3.count((r) => r.op === 'GetObject') - before, digestKeys.length, 'only the digests are fetched; the logs come from the cache');
    await until(expected + added);
    const verified = await server.connection.sendRequest<VerifyIntegrityResult>(VerifyIntegrityRequest, {});
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.equal(verified.report.counts.digests, digestKeys.length);
    assert.equal(verified.report.counts.validDigests, digestKeys.length);
    assert.ok(verified.report.counts.verifiedLogFiles > 0, JSON.stringify(verified.report.counts));

    // Removing the location takes its rows away.
    await server.connection.sendRequest<SetS3LocationsResult>(SetS3LocationsRequest, { locations: [] });
    await until(0);
  } finally {
    await server.stop();
  }
});
