// S3 locations against a real S3-compatible server on 127.0.0.1 (test/s3/local-s3.mjs) serving a generated
// trail tree: only the selected prefixes are listed and fetched, the cache answers a second open, a refresh
// fetches only new objects, and each failure (deleted, denied, throttled, cut off, KMS, cancelled) is a
// message naming its object or prefix while everything else arrives.

import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalS3, type LocalS3 } from '../../../s3/local-s3.mjs';
import { ObjectCache, openLocation, planLocation, discoverLayout, S3Access, type S3Failure } from '../../../../engine/s3';
import type { S3Location } from '../../../../core/remote';

const REPO = path.resolve(__dirname, '../../../..');
const BUCKET = 'trail-bucket';
let root = '';
let tree = '';
let s3: LocalS3;
let accounts: string[] = [];

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 's3-fetch-'));
  tree = path.join(root, 'tree');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '5000', '--days', '5', '--accounts', '2', '--per-file', '100', '--start', '2026-01-01', '--seed', '25'], { stdio: 'ignore' });
  accounts = fs.readdirSync(path.join(tree, 'AWSLogs')).sort();
  s3 = await startLocalS3();
  s3.addFolder(BUCKET, tree);
  process.env.AWS_ACCESS_KEY_ID = 'AKIALOCALTEST0000000';
  process.env.AWS_SECRET_ACCESS_KEY = 'local-test-secret';
});
after(async () => {
  await s3.close();
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  s3.requests.length = 0;
  Object.assign(s3.faults, { latencyMs: 0, throttle: 0, denyPrefixes: [], kmsDenied: [], truncate: [], onGet: undefined });
});

function access(maxAttempts = 4): S3Access {
  return new S3Access({ endpoint: s3.endpoint, maxAttempts, env: {} });
}

let cacheN = 0;
function cache(): ObjectCache {
  return new ObjectCache(path.join(root, `cache-${++cacheN}`), 1 << 30);
}

/** Local files of the tree under a key prefix, as keys. */
function localKeys(filter: (key: string) => boolean): string[] {
  return s3.keys(BUCKET).filter(filter);
}

const dayOf = (key: string) => key.split('/').slice(4, 7).join('-');

test('the layout: accounts and regions found with one listing per level', async () => {
  const layout = await discoverLayout(access(), `s3://${BUCKET}/`);
  assert.equal(layout.trail, true);
  assert.deepEqual(layout.accounts, accounts);
  assert.ok(layout.regions.includes('us-east-1'));
  assert.deepEqual(layout.failures, []);
});

test('partition pruning: only the selected account, region and days are listed and fetched', async () => {
  const account = accounts[0];
  const loc: S3Location = { url: `s3://${BUCKET}/`, selection: { accounts: [account], regions: ['us-east-1'], since: '2026-01-02', until: '2026-01-03' } };
  const c = cache();
  const r = await openLocation(access(), c, loc);
  const expected = localKeys((k) => k.startsWith(`AWSLogs/${account}/CloudTrail/us-east-1/`) && dayOf(k) >= '2026-01-02' && dayOf(k) <= '2026-01-03');
  assert.ok(expected.length > 0 && expected.length < s3.keys(BUCKET).length / 4, `${expected.length} objects selected`);
  const gets = s3.requests.filter((q) => q.op === 'GetObject').map((q) => q.key).sort();
  assert.deepEqual(gets, expected);
  const lists = s3.requests.filter((q) => q.op === 'ListObjectsV2');
  // AWSLogs/ (organizations and accounts), then the one region folder, from its first day.
  assert.deepEqual(lists.map((q) => q.prefix), ['AWSLogs/', `AWSLogs/${account}/CloudTrail/us-east-1/`]);
  assert.equal(lists[1].startAfter, `AWSLogs/${account}/CloudTrail/us-east-1/2026/01/02`);
  assert.equal(r.files.length, expected.length);
  assert.deepEqual(r.failures, []);
  for (const f of r.files) assert.ok(f.startsWith(c.folder + path.sep) && fs.existsSync(f));
});

test('a second open is answered by the cache: offline without a request, a refresh lists but fetches nothing', async () => {
  const loc: S3Location = { url: `s3://${BUCKET}/AWSLogs/${accounts[1]}/`, selection: { since: '2026-01-04' } };
  const c = cache();
  const first = await openLocation(access(), c, loc);
  assert.ok(first.files.length > 0);
  s3.requests.length = 0;
  const again = await openLocation(access(), new ObjectCache(c.folder, 1 << 30), loc);
  assert.equal(s3.requests.length, 0);
  assert.deepEqual(again.files.sort(), first.files.sort());
  const refreshed = await openLocation(access(), new ObjectCache(c.folder, 1 << 30), loc, { refresh: true });
  assert.equal(s3.count((q) => q.op === 'GetObject'), 0);
  assert.equal(refreshed.objectsCached, refreshed.objectsTotal);
});

