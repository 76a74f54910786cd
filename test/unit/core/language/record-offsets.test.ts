// Record offsets: exact starts and ends whatever the spacing, and about a byte a record (issue 17: two million
// empty records cost 16 MB of offsets, 3x their 5.7 MB document, before they were delta-encoded).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordOffsets } from '../../../../core/language/record-offsets';
import { parseDocument } from '../../../../core/language/document';

/** The offsets of the given spans in `text`, read back by index, by cursor, and compared with the spans. */
function roundTrip(text: string, spans: [number, number][]): void {
  const o = new RecordOffsets(text);
  for (const [s, e] of spans) o.add(s, e);
  assert.equal(o.length, spans.length);
  spans.forEach(([s, e], i) => assert.deepEqual([o.start(i), o.end(i)], [s, e], `record ${i} by index`));
  const c = o.cursor();
  const walked: [number, number][] = [];
  while (c.next()) walked.push([c.start, c.end]);
  assert.deepEqual(walked, spans);
}

test('starts and ends of records separated by commas, blanks, line breaks, or nothing derivable', () => {
  // Spacing of every kind, records of every size (deltas of one to four bytes), a block boundary (64 records).
  let text = '[';
  const spans: [number, number][] = [];
  for (let i = 0; i < 300; i++) {
    const sep = i === 0 ? '' : [',', ' , ', ',\n  ', '\r\n,\t'][i % 4];
    text += sep;
    const body = i % 50 === 7 ? `"${'x'.repeat(40_000 * (i % 3))}"` : `{"n":${i}}`;
    spans.push([text.length, text.length + body.length]);
    text += body;
  }
  text += ']';
  roundTrip(text, spans);
  // Ends that the next start does not give (a span shorter than its text) are kept.
  const lines = '{"a":1},\n{"b":2} x\n{"c":3}';
  roundTrip(lines, [[0, 8], [9, 16], [19, 26]]);
});

test('JSON lines that end with a comma keep no end of their own (two million of them would be a Map of two million)', () => {
  const text = '{},\n'.repeat(100_000);
  const o = new RecordOffsets(text, false);
  for (let i = 0; i < 100_000; i++) o.add(4 * i, 4 * i + 3);
  assert.deepEqual([o.start(99_999), o.end(99_998), o.end(99_999)], [399_996, 399_995, 399_999]);
  assert.ok(o.byteLength < 2 * 100_000, `${o.byteLength} bytes`);
});

test('two million empty records take under 1.5 bytes a record (two Int32 offsets took 8)', () => {
  const text = `{"Records":[${new Array(2_000_000).fill('{}').join(',')}]}`;
  const doc = parseDocument('file:///empty.json', text);
  assert.equal(doc.records.length, 2_000_000);
  assert.deepEqual([doc.records.at(1_999_999)?.start, doc.records.at(1_999_999)?.end], [text.length - 4, text.length - 2]);
  const o = new RecordOffsets(text);
  for (let i = 0, at = 12; i < 2_000_000; i++, at += 3) o.add(at, at + 2);
  assert.ok(o.byteLength < 1.5 * 2_000_000, `${o.byteLength} bytes`);
  assert.deepEqual([o.start(1_234_567), o.end(1_234_567)], [12 + 3 * 1_234_567, 14 + 3 * 1_234_567]);
});

test('with lengths (the tolerant reader), any text between records costs no kept end: about two bytes a record', () => {
  // Garbage between every two records: derived ends would all be wrong, and a Map of kept ends would grow per record.
  const n = 100_000;
  const text = '[' + new Array(n).fill('{} x').join(',');
  const o = new RecordOffsets(text, true, true);
  const spans: [number, number][] = [];
  for (let i = 0, at = 1; i < n; i++, at += 5) spans.push([at, at + 2]);
  for (const [s, e] of spans) o.add(s, e);
  assert.ok(o.byteLength < 2 * n + 2 * 65_536, `${o.byteLength} bytes`); // bytes are held in pages of 64 KB
  for (const i of [0, 1, 63, 64, 65, 99_998, 99_999]) assert.deepEqual([o.start(i), o.end(i)], spans[i], `record ${i}`);
  const c = o.cursor();
  const walked: [number, number][] = [];
  while (c.next()) walked.push([c.start, c.end]);
  assert.deepEqual(walked, spans);
  // Long records: lengths of several bytes.
  const long = new RecordOffsets('', true, true);
  const big: [number, number][] = [[0, 5], [300, 300 + 70_000], [80_000, 80_001], [3_000_000, 3_000_000 + 2 ** 22]];
  for (const [s, e] of big) long.add(s, e);
  big.forEach(([s, e], i) => assert.deepEqual([long.start(i), long.end(i)], [s, e]));
});
