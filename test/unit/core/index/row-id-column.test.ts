import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchColumn } from '../../../../core/index/batch';
import { StringDictionary } from '../../../../core/index/dictionary';
import { packValue, slotHash, slotWords } from '../../../../core/index/id-dictionary';
import type { IdForm } from '../../../../core/index/id-forms';
import { ALNUM16, UUID, UUID_UPPER } from '../../../../core/index/id-forms';
import { RowIdColumn } from '../../../../core/index/row-id-column';
import { RowTable } from '../../../../core/index/row-table';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from '../../../../core/index/snapshot';
import { concat, valueBytes } from './value-bytes';

const uuid = (i: number): string => {
  const h = (i * 2654435761 >>> 0).toString(16).padStart(8, '0') + i.toString(16).padStart(24, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** The odd values a column of ids meets: other case, other shapes, empty, non-ASCII. */
const ODD = ['755E6EB0-6AC4-4DF2-974F-E56D90D70DBB', '755e6eb0-6ac4-4df2-974f-e56d90d70dbb', '755E6eb0-6ac4-4df2-974f-e56d90d70dbb',
  'not-a-uuid', '', 'LPEWBEFJCWK8B4UG', 'lpewbefjcwk8b4ug', 'ключ', '2026-01-03T07:57:54Z', '755e6eb06ac44df2974fe56d90d70dbb'];

/** A batch column of `values` (undefined = missing), each distinct value once, as workers build them. */
function batchColumn(values: (string | undefined)[], withHashes: boolean): BatchColumn {
  const distinct = new Map<string, number>();
  const codes = new Uint32Array(values.length);
  values.forEach((v, i) => {
    if (v === undefined) return;
    let c = distinct.get(v);
    if (c === undefined) distinct.set(v, (c = distinct.size + 1));
    codes[i] = c;
  });
  const { heap, ends, hashes } = valueBytes([...distinct.keys()]);
  return { codes, heap, ends, hashes: withHashes ? hashes : undefined };
}

/** A column holding `values` row by row, written in batches of `size` (appended to `col` from row `from`). */
function columnOf(values: (string | undefined)[], size = 50, col = new RowIdColumn([ALNUM16, UUID, UUID_UPPER], 4), from = 0): RowIdColumn {
  for (let at = 0; at < values.length; at += size) {
    const part = values.slice(at, at + size);
    const bc = batchColumn(part, at % 100 === 0);
    col.reserve(from + at + part.length);
    col.writeRows(from + at, col.packBatch(bc, undefined), bc.codes, undefined, part.length);
    col.rows = from + at + part.length;
  }
  return col;
}

function sampleValues(): (string | undefined)[] {
  const values: (string | undefined)[] = [];
  for (let i = 0; i < 3000; i++) {
    const s3 = (i * 7919).toString(36).toUpperCase().padStart(16, '0');
    values.push(uuid(i), s3, i % 7 === 0 ? undefined : uuid(i >> 1), ...(i % 500 === 0 ? ODD : []));
  }
  return values;
}

test('every value comes back exactly as read from its row: UUIDs of both cases, S3 request IDs, odd values as text, missing ones', () => {
  const values = sampleValues();
  const col = columnOf(values);
  for (let r = 0; r < values.length; r++) assert.equal(col.valueAt(r), values[r], `row ${r}`);
  // only the values of no form fell back to text: the mixed-case UUID, 'not-a-uuid', '', 'ключ', the date, the dashless UUID
  assert.equal(col.fallbackValues, 6);
  for (let r = 1; r < 400; r++) assert.equal(col.sameAt(r, r - 1), values[r] === values[r - 1]);
  const twice = values.indexOf(uuid(3));
  assert.ok(col.sameAt(twice, values.indexOf(uuid(3), twice + 1)));
});

test('the coded view gives equal values one code and the texts of a dictionary; it grows with the rows and is made anew after a compaction', () => {
  const values = sampleValues();
  const col = columnOf(values.slice(0, 2000));
  const firstDict = col.dict;
  const check = (n: number): void => {
    const codes = col.codes;
    const dict = col.dict;
    const byText = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const v = values[r];
      if (v === undefined) {
        assert.equal(codes[r], 0);
        continue;
      }
      assert.equal(dict.value(codes[r]), v);
      const seen = byText.get(v);
      if (seen === undefined) {
        // codes follow first appearance in row order, as a dictionary fed the rows in order numbers them
        assert.equal(codes[r], byText.size + 1);
        byText.set(v, codes[r]);
      } else assert.equal(codes[r], seen);
      assert.equal(dict.lookup(v), codes[r]);
    }
    assert.equal(dict.size, byText.size + 1);
    assert.deepEqual(dict.values(), [undefined, ...byText.keys()]);
  };
  check(2000);
  // rows appended: the view extends, codes kept
  columnOf(values.slice(2000), 64, col, 2000);
  const expected = values;
  assert.equal(col.dict, firstDict, 'rows appended: the same view, extended');
  for (let r = 0; r < values.length; r++) assert.equal(col.dict.value(col.codes[r]), expected[r]);
  assert.equal(col.dict.lookup('absent'), -1);
  assert.equal(col.dict.lookup(uuid(999_999)), -1);
  assert.equal(col.dict.lookup(uuid(999_999).toUpperCase()), -1);
  col.move(0, 1);
  col.relayout();
  assert.notEqual(col.dict, firstDict, 'a compaction gives a new view');
  assert.equal(col.dict.value(col.codes[0]), expected[1]);
  assert.throws(() => col.dict.encode('x'));
});

test('a row table finds the row of each value, grows, and saves and loads', () => {
  const values = sampleValues();
  const col = columnOf(values);
  const table = new RowTable();
  const first = new Map<string, number>();
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === undefined) continue;
    if (!first.has(v)) first.set(v, r);
    col.register(table, r);
  }
  assert.equal(table.count, first.size);
  const find = (t: RowTable, r: number): number => {
    const place = col.locateRow(t, r, col.hashAt(r));
    return place < 0 ? -1 : t.rows[place] - 1;
  };
  for (let r = 0; r < values.length; r++) if (values[r] !== undefined) assert.equal(find(table, r), first.get(values[r]!), `row ${r}`);
  // the table is sized to its values, not to the next power of two
  col.rebuild(table, table.count);
  assert.ok(table.rows.length < table.count * 1.5, `${table.rows.length} places for ${table.count}`);
  const w = new SnapshotWriter();
  table.writeSnapshot(w);
  const body = concat(w.finish());
  const loaded = RowTable.readSnapshot(new SnapshotReader(body.buffer), values.length);
  for (let r = 0; r < values.length; r += 7) if (values[r] !== undefined) assert.equal(find(loaded, r), first.get(values[r]!));
  assert.throws(() => RowTable.readSnapshot(new SnapshotReader(body.buffer), 10), SnapshotFormatError, 'rows past the index');
  // a place with a row but a free place's print (or the reverse) would stop or mislead a probe
  const halfTaken = (edit: (t: RowTable) => void): void => {
    const t = RowTable.readSnapshot(new SnapshotReader(concat(saved(table).finish()).buffer), values.length);
    edit(t);
    const w2 = new SnapshotWriter();
    t.writeSnapshot(w2);
    assert.throws(() => RowTable.readSnapshot(new SnapshotReader(concat(w2.finish()).buffer), values.length), SnapshotFormatError);
  };
  const taken = table.rows.findIndex((e) => e !== 0);
  const free = table.rows.findIndex((e) => e === 0);
  halfTaken((t) => (t.prints[taken] = 0));
  halfTaken((t) => (t.prints[free] = 0x85));
});

