import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { readFileBatches, type RowBatch } from '../../../../core/index';
import { readRecordAt } from '../../../../core/files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reread-'));
const records = [
  { eventVersion: '1.08', eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1', eventID: 'a', requestParameters: { key: 'ключ/🪣.txt' } },
  { eventVersion: '1.08', eventTime: '2026-01-01T00:00:01Z', eventSource: 's3.amazonaws.com', eventName: 'PutObject', awsRegion: 'us-east-1', eventID: 'b', userAgent: '🪣🪣' },
  { eventVersion: '1.08', eventTime: '2026-01-01T00:00:02Z', eventSource: 's3.amazonaws.com', eventName: 'HeadObject', awsRegion: 'us-east-1', eventID: 'c' },
];

async function spans(file: string): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const b of readFileBatches(file, { maxInflatedBytes: 1e9, maxFileBytes: 1e9, onProblem: (p) => assert.fail(p.message) })) out.push(b);
  return out;
}

test('re-reads each record of a pretty file at its span, with its line and UTF-16 column', async () => {
  const file = path.join(dir, 'pretty.json');
  const text = JSON.stringify({ Records: records }, null, 2);
  fs.writeFileSync(file, text);
  const [batch] = await spans(file);
  assert.equal(batch.rows, 3);
  const lines = text.split('\n');
  for (let i = 0; i < 3; i++) {
    const r = await readRecordAt(file, batch.offset[i], batch.length[i]);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(JSON.parse(r.json), records[i]);
    assert.equal(r.gzip, false);
    assert.equal(lines[r.line].slice(r.column, r.column + 1), '{');
    assert.ok(r.json.includes('\n  "eventName"'), 'pretty-printed');
  }
});

test('gzip single-line file: column counts UTF-16 units past multi-byte characters', async () => {
  const file = path.join(dir, 'line.json.gz');
  const text = JSON.stringify({ Records: records });
  fs.writeFileSync(file, zlib.gzipSync(text));
  const [batch] = await spans(file);
  const r = await readRecordAt(file, batch.offset[2], batch.length[2]);
  assert.ok(r.ok);
  assert.equal(r.gzip, true);
  assert.equal(r.line, 0);
  assert.equal(r.column, text.indexOf('{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:02Z"'));
  assert.deepEqual(JSON.parse(r.json), records[2]);
});

test('a file changed since indexing gives a message, not a wrong record', async () => {
  const file = path.join(dir, 'changing.json');
  fs.writeFileSync(file, JSON.stringify({ Records: records }));
  const [batch] = await spans(file);
  fs.writeFileSync(file, '{"Records":[]}');
  const r = await readRecordAt(file, batch.offset[1], batch.length[1]);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.message, /changed since it was indexed/);
  const gone = await readRecordAt(path.join(dir, 'absent.json'), 0, 10);
  assert.equal(gone.ok, false);
});