test('refresh after new objects fetches only them, listing from the day before the newest seen', async () => {
  const loc: S3Location = { url: `s3://${BUCKET}/`, selection: { accounts: [accounts[0]], regions: ['us-west-2', 'us-east-1'] } };
  const c = cache();
  await openLocation(access(), c, loc);
  const sample = localKeys((k) => k.startsWith(`AWSLogs/${accounts[0]}/CloudTrail/us-west-2/`)).at(-1)!;
  const newKey = sample.replace(/\/2026\/01\/\d\d\/.*$/, '/2026/01/06/new_CloudTrail_object.json.gz');
  s3.put(BUCKET, newKey, fs.readFileSync(path.join(tree, sample)));
  s3.requests.length = 0;
  const r = await openLocation(access(), c, loc, { refresh: true });
  assert.deepEqual(s3.requests.filter((q) => q.op === 'GetObject').map((q) => q.key), [newKey]);
  const lists = s3.requests.filter((q) => q.op === 'ListObjectsV2' && q.prefix !== 'AWSLogs/');
  // Each region resumes from the day before the newest day it had before the new object.
  assert.equal(lists.length, 2);
  for (const q of lists) {
    const newest = localKeys((k) => k.startsWith(q.prefix!) && k !== newKey).at(-1)!;
    const day = new Date(`${dayOf(newest)}T00:00:00Z`).getTime() - 86400000;
    assert.equal(q.startAfter, `${q.prefix}${new Date(day).toISOString().slice(0, 10).replaceAll('-', '/')}`);
  }
  assert.ok(r.files.some((f) => f.endsWith('new_CloudTrail_object.json.gz')));
  s3.delete(BUCKET, newKey);
});

/** Fetches one account's us-east-1 folder with a fault set; the failures and files. */
async function withFault(setup: (keys: string[]) => void, attempts = 4): Promise<{ keys: string[]; failures: S3Failure[]; files: string[]; cacheFolder: string }> {
  const prefix = `AWSLogs/${accounts[0]}/CloudTrail/us-east-1/`;
  const keys = localKeys((k) => k.startsWith(prefix));
  setup(keys);
  const c = cache();
  const r = await openLocation(access(attempts), c, { url: `s3://${BUCKET}/${prefix}`, selection: {} });
  return { keys, failures: r.failures, files: r.files, cacheFolder: c.folder };
}

test('an object deleted during the download is named and skipped; the rest arrives', async () => {
  let victim = '';
  const r = await withFault((keys) => {
    victim = keys[2];
    s3.faults.onGet = (key) => { if (key === victim) s3.delete(BUCKET, key); };
  });
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0].kind, 'deleted');
  assert.match(r.failures[0].message, new RegExp(`s3://${BUCKET}/${victim}.*deleted`));
  assert.equal(r.files.length, r.keys.length - 1);
  s3.put(BUCKET, victim, fs.readFileSync(path.join(tree, victim)));
});

test('a denied prefix among allowed ones: its message names it, the other regions arrive', async () => {
  const denied = `AWSLogs/${accounts[0]}/CloudTrail/us-west-2/`;
  s3.faults.denyPrefixes = [denied];
  const c = cache();
  const r = await openLocation(access(), c, { url: `s3://${BUCKET}/AWSLogs/${accounts[0]}/`, selection: {} });
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0].kind, 'access-denied');
  assert.match(r.failures[0].message, new RegExp(`Access denied to s3://${BUCKET}/${denied}.*s3:ListBucket`));
  const allowed = localKeys((k) => k.startsWith(`AWSLogs/${accounts[0]}/`) && !k.startsWith(denied));
  assert.equal(r.files.length, allowed.length);
});

test('throttling: SlowDown answers are retried; beyond the attempts, a message and the rest stays', async () => {
  const ok = await withFault(() => { s3.faults.throttle = 3; });
  assert.deepEqual(ok.failures, []);
  assert.equal(ok.files.length, ok.keys.length);
  assert.equal(s3.count((q) => q.status === 503), 3);

  const prefix = `AWSLogs/${accounts[0]}/CloudTrail/us-east-1/`;
  const c = cache();
  const a = access(2);
  // The listing goes through, then every GetObject is throttled past its two attempts.
  const plan = await planLocation(a, { url: `s3://${BUCKET}/${prefix}`, selection: {} });
  s3.faults.throttle = 1_000_000;
  const { fetchObjects } = await import('../../../../engine/s3');
  const r = await fetchObjects(a, c, BUCKET, plan.objects.slice(0, 2), { concurrency: 1 });
  s3.faults.throttle = 0;
  assert.equal(r.failures.length, 2);
  assert.equal(r.failures[0].kind, 'throttled');
  assert.match(r.failures[0].message, /throttled.*SlowDown.*refresh the location later/);
});