test('a saved row id column loads with every value; damaged slots, tags and fallback links are refused', () => {
  const values = sampleValues();
  const col = columnOf(values);
  const save = (c: RowIdColumn, rows: number): Uint8Array<ArrayBuffer> => {
    const w = new SnapshotWriter();
    c.writeSnapshot(w, rows);
    return concat(w.finish());
  };
  const body = save(col, values.length);
  const loaded = RowIdColumn.readSnapshot(new SnapshotReader(body.buffer), values.length);
  for (let r = 0; r < values.length; r++) assert.equal(loaded.valueAt(r), values[r]);
  assert.deepEqual(loaded.dict.values(), col.dict.values());
  assert.throws(() => RowIdColumn.readSnapshot(new SnapshotReader(body.buffer), values.length - 1), SnapshotFormatError);
  // Hand-made saves of one page of 3 rows (S3 request ID, missing, fallback text 1), each with one thing wrong.
  const hand = (tags: number[], slots: number[], fallback = true): Uint8Array<ArrayBuffer> => {
    const w = new SnapshotWriter();
    w.tag('rowids');
    w.strings([ALNUM16.name, UUID.name, UUID_UPPER.name]);
    w.array(Uint8Array.of(1));
    w.array(Uint32Array.from(slots));
    // Tags two to a byte (4 bits a row, FALLBACK as 15), the first row in the low half.
    const nibbles = tags.map((t) => (t === 255 ? 15 : t));
    w.array(Uint8Array.from({ length: (nibbles.length + 1) >> 1 }, (_, i) => nibbles[2 * i] | ((nibbles[2 * i + 1] ?? 0) << 4)));
    w.bool(fallback);
    if (fallback) {
      const text = new StringDictionary();
      text.encode('not-a-uuid');
      text.writeSnapshot(w);
    }
    return concat(w.finish());
  };
  const good = hand([1, 0, 255], [1, 2, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  const loadedHand = RowIdColumn.readSnapshot(new SnapshotReader(good.buffer), 3);
  assert.equal(loadedHand.valueAt(0)?.length, 16);
  assert.equal(loadedHand.valueAt(1), undefined);
  assert.equal(loadedHand.valueAt(2), 'not-a-uuid');
  for (const [tags, slots, fallback] of [
    [[9, 0, 255], [1, 2, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0], true], // a tag of no form
    [[1, 0, 255], [1, 2, 3, 1, 0, 0, 0, 0, 1, 0, 0, 0], true], // a 12-byte form with bytes past its width
    [[1, 0, 255], [1, 2, 3, 0, 5, 0, 0, 0, 1, 0, 0, 0], true], // a missing value with a slot
    [[1, 0, 255], [1, 2, 3, 0, 0, 0, 0, 0, 7, 0, 0, 0], true], // a fallback link to no value
    [[1, 0, 255], [1, 2, 3, 0, 0, 0, 0, 0, 1, 0, 0, 9], true], // a fallback link with words after it
    [[1, 0, 255], [1, 2, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0], false], // a fallback value without the dictionary
    [[1, 0], [1, 2, 3, 0, 0, 0, 0, 0], true], // a page of another length
    [[1, 0, 255, 1], [1, 2, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0], true], // a tag in the half byte past the last row
  ] as const) assert.throws(() => RowIdColumn.readSnapshot(new SnapshotReader(hand([...tags], [...slots], fallback).buffer), 3), SnapshotFormatError, `${tags} ${slots}`);
});

/** A writer holding a table's snapshot. */
function saved(table: RowTable): SnapshotWriter {
  const w = new SnapshotWriter();
  table.writeSnapshot(w);
  return w;
}

test('rows that lack the value cost no slot (a run of access-log lines has no eventID); a loaded column takes rows past its last page', () => {
  const values: (string | undefined)[] = [...Array<undefined>(10_000).fill(undefined), ...Array.from({ length: 100 }, (_, i) => uuid(i))];
  const col = columnOf(values, 1000);
  // 10,100 rows are three pages of 4,096: only the page holding the UUIDs is made
  assert.equal(col.byteParts().tags, 2048);
  assert.equal(col.byteParts().slots, 4096 * 16);
  const w = new SnapshotWriter();
  col.writeSnapshot(w, values.length);
  const loaded = RowIdColumn.readSnapshot(new SnapshotReader(concat(w.finish()).buffer), values.length);
  const more = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? undefined : uuid(50_000 + i)));
  columnOf(more, 700, loaded, values.length);
  const all = [...values, ...more];
  for (let r = 0; r < all.length; r++) assert.equal(loaded.valueAt(r), all[r], `row ${r}`);
  loaded.move(0, values.length + 1);
  assert.equal(loaded.valueAt(0), all[values.length + 1]);
});

