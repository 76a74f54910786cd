import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatTable, printable, runQuery } from '../../../../cli/commands/query';
import { captureIO, openToAll, runCliWithout, writeTrail } from './cli-io';
import { CORPUS_DIR } from '../../../shared-paths';

const CORPUS = CORPUS_DIR;
const TRAIL = writeTrail();

test('--count prints the number of matching S3 records', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--count', 'anonymous:true eventName:GetObject', TRAIL], io), 0);
  assert.deepEqual(io.stdout, ['5']);
  const all = captureIO();
  assert.equal(await runQuery(['--count', '', TRAIL], all), 0);
  assert.deepEqual(all.stdout, ['7']); // the sts record is out of the S3 scope
  const sts = captureIO();
  assert.equal(await runQuery(['--count', 'source:*', TRAIL], sts), 0);
  assert.deepEqual(sts.stdout, ['8']);
});

test('table output is sorted, limited, printable, and says how many rows it left out', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--sort', 'time:desc', '--limit', '3', '--columns', 'time,eventName,key', '', TRAIL], io), 0);
  const lines = io.stdout.join('\n').split('\n');
  assert.match(lines[0], /^Time|^time/);
  assert.equal(lines.length, 2 + 3);
  assert.ok(!io.stdout.join('').includes('\u001b'), 'no raw escape sequence reaches the terminal');
  assert.match(io.stderr.join('\n'), /3 of 7 records/);
  const times = lines.slice(2).map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(times, times.slice().sort().reverse());
});

test('csv output neutralises formulas and quotes; json and ndjson carry the chosen columns', async () => {
  const csv = captureIO();
  assert.equal(await runQuery(['--format', 'csv', '--columns', 'eventName,key', '--sort', 'key', 'eventName:PutObject', TRAIL], csv), 0);
  assert.deepEqual(csv.stdout, ['eventName,Key', `PutObject,"'=cmd|""/c calc""!A1"`, `PutObject,"evil\u001b[31mred,""quoted"""`]);
  const json = captureIO();
  assert.equal(await runQuery(['--format=json', '--columns=bucket,error', 'error:*', TRAIL], json), 0);
  assert.deepEqual(JSON.parse(json.stdout.join('\n')), [{ bucket: 'private-data', error: 'AccessDenied' }]);
  const none = captureIO();
  assert.equal(await runQuery(['--format=json', 'eventName:Nothing', TRAIL], none), 0);
  assert.deepEqual(JSON.parse(none.stdout.join('\n')), []);
  const nd = captureIO();
  assert.equal(await runQuery(['--format', 'ndjson', '--columns', 'eventID', '--sort', 'eventID', 'anonymous:true', TRAIL], nd), 0);
  assert.deepEqual(nd.stdout.map((l) => JSON.parse(l).eventID), ['ev-0', 'ev-1', 'ev-2', 'ev-3', 'ev-4']);
});

test('exit codes: 2 for usage and query errors (with a caret), 3 when no file is found', async () => {
  const bad = captureIO();
  assert.equal(await runQuery(['bukket:x', TRAIL], bad), 2);
  assert.match(bad.stderr.join('\n'), /Unknown field 'bukket'/);
  assert.match(bad.stderr.join('\n'), /\n {2}\^{6}/);
  for (const args of [[], ['only-a-query'], ['--format', 'xml', '', TRAIL], ['--sort', 'nope', '', TRAIL], ['--columns', 'a,b', '', TRAIL], ['--limit', '-1', '', TRAIL], ['--frobnicate', '', TRAIL]]) {
    const io = captureIO();
    assert.equal(await runQuery(args, io), 2, args.join(' '));
  }
  const missing = captureIO();
  assert.equal(await runQuery(['', path.join(TRAIL, 'nothing-here')], missing), 2);
  assert.match(missing.stderr.join('\n'), /nothing-here: error unreadable No such file or folder/);
  const empty = fs.mkdtempSync(path.join(TRAIL, 'empty-'));
  const none = captureIO();
  assert.equal(await runQuery(['', empty], none), 3);
  assert.match(none.stderr.join('\n'), /no input files/);
  fs.rmdirSync(empty);
  const help = captureIO();
  assert.equal(await runQuery(['--help'], help), 0);
  assert.match(help.stdout.join(''), /Exit status: 0 ok, 2 bad arguments or query, or an input that could not be read/);
  assert.match(help.stdout.join(''), /3 no input files/);
});

