import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashValueBytes, StringDictionary } from '../../../../core/index/dictionary';

test('codes are stable, 0 is missing, and values round-trip (unicode, empty, long)', () => {
  const d = new StringDictionary(2);
  const values = ['GetObject', '', 'ключ/файл.txt', '🪣 bucket', 'x'.repeat(5000), 'GetObject ', 'getobject'];
  const codes = values.map((v) => d.encode(v));
  assert.equal(d.encode(undefined), 0);
  assert.equal(new Set(codes).size, values.length);
  assert.ok(codes.every((c) => c > 0));
  values.forEach((v, i) => {
    assert.equal(d.encode(v), codes[i]);
    assert.equal(d.value(codes[i]), v);
    assert.equal(d.lookup(v), codes[i]);
  });
  assert.equal(d.lookup('absent'), -1);
  assert.equal(d.size, values.length + 1);
  assert.deepEqual(d.values(), [undefined, ...values]);
});

test('survives many rehashes and growth; encodeBytes agrees with encode', () => {
  const d = new StringDictionary();
  const n = 50_000;
  for (let i = 0; i < n; i++) assert.equal(d.encode(`id-${i}`), i + 1);
  const bytes = Buffer.from('id-123id-49999new');
  assert.equal(d.encodeBytes(bytes, 0, 6), 124);
  assert.equal(d.encodeBytes(bytes, 6, 14), 50_000);
  assert.equal(d.encodeBytes(bytes, 14, 17), n + 1);
  assert.equal(d.value(n + 1), 'new');
  d.trim();
  assert.equal(d.value(n), `id-${n - 1}`);
  assert.equal(d.encode('after-trim'), n + 2);
});

test('encodeBatch gives the codes encode gives, with or without the sender hashes, and keeps values packed', () => {
  const values = ['GetObject', 'PutObject', '', 'ключ/файл.txt', '🪣 bucket', 'GetObject', 'x'.repeat(300), 'new-after-dup'];
  const bytes = values.map((v) => Buffer.from(v, 'utf8'));
  const ends = new Uint32Array(values.length + 1);
  bytes.forEach((b, i) => (ends[i + 1] = ends[i] + b.length));
  const heap = new Uint8Array(Buffer.concat(bytes));
  const hashes = new Uint32Array(values.length + 1);
  for (let v = 1; v <= values.length; v++) hashes[v] = hashValueBytes(heap, ends[v - 1], ends[v]);
  for (const withHashes of [true, false]) {
    const d = new StringDictionary(2);
    // Some values are present before the batch arrives, so the batch's bytes must move down over them.
    const pre = [d.encode('PutObject'), d.encode('')];
    const out = new Uint32Array(values.length + 1);
    d.encodeBatch(heap, ends, withHashes ? hashes : undefined, out);
    assert.equal(out[2], pre[0]);
    assert.equal(out[3], pre[1]);
    assert.equal(out[6], out[1], 'a value repeated inside the batch takes one code');
    values.forEach((v, i) => {
      assert.equal(d.value(out[i + 1]), v);
      assert.equal(d.encode(v), out[i + 1]);
      assert.equal(d.lookup(v), out[i + 1]);
    });
    assert.equal(d.size, 1 + new Set(values).size);
    // A second batch of the same values adds nothing.
    const again = new Uint32Array(values.length + 1);
    d.encodeBatch(heap, ends, withHashes ? hashes : undefined, again);
    assert.deepEqual(again, out);
    assert.equal(d.size, 1 + new Set(values).size);
    assert.deepEqual(d.values(), [undefined, 'PutObject', '', ...values.filter((v, i) => v !== 'PutObject' && v !== '' && values.indexOf(v) === i)]);
  }
});

test('hashValueBytes is what the dictionary keys by: a batch of 20,000 values across rehashes', () => {
  const d = new StringDictionary();
  const values = Array.from({ length: 20_000 }, (_, i) => `req-${(i * 7919) % 15_000}`);
  const buf = Buffer.from(values.join(''), 'utf8');
  const ends = new Uint32Array(values.length + 1);
  values.forEach((v, i) => (ends[i + 1] = ends[i] + v.length));
  const hashes = new Uint32Array(values.length + 1);
  for (let v = 1; v <= values.length; v++) hashes[v] = hashValueBytes(buf, ends[v - 1], ends[v]);
  const out = new Uint32Array(values.length + 1);
  d.encodeBatch(new Uint8Array(buf), ends, hashes, out);
  assert.equal(d.size, 15_001);
  values.forEach((v, i) => assert.equal(d.lookup(v), out[i + 1]));
  d.trim();
  assert.equal(d.encode('req-14999'), out[values.indexOf('req-14999') + 1]);
});
