import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { defaultSettings } from '../../../core/settings';
import { MAX_VIEW_TEXT_BYTES, prettyText } from '../../../server/pretty-text';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pretty-text-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real gzip bomb: one member of 16 MB of spaces (~16 KB) repeated; gunzip reads every member. */
function bomb(name: string, inflatedMB: number): string {
  const member = zlib.gzipSync(Buffer.alloc(16 * 1048576, 0x20), { level: 9 });
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.concat(Array.from({ length: Math.ceil(inflatedMB / 16) }, () => member)));
  return file;
}

test('a gzip bomb opened as text stops at the view cap with a clear message; two at once keep the thread free', async () => {
  const inflatedMB = MAX_VIEW_TEXT_BYTES / 1048576 + 64;
  const files = [bomb('a.json.gz', inflatedMB), bomb('b.json.gz', inflatedMB)];
  assert.ok(fs.statSync(files[0]).size < 1048576, 'a bomb: small on disk');
  // the index's own cap (4096 MB by default) is not the view's
  assert.ok(defaultSettings()['index.maxInflatedMB'] * 1048576 > inflatedMB * 1048576);
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  let turns = 0;
  const sampler = setInterval(() => {
    turns++;
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  }, 1);
  const results = await Promise.all(files.map((f) => prettyText({ uri: pathToFileURL(f).href }, defaultSettings())));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  results.forEach((r, i) => {
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.message, `${files[i]}: not shown as text: its gzip data inflates past the 256 MB a text view holds. Decompression stopped there (a gzip bomb inflates like this); the S3 Explorer and the cloudtrail-s3 CLI read the records of large files.`);
  });
  // Streamed in zlib's thread pool: other requests are answered meanwhile (a blocking inflate gives no turn).
  assert.ok(turns >= 10, `the event loop turned ${turns} times while two bombs inflated`);
  // Nothing past a chunk is kept: far less than one view's worth of memory for both.
  assert.ok(peak < MAX_VIEW_TEXT_BYTES / 2, `external memory grew by ${(peak / 1048576).toFixed(0)} MB`);
});

test('a lower index.maxInflatedMB setting caps the view too, and says so', async () => {
  const file = bomb('c.json.gz', 48);
  const r = await prettyText({ uri: pathToFileURL(file).href }, { ...defaultSettings(), 'index.maxInflatedMB': 32 });
  assert.ok(!r.ok);
  assert.match(r.message, /inflates past the 32 MB of the setting cloudtrailS3\.index\.maxInflatedMB\./);
});

test('a trail file under the cap is shown pretty-printed, also from several gzip members', async () => {
  const records = [{ eventTime: '2026-01-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: 'a' }];
  const text = JSON.stringify({ Records: records });
  const file = path.join(dir, 'ok.json.gz');
  fs.writeFileSync(file, Buffer.concat([zlib.gzipSync(text.slice(0, 20)), zlib.gzipSync(text.slice(20))]));
  const r = await prettyText({ uri: pathToFileURL(file).href }, defaultSettings());
  assert.ok(r.ok);
  assert.deepEqual(JSON.parse(r.text), { Records: records });
  assert.deepEqual(r.recordLines, [2]);
});
