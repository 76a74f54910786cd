// `cloudtrail-s3 sql`: prints Athena SQL, or exits 2 with the error and a caret under its columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSql } from '../../../../cli/commands/sql';

function run(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runSql(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('prints the SQL of the query (words joined) for the default table', () => {
  const r = run(['eventName:Delete*', '-user:*ci*']);
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  assert.match(r.out, /^-- CloudTrail S3 Explorer query: eventName:Delete\* -user:\*ci\*$/m);
  assert.match(r.out, /^FROM cloudtrail_logs$/m);
  assert.ok(r.out.includes("lower(eventname) LIKE 'delete%'"));
  assert.ok(r.out.includes('NOT coalesce('), 'the leading dash is a negated term, not an option');
});

test('--table NAME and --table=NAME choose the table; odd names are quoted', () => {
  assert.match(run(['--table', 'security.trail', 'bucket:x']).out, /^FROM security\.trail$/m);
  assert.match(run(['--table=aws-cloudtrail-logs-1', 'bucket:x']).out, /^FROM "aws-cloudtrail-logs-1"$/m);
  const missing = run(['--table']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--table needs a table name/);
});

test('an empty query is every S3 record', () => {
  const r = run([]);
  assert.equal(r.code, 0);
  assert.ok(r.out.includes("WHERE lower(eventsource) IN ('s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com', 's3tables.amazonaws.com', 's3vectors.amazonaws.com', 's3-object-lambda.amazonaws.com')"));
});

test('a bad query exits 2 with the message and a caret under the offending columns', () => {
  const r = run(['bucket:x', 'foo:bar']);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  const lines = r.err.split('\n');
  assert.match(lines[0], /Unknown field 'foo'.*\(column 10\)/);
  assert.equal(lines[1], '  bucket:x foo:bar');
  assert.equal(lines[2], '           ^^^');
  const cidr = run(['ip:10.0.0.0/40']);
  assert.equal(cidr.code, 2);
  assert.equal(cidr.err.split('\n')[2], '     ^^^^^^^^^^^');
  const since = run(['since:soon']);
  assert.equal(since.err.split('\n')[2], '        ^^^^');
});

test('control characters in an echoed bad query do not reach the terminal', () => {
  const r = run(['key:"abc\u001b[31m']);
  assert.equal(r.code, 2);
  assert.ok(!r.err.includes('\u001b'));
  assert.equal(r.err.split('\n')[1], '  key:"abc\\x1b[31m');
  assert.equal(r.err.split('\n')[2], '      ^^^^^^^^^^^^', 'caret still under the unterminated quote');
});

test('--help prints usage; unknown -- options exit 2; -- ends the options', () => {
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: cloudtrail-s3 sql/);
  const unknown = run(['--format', 'x']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown option --format/);
  const after = run(['--', '--table']);
  assert.equal(after.code, 0, 'after --, "--table" is query text: a negated bare word "-table"');
  assert.ok(after.out.includes("NOT coalesce((lower(eventtime) LIKE '%-table%'"));
});
