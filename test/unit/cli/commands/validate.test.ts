import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { globToRegExp, runValidate } from '../../../../cli/commands/validate';
import { openToAll, runCliWithout } from './cli-io';

const FIXTURES = path.join(__dirname, '../../../fixtures/language');

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runValidate(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err };
}

function tmpTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-validate-'));
  const rec = { eventVersion: '1.08', eventTime: '2026-03-01T12:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetBucketRequestPay', awsRegion: 'us-east-1', eventID: '1', eventType: 'AwsApiCall', userIdentity: { type: 'Root' }, sourceIPAddress: '1.2.3.4', readOnly: true, eventCategory: 'Management', managementEvent: true };
  fs.mkdirSync(path.join(dir, 'logs/2026'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'logs/2026/misspelt.json'), JSON.stringify({ Records: [rec] }, null, 2));
  fs.writeFileSync(path.join(dir, 'logs/2026/clean.json.gz'), zlib.gzipSync(JSON.stringify({ Records: [{ ...rec, eventName: 'GetBucketRequestPayment' }] })));
  fs.writeFileSync(path.join(dir, 'logs/broken.json'), '{"Records":[{"eventVersion":"1.08","eventName":"GetObject" "x":1}]}');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"not-cloudtrail"}');
  return dir;
}

test('prints file:line:col: severity code message and exits 0 when there are only warnings', async () => {
  const dir = tmpTree();
  const file = path.join(dir, 'logs/2026/misspelt.json');
  const r = await run(file);
  assert.equal(r.code, 0);
  assert.deepEqual(r.out, [`${file}:7:20: warning unknown-event-name "GetBucketRequestPay" is not an eventName CloudTrail logs for s3.amazonaws.com; it logs "GetBucketRequestPayment".`]);
  assert.match(r.err.join('\n'), /1 file: 0 errors, 1 warnings/);
});

test('folders include .gz files, errors give exit 1, non-CloudTrail JSON is silent', async () => {
  const dir = tmpTree();
  const r = await run(dir);
  assert.equal(r.code, 1);
  assert.ok(r.out.some((l) => l.startsWith(`${path.join(dir, 'logs/broken.json')}:1:`) && l.includes('error json-syntax')));
  assert.ok(!r.out.some((l) => l.includes('clean.json.gz')));
  assert.ok(!r.out.some((l) => l.includes('package.json')));
  assert.match(r.err.join('\n'), /^4 files/);
});

test('globs and --format json', async () => {
  const dir = tmpTree();
  const r = await run('--format', 'json', path.join(dir, '**/*.json.gz'));
  assert.equal(r.code, 0);
  const report = JSON.parse(r.out.join('\n'));
  assert.equal(report.files.length, 1);
  assert.equal(report.files[0].shape, 'trail');
  assert.equal(report.files[0].records, 1);
  assert.deepEqual(report.files[0].diagnostics, []);
  assert.equal(globToRegExp('a/**/*.json').test('a/b/c/x.json'), true);
  assert.equal(globToRegExp('a/*.json').test('a/b/x.json'), false);
});

