import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { globToRegExp, runValidate } from '../../../../cli/commands/validate';

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
