import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runJoin } from '../../../../cli/commands/join';
import { runQuery } from '../../../../cli/commands/query';
import { runStats, type Stats } from '../../../../cli/commands/stats';
import type { JoinSummary } from '../../../../core/index';
import { captureIO, writeTrail } from './cli-io';
import { loadIndex } from '../../../../cli/commands/query';
import { parseQuery, type ParsedQuery } from '../../../../core/query';
import { statusBarText } from '../../../../client/index-status-text';
import { recordCountsText } from '../../../../core/record-counts';

const REPO = path.resolve(__dirname, '../../../..');

interface GenSummary {
  lines: number; joinLines: number; accessOnlyLines: number; duplicateLines: number; ctS3Records: number;
  ctS3RecordsWithLines: number; ctS3RecordsWithoutLines: number; byOperation: Record<string, number>;
}

function generate(): { dir: string; summary: GenSummary } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'join-gen-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '6000', '--seed', '7', '--access-logs'], { stdio: 'ignore' });
  return { dir, summary: JSON.parse(fs.readFileSync(path.join(dir, 'access-logs-summary.json'), 'utf8')) as GenSummary };
}

const GEN = generate();

test('join counts of a generated tree equal the generator summary exactly', async () => {
  const io = captureIO();
  assert.equal(await runJoin(['--format', 'json', '--workers', '0', GEN.dir], io), 0, io.stderr.join('\n'));
  const j = JSON.parse(io.stdout.join('\n')) as JoinSummary;
  const s = GEN.summary;
  assert.deepEqual(
    [j.lines, j.joinLines, j.accessOnlyLines, j.duplicateLines, j.ctS3Records, j.ctS3RecordsWithLines, j.ctS3RecordsWithoutLines],
    [s.lines, s.joinLines, s.accessOnlyLines, s.duplicateLines, s.ctS3Records, s.ctS3RecordsWithLines, s.ctS3RecordsWithoutLines],
  );
  assert.equal(j.byBucket.reduce((n, b) => n + b.accessLinesWithoutCloudTrail, 0), s.accessOnlyLines);
  assert.ok(j.byBucket.some((b) => b.dataEvents === 0 && b.accessLinesWithoutCloudTrail > 0 && (b.withoutCloudTrailByOperation['REST.GET.OBJECT'] ?? 0) > 0),
    'a bucket without data events in the trail shows its object reads CloudTrail did not log');
});

