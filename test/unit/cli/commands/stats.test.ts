import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runStats, type Stats } from '../../../../cli/commands/stats';
import { captureIO, openToAll, runCliWithout, writeTrail } from './cli-io';
import { CORPUS_DIR, withoutShared } from '../../../shared-paths';

const CORPUS = CORPUS_DIR;
const TRAIL = writeTrail();

test('json stats: totals, time range and top values of the S3 records', async () => {
  const io = captureIO();
  assert.equal(await runStats(['--format', 'json', TRAIL], io), 0);
  const s = JSON.parse(io.stdout.join('\n')) as Stats;
  assert.equal(s.files, 2);
  assert.equal(s.records, 8);
  assert.equal(s.s3Records, 7);
  assert.equal(s.matching, 7);
  assert.equal(s.firstEventTime, '2026-01-01T10:00:00Z');
  assert.equal(s.lastEventTime, '2026-01-03T10:00:11Z');
  assert.deepEqual(s.top.eventName, [{ value: 'GetObject', count: 5 }, { value: 'PutObject', count: 2 }]);
  assert.deepEqual(s.top.bucket, [{ value: 'public-site', count: 5 }, { value: 'private-data', count: 2 }]);
  assert.deepEqual(s.top.principal, [{ value: 'anonymous', count: 5 }, { value: 'ci-deploy/deploy', count: 2 }]);
  assert.deepEqual(s.top.account, [{ value: 'ANONYMOUS_PRINCIPAL', count: 5 }, { value: '111122223333', count: 2 }]);
  assert.deepEqual(s.top.region, [{ value: 'us-east-1', count: 7 }]);
  assert.deepEqual(s.top.error, [{ value: 'AccessDenied', count: 1 }]);
});

test('text stats with a query and --top; printable output', async () => {
  const io = captureIO();
  assert.equal(await runStats(['--query', 'eventName:PutObject', '--top', '1', TRAIL], io), 0);
  const text = io.stdout.join('\n');
  assert.match(text, /^files {7}2$/m);
  assert.match(text, /^matching {4}2 {2}\(eventName:PutObject\)$/m);
  assert.match(text, /^PutObject {2,}2$/m);
  assert.match(text, /^private-data {2,}2$/m);
  assert.doesNotMatch(text, /public-site/);
});

test('exit codes: 2 for bad arguments or query, 3 without input files', async () => {
  for (const args of [[], ['--top', 'x', TRAIL], ['--format', 'xml', TRAIL], ['--query', 'nope:1', TRAIL], ['--bogus', TRAIL]]) {
    assert.equal(await runStats(args, captureIO()), 2, args.join(' '));
  }
  assert.equal(await runStats([path.join(TRAIL, 'none')], captureIO()), 2);
  const empty = fs.mkdtempSync(path.join(TRAIL, 'empty-'));
  assert.equal(await runStats([empty], captureIO()), 3);
  fs.rmdirSync(empty);
  const help = captureIO();
  assert.equal(await runStats(['--help'], help), 0);
  assert.match(help.stdout.join(''), /Exit status/);
});

test('the corpus: flaws2 counts by hand', { skip: withoutShared(CORPUS) }, async () => {
  const io = captureIO();
  assert.equal(await runStats(['--format', 'json', path.join(CORPUS, 'flaws2-jamjahal')], io), 0);
  const s = JSON.parse(io.stdout.join('\n')) as Stats;
  assert.equal(s.files, 8);
  assert.equal(s.records, 37);
  assert.equal(s.s3Records, 24);
  assert.deepEqual(s.top.eventName, [{ value: 'GetObject', count: 22 }, { value: 'ListBuckets', count: 1 }, { value: 'ListObjects', count: 1 }]);
  assert.deepEqual(s.top.error, [{ value: 'NoSuchKey', count: 2 }]);
});

