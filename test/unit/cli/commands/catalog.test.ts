// `cloudtrail-s3 catalog` text and JSON output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCatalog } from '../../../../cli/commands/catalog';
import { allEvents, eventsForSource } from '../../../../core/catalog/index';

function run(args: string[]): { code: number; text: string } {
  const chunks: string[] = [];
  const code = runCatalog(args, (s) => chunks.push(s));
  return { code, text: chunks.join('\n') };
}

test('catalog prints an aligned table with one line per entry', () => {
  const { code, text } = run([]);
  assert.equal(code, 0);
  const lines = text.split('\n');
  assert.match(lines[0], /^eventName\s+eventSource\s+category\s+readOnly\s+IAM action$/);
  assert.equal(lines.length, allEvents().length + 1);
  // Columns line up: every line has eventSource starting at the same offset as the header's.
  const col = lines[0].indexOf('eventSource');
  const row = lines.find((l) => l.startsWith('GetBucketLifecycle '));
  assert.ok(row);
  assert.equal(row.indexOf('s3.amazonaws.com'), col);
  assert.match(row, /\bmanagement\s+true\s+s3:GetLifecycleConfiguration$/);
  assert.ok(lines.some((l) => /^CreateSession\s+s3express\.amazonaws\.com\s+data\s+true\s+s3express:CreateSession$/.test(l)));
  assert.ok(lines.some((l) => /^JobStatusChanged\s+s3\.amazonaws\.com\s+management\s+\?\s+-$/.test(l)));
  assert.ok(lines.every((l) => l === l.trimEnd()), 'no trailing spaces');
});

test('catalog --json prints the entries with the documented keys', () => {
  const { code, text } = run(['--json']);
  assert.equal(code, 0);
  const parsed = JSON.parse(text) as Record<string, unknown>[];
  assert.equal(parsed.length, allEvents().length);
  for (const e of parsed) {
    for (const k of ['eventName', 'eventSource', 'category', 'readOnly', 'rest', 'soap', 'iamAction', 'aliases']) assert.ok(k in e, k);
    assert.ok(e.category === 'management' || e.category === 'data');
    assert.ok(Array.isArray(e.aliases));
  }
  const payment = parsed.find((e) => e.eventName === 'GetBucketRequestPayment');
  assert.deepEqual(payment?.aliases, ['GetBucketRequestPay']);
  assert.equal(parsed.find((e) => e.eventName === 'ListBuckets')?.soap, 'ListAllMyBuckets');
});

test('--source filters both outputs', () => {
  const json = run(['--json', '--source', 's3express.amazonaws.com']);
  const parsed = JSON.parse(json.text) as { eventSource: string; eventName: string }[];
  assert.equal(parsed.length, eventsForSource('s3express.amazonaws.com').length);
  assert.ok(parsed.every((e) => e.eventSource === 's3express.amazonaws.com'));
  assert.ok(parsed.some((e) => e.eventName === 'ListObjectsV2'));

  const table = run(['--source=s3-outposts.amazonaws.com']);
  const rows = table.text.split('\n').slice(1);
  assert.equal(rows.length, eventsForSource('s3-outposts.amazonaws.com').length);
  assert.ok(rows.every((r) => r.includes('s3-outposts.amazonaws.com')));
});

test('bad arguments give usage and exit code 2', () => {
  assert.equal(run(['--source', 'ec2.amazonaws.com']).code, 2);
  assert.match(run(['--source', 'ec2.amazonaws.com']).text, /unknown S3 event source/);
  assert.equal(run(['--source']).code, 2);
  assert.equal(run(['--frobnicate']).code, 2);
  assert.equal(run(['--help']).code, 0);
  assert.match(run(['--help']).text, /usage: cloudtrail-s3 catalog/);
});

test('--json gives every entry its provenance, for every S3-family source', () => {
  const parsed = JSON.parse(run(['--json']).text) as { eventSource: string; eventName: string; provenance: { evidence: string; sources: string[] } }[];
  const sources = new Set(parsed.map((e) => e.eventSource));
  for (const s of ['s3.amazonaws.com', 's3express.amazonaws.com', 's3-outposts.amazonaws.com', 's3tables.amazonaws.com', 's3vectors.amazonaws.com', 's3-object-lambda.amazonaws.com']) {
    assert.ok(sources.has(s), s);
  }
  for (const e of parsed) {
    assert.ok(['itemised', 'inferred'].includes(e.provenance.evidence), `${e.eventSource} ${e.eventName}`);
    assert.ok(e.provenance.sources.length > 0, `${e.eventSource} ${e.eventName}`);
  }
  const tables = JSON.parse(run(['--json', '--source', 's3tables.amazonaws.com']).text) as { eventName: string }[];
  assert.ok(tables.some((e) => e.eventName === 'UpdateTableMetadataLocation'));
});

test('--sources lists the S3 family with models and itemised / inferred counts; --json adds the documents', () => {
  const table = run(['--sources']);
  assert.equal(table.code, 0);
  const lines = table.text.split('\n');
  assert.match(lines[0], /^eventSource\s+name\s+events\s+itemised\s+inferred\s+API models$/);
  assert.equal(lines.length, 7);
  assert.match(lines.find((l) => l.startsWith('s3vectors.amazonaws.com')) ?? '', /Amazon S3 Vectors\s+19\s+0\s+19\s+s3vectors 2025-07-15$/);
  const json = JSON.parse(run(['--sources', '--json']).text) as {
    sources: { eventSource: string; events: number; itemised: number; inferred: number; sources: string[] }[];
    references: { key: string; url: string }[];
  };
  assert.equal(json.sources.length, 6);
  for (const s of json.sources) {
    assert.equal(s.itemised + s.inferred, s.events, s.eventSource);
    assert.equal(s.events, eventsForSource(s.eventSource).length, s.eventSource);
    for (const k of s.sources) assert.ok(json.references.some((r) => r.key === k && r.url.startsWith('https://')), `${s.eventSource} ${k}`);
  }
  assert.equal(run(['--sources', '--source', 's3.amazonaws.com']).code, 2);
});
