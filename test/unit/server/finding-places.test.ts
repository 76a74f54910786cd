// Where the Problems panel puts a finding: its first record's line and column in a plain file, and the line the
// pretty text starts the record on for a gzip file (what opening it shows). Gzip is told by content, and places
// are kept per file while its size and mtime stay.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { FindingsStore, builtinRules, readFileRecords } from '../../../core/detect';
import { prettyPrintRecords } from '../../../core/parse';
import { defaultSettings } from '../../../core/settings';
import { FindingPlaceCache } from '../../../server/finding-places';

function record(id: string, eventName: string, requestParameters: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.08', userIdentity: { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice' },
    eventTime: '2026-03-01T12:00:00Z', eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7',
    requestParameters: { bucketName: 'prod-data', ...requestParameters }, eventID: id, recipientAccountId: '111122223333',
  };
}

test('plain files: the record\'s line and column; gzip files: its line and indentation in the pretty text', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finding-places-'));
  try {
    const records = [record('other', 'GetObject', { key: 'a' }), record('acl', 'PutBucketAcl', { 'x-amz-acl': ['public-read'] })];
    const plain = path.join(dir, 'plain.json');
    const text = `{"Records": [\n  ${JSON.stringify(records[0])},\n    ${JSON.stringify(records[1])}\n]}`;
    fs.writeFileSync(plain, text);
    const gz = path.join(dir, 'b.json.gz');
    // Hours after the plain file's: a finding of its own (findings split where an hour passes without a match).
    const gzText = JSON.stringify({ Records: [records[0], { ...records[1], eventID: 'acl-gz', eventTime: '2026-03-01T15:00:00Z' }] });
    fs.writeFileSync(gz, zlib.gzipSync(gzText));
    const store = new FindingsStore(builtinRules());
    for (const f of [plain, gz]) store.setFile(f, await readFileRecords(f, () => assert.fail('problem')));
    // Findings as the index path has them: locations without line and column.
    const findings = store.findings().map((f) => ({ ...f, records: f.records.map(({ line: _l, column: _c, ...loc }) => loc) }));
    const places = await new FindingPlaceCache().places(findings, defaultSettings());
    const byFile = new Map(places.map((p) => [p.file, p]));
    assert.deepEqual([...byFile.keys()].sort(), [gz, plain].sort());
    const p = byFile.get(plain)!;
    assert.equal(p.gzip, false);
    assert.equal(p.ruleId, 's3-public-acl');
    assert.equal(text.split('\n')[p.line].slice(p.column, p.column + 20), JSON.stringify(records[1]).slice(0, 20));
    assert.deepEqual([p.line, p.column], [2, 4]);
    const g = byFile.get(gz)!;
    assert.equal(g.gzip, true);
    const pretty = prettyPrintRecords(gzText);
    assert.equal(g.line, pretty.recordLines[1]);
    assert.equal(pretty.text.split('\n')[g.line].slice(0, g.column + 1), `${' '.repeat(g.column)}{`);
    assert.ok(g.column > 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Findings as the index path has them (locations without line and column), of the files given. */
async function findingsOf(files: readonly string[]): Promise<ReturnType<FindingsStore['findings']>> {
  const store = new FindingsStore(builtinRules());
  for (const f of files) store.setFile(f, await readFileRecords(f, () => assert.fail('problem')));
  return store.findings().map((f) => ({ ...f, records: f.records.map(({ line: _l, column: _c, ...loc }) => loc) }));
}

test('gzip is told by the magic bytes, not the name', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finding-places-'));
  try {
    const acl = record('acl', 'PutBucketAcl', { 'x-amz-acl': ['public-read'] });
    const textOf = (a: Record<string, unknown>): string => `{"Records": [\n  ${JSON.stringify(record('other', 'GetObject', { key: 'a' }))},\n  ${JSON.stringify(a)}\n]}`;
    const text = textOf(acl);
    // A gzip file without .gz, and a plain file named .gz.
    const gzNoSuffix = path.join(dir, 'a.json');
    fs.writeFileSync(gzNoSuffix, zlib.gzipSync(text));
    const plainGz = path.join(dir, 'b.json.gz');
    // Hours after the other file's: a finding of its own.
    fs.writeFileSync(plainGz, textOf({ ...acl, eventID: 'acl-b', eventTime: '2026-03-01T18:00:00Z' }));
    const places = await new FindingPlaceCache().places(await findingsOf([gzNoSuffix, plainGz]), defaultSettings());
    const byFile = new Map(places.map((p) => [p.file, p]));
    const g = byFile.get(gzNoSuffix)!;
    assert.deepEqual([g.gzip, g.line], [true, prettyPrintRecords(text).recordLines[1]]);
    const p = byFile.get(plainGz)!;
    assert.deepEqual([p.gzip, p.line, p.column], [false, 2, 2]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('places are kept while the file\'s size and mtime stay, and worked out again when they change', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finding-places-'));
  try {
    const acl = JSON.stringify(record('acl', 'PutBucketAcl', { 'x-amz-acl': ['public-read'] }));
    const other = JSON.stringify(record('other', 'GetObject', { key: 'a' }));
    const file = path.join(dir, 'plain.json');
    // Two layouts of the same length: the record on line 2 or line 1.
    const onLine2 = `{"Records": [\n${other},\n${acl}]}`;
    const onLine1 = `{"Records": [${other},\n${acl}\n]}`;
    assert.equal(onLine1.length, onLine2.length);
    fs.writeFileSync(file, onLine2);
    // Whole seconds: an mtime set again reads back the same.
    const mtime = new Date('2026-03-02T00:00:00Z');
    fs.utimesSync(file, mtime, mtime);
    const findings = await findingsOf([file]);
    const cache = new FindingPlaceCache();
    const first = await cache.places(findings, defaultSettings());
    assert.deepEqual(first.map((p) => p.line), [2]);
    // Same size, same mtime: the kept place is given, the file is not read again (it would say line 1).
    fs.writeFileSync(file, onLine1);
    fs.utimesSync(file, mtime, mtime);
    assert.deepEqual((await cache.places(findings, defaultSettings())).map((p) => p.line), [2]);
    // A new mtime: read again.
    fs.utimesSync(file, mtime, new Date(mtime.getTime() + 5000));
    assert.deepEqual((await cache.places(findings, defaultSettings())).map((p) => p.line), [1]);
    // A file no finding points at is forgotten.
    await cache.places([], defaultSettings());
    assert.equal(cache.size, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
