import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringDictionary } from '../../../../core/index/dictionary';
import { IdDictionary } from '../../../../core/index/id-dictionary';
import { ALNUM16, ISO_SECONDS, UUID, UUID_UPPER } from '../../../../core/index/id-forms';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../core/index/snapshot';
import { concat, valueBytes } from './value-bytes';

const uuid = (i: number): string => {
  const h = (i * 2654435761 >>> 0).toString(16).padStart(8, '0') + i.toString(16).padStart(24, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** The odd values a column of ids meets: other case, other shapes, empty, non-ASCII. */
const ODD = ['755E6EB0-6AC4-4DF2-974F-E56D90D70DBB', '755e6eb0-6ac4-4df2-974f-e56d90d70dbb', '755E6eb0-6ac4-4df2-974f-e56d90d70dbb',
  'not-a-uuid', '', 'LPEWBEFJCWK8B4UG', 'lpewbefjcwk8b4ug', 'ключ', '2026-01-03T07:57:54Z', '755e6eb06ac44df2974fe56d90d70dbb'];

/** Feeds the same values, in batches, to an IdDictionary and a StringDictionary: codes and texts must agree. */
function compare(id: IdDictionary, values: string[], batch = 7): void {
  const text = new StringDictionary();
  for (let i = 0; i < values.length; i += batch) {
    const part = values.slice(i, i + batch);
    const { heap, ends, hashes } = valueBytes(part);
    const a = new Uint32Array(part.length + 1);
    const b = new Uint32Array(part.length + 1);
    id.encodeBatch(heap, ends, i % 2 === 0 ? hashes : undefined, a);
    text.encodeBatch(heap, ends, hashes, b);
    assert.deepEqual(a, b, `batch at ${i}`);
  }
  assert.equal(id.size, text.size);
  assert.deepEqual(id.values(), text.values());
  for (let c = 1; c < text.size; c++) {
    const v = text.value(c)!;
    assert.equal(id.value(c), v);
    assert.equal(id.lookup(v), c, v);
  }
}

test('eventIDs: the codes and texts of a StringDictionary, UUIDs packed, odd values (uppercase, mixed case, empty, not a UUID) kept exactly', () => {
  const d = new IdDictionary([UUID, UUID_UPPER], 4);
  const values: string[] = [];
  for (let i = 0; i < 5000; i++) values.push(uuid(i), ...(i % 500 === 0 ? ODD : []), uuid(i >> 1));
  compare(d, values);
  assert.equal(d.lookup(uuid(999_999)), -1);
  assert.equal(d.lookup(uuid(999_999).toUpperCase()), -1);
  assert.equal(d.lookup('absent'), -1);
  // the odd values that are no UUID of one case are the only ones kept as text
  assert.equal(d.fallbackValues, ODD.length - 2);
  assert.equal(d.value(0), undefined);
});

test('requestIDs: S3 request IDs and UUIDs packed, both cases told apart', () => {
  const d = new IdDictionary([ALNUM16, UUID, UUID_UPPER]);
  const values: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const s3 = (i * 7919).toString(36).toUpperCase().padStart(16, '0');
    values.push(s3, s3.toLowerCase(), uuid(i), ...(i % 700 === 0 ? ODD : []));
  }
  compare(d, values, 64);
  // as text: the mixed-case UUID, 'not-a-uuid', '', 'ключ', the date and the dashless UUID
  assert.equal(d.fallbackValues, 6);
});

test('creation dates: canonical texts packed to 4 bytes, anything else kept as written', () => {
  const d = new IdDictionary([ISO_SECONDS]);
  const values: string[] = [];
  for (let i = 0; i < 2000; i++) values.push(new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 * 7).toISOString().slice(0, 19) + 'Z');
  values.push('2026-01-03T07:57:54.123Z', '2025-02-29T00:00:00Z', 'yesterday', '', values[5]);
  compare(d, values, 13);
  assert.equal(d.fallbackValues, 4);
});

test('trim and expect keep every code and leave room to add; the memory is a fraction of the text dictionary', () => {
  const d = new IdDictionary([UUID, UUID_UPPER]);
  const t = new StringDictionary();
  d.expect(20_000, 0);
  for (let i = 0; i < 20_000; i++) assert.equal(d.encode(uuid(i)), t.encode(uuid(i)));
  d.trim();
  t.trim();
  for (let i = 0; i < 20_000; i += 97) assert.equal(d.lookup(uuid(i)), i + 1);
  assert.equal(d.encode('after-trim'), 20_001);
  assert.equal(d.encode(uuid(20_000)), 20_002);
  assert.equal(d.value(20_002), uuid(20_000));
  assert.ok(d.byteSize() < t.byteSize() / 1.8, `${d.byteSize()} vs ${t.byteSize()}`);
});