test('files, globs and problems: a glob picks files, a broken file is reported on stderr and the rest loads', async () => {
  const io = captureIO();
  assert.equal(await runQuery(['--count', '', path.join(TRAIL, 'AWSLogs/**/*.gz')], io), 0);
  assert.deepEqual(io.stdout, ['5']);
  const broken = path.join(TRAIL, 'broken.json');
  fs.writeFileSync(broken, '{"Records":[{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1"},{"eventName": nope}]}');
  const withBroken = captureIO();
  assert.equal(await runQuery(['--count', '', TRAIL], withBroken), 0);
  assert.deepEqual(withBroken.stdout, ['8']);
  assert.match(withBroken.stderr.join('\n'), /broken\.json:1:\d+: error json-syntax/);
  fs.rmSync(broken);
});

test('progress goes to stderr only when it is a terminal', async () => {
  const tty = captureIO(true);
  assert.equal(await runQuery(['--count', '', TRAIL], tty), 0);
  assert.ok(tty.stderr.some((s) => s.startsWith('\r')));
  const pipe = captureIO(false);
  assert.equal(await runQuery(['--count', '', TRAIL], pipe), 0);
  assert.deepEqual(pipe.stderr, []);
});

test('hand-checked counts on the real corpus', { skip: !fs.existsSync(CORPUS) && 'corpus absent' }, async () => {
  const flaws = captureIO();
  assert.equal(await runQuery(['--count', 'anonymous:true eventName:GetObject', path.join(CORPUS, 'flaws2-jamjahal')], flaws), 0);
  assert.deepEqual(flaws.stdout, ['22']);
  const level1 = captureIO();
  assert.equal(await runQuery(['--count', 'eventName:ListObjects user:*level1*', CORPUS], level1), 0);
  assert.deepEqual(level1.stdout, ['1']);
  // OTRF: 7 ListObjects by the EC2 instance role, plus the flaws2 one
  const lists = captureIO();
  assert.equal(await runQuery(['--count', 'eventName:ListObjects', CORPUS], lists), 0);
  assert.deepEqual(lists.stdout, ['8']);
});

test('formatTable aligns and printable neutralises control and bidi characters', () => {
  assert.equal(formatTable(['a', 'bb'], [['xyz', '1'], ['q', '22']]), 'a    bb\n---  --\nxyz  1\nq    22');
  assert.equal(printable('a\u001b[2Jb\r\n\u202ec'), 'a\\x1b[2Jb\\r\\n\\u202ec');
});

// ---- issue 17: hostile text, unreadable inputs, odd characters --------------------------------------

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_CHARS = ['\u001b[2J', '\u0007', '\r', '\n', '\u2028', '\u2029', '\u202e', '\u2066', '\u009b'];

function hostileTrail(): { dir: string; keys: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-hostile-'));
  const keys = HOSTILE_CHARS.map((c, i) => `k${i}${c}x`);
  const records = keys.map((key, i) => ({ eventVersion: '1.08', eventTime: `2026-01-01T10:00:0${i}Z`, eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `h${i}`, userAgent: `ua${HOSTILE_CHARS[i]}`, requestParameters: { bucketName: 'b', key } }));
  fs.writeFileSync(path.join(dir, 'hostile.json'), JSON.stringify({ Records: records }));
  // A damaged file whose name carries escapes: its problem line on stderr must be inert too.
  fs.writeFileSync(path.join(dir, 'bad\u001b[31m\n\u202e.json'), '{"Records":[{"eventVersion":"1.08" nope}]}');
  return { dir, keys };
}