test('vendored real files: no errors or warnings except the malformed digest', async () => {
  const r = await run('--format', 'json', FIXTURES);
  const report = JSON.parse(r.out.join('\n'));
  const serious = report.files.flatMap((f: { file: string; diagnostics: { severity: string; code: string }[] }) =>
    f.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${path.basename(f.file)} ${d.code}`));
  assert.deepEqual(serious.sort(), ['otel-digest-malformed.json digest-invalid-signature', 'otel-digest-malformed.json digest-invalid-time', 'otel-digest-malformed.json digest-invalid-time']);
  assert.equal(r.code, 0);
});

test('missing paths and bad arguments', async () => {
  const missing = await run('/no/such/path.json');
  assert.equal(missing.code, 2);
  assert.deepEqual(missing.out, ['/no/such/path.json:1:1: error file-not-found no such file or folder']);
  assert.equal((await run()).code, 2);
  assert.equal((await run('--format', 'xml', 'x')).code, 2);
  assert.equal((await run('--help')).code, 0);
});

test('a generated trail tree with injected bad files: each damage gets its code, every good file is clean', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-validate-gen-'));
  execFileSync(process.execPath, [path.join(__dirname, '../../../../scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '400', '--inject-bad', '7', '--seed', 'validate'], { stdio: 'ignore' });
  const bad = JSON.parse(fs.readFileSync(path.join(dir, 'bad-files.json'), 'utf8')) as { files: { path: string; kind: string }[] };
  const expected: Record<string, string[]> = {
    'truncated-gzip': ['truncated-gzip'], 'gzip-invalid-json': ['json-syntax'], 'record-missing-eventName': ['missing-required-field'],
    'record-bad-eventTime': ['invalid-event-time'], 'empty-file': [], 'not-cloudtrail': [], 'huge-record': [],
  };
  const r = await run('--format', 'json', dir);
  const report = JSON.parse(r.out.join('\n')) as { files: { file: string; diagnostics: { severity: string; code: string }[] }[] };
  const kinds = new Map(bad.files.map((f) => [path.join(dir, f.path), f.kind]));
  let good = 0;
  for (const f of report.files) {
    const serious = f.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.code);
    const kind = kinds.get(f.file);
    if (kind === undefined) {
      assert.deepEqual(serious, [], f.file);
      good++;
    } else {
      for (const code of expected[kind] ?? []) assert.ok(serious.includes(code), `${kind}: ${serious.join(', ')}`);
    }
  }
  assert.ok(good >= 1);
  assert.equal(r.code, bad.files.some((f) => f.kind === 'truncated-gzip' || f.kind === 'gzip-invalid-json') ? 1 : 0);
});

test('an invalid glob class is a usage error naming the pattern, not a stack trace with the errors-found exit', async () => {
  const dir = tmpTree();
  const r = await run(path.join(dir, 'logs/[z-a]*.json'));
  assert.equal(r.code, 2);
  assert.deepEqual(r.out, []);
  assert.match(r.err.join('\n'), /^validate: PATH ".*logs\/\[z-a\]\*\.json" is an invalid glob pattern "\[z-a\]\*\.json": the range z-a in the class \[z-a\] is out of order/);
  // a file whose name only looks like a glob is read as named
  const odd = path.join(dir, 'logs/[z-a].json');
  fs.copyFileSync(path.join(dir, 'logs/2026/misspelt.json'), odd);
  const named = await run(odd);
  assert.equal(named.code, 0);
  assert.equal(named.out.length, 1);
  // braces and negated classes, as the index's globs have them
  const braces = await run('--format', 'json', path.join(dir, 'logs/2026/{clean,misspelt}.json*'));
  assert.deepEqual(JSON.parse(braces.out.join('\n')).files.map((f: { file: string }) => path.basename(f.file)), ['clean.json.gz', 'misspelt.json']);
  const bracesOnly = await run('--format', 'json', path.join(dir, 'logs/2026/{clean.json.gz,nothing.json}'));
  assert.deepEqual(JSON.parse(bracesOnly.out.join('\n')).files.map((f: { file: string }) => path.basename(f.file)), ['clean.json.gz']);
});

test('- validates standard input (gzip too), reported as <stdin>; a folder skips .log files as the explorer does', async () => {
  const dir = tmpTree();
  const text = fs.readFileSync(path.join(dir, 'logs/2026/misspelt.json'));
  const out: string[] = [];
  const code = await runValidate(['-'], (s) => out.push(s), () => undefined, Readable.from([zlib.gzipSync(text)]));
  assert.equal(code, 0);
  assert.deepEqual(out.map((l) => l.split(': ')[0]), ['<stdin>:7:20']);
  fs.writeFileSync(path.join(dir, 'logs/export.log'), text);
  const folder = await run(path.join(dir, 'logs'));
  assert.ok(!folder.out.some((l) => l.includes('export.log')), 'the folder set is the explorer\'s');
  assert.equal((await run(path.join(dir, 'logs/export.log'))).out.length, 1, 'a named .log file is read');
});

// ---- issue 17: hostile text, unreadable inputs, odd characters --------------------------------------

const HOSTILE_CHARS = ['\u001b[2J', '\u0007', '\r', '\n', '\u2028', '\u2029', '\u202e', '\u2066', '\u009b'];
/** No character that can drive a terminal, forge a line or reorder text. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function s3(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { eventVersion: '1.08', eventTime: '2026-03-01T12:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1', eventID: 'e1', eventType: 'AwsApiCall', userIdentity: { type: 'Root' }, sourceIPAddress: '1.2.3.4', readOnly: true, eventCategory: 'Data', managementEvent: false, ...over };
}

test('file names and values are printed escaped: a name cannot forge a problem line, a value cannot drive the terminal', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-validate-hostile-'));
  const name = 'x.json\nforged.json:1:1: error json-syntax forged\u001b[2J\u202e.json';
  const file = path.join(dir, name);
  const values = HOSTILE_CHARS.map((c, i) => s3({ eventID: `e${i}`, eventName: `Get${c}Object` }));
  fs.writeFileSync(file, JSON.stringify({ Records: values }));
  const r = await run(file);
  assert.equal(r.code, 0);
  assert.equal(r.out.length, HOSTILE_CHARS.length, 'one line per problem, none forged');
  for (const line of [...r.out, ...r.err]) assert.doesNotMatch(line, UNSAFE, JSON.stringify(line));
  for (const line of r.out) assert.ok(line.startsWith(`${path.join(dir, 'x.json\\nforged.json:1:1: error json-syntax forged\\x1b[2J\\u202e.json')}:1:`), line);
  assert.ok(r.out[0].includes('"Get\\x1b[2JObject"'), r.out[0]);
  const json = await run('--format', 'json', file);
  const text = json.out.join('\n');
  assert.doesNotMatch(text.replace(/\n/g, ''), UNSAFE);
  const report = JSON.parse(text) as { files: { file: string; diagnostics: { message: string }[] }[] };
  assert.equal(report.files[0].file, file, 'JSON keeps the exact name');
  assert.ok(report.files[0].diagnostics.some((d) => d.message.includes('Get\u001b[2JObject')), 'and the exact value');
});

test('U+FFFD in a userAgent: the file is CloudTrail, every record validated; bytes that are not UTF-8 fail validation', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-validate-fffd-'));
  const fffd = path.join(dir, 'fffd.json');
  fs.writeFileSync(fffd, JSON.stringify({ Records: [s3({ userAgent: '\uFFFD'.repeat(9) }), s3({ eventID: 'e2', eventName: 'DeleteBucketPolicy', readOnly: false, eventCategory: 'Management', managementEvent: true })] }));
  const clean = await run('--format', 'json', fffd);
  const report = JSON.parse(clean.out.join('\n')) as { files: { shape: string; records: number; diagnostics: unknown[] }[] };
  assert.deepEqual([report.files[0].shape, report.files[0].records, report.files[0].diagnostics], ['trail', 2, []]);
  assert.equal(clean.code, 0);
  const bad = path.join(dir, 'not-utf8.json');
  const head = `{"Records":[${JSON.stringify(s3())},{"eventVersion":"1.08","eventName":"PutObject","userAgent":"`;
  fs.writeFileSync(bad, Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from('"}]}')]));
  const r = await run(bad);
  assert.equal(r.code, 1);
  assert.ok(r.out.includes(`${bad}:1:${head.length + 1}: error not-utf8 byte 0xff is not UTF-8 text; it reads as U+FFFD`), r.out.join('\n'));
});

test('inputs that cannot be read are errors naming the path, exit 2: missing among valid, FIFO, unreadable file and folder', async () => {
  const dir = tmpTree();
  const good = path.join(dir, 'logs/2026/misspelt.json');
  const missing = await run(good, path.join(dir, 'nope.json'));
  assert.equal(missing.code, 2);
  assert.ok(missing.out.some((l) => l.startsWith(`${good}:7:20: warning unknown-event-name`)), 'the valid path is still validated');
  assert.ok(missing.out.includes(`${path.join(dir, 'nope.json')}:1:1: error file-not-found no such file or folder`));
  assert.match(missing.err.join('\n'), /1 input could not be read/);
  const fifo = path.join(dir, 'logs/pipe.json');
  execFileSync('mkfifo', [fifo]);
  const named = await run(fifo);
  assert.equal(named.code, 2);
  assert.deepEqual(named.out, [`${fifo}:1:1: error not-a-file not read: a named pipe (FIFO), not a file or folder`]);
  const inFolder = await run(path.join(dir, 'logs'));
  assert.equal(inFolder.code, 2);
  assert.ok(inFolder.out.includes(`${fifo}:1:1: error not-a-file not read: not a regular file (a named pipe, device or socket)`), inFolder.out.join('\n'));
  fs.rmSync(fifo);

  openToAll(dir);
  const locked = path.join(dir, 'logs/2026/clean.json.gz');
  const file = runCliWithout([locked], ['validate', path.join(dir, 'logs')]);
  assert.equal(file.status, 2, file.stderr);
  assert.match(file.stdout, new RegExp(`^${locked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: error unreadable cannot read the file: permission denied$`, 'm'));
  assert.match(file.stdout, /misspelt\.json:7:20: warning unknown-event-name/);
  const folder = runCliWithout([path.join(dir, 'logs/2026')], ['validate', dir]);
  assert.equal(folder.status, 2, folder.stderr);
  assert.match(folder.stdout, /logs\/2026:1:1: error unreadable cannot read the folder: permission denied$/m);
  assert.match(folder.stdout, /broken\.json:1:\d+: error json-syntax/, 'the rest is validated');
});

test("a gzip bomb: validate's message names validate's own fixed limit, not an editor setting, and says nothing was read", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-validate-bomb-'));
  const bomb = path.join(dir, 'bomb.json.gz');
  fs.writeFileSync(bomb, zlib.gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x20)));
  const out: string[] = [];
  const code = await runValidate([bomb], (s) => out.push(s), () => undefined, undefined, 1024 * 1024);
  assert.equal(code, 1);
  assert.deepEqual(out, [`${bomb}:1:1: error inflate-limit the gzip data inflates past 1 MB (validate's fixed limit for one file's text); the file is not read`]);
});
