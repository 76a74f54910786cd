// `cloudtrail-s3 detect`: run as a user runs it (table, json, SARIF 2.1.0, --min-severity exit codes, --rules
// with a Sigma rule and a broken one), and on the real corpus (../shared, skipped with a note when absent).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDetect } from '../../../../cli/commands/detect';
import { captureIO, writeTrail } from './cli-io';
import { CORPUS_DIR, withoutShared } from '../../../shared-paths';
import Ajv from 'ajv-draft-04';

const TRAIL = writeTrail(); // 5 anonymous GetObject on public-site over three days: three E8 findings (a day apart)

/** The official SARIF 2.1.0 JSON schema (test/fixtures/sarif, with its licence), compiled once. */
const sarifSchema = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object,
);

/** A SARIF log valid against the schema, plus what the schema leaves open but viewers rely on (rule indexes
 *  pointing at their rule, lines and columns from 1, URIs that parse, base ids that are declared). */
function checkSarif(log: Record<string, unknown>): void {
  assert.ok(sarifSchema(log), `not valid SARIF 2.1.0: ${JSON.stringify(sarifSchema.errors?.slice(0, 5), null, 1)}`);
  assert.equal(log.version, '2.1.0');
  assert.equal(typeof log.$schema, 'string');
  const runs = log.runs as Record<string, unknown>[];
  assert.ok(Array.isArray(runs) && runs.length === 1);
  const driver = (runs[0].tool as { driver: Record<string, unknown> }).driver;
  assert.equal(typeof driver.name, 'string');
  const rules = driver.rules as Record<string, unknown>[];
  for (const r of rules) {
    assert.equal(typeof r.id, 'string');
    assert.equal(typeof (r.shortDescription as { text: string }).text, 'string');
    assert.ok(['none', 'note', 'warning', 'error'].includes((r.defaultConfiguration as { level: string }).level));
  }
  const results = runs[0].results as Record<string, unknown>[];
  assert.ok(Array.isArray(results));
  for (const res of results) {
    assert.equal(typeof (res.message as { text: string }).text, 'string');
    assert.equal(rules[res.ruleIndex as number].id, res.ruleId);
    assert.ok(['none', 'note', 'warning', 'error'].includes(res.level as string));
    for (const loc of [...(res.locations as Record<string, unknown>[]), ...((res.relatedLocations as Record<string, unknown>[] | undefined) ?? [])]) {
      const pl = loc.physicalLocation as { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } };
      assert.equal(typeof pl.artifactLocation.uri, 'string');
      assert.doesNotThrow(() => new URL(pl.artifactLocation.uri, 'file:///base/'));
      assert.ok(Number.isInteger(pl.region.startLine) && pl.region.startLine >= 1);
      assert.ok(Number.isInteger(pl.region.startColumn) && pl.region.startColumn >= 1);
      if (pl.artifactLocation.uriBaseId) assert.ok((runs[0].originalUriBaseIds as Record<string, unknown>)[pl.artifactLocation.uriBaseId]);
    }
  }
}

test('sarif: a valid SARIF 2.1.0 log with the finding at its first record; exit 1', async () => {
  const io = captureIO();
  assert.equal(await runDetect(['--format', 'sarif', TRAIL], io), 1);
  const log = JSON.parse(io.stdout.join('\n')) as Record<string, unknown>;
  checkSarif(log);
  const results = (log.runs as { results: { ruleId: string; level: string; relatedLocations: unknown[] }[] }[])[0].results;
  assert.deepEqual(results.map((r) => [r.ruleId, r.level]), [['s3-anonymous-access', 'error'], ['s3-anonymous-access', 'error'], ['s3-anonymous-access', 'error']]);
  assert.equal(results[0].relatedLocations.length, 1);
});

test('the schema check is real: logs the SARIF schema rejects are rejected', () => {
  const io = captureIO();
  const valid = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'error' }] }] };
  assert.ok(sarifSchema(valid));
  for (const broken of [
    { ...valid, version: '2.0.0' },
    { version: '2.1.0', runs: [{ tool: { driver: {} } }] },
    { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] },
    { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] },
  ]) assert.equal(sarifSchema(broken), false, JSON.stringify(broken));
  assert.equal(io.stdout.length, 0);
});

test('--min-severity critical: nothing at or above it, exit 0; table says so', async () => {
  const io = captureIO();
  assert.equal(await runDetect(['--min-severity', 'critical', TRAIL], io), 0);
  assert.match(io.stdout.join('\n'), /^no findings in 2 files$/);
});

