import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, type ParsedQuery } from '../../../../core/query';
import { COLUMN_IDS } from '../../../../core/protocol';
import { CodeColumn, SnapshotFormatError, SnapshotReader, SnapshotWriter, StringDictionary, TrailIndex } from '../../../../core/index';
import { batchesOf, syntheticValues } from './synthetic-records';
import { REFERENCE_QUERIES } from './reference-queries';

const NOW = Date.UTC(2026, 0, 3, 12);

/** The parts of a writer joined into one buffer, as a file read back would be. */
function bodyOf(w: SnapshotWriter): ArrayBuffer {
  const parts = w.finish();
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  assert.equal(total, w.byteLength);
  assert.equal(total % 8, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out.buffer;
}

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text, NOW);
  assert.ok(r.ok);
  return r.query;
}

test('numbers, strings, lists, JSON and typed arrays of every kind come back, arrays as aligned views', () => {
  const w = new SnapshotWriter();
  const big = new Float64Array(5000).map((_, i) => i * 1.5);
  w.u32(7); w.bool(true); w.string('héllo ✓'); w.f64(-0.25); w.strings(['a', '', 'ünï', '/x/y.json.gz']);
  w.json({ a: [1, 'b'] }); w.array(new Uint16Array([1, 65535])); w.array(big); w.array(new BigUint64Array([2n ** 64n - 1n]));
  w.tag('end'); w.array(new Int32Array(0));
  const r = new SnapshotReader(bodyOf(w));
  assert.equal(r.u32(), 7);
  assert.equal(r.bool(), true);
  assert.equal(r.string(), 'héllo ✓');
  assert.equal(r.f64(), -0.25);
  assert.deepEqual(r.strings(), ['a', '', 'ünï', '/x/y.json.gz']);
  assert.deepEqual(r.json(), { a: [1, 'b'] });
  assert.deepEqual(Array.from(r.array(Uint16Array)), [1, 65535]);
  const f = r.array(Float64Array);
  assert.equal(f.byteOffset % 8, 0);
  assert.deepEqual(f, big);
  assert.deepEqual(Array.from(r.anyArray() as BigUint64Array), [2n ** 64n - 1n]);
  r.tag('end');
  assert.equal(r.array(Int32Array).length, 0);
  assert.ok(r.atEnd);
});

test('a reader asking for another kind, past the end, or for another section fails with SnapshotFormatError', () => {
  const w = new SnapshotWriter();
  w.tag('one'); w.array(new Uint32Array([1, 2, 3]));
  const body = bodyOf(w);
  const other = new SnapshotReader(body);
  other.tag('one');
  assert.throws(() => other.array(Float64Array), SnapshotFormatError);
  assert.throws(() => new SnapshotReader(body).tag('two'), SnapshotFormatError);
  const short = new SnapshotReader(body, 0, body.byteLength - 8);
  short.tag('one');
  assert.throws(() => short.array(Uint32Array), SnapshotFormatError);
  assert.throws(() => new SnapshotReader(body, 4), RangeError);
});

test('a loaded dictionary finds every value and adds new ones as the saved one would', () => {
  const d = new StringDictionary();
  const values = Array.from({ length: 3000 }, (_, i) => `value-${i}-ü`);
  for (const v of values) d.encode(v);
  const w = new SnapshotWriter();
  d.writeSnapshot(w);
  const loaded = StringDictionary.readSnapshot(new SnapshotReader(bodyOf(w)));
  assert.equal(loaded.size, d.size);
  values.forEach((v, i) => assert.equal(loaded.lookup(v), i + 1));
  assert.equal(loaded.lookup('absent'), -1);
  assert.deepEqual(loaded.values(), d.values());
  // Growing after load copies the views out: both go on the same way.
  for (let i = 0; i < 5000; i++) assert.equal(loaded.encode(`new-${i}`), d.encode(`new-${i}`));
  assert.equal(loaded.encode('value-5-ü'), 6);
});

test('a code column with a code past its dictionary is refused', () => {
  // At 4 bits (codes up to 15) and at a byte: a dictionary of 2 values leaves codes its width holds but names nothing.
  for (const widest of [9, 200]) {
    const col = new CodeColumn(4);
    col.fit(widest);
    col.set(0, col.dict.encode('a'));
    col.set(1, widest);
    const w = new SnapshotWriter();
    col.writeSnapshot(w, 4);
    assert.throws(() => CodeColumn.readSnapshot(new SnapshotReader(bodyOf(w)), 4), SnapshotFormatError, `width for ${widest}`);
  }
});

test('a loaded index answers every reference query, facet and window like the saved one, and takes changes alike', () => {
  const values = syntheticValues(4000, 24).map((v, i) => (i % 50 === 0 ? { ...v } : v));
  const batches = batchesOf(values, 53);
  const saved = new TrailIndex();
  for (const b of batches) saved.addBatch(b);
  // Duplicates across files, a removed file, and dead rows: the state a long session leaves.
  saved.addBatch({ ...batches[3], file: '/copy-of-3.json' });
  saved.removeFile(batches[5].file);
  saved.prepare();
  const w = new SnapshotWriter();
  saved.writeSnapshot(w);
  const loaded = TrailIndex.readSnapshot(new SnapshotReader(bodyOf(w)));
  assert.ok(loaded.orderReady('time', false), 'the saved time order comes back ready');
  const compare = () => {
    assert.equal(loaded.store.records, saved.store.records);
    assert.equal(loaded.store.duplicates, saved.store.duplicates);
    assert.deepEqual(loaded.store.livePaths(), saved.store.livePaths());
    for (const text of REFERENCE_QUERIES) {
      const q = parsed(text);
      assert.deepEqual(loaded.matchingRows(q), saved.matchingRows(q), text);
      assert.deepEqual(loaded.facets(q, COLUMN_IDS, 10), saved.facets(q, COLUMN_IDS, 10), text);
      assert.deepEqual(loaded.histogram(q, 50), saved.histogram(q, 50), text);
      for (const column of ['time', 'eventName', 'bucket'] as const) {
        for (const descending of [false, true]) {
          assert.deepEqual(loaded.window(q, { column, descending }, 0, 40), saved.window(q, { column, descending }, 0, 40), `${text} by ${column}`);
        }
      }
    }
  };
  compare();
  // The same changes on both: a new file, a copy that now sorts first, removal of the shadowing file.
  for (const index of [saved, loaded]) {
    index.addBatch({ ...batches[7], file: '/0-first.json' });
    index.addBatch(batchesOf(syntheticValues(500, 99), 500)[0]);
    index.removeFile('/copy-of-3.json');
    index.store.compact();
    index.prepare();
  }
  compare();
});
