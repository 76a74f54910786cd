// `cloudtrail-s3 cloudwatch`: run as a command (the CLI's entry in a child process): the pattern alone on
// stdout, notes on stderr, exit 2 with a caret under a term a pattern cannot say or a bad query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../../..');

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'cli/main.ts'), 'cloudwatch', ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('prints the filter pattern of the query and nothing else on stdout', () => {
  const r = cli('source:s3.amazonaws.com', 'eventName:putbucketpolicy,DeleteBucketPolicy');
  assert.equal(r.err, '');
  assert.equal(r.code, 0);
  assert.equal(r.out, '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "PutBucketPolicy") || ($.eventName = "DeleteBucketPolicy")) }\n');
});

test('notes go to stderr; --json puts them beside the pattern', () => {
  const r = cli('source:*', 'agent:*Boto3*');
  assert.equal(r.code, 0);
  assert.equal(r.out, '{ ($.eventSource = "*") && ($.userAgent = "*Boto3*") }\n');
  assert.match(r.err, /^note: CloudWatch compares text case-sensitively: agent:\*Boto3\* matches the value as written$/m);
  const j = cli('--json', 'source:*', 'agent:*Boto3*');
  assert.equal(j.code, 0);
  assert.equal(j.err, '');
  const parsed = JSON.parse(j.out) as { pattern: string; notes: string[] };
  assert.equal(parsed.pattern, '{ ($.eventSource = "*") && ($.userAgent = "*Boto3*") }');
  assert.equal(parsed.notes.length, 1);
});

test('a term a pattern cannot say exits 2, names the term and puts a caret under it', () => {
  const r = cli('bucket:x', 'ip:10.0.0.0/12');
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  const lines = r.err.split('\n');
  assert.match(lines[0], /^cloudtrail-s3 cloudwatch: ip:10\.0\.0\.0\/12: CIDR 10\.0\.0\.0\/12 has no filter-pattern rendering: .*\(column 10\)$/);
  assert.equal(lines[1], '  bucket:x ip:10.0.0.0/12');
  assert.equal(lines[2], '           ^^^^^^^^^^^^^^');
});

test('a bad query exits 2 with its message; an unknown option is a usage error; --help exits 0', () => {
  const bad = cli('bukket:x');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /Unknown field 'bukket'; did you mean 'bucket'\?/);
  const option = cli('--table', 'x', 'bucket:x');
  assert.equal(option.code, 2);
  assert.match(option.err, /unknown option --table/);
  const help = cli('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: cloudtrail-s3 cloudwatch/);
});

test('a pattern over 1024 characters is refused, not cut', () => {
  const r = cli(`bucket:${Array.from({ length: 30 }, (_, i) => `bucket-${i}`).join(',')}`);
  assert.equal(r.code, 2);
  assert.match(r.err, /accepts at most 1024/);
});