test('every output format prints hostile values inert; JSON keeps them exact; problem lines escape file names', async () => {
  const { dir, keys } = hostileTrail();
  for (const format of ['table', 'json', 'ndjson', 'csv']) {
    const io = { ...captureIO(), outIsTTY: true };
    assert.equal(await runQuery(['--format', format, '--columns', 'key,userAgent', '--sort', 'time', '', dir], io), 0, format);
    for (const line of [...io.stdout, ...io.stderr]) assert.doesNotMatch(line.replace(/\n/g, ''), UNSAFE, `${format}: ${JSON.stringify(line)}`);
    assert.ok(io.stderr.some((l) => l.includes('bad\\x1b[31m\\n\\u202e.json:1:')), io.stderr.join('\n'));
    if (format === 'json') assert.deepEqual((JSON.parse(io.stdout.join('\n')) as { key: string }[]).map((r) => r.key), keys);
    if (format === 'ndjson') assert.deepEqual(io.stdout.map((l) => (JSON.parse(l) as { key: string }).key), keys);
  }
  // CSV into a file or a pipe stays exact data for the spreadsheet.
  const piped = captureIO();
  assert.equal(await runQuery(['--format', 'csv', '--columns', 'key', '--sort', 'time', '', dir], piped), 0);
  assert.ok(piped.stdout[1].includes('k0\u001b[2Jx'), piped.stdout[1]);
  // A query echoed back with its error is escaped too, the caret under the same characters.
  const bad = captureIO();
  assert.equal(await runQuery(['bukket:\u001b[2J', dir], bad), 2);
  assert.deepEqual(bad.stderr.slice(1), ['  bukket:\\x1b[2J', '  ^^^^^^']);
});

test('nine U+FFFD in a userAgent do not hide the file: the DeleteBucketPolicy after it is found (issue 17 repro)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fffd-'));
  const rec = (over: Record<string, unknown>) => ({ eventVersion: '1.08', eventTime: '2026-01-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `f${JSON.stringify(over).length}`, ...over });
  fs.writeFileSync(path.join(dir, 'fffd.json'), JSON.stringify({ Records: [rec({ userAgent: '\uFFFD'.repeat(9) }), rec({ eventName: 'DeleteBucketPolicy' })] }));
  const io = captureIO();
  assert.equal(await runQuery(['--count', 'eventName:DeleteBucketPolicy', dir], io), 0);
  assert.deepEqual(io.stdout, ['1']);
  assert.deepEqual(io.stderr, [], 'and no problem');
});

test('inputs that cannot be read: named on stderr, the rest answered, exit 2 (missing path among valid ones, unreadable file, unreadable folder, FIFO)', async () => {
  const missing = captureIO();
  assert.equal(await runQuery(['--count', '', TRAIL, path.join(TRAIL, 'nope')], missing), 2);
  assert.deepEqual(missing.stdout, ['7'], 'the valid path is answered');
  assert.match(missing.stderr.join('\n'), /nope: error unreadable No such file or folder/);
  assert.match(missing.stderr.join('\n'), /1 input could not be read/);

  const fifoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fifo-'));
  const fifo = path.join(fifoDir, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  const named = captureIO();
  assert.equal(await runQuery(['--count', '', fifo], named), 2);
  assert.match(named.stderr.join('\n'), /pipe\.json: error not-a-file Not read: a named pipe \(FIFO\), not a file or folder/);
  assert.doesNotMatch(named.stderr.join('\n'), /No such file/);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-locked-'));
  fs.cpSync(TRAIL, dir, { recursive: true });
  openToAll(dir);
  const day = path.join(dir, 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01');
  const gz = path.join(day, fs.readdirSync(day).find((f) => f.endsWith('.gz'))!);
  const file = runCliWithout([gz], ['query', '--count', '', dir]);
  assert.equal(file.status, 2, file.stderr);
  assert.equal(file.stdout, '2\n', 'the readable file is counted');
  assert.ok(file.stderr.includes(`${gz}: error unreadable cannot read the file: permission denied`), file.stderr);
  const folder = runCliWithout([day], ['query', '--count', '', dir]);
  assert.equal(folder.status, 2, folder.stderr);
  assert.ok(folder.stderr.includes(`${day}: error unreadable Cannot read folder: EACCES`), folder.stderr);
});
