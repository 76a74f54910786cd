import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeColumn, SnapshotReader, SnapshotWriter } from '../../../../core/index';
import { widthFor } from '../../../../core/index/code-column';
import { snapshotBody } from './value-bytes';
import { rng } from '../../../seeded-random';


/** A column of `rows` rows whose dictionary holds `size` values (code 0 the empty text, as in the index). */
function columnOf(rows: number, size: number): CodeColumn {
  const col = new CodeColumn(rows);
  for (let v = 1; v < size; v++) col.dict.encode(`v${v}`);
  return col;
}

/** Pseudo-random codes below `size`, the same for a seed. */
function codesBelow(size: number, rows: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: rows }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % size;
  });
}

test('widths: 0 bits for code 0 alone, then 2, 4, 8, 16, 24 and 32 at their limits', () => {
  const cases: [number, number][] = [[0, 0], [1, 2], [3, 2], [4, 4], [15, 4], [16, 8], [255, 8], [256, 16], [0xffff, 16], [0x10000, 24], [0xffffff, 24], [0x1000000, 32]];
  for (const [code, width] of cases) assert.equal(widthFor(code), width, `code ${code}`);
});

test('a column of one value costs no byte a row; each width stores its rows in its bits', () => {
  const rows = 1001;
  const constant = columnOf(rows, 1);
  constant.fit(0);
  assert.equal(constant.width, 0);
  assert.equal(constant.byteSize() - constant.dict.byteSize(), 0);
  assert.equal(constant.code(1000), 0);
  assert.deepEqual([...constant.codes], new Array(rows).fill(0));
  for (const [size, bytes] of [[4, 251], [16, 501], [256, 1001], [70000, 3003]] as const) {
    const col = new CodeColumn(rows);
    col.fit(size - 1);
    assert.equal(col.byteSize() - col.dict.byteSize(), bytes, `${size} codes`);
  }
});

test('every width reads back what was written: code(), codes, set, clear, move, copyMapped', () => {
  for (const size of [1, 3, 4, 16, 200, 300, 70000, 0x1000001]) {
    const rows = 777;
    const col = new CodeColumn(rows);
    col.fit(size - 1);
    const want = codesBelow(size, rows, size);
    want.forEach((c, r) => col.set(r, c));
    for (let r = 0; r < rows; r++) assert.equal(col.code(r), want[r], `size ${size} row ${r}`);
    assert.deepEqual([...col.codes].slice(0, rows), want, `codes of size ${size}`);
    // Writes after a view was taken are seen by the next view (a packed width's view is rebuilt).
    col.clear(5, 9);
    want.fill(0, 5, 9);
    col.move(2, 700);
    want[2] = want[700];
    const map = Uint32Array.from({ length: 8 }, (_, i) => (i * 7 + 1) % size);
    const src = Uint32Array.from([3, 1, 4, 1, 5]);
    col.copyMapped(100, map, src, undefined, 5);
    for (let j = 0; j < 5; j++) want[100 + j] = map[src[j]];
    col.copyMapped(200, map, src, Uint32Array.from([4, 0]), 2);
    want[200] = map[src[4]];
    want[201] = map[src[0]];
    // Starts and ends inside a byte of a packed width (whole bytes are written between).
    const long = Uint32Array.from({ length: 13 }, (_, i) => (i * 5) % 8);
    col.copyMapped(301, map, long, undefined, 13);
    for (let j = 0; j < 13; j++) want[301 + j] = map[long[j]];
    const picked = Uint32Array.from([12, 0, 7, 3, 3, 9, 1, 11, 2]);
    col.copyMapped(403, map, long, picked, 9);
    for (let j = 0; j < 9; j++) want[403 + j] = map[long[picked[j]]];
    col.clear(501, 514);
    want.fill(0, 501, 514);
    assert.deepEqual([...col.codes].slice(0, rows), want, `after writes, size ${size}`);
    for (let r = 0; r < rows; r++) assert.equal(col.code(r), want[r], `after writes, size ${size} row ${r}`);
  }
});

test('widening step by step keeps every row, and reserve/trim keep the width and the codes', () => {
  const rows = 513;
  const col = new CodeColumn(rows);
  const want = new Array<number>(rows).fill(0);
  const widths: number[] = [col.width];
  for (const size of [2, 5, 17, 257, 65537, 0x1000001]) {
    col.fit(size - 1);
    widths.push(col.width);
    // Each step writes its widest code into a few rows; rows written at narrower widths must survive.
    for (let r = size % 97; r < rows; r += 61) {
      col.set(r, size - 1);
      want[r] = size - 1;
    }
    for (let r = 0; r < rows; r++) assert.equal(col.code(r), want[r], `width ${col.width} row ${r}`);
  }
  assert.deepEqual(widths, [0, 2, 4, 8, 16, 24, 32]);
  const narrow = new CodeColumn(10);
  narrow.fit(9);
  for (let r = 0; r < 10; r++) narrow.set(r, r);
  narrow.reserve(4001);
  assert.equal(narrow.width, 4);
  assert.equal(narrow.capacity, 4001);
  narrow.set(4000, 7);
  narrow.trim(11);
  assert.equal(narrow.capacity, 11);
  assert.deepEqual([...narrow.codes], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
});

test('a saved column of each width loads with the same codes and width, and goes on taking rows', () => {
  for (const size of [1, 3, 11, 100, 1000, 70000]) {
    const rows = 301;
    const col = columnOf(rows, Math.min(size, 2000));
    col.fit(size - 1);
    const want = codesBelow(Math.min(size, col.dict.size), rows, 7 + size);
    want.forEach((c, r) => col.set(r, c));
    const w = new SnapshotWriter();
    col.writeSnapshot(w, rows);
    const loaded = CodeColumn.readSnapshot(new SnapshotReader(snapshotBody(w)), rows);
    assert.equal(loaded.width, col.width, `width of size ${size}`);
    assert.deepEqual([...loaded.codes], want, `codes of size ${size}`);
    loaded.reserve(rows + 10);
    loaded.set(rows + 3, want[0]);
    assert.equal(loaded.code(rows + 3), want[0]);
    assert.equal(loaded.code(rows - 1), want[rows - 1]);
  }
});

test('maxCode is the largest code of the first rows at every width, the last partial byte included', () => {
  const r = rng(17);
  for (const widest of [0, 3, 15, 255, 65_535, 16_777_215, 16_777_216]) {
    for (const rows of [0, 1, 2, 3, 5, 7, 9, 1000]) {
      const col = new CodeColumn(rows);
      col.fit(widest);
      const codes = Array.from({ length: rows }, () => Math.floor(r() * (widest + 1)));
      // The largest value sometimes on the last row, where a 2- or 4-bit column's last byte is partial.
      if (rows > 0 && r() < 0.5) codes[rows - 1] = widest;
      codes.forEach((c, i) => col.set(i, c));
      assert.equal(col.maxCode(rows), Math.max(0, ...codes), `codes up to ${widest}, ${rows} rows`);
    }
  }
});