test('a batch packed in other forms than the column\'s (a column loaded from a saved index of another form list) is packed again, not taken', () => {
  const values = sampleValues().slice(0, 400);
  const readerForms: IdForm[] = [UUID, UUID_UPPER, ALNUM16];
  const bc = batchColumn(values, true);
  // What a reader packing in `readerForms` sends (batch.ts packValues): per value its tag, slot hash and words.
  const words = slotWords(readerForms);
  const stride = 2 + words;
  const packed = new Uint32Array(bc.ends.length * stride);
  const scratchWords = new Uint32Array(words);
  for (let v = 1; v < bc.ends.length; v++) {
    const tag = packValue(readerForms, bc.heap, bc.ends[v - 1], bc.ends[v], new Uint8Array(scratchWords.buffer));
    packed[v * stride] = tag;
    packed[v * stride + 1] = slotHash(scratchWords, 0, words, tag);
    packed.set(scratchWords, v * stride + 2);
  }
  const col = new RowIdColumn([ALNUM16, UUID, UUID_UPPER], 4);
  col.reserve(values.length);
  col.writeRows(0, col.packBatch({ ...bc, packed }, readerForms), bc.codes, undefined, values.length);
  col.rows = values.length;
  values.forEach((v, r) => assert.equal(col.valueAt(r), v, `row ${r}`));
});

test('a column saved with an odd number of rows (half a byte of tags) loads and takes rows after its last one', () => {
  const values = [uuid(1), 'LPEWBEFJCWK8B4UG', 'not-a-uuid', undefined, uuid(2)];
  const col = columnOf(values, 2);
  const w = new SnapshotWriter();
  col.writeSnapshot(w, values.length);
  const loaded = RowIdColumn.readSnapshot(new SnapshotReader(concat(w.finish()).buffer), values.length);
  const more = ['755E6EB0-6AC4-4DF2-974F-E56D90D70DBB', undefined, uuid(3)];
  columnOf(more, 1, loaded, values.length);
  const all = [...values, ...more];
  for (let r = 0; r < all.length; r++) assert.equal(loaded.valueAt(r), all[r], `row ${r}`);
});
