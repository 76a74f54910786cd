import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringDictionary } from '../../../../core/index/dictionary';
import { PrefixDictionary } from '../../../../core/index/prefix-dictionary';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../core/index/snapshot';
import { valueBytes } from './value-bytes';

/** Keys as a trail has them, and the odd ones: no folder, a trailing '/', '', '/', non-ASCII, a value that is
 *  another's folder, equal names in other folders. */
function keys(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`raw/orders/year=2026/month=01/day=${String(1 + (i % 28)).padStart(2, '0')}/part-${i}.snappy.parquet`, `app-logs/api/${i % 7}/ip-10-0-${i}.log.gz`);
    if (i % 300 === 0) out.push('index.html', 'about/', '', '/', 'ключ/файл-ü.txt', 'raw/orders/', 'raw/orders', `other/part-${i}.snappy.parquet`, 'a//b', 'ключ/');
  }
  return out;
}

function compare(d: PrefixDictionary, values: string[], batch: number): StringDictionary {
  const text = new StringDictionary();
  for (let i = 0; i < values.length; i += batch) {
    const part = values.slice(i, i + batch);
    const { heap, ends, hashes } = valueBytes(part);
    const a = new Uint32Array(part.length + 1);
    const b = new Uint32Array(part.length + 1);
    d.encodeBatch(heap, ends, i % 2 === 0 ? hashes : undefined, a);
    text.encodeBatch(heap, ends, hashes, b);
    assert.deepEqual(a, b, `batch at ${i}`);
  }
  assert.equal(d.size, text.size);
  assert.deepEqual(d.values(), text.values());
  for (let c = 1; c < text.size; c++) {
    assert.equal(d.value(c), text.value(c));
    assert.equal(d.lookup(text.value(c)!), c);
  }
  return text;
}

test('object keys: the codes and texts of a StringDictionary, in fewer bytes', () => {
  const d = new PrefixDictionary(4);
  const values = keys(4000);
  const text = compare(d, [...values, ...values.slice(0, 500).reverse()], 61);
  assert.equal(d.lookup('raw/orders/year=2026/month=01/day=01/part-999999.snappy.parquet'), -1);
  assert.equal(d.lookup('nowhere/part-1.snappy.parquet'), -1);
  assert.equal(d.encode(undefined), 0);
  assert.equal(d.value(0), undefined);
  d.trim();
  text.trim();
  assert.ok(d.byteSize() < text.byteSize() * 0.8, `${d.byteSize()} vs ${text.byteSize()}`);
  assert.equal(d.encode('new/after-trim'), text.encode('new/after-trim'));
});

test('more than 65,535 folders widen the folder codes and keep every value', () => {
  const d = new PrefixDictionary();
  const values = Array.from({ length: 70_000 }, (_, i) => `f${i}/x`);
  compare(d, values, 5000);
});

test('a saved prefix dictionary loads with every code and grows on as the saved one; a broken one is refused', () => {
  const d = new PrefixDictionary();
  const values = keys(1000);
  for (const v of values) d.encode(v);
  const w = new SnapshotWriter();
  d.writeSnapshot(w);
  const savedSize = d.size;
  const parts = w.finish();
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { body.set(p, at); at += p.length; }
  const loaded = PrefixDictionary.readSnapshot(new SnapshotReader(body.slice().buffer));
  assert.deepEqual(loaded.values(), d.values());
  for (const v of values) assert.equal(loaded.lookup(v), d.lookup(v));
  for (let i = 0; i < 3000; i++) assert.equal(loaded.encode(`new/${i}/k`), d.encode(`new/${i}/k`));
  // A folder code past the folders: the prefixOf array is the first Uint16 array after the folder dictionary.
  const bad = body.slice();
  const view = new DataView(bad.buffer);
  let patched = false;
  for (let i = 0; i + 16 < bad.length && !patched; i += 4) {
    // the array header: tag 2 (Uint16Array), then its length = the dictionary's size; its data 8-byte aligned
    if (view.getUint32(i, true) === 2 && view.getUint32(i + 4, true) === savedSize) {
      view.setUint16(Math.ceil((i + 8) / 8) * 8 + 2, 60_000, true);
      patched = true;
    }
  }
  assert.ok(patched);
  assert.throws(() => PrefixDictionary.readSnapshot(new SnapshotReader(bad.buffer)), SnapshotFormatError);
});
