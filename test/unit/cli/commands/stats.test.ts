import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runStats, type Stats } from '../../../../cli/commands/stats';
import { captureIO, writeTrail } from './cli-io';
import { CORPUS_DIR } from '../../../shared-paths';

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

test('the corpus: flaws2 counts by hand', { skip: !fs.existsSync(CORPUS) && 'corpus absent' }, async () => {
  const io = captureIO();
  assert.equal(await runStats(['--format', 'json', path.join(CORPUS, 'flaws2-jamjahal')], io), 0);
  const s = JSON.parse(io.stdout.join('\n')) as Stats;
  assert.equal(s.files, 8);
  assert.equal(s.records, 37);
  assert.equal(s.s3Records, 24);
  assert.deepEqual(s.top.eventName, [{ value: 'GetObject', count: 22 }, { value: 'ListBuckets', count: 1 }, { value: 'ListObjects', count: 1 }]);
  assert.deepEqual(s.top.error, [{ value: 'NoSuchKey', count: 2 }]);
});