test('a truncated object is retried, then named; no partial copy stays in the cache', async () => {
  let victim = '';
  const r = await withFault((keys) => { victim = keys[1]; s3.faults.truncate = [victim]; }, 2);
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0].kind, 'truncated');
  assert.match(r.failures[0].message, /cut off/);
  assert.equal(r.files.length, r.keys.length - 1);
  assert.ok(s3.count((q) => q.op === 'GetObject' && q.key === victim) >= 2);
  const leftovers: string[] = [];
  const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else leftovers.push(p); } };
  walk(r.cacheFolder);
  assert.ok(!leftovers.some((f) => f.includes('.part-') || f.endsWith(path.basename(victim))), leftovers.join('\n'));
});

test('an object under a KMS key the caller cannot use: a KMS message for that object only', async () => {
  let victim = '';
  const r = await withFault((keys) => { victim = keys[0]; s3.faults.kmsDenied = [victim]; });
  assert.equal(r.failures.length, 1);
  assert.equal(r.failures[0].kind, 'kms');
  assert.match(r.failures[0].message, /kms:Decrypt/);
  assert.equal(r.files.length, r.keys.length - 1);
});

test('an object that failed is fetched by the next refresh: its range keeps the marker from before', async () => {
  const prefix = `AWSLogs/${accounts[0]}/CloudTrail/us-east-1/`;
  const keys = localKeys((k) => k.startsWith(prefix));
  const victim = keys[0];
  s3.faults.kmsDenied = [victim];
  const c = cache();
  const loc: S3Location = { url: `s3://${BUCKET}/${prefix}`, selection: {} };
  const first = await openLocation(access(), c, loc);
  assert.equal(first.failures.length, 1);
  assert.equal(first.files.length, keys.length - 1);
  s3.faults.kmsDenied = [];
  s3.requests.length = 0;
  const refreshed = await openLocation(access(), c, loc, { refresh: true });
  assert.deepEqual(refreshed.failures, []);
  assert.deepEqual(s3.requests.filter((q) => q.op === 'GetObject').map((q) => q.key), [victim]);
  assert.equal(refreshed.locationFiles.length, keys.length);
});

test('cancellation midway: what arrived stays, the rest is not fetched, no partial file is left', async () => {
  s3.faults.latencyMs = 30;
  const abort = new AbortController();
  const c = cache();
  let seen = 0;
  const r = await openLocation(access(), c, { url: `s3://${BUCKET}/`, selection: {} }, {
    concurrency: 2, signal: abort.signal, onFile: () => { if (++seen === 5) abort.abort(); },
  });
  assert.equal(r.cancelled, true);
  assert.ok(r.files.length >= 5 && r.files.length < s3.keys(BUCKET).length / 2, `${r.files.length} files`);
  for (const f of r.files) assert.ok(fs.existsSync(f));
  const parts: string[] = [];
  const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.includes('.part-')) parts.push(p); } };
  walk(c.folder);
  assert.deepEqual(parts, []);
});

test('no credentials: a message that says where credentials come from, naming the bucket', async () => {
  const none = path.join(root, 'no-such-aws-config');
  const saved = { ...process.env };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  Object.assign(process.env, { AWS_CONFIG_FILE: none, AWS_SHARED_CREDENTIALS_FILE: none, AWS_EC2_METADATA_DISABLED: 'true' });
  try {
    const r = await openLocation(new S3Access({ endpoint: s3.endpoint, profile: 'incident', env: {} }), cache(), { url: `s3://${BUCKET}/`, selection: {} });
    assert.equal(r.files.length, 0);
    assert.equal(r.failures[0].kind, 'no-credentials', r.failures[0].message);
    assert.match(r.failures[0].message, new RegExp(`s3://${BUCKET}/.*cloudtrailS3\\.s3\\.profile`));
  } finally {
    process.env = saved;
  }
});

test('a prefix without the trail layout (access logs) is read as it is, access-log names kept to the days', async () => {
  const line = 'owner access-bucket [05/Jan/2026:10:00:00 +0000] 192.0.2.1 - REQ1 REST.GET.OBJECT key "GET /key HTTP/1.1" 200 - 10 10 1 1 "-" "curl" -\n';
  for (const name of ['2026-01-01-00-00-00-AAAAAAAAAAAAAAAA', '2026-01-05-10-00-00-BBBBBBBBBBBBBBBB', '2026-01-06-10-00-00-CCCCCCCCCCCCCCCC']) s3.put('access-bucket', `logs/${name}`, line);
  const layout = await discoverLayout(access(), 's3://access-bucket/logs/');
  assert.equal(layout.trail, false);
  const r = await openLocation(access(), cache(), { url: 's3://access-bucket/logs/', selection: { since: '2026-01-02', until: '2026-01-05' } });
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.files.map((f) => path.basename(f)), ['2026-01-05-10-00-00-BBBBBBBBBBBBBBBB']);
  assert.deepEqual(s3.requests.filter((q) => q.op === 'GetObject').map((q) => q.key), ['logs/2026-01-05-10-00-00-BBBBBBBBBBBBBBBB']);
});