test('an invalid glob class in a PATH is a usage error naming the pattern; nothing is read', async () => {
  const io = captureIO();
  assert.equal(await runStats([path.join(TRAIL, 'AWSLogs/**/[z-a]*.gz')], io), 2);
  assert.deepEqual(io.stdout, []);
  assert.match(io.stderr.join('\n'), /^stats: PATH ".*\[z-a\]\*\.gz" is an invalid glob pattern "\*\*\/\[z-a\]\*\.gz": the range z-a in the class \[z-a\] is out of order/);
});

// ---- issue 17: figures that add up, hostile text, unreadable inputs ----------------------------------

test('figures add up: records in the files = distinct + duplicates, and S3 records are among the distinct', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-dups-'));
  const rec = (i: number) => ({ eventVersion: '1.08', eventTime: `2026-01-01T10:00:${String(i % 60).padStart(2, '0')}Z`, eventSource: i % 4 === 0 ? 'sts.amazonaws.com' : 's3.amazonaws.com', eventName: i % 4 === 0 ? 'AssumeRole' : 'GetObject', eventID: `d${i}` });
  const records = Array.from({ length: 50 }, (_, i) => rec(i));
  // Four deliveries of the same 50 records: 200 in the files, 150 exact duplicates, 50 distinct, 37 of them S3.
  for (const n of [1, 2, 3, 4]) fs.writeFileSync(path.join(dir, `copy${n}.json`), JSON.stringify({ Records: records }));
  const json = captureIO();
  assert.equal(await runStats(['--format', 'json', dir], json), 0);
  const s = JSON.parse(json.stdout.join('\n')) as Stats;
  assert.deepEqual([s.records, s.distinctRecords, s.duplicates, s.s3Records, s.matching], [200, 50, 150, 37, 37]);
  const text = captureIO();
  assert.equal(await runStats([dir], text), 0);
  const lines = text.stdout.join('\n').split('\n');
  assert.ok(lines.includes('records     200 in the files = 50 distinct + 150 exact duplicates (dropped)'), lines.join('\n'));
  assert.ok(lines.includes('indexed     37 S3 records (the S3 records among the 50 distinct)'), lines.join('\n'));
});

test('hostile values are escaped in text and JSON stats; inputs that cannot be read exit 2 naming the path', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-hostile-'));
  const bucket = 'b\u001b[2J\u202e\n\u2028x';
  fs.writeFileSync(path.join(dir, 'h.json'), JSON.stringify({ Records: [{ eventVersion: '1.08', eventTime: '2026-01-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: 'h1', requestParameters: { bucketName: bucket } }] }));
  // eslint-disable-next-line no-control-regex
  const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const text = captureIO();
  assert.equal(await runStats([dir], text), 0);
  assert.doesNotMatch(text.stdout.join(''), unsafe);
  assert.match(text.stdout.join('\n'), /^b\\x1b\[2J\\u202e\\n\\u2028x {2,}1$/m);
  const json = captureIO();
  assert.equal(await runStats(['--format', 'json', dir], json), 0);
  assert.doesNotMatch(json.stdout.join('').replace(/\n/g, ''), unsafe);
  assert.deepEqual((JSON.parse(json.stdout.join('\n')) as Stats).top.bucket, [{ value: bucket, count: 1 }]);

  const missing = captureIO();
  assert.equal(await runStats(['--format', 'json', dir, path.join(dir, 'nope')], missing), 2);
  assert.equal((JSON.parse(missing.stdout.join('\n')) as Stats).records, 1, 'the valid path is answered');
  assert.match(missing.stderr.join('\n'), /nope: error unreadable No such file or folder/);
  openToAll(dir);
  const locked = runCliWithout([path.join(dir, 'h.json')], ['stats', dir]);
  assert.equal(locked.status, 2, locked.stderr);
  assert.ok(locked.stderr.includes(`${path.join(dir, 'h.json')}: error unreadable cannot read the file: permission denied`), locked.stderr);
});