test('table and json name the rule, detection, records, principal and bucket', async () => {
  const io = captureIO();
  assert.equal(await runDetect([TRAIL], io), 1);
  assert.match(io.stdout.join('\n'), /^HIGH +s3-anonymous-access +E8 +2 +2026-01-01T10:00:00Z +ANONYMOUS_PRINCIPAL +public-site$/m);
  assert.match(io.stdout.join('\n'), /^3 findings \(3 high\) in 2 files$/m);
  const j = captureIO();
  await runDetect(['--format', 'json', TRAIL], j);
  const out = JSON.parse(j.stdout.join('\n')) as { findings: { count: number; records: { file: string; line: number }[] }[] };
  assert.deepEqual(out.findings.map((f) => f.count), [2, 2, 1]);
  assert.ok(out.findings[0].records.every((r) => fs.existsSync(r.file)));
});

test('--rules: a Sigma rule adds findings; a broken rule stops with its file and line (exit 2)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-rules-'));
  try {
    fs.writeFileSync(path.join(dir, 'curl.yml'), 'title: curl reads\nid: curl-reads\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    userAgent|startswith: curl/\n    eventName: GetObject\n  condition: sel\nlevel: low\n');
    const io = captureIO();
    assert.equal(await runDetect(['--format', 'json', '--rules', dir, TRAIL], io), 1);
    const ids = (JSON.parse(io.stdout.join('\n')) as { findings: { ruleId: string; count: number }[] }).findings.map((f) => `${f.ruleId}:${f.count}`);
    assert.deepEqual(ids, ['s3-anonymous-access:2', 's3-anonymous-access:2', 's3-anonymous-access:1', 'sigma:curl-reads:5']);
    fs.writeFileSync(path.join(dir, 'zbad.yml'), '- id: x\n  title: t\n  severity: low\n  query: eventName:GetObject\n  threshold: { count: 0 }\n');
    const bad = captureIO();
    assert.equal(await runDetect(['--rules', dir, TRAIL], bad), 2);
    assert.match(bad.stderr.join('\n'), /zbad\.yml:1:1: error rule-invalid rule x: threshold needs count/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('corpus: anonymous reads in flaws2 and the stolen instance-role listing in OTRF are high findings; no high finding on the benign files', async (t) => {
  const missing = withoutShared(CORPUS_DIR);
  if (missing) {
    t.skip(missing);
    return;
  }
  const io = captureIO();
  await runDetect(['--format', 'json', '--min-severity', 'info', CORPUS_DIR], io);
  const findings = (JSON.parse(io.stdout.join('\n')) as { findings: { ruleId: string; severity: string; buckets: string[]; records: { file: string }[] }[] }).findings;
  const flaws = findings.filter((f) => f.records.every((r) => r.file.includes('flaws2-jamjahal')));
  assert.ok(flaws.some((f) => f.ruleId === 's3-anonymous-access' && f.severity === 'high' && f.buckets.includes('flaws2.cloud')));
  const otrf = findings.filter((f) => f.records.every((r) => r.file.includes('ec2_proxy_s3_exfiltration')));
  assert.ok(otrf.some((f) => f.ruleId === 's3-instance-role-off-instance' && f.severity === 'high' && f.records.length >= 10));
  const incident = (file: string): boolean => file.includes('flaws2-jamjahal') || file.includes('ec2_proxy_s3_exfiltration');
  const elsewhere = findings.filter((f) => f.severity === 'high' && f.records.some((r) => !incident(r.file)));
  assert.deepEqual(elsewhere.map((f) => f.ruleId), []);
});

test('an input that cannot be read is named and exits 2 (over the findings\' 1), the rest still answered; JSON output escapes hostile file names', async () => {
  const missing = captureIO();
  assert.equal(await runDetect(['--format', 'json', TRAIL, path.join(TRAIL, 'nope')], missing), 2);
  assert.equal((JSON.parse(missing.stdout.join('\n')) as { findings: unknown[] }).findings.length, 3, 'the readable path is answered');
  assert.match(missing.stderr.join('\n'), /nope: error unreadable No such file or folder/);
  assert.match(missing.stderr.join('\n'), /1 input could not be read/);
  const none = captureIO();
  assert.equal(await runDetect([path.join(TRAIL, 'nope')], none), 2);
  assert.match(none.stderr.join('\n'), /no input could be read/);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-hostile-'));
  const name = 'a\u001b[2J\u202e\n.json';
  const anon = [0, 1].map((i) => ({ eventVersion: '1.08', eventTime: `2026-01-01T10:00:0${i}Z`, eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.9', userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' }, requestParameters: { bucketName: 'public-site', key: `k${i}` }, eventID: `h-${i}`, recipientAccountId: '111122223333' }));
  fs.writeFileSync(path.join(dir, name), JSON.stringify({ Records: anon }));
  for (const format of ['json', 'sarif']) {
    const io = captureIO();
    assert.equal(await runDetect(['--format', format, path.join(dir, name)], io), 1, io.stderr.join('\n'));
    const text = io.stdout.join('\n');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text.replace(/\n/g, ''), /[\u0000-\u001f\u202e]/, format);
    if (format === 'json') assert.equal((JSON.parse(text) as { findings: { records: { file: string }[] }[] }).findings[0].records[0].file, path.join(dir, name), 'the exact name');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
