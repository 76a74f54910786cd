import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { gunzipCapped, gunzipStreamCapped, inflatedLength, inflatedSizeHint } from '../../../../core/parse/gzip';

/** A CloudTrail-like file of about `records` records (compresses well, like the real thing). */
function trailText(records: number): Buffer {
  const rows: string[] = [];
  for (let i = 0; i < records; i++) {
    rows.push(JSON.stringify({ eventVersion: '1.08', eventTime: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, eventName: i % 3 ? 'GetObject' : 'PutObject', eventID: `id-${i}-${(i * 2654435761) >>> 0}` }));
  }
  return Buffer.from(`{"Records":[${rows.join(',')}]}`);
}

/** A copy of a gzip file with its ISIZE trailer (last 4 bytes) replaced. */
function withIsize(gz: Buffer, isize: number): Buffer {
  const out = Buffer.from(gz);
  out.writeUInt32LE(isize >>> 0, out.length - 4);
  return out;
}

test('a gzip file inflates whole; the size hint is its ISIZE trailer plus one', () => {
  const text = trailText(5000);
  const gz = zlib.gzipSync(text);
  assert.equal(inflatedSizeHint(gz, 256 << 20), text.length + 1);
  const r = gunzipCapped(gz, 256 << 20);
  assert.ok(r.ok);
  assert.ok(r.data.equals(text));
});

test('a lying ISIZE is only a hint: bounded by the deflate ratio and the cap; the lie is damage', () => {
  const text = trailText(2000);
  const gz = zlib.gzipSync(text);
  const huge = withIsize(gz, 0xffffffff);
  const hint = inflatedSizeHint(huge, 256 << 20);
  assert.ok(hint <= huge.length * 1032 + 1, `hint ${hint} for ${huge.length} bytes`);
  assert.equal(inflatedSizeHint(huge, 100_000), 100_001);
  // zlib checks the trailer, so either lie is reported as damage (the stream reader then takes over),
  // never as a cap hit or a crash, and nothing but a prefix of the text comes back.
  for (const claimed of [0xffffffff, 10]) {
    const r = gunzipCapped(withIsize(gz, claimed), 256 << 20);
    assert.equal(r.ok ? '' : r.code, 'gzip-error', `ISIZE ${claimed}`);
    assert.ok(text.subarray(0, r.data.length).equals(r.data));
  }
});

test('the inflate cap holds whatever the trailer claims', () => {
  const text = trailText(20000);
  const gz = zlib.gzipSync(text);
  const cap = Math.floor(text.length / 4);
  for (const claimed of [text.length, 10, 0xffffffff]) {
    const r = gunzipCapped(withIsize(gz, claimed), cap);
    assert.equal(r.ok, false, `ISIZE ${claimed}`);
    assert.equal(r.ok ? '' : r.code, 'inflate-limit', `ISIZE ${claimed}`);
  }
});

test('a multi-member file (only the last member ISIZE at the end) inflates whole', () => {
  const a = trailText(3000);
  const b = Buffer.from('{"Records":[]}');
  const gz = Buffer.concat([zlib.gzipSync(a), zlib.gzipSync(b)]);
  assert.equal(inflatedSizeHint(gz, 256 << 20), 16 * 1024);
  const r = gunzipCapped(gz, 256 << 20);
  assert.ok(r.ok);
  assert.ok(r.data.equals(Buffer.concat([a, b])));
});

test('a truncated file has no trailer to trust and keeps what inflated', () => {
  const text = trailText(5000);
  const gz = zlib.gzipSync(text);
  const cut = gz.subarray(0, Math.floor(gz.length / 2));
  const r = gunzipCapped(cut, 256 << 20);
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.code, 'truncated-gzip');
  assert.ok(r.data.length > 0 && r.data.length < text.length);
  assert.ok(text.subarray(0, r.data.length).equals(r.data));
});

test('inflatedLength measures without keeping and stops just past the cap; gunzipStreamCapped keeps nothing of a bomb', async () => {
  const member = zlib.gzipSync(Buffer.alloc(8 << 20, 0x20));
  const bomb = Buffer.concat(Array.from({ length: 8 }, () => member)); // 64 MB inflated
  const cap = 10 << 20;
  const m = await inflatedLength(bomb, cap);
  assert.equal(m.end, 'over');
  assert.ok(m.bytes > cap && m.bytes <= cap + 256 * 1024, `stopped after ${m.bytes} bytes`);
  const r = await gunzipStreamCapped(bomb, cap);
  assert.ok(r && !r.ok);
  assert.equal(r.code, 'inflate-limit');
  assert.equal(r.data.length, 0);
  assert.deepEqual(await inflatedLength(bomb, 64 << 20), { end: 'done', bytes: 64 << 20 });
  const abort = new AbortController();
  abort.abort();
  assert.equal((await inflatedLength(bomb, cap, abort.signal)).end, 'aborted');
  assert.equal(await gunzipStreamCapped(bomb, cap, abort.signal), undefined);
});

test('gunzipStreamCapped gives what gunzipCapped gives: whole files, multi-member files, damage', async () => {
  const text = trailText(5000);
  const gz = zlib.gzipSync(text);
  const whole = await gunzipStreamCapped(gz, 256 << 20);
  assert.ok(whole?.ok && whole.data.equals(text));
  const multi = await gunzipStreamCapped(Buffer.concat([gz, zlib.gzipSync('{}')]), 256 << 20);
  assert.ok(multi?.ok && multi.data.equals(Buffer.concat([text, Buffer.from('{}')])));
  const cut = gz.subarray(0, Math.floor(gz.length / 2));
  assert.equal((await inflatedLength(cut, 256 << 20)).end, 'damaged');
  const r = await gunzipStreamCapped(cut, 256 << 20);
  assert.deepEqual(r, gunzipCapped(cut, 256 << 20));
});