test('the join command as a user runs it: table on stdout, exit 0', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'cli/main.ts'), 'join', GEN.dir], { encoding: 'utf8', cwd: REPO });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^access-log lines +${GEN.summary.lines} \\(${GEN.summary.duplicateLines} repeated deliveries\\)$`, 'm'));
  assert.match(r.stdout, new RegExp(`^  with an access-log line +${GEN.summary.ctS3RecordsWithLines}$`, 'm'));
  assert.match(r.stdout, /^access-log requests without a CloudTrail record, by operation:$/m);
  // No row of zeros: management events without a bucket (ListBuckets) are counted under the table, not a row.
  assert.doesNotMatch(r.stdout, /no bucket/);
  const table = r.stdout.slice(r.stdout.indexOf('bucket  '), r.stdout.indexOf('\n\n', r.stdout.indexOf('bucket  ')));
  for (const row of table.split('\n').slice(2)) assert.doesNotMatch(row, /\s0\s+0 \(-\)\s+0\s+0$/, row);
  assert.match(r.stdout, /^not in the table: \d+ management events \(.*\d+ without a bucket: ListBuckets and other account-level calls\)$/m);
});

test('the join table lists the buckets with data events or access-log lines; the other S3 records are counted apart', async () => {
  const io = captureIO();
  assert.equal(await runJoin(['--format', 'json', '--workers', '0', GEN.dir], io), 0);
  const j = JSON.parse(io.stdout.join('\n')) as JoinSummary;
  assert.ok(j.byBucket.every((b) => b.dataEvents + b.accessLines > 0), JSON.stringify(j.byBucket.filter((b) => b.dataEvents + b.accessLines === 0)));
  assert.ok(j.managementOnly.withoutBucket > 0, 'the generated tree has ListBuckets calls');
  // Every CloudTrail S3 record is either in a row or in managementOnly.
  const inRows = j.byBucket.reduce((n, b) => n + b.dataEvents + b.managementEvents, 0);
  assert.equal(inRows + j.managementOnly.records, j.ctS3Records);
  assert.equal(await count('kind:cloudtrail -bucket:*', GEN.dir), j.managementOnly.withoutBucket);
});

test('join exits 1 when there is no access-log line; usage errors exit 2', async () => {
  const io = captureIO();
  assert.equal(await runJoin(['--workers', '0', writeTrail()], io), 1);
  assert.match(io.stderr.join('\n'), /no S3 server access log line/);
  assert.equal(await runJoin(['--format', 'xml', GEN.dir], captureIO()), 2);
});

async function count(query: string, dir: string): Promise<number> {
  const io = captureIO();
  assert.equal(await runQuery(['--count', '--workers', '0', query, dir], io), 0, io.stderr.join('\n'));
  return Number(io.stdout.join('').trim());
}

test('query reads both kinds: kind:, joined:, operation: over the generated tree', async () => {
  const s = GEN.summary;
  assert.equal(await count('kind:access', GEN.dir), s.lines - s.duplicateLines);
  // The generator writes repeated deliveries of lines that have a CloudTrail record only.
  assert.equal(await count('kind:access joined:false', GEN.dir), s.accessOnlyLines);
  assert.equal(await count('kind:cloudtrail joined:true', GEN.dir), s.ctS3RecordsWithLines);
  assert.equal(await count('operation:S3.EXPIRE.OBJECT', GEN.dir), s.byOperation['S3.EXPIRE.OBJECT']);
  assert.equal(await count('-kind:access', GEN.dir), s.ctS3Records);
});

test('status:, numeric comparisons and shared fields over access lines', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'join-lines-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.copyFileSync(path.join(REPO, 'test/fixtures/access-log/public-lines.log'), path.join(dir, '2019-02-06-00-00-00-0123456789ABCDEF'));
  assert.equal(await count('kind:access', dir), 5);
  assert.equal(await count('status:404', dir), 1);
  assert.equal(await count('status:>=300', dir), 2);
  assert.equal(await count('bytes:>200', dir), 2);
  assert.equal(await count('bytes:113', dir), 2);
  assert.equal(await count('objectsize:>1000', dir), 1);
  assert.equal(await count('totaltime:<=7', dir), 2);
  assert.equal(await count('turnaround:>10', dir), 1);
  assert.equal(await count('-turnaround:>10', dir), 4, 'unknown turn-around passes the negated term');
  assert.equal(await count('operation:REST.GET.*', dir), 4);
  assert.equal(await count('eventName:GetBucketVersioning', dir), 2);
  assert.equal(await count('error:NoSuchBucketPolicy', dir), 1);
  assert.equal(await count('ip:192.0.2.0/24', dir), 3);
  assert.equal(await count('anonymous:true', dir), 1);
  assert.equal(await count('principal:phillip.boss', dir), 1);
  assert.equal(await count('since:2019-01-01 until:2019-12-31', dir), 2);
  assert.equal(await count('joined:true', dir), 0);
});

test('a line delivered twice (here: the same file copied under another name) is counted once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'join-dup-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.copyFileSync(path.join(REPO, 'test/fixtures/access-log/public-lines.log'), path.join(dir, 'logs2019-02-06-00-00-00-0123456789ABCDEF'));
  fs.copyFileSync(path.join(REPO, 'test/fixtures/access-log/public-lines.log'), path.join(dir, 'logs2019-02-06-01-00-00-FEDCBA9876543210'));
  assert.equal(await count('kind:access', dir), 5);
  const io = captureIO();
  assert.equal(await runJoin(['--format', 'json', '--workers', '0', dir], io), 0);
  const j = JSON.parse(io.stdout.join('\n')) as JoinSummary;
  assert.deepEqual([j.lines, j.duplicateLines, j.joinLines], [10, 5, 0]);
});

test('stats counts access-log lines apart from the records, and matching counts both kinds', async () => {
  const io = captureIO();
  assert.equal(await runStats(['--format', 'json', '--workers', '0', GEN.dir], io), 0);
  const s = JSON.parse(io.stdout.join('\n')) as Stats;
  assert.equal(s.records, 6000);
  assert.equal(s.accessLines, GEN.summary.lines - GEN.summary.duplicateLines);
  assert.equal(s.accessDuplicates, GEN.summary.duplicateLines);
  assert.equal(s.matching, GEN.summary.ctS3Records + GEN.summary.lines - GEN.summary.duplicateLines);
  const text = captureIO();
  assert.equal(await runStats(['--workers', '0', GEN.dir], text), 0);
  const out = text.stdout.join('\n');
  assert.match(out, new RegExp(`^indexed {5}${s.s3Records.toLocaleString('en-US')} S3 records \\+ ${s.accessLines!.toLocaleString('en-US')} access-log lines$`, 'm'));
  assert.match(out, new RegExp(`^access-log {2}${s.accessDuplicates} repeated deliver(y|ies) of a line dropped; `, 'm'));
});

test('a bad numeric comparison is an error with its column', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--count', 'bytes:>lots', GEN.dir], io), 2);
  assert.match(io.stderr.join('\n'), /Bad comparison/);
});

test('the status bar, the explorer and stats count the same workspace the same way: S3 records + access-log lines', async () => {
  const loaded = await loadIndex([GEN.dir], captureIO(), 0);
  assert.ok(typeof loaded !== 'number');
  const status = loaded.service.status();
  // What the explorer's table shows without a query: every S3 record and every access-log line.
  const rows = loaded.service.trailIndex.matchingRows((parseQuery('') as { query: ParsedQuery }).query).length;
  loaded.service.dispose();
  const phrase = recordCountsText(status);
  const [records, lines] = [await count('kind:cloudtrail', GEN.dir), await count('kind:access', GEN.dir)];
  assert.equal(phrase, `${records.toLocaleString('en-US')} S3 records + ${lines.toLocaleString('en-US')} access-log lines`);
  assert.equal(status.s3Records + (status.accessLines ?? 0), rows);
  assert.equal(statusBarText(status), `$(database) ${phrase}`);
  const text = captureIO();
  assert.equal(await runStats(['--workers', '0', GEN.dir], text), 0);
  assert.ok(text.stdout.join('\n').split('\n').includes(`indexed     ${phrase}`), text.stdout.join('\n'));
});
