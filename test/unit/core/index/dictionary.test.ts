import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringDictionary } from '../../../../core/index/dictionary';

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
