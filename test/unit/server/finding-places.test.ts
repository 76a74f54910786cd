// Where the Problems panel puts a finding: its first record's line and column in a plain file, and the line the
// pretty text starts the record on for a gzip file (what opening it shows).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { FindingsStore, builtinRules, readFileRecords } from '../../../core/detect';
import { prettyPrintRecords } from '../../../core/parse';
import { defaultSettings } from '../../../core/settings';
import { findingPlaces } from '../../../server/finding-places';

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
    const places = await findingPlaces(findings, defaultSettings());
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
