// Captures what a CLI command writes, and writes small trail files for CLI tests.

import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Output } from '../../../../cli/commands/query';

export function captureIO(errIsTTY = false): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (s) => stdout.push(s), err: (s) => stderr.push(s), errIsTTY };
}

function record(i: number, over: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.08', eventTime: `2026-01-0${1 + (i % 3)}T10:00:${String(i).padStart(2, '0')}Z`, eventSource: 's3.amazonaws.com',
    eventName: 'GetObject', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.9', userAgent: 'curl/8.5.0',
    userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' },
    requestParameters: { bucketName: 'public-site', key: `img/${i}.png` }, eventID: `ev-${i}`, requestID: `REQ${i}`,
    recipientAccountId: '111122223333', ...over,
  };
}

/** A small trail folder: 5 anonymous GetObject (one gzip file), 2 PutObject by a role with hostile keys, one sts record. */
export function writeTrail(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-trail-'));
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '01', '01');
  fs.mkdirSync(dir, { recursive: true });
  const anon = [0, 1, 2, 3, 4].map((i) => record(i, {}));
  fs.writeFileSync(path.join(dir, '111122223333_CloudTrail_us-east-1_20260101T1000Z_anon.json.gz'), zlib.gzipSync(JSON.stringify({ Records: anon })));
  const role = { type: 'AssumedRole', principalId: 'AROAEXAMPLE:deploy', arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/deploy', accountId: '111122223333' };
  const writes = [
    record(10, { eventName: 'PutObject', userIdentity: role, requestParameters: { bucketName: 'private-data', key: '=cmd|"/c calc"!A1' } }),
    record(11, { eventName: 'PutObject', userIdentity: role, errorCode: 'AccessDenied', requestParameters: { bucketName: 'private-data', key: 'evil\u001b[31mred,"quoted"' } }),
    record(12, { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', requestParameters: {} }),
  ];
  fs.writeFileSync(path.join(dir, '111122223333_CloudTrail_us-east-1_20260101T1005Z_role.json'), JSON.stringify({ Records: writes }, null, 2));
  return root;
}

/** Records of one eventTime written as a trail file (pretty when `pretty`), with ids `<name>-<i>`. */
export function writeTrailFile(dir: string, name: string, times: readonly string[]): string {
  const records = times.map((t, i) => record(i, { eventTime: t, eventID: `${name}-${i}`, requestID: `${name}-${i}` }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({ Records: records }, null, 2));
  return file;
}

const REPO = path.resolve(__dirname, '../../../..');

/**
 * Runs the CLI from sources in a child process as a user without the right to read what `unreadable`
 * holds: as root (who reads everything) the child runs as nobody; otherwise those paths lose their
 * permissions for the run. Paths the child must read stay readable by everyone.
 */
export function runCliWithout(unreadable: readonly string[], args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const root = process.getuid?.() === 0;
  const modes = unreadable.map((p) => [p, fs.statSync(p).mode & 0o777] as const);
  for (const [p] of modes) fs.chmodSync(p, 0);
  try {
    // As nobody the child may not reach the checkout (CI clones into a 0700 temporary folder): it runs a bundle of
    // the same sources from a folder every user can read.
    const command = root ? [openBundle()] : ['--import', 'tsx', path.join(REPO, 'cli/main.ts')];
    const r = spawnSync(process.execPath, [...command, ...args], {
      encoding: 'utf8', cwd: root ? path.dirname(command[0]) : REPO, ...(root ? { uid: 65534, gid: 65534 } : {}),
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    for (const [p, mode] of modes) fs.chmodSync(p, mode);
  }
}

/** Makes a temporary tree readable by every user (mkdtemp folders are 0700), for runCliWithout. */
export function openToAll(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) openToAll(p);
    else if (e.isFile()) fs.chmodSync(p, 0o644);
  }
}

let bundle: string | undefined;

/** The CLI and its index worker bundled (as scripts/build.mjs does) into a temporary folder every user can read. */
function openBundle(): string {
  if (bundle) return bundle;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bundle-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  buildSync({
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', mainFields: ['module', 'main'],
    entryPoints: { cli: path.join(REPO, 'cli/main.ts'), 'index-worker': path.join(REPO, 'engine/index-worker.ts'), 'hash-worker': path.join(REPO, 'engine/hash-worker.ts') }, outdir: dir,
  });
  openToAll(dir);
  bundle = path.join(dir, 'cli.js');
  return bundle;
}