test('a saved id dictionary loads with every code, odd values included, and grows on as the saved one does', () => {
  const d = new IdDictionary([ALNUM16, UUID, UUID_UPPER]);
  const values = [...Array.from({ length: 3000 }, (_, i) => uuid(i)), ...ODD, 'LPEWBEFJCWK8B4UG'];
  for (const v of values) d.encode(v);
  const w = new SnapshotWriter();
  d.writeSnapshot(w);
  const body = concat(w.finish());
  const loaded = IdDictionary.readSnapshot(new SnapshotReader(body.buffer));
  assert.equal(loaded.size, d.size);
  assert.deepEqual(loaded.values(), d.values());
  for (const v of values) assert.equal(loaded.lookup(v), d.lookup(v), v);
  for (let i = 0; i < 4000; i++) {
    const v = i % 3 === 0 ? `odd-${i}` : uuid(10_000 + i);
    assert.equal(loaded.encode(v), d.encode(v));
  }
  assert.equal(loaded.encode(ODD[3]), d.lookup(ODD[3]));
  loaded.trim();
  assert.deepEqual(loaded.values(), d.values());
});

test('a saved id dictionary with a broken tag, fallback link or form name is refused', () => {
  const d = new IdDictionary([UUID, UUID_UPPER]);
  for (const v of [uuid(1), 'not-a-uuid', uuid(2).toUpperCase()]) d.encode(v);
  const w = new SnapshotWriter();
  d.writeSnapshot(w);
  const body = concat(w.finish());
  assert.equal(IdDictionary.readSnapshot(new SnapshotReader(body.slice().buffer)).value(2), 'not-a-uuid');
  // The tags array is the only 4-byte-long run [0, 1, 255, 2] in the body: damage each of its values.
  const at = body.findIndex((_, i) => body[i] === 0 && body[i + 1] === 1 && body[i + 2] === 255 && body[i + 3] === 2);
  assert.ok(at > 0);
  for (const [offset, byte] of [[1, 7], [2, 3], [3, 255], [1, 0]] as const) {
    const bad = body.slice();
    bad[at + offset] = byte;
    assert.throws(() => IdDictionary.readSnapshot(new SnapshotReader(bad.buffer)), SnapshotFormatError, `tag ${offset} -> ${byte}`);
  }
  const renamed = body.slice();
  const name = Buffer.from(body).indexOf('uuid-upper');
  renamed[name] = 'v'.charCodeAt(0);
  assert.throws(() => IdDictionary.readSnapshot(new SnapshotReader(renamed.buffer)), SnapshotFormatError);
});

test('values a reader packed (BatchBuilder: ID_COLUMN_FORMS) merge by their words to the codes their text gets; a dictionary of other forms reads the text', async () => {
  const { BatchBuilder } = await import('../../../../core/index/batch');
  const { ID_COLUMN_FORMS } = await import('../../../../core/index/column-dictionaries');
  const { syntheticValues } = await import('./synthetic-records');
  const base = syntheticValues(1, 8)[0];
  const ids = [...Array.from({ length: 300 }, (_, i) => uuid(i % 250)), ...ODD];
  const b = new BatchBuilder('f');
  ids.forEach((id, i) => b.add({ ...base, eventID: id, requestID: ids[(i * 7) % ids.length], sourceIP: i % 3 ? `10.0.${i % 5}.${i % 256}` : '010.1.1.1', sessionCreated: i % 2 ? '2026-02-29T00:00:00Z' : `2026-01-0${1 + (i % 9)}T10:00:00Z` }, { offset: i, length: 1, ordinal: i }));
  const batch = b.build();
  for (const key of ['eventID', 'requestID', 'sourceIP', 'sessionCreated'] as const) {
    const col = batch.columns[key];
    assert.ok(col.packed, `${key} packed`);
    const forms = ID_COLUMN_FORMS[key]!;
    const viaWords = new IdDictionary(forms);
    const viaText = new IdDictionary(forms);
    const a = new Uint32Array(col.ends.length);
    const t = new Uint32Array(col.ends.length);
    viaWords.encodeBatch(col.heap, col.ends, col.hashes, a, { forms, slots: col.packed });
    viaText.encodeBatch(col.heap, col.ends, col.hashes, t);
    assert.deepEqual(a, t, key);
    assert.deepEqual(viaWords.values(), viaText.values(), key);
    for (let c = 1; c < viaWords.size; c++) assert.equal(viaWords.lookup(viaWords.value(c)!), c, `${key} finds ${viaWords.value(c)}`);
    // Not vacuous: most values took a form (an odd one, the text way).
    let packedValues = 0;
    const stride = col.packed.length / col.ends.length;
    for (let v = 1; v < col.ends.length; v++) if (col.packed[v * stride] !== 255) packedValues++;
    assert.ok(packedValues > 0 && packedValues < col.ends.length - 1, `${key}: ${packedValues} of ${col.ends.length - 1} packed`);
  }
  // A dictionary kept in other forms (as an older save may hold) takes the same values by their text.
  const col = batch.columns.requestID;
  const other = new IdDictionary([UUID]);
  const plain = new IdDictionary([UUID]);
  const a = new Uint32Array(col.ends.length);
  const t = new Uint32Array(col.ends.length);
  other.encodeBatch(col.heap, col.ends, col.hashes, a, { forms: ID_COLUMN_FORMS.requestID!, slots: col.packed! });
  plain.encodeBatch(col.heap, col.ends, col.hashes, t);
  assert.deepEqual(a, t);
  assert.deepEqual(other.values(), plain.values());
});
