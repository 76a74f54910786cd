// `s3://` PATHs: the CLI answers the same counts from the bucket (served by test/s3/local-s3.mjs) as from
// the local copy, with --account / --region / --since / --until pruning what is fetched; failures are said
// on stderr and make the exit status 2 while the rest is answered.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runQuery } from '../../../cli/commands/query';
import { runStats, type Stats } from '../../../cli/commands/stats';
import { s3Option, emptyS3Args } from '../../../cli/s3-paths';
import { startLocalS3, type LocalS3 } from '../../s3/local-s3.mjs';
import { captureIO } from './commands/cli-io';

const REPO = path.resolve(__dirname, '../../..');
let root = '';
let tree = '';
let s3: LocalS3;
let accounts: string[] = [];

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-s3-'));
  tree = path.join(root, 'tree');
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', tree, '--records', '4000', '--days', '4', '--accounts', '2', '--per-file', '100', '--start', '2026-01-01', '--seed', '27'], { stdio: 'ignore' });
  accounts = fs.readdirSync(path.join(tree, 'AWSLogs')).sort();
  s3 = await startLocalS3();
  s3.addFolder('cli-trail', tree);
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIALOCALTEST0000000', AWS_SECRET_ACCESS_KEY: 'local-test-secret' });
});
after(async () => {
  await s3.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const s3Flags = () => ['--endpoint', s3.endpoint, '--s3-cache', path.join(root, 'cache'), '--workers', '1'];

async function count(args: string[]): Promise<{ code: number; n: number; err: string }> {
  const io = captureIO();
  const code = await runQuery(['--count', ...args], io);
  return { code, n: Number(io.stdout.join('')), err: io.stderr.join('\n') };
}

test('stats and query counts from s3:// equal those of the local copy', async () => {
  const ioLocal = captureIO();
  assert.equal(await runStats(['--format', 'json', '--workers', '1', tree], ioLocal), 0);
  const ioS3 = captureIO();
  assert.equal(await runStats(['--format', 'json', ...s3Flags(), 's3://cli-trail/'], ioS3), 0, ioS3.stderr.join('\n'));
  const local = JSON.parse(ioLocal.stdout.join('\n')) as Stats;
  const remote = JSON.parse(ioS3.stdout.join('\n')) as Stats;
  assert.deepEqual({ ...remote, files: remote.files }, local);
  for (const q of ['', 'source:* error:*', 'eventName:GetObject']) {
    assert.equal((await count([...s3Flags(), q, 's3://cli-trail/'])).n, (await count(['--workers', '1', q, tree])).n, q);
  }
});

test('--account, --region, --since and --until fetch only that part, with the counts of that part of the copy', async () => {
  const account = accounts[1];
  s3.requests.length = 0;
  const r = await count([...s3Flags(), '--account', account, '--region', 'us-east-1', '--since', '2026-01-02', '--until', '2026-01-03', 'source:*', 's3://cli-trail/']);
  assert.equal(r.code, 0, r.err);
  const days = ['02', '03'].map((d) => path.join(tree, 'AWSLogs', account, 'CloudTrail', 'us-east-1', '2026', '01', d)).filter((d) => fs.existsSync(d));
  assert.equal(r.n, (await count(['--workers', '1', 'source:*', ...days])).n);
  assert.ok(s3.requests.filter((q) => q.op === 'GetObject').every((q) => /\/us-east-1\/2026\/01\/0[23]\//.test(q.key) && q.key.includes(account)));
});

test('a denied prefix: said on stderr, the rest answered, exit status 2', async () => {
  s3.faults.denyPrefixes = [`AWSLogs/${accounts[0]}/`];
  try {
    const r = await count([...s3Flags(), '--s3-cache', path.join(root, 'cache-denied'), '', 's3://cli-trail/']);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`Access denied to s3://cli-trail/AWSLogs/${accounts[0]}/`));
    assert.equal(r.n, (await count(['--workers', '1', '', path.join(tree, 'AWSLogs', accounts[1])])).n);
  } finally {
    s3.faults.denyPrefixes = [];
  }
});

test('S3 options are checked before anything is fetched', () => {
  const a = emptyS3Args();
  assert.deepEqual(s3Option(a, '--since', () => '2026-02-30'), { error: '--since "2026-02-30" is not a day (YYYY-MM-DD)' });
  assert.equal(s3Option(emptyS3Args(), '--format', () => 'x'), false);
  const b = emptyS3Args();
  assert.equal(s3Option(b, '--account', () => '111122223333, 444455556666'), true);
  assert.deepEqual(b.selection.accounts, ['111122223333', '444455556666']);
});
