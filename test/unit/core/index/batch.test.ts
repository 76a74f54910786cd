// A RowBatch must give back every row's values: string columns through their batch-local dictionaries
// (deduplicated or not), eventTime as a number plus the text only where formatEventTime would not print it.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchBuilder, formatEventTime, giveBatchBuffer, packBatch, unpackBatch, parseEventTime, STRING_COLUMN_KEYS, type RowBatch, type StringColumnKey } from '../../../../core/index';
import { hashValueBytes } from '../../../../core/index/dictionary';
import { RECORD_VALUE_KEYS, type RecordValues } from '../../../../core/record/values';
import { syntheticValues } from './synthetic-records';

function cell(b: RowBatch, k: StringColumnKey, row: number): string | undefined {
  const col = b.columns[k];
  const code = col.codes[row];
  if (code === 0) return undefined;
  return Buffer.from(col.heap.buffer, col.heap.byteOffset + col.ends[code - 1], col.ends[code] - col.ends[code - 1]).toString('utf8');
}

/** What the eventTime string column must hold: the text unless formatEventTime prints it back exactly. */
function expectedTimeText(t: string | undefined): string | undefined {
  const ms = parseEventTime(t);
  return Number.isNaN(ms) || formatEventTime(ms) !== t ? t : undefined;
}

function checkBatches(rows: { values: RecordValues }[], batchRows: number): number {
  const builder = new BatchBuilder('trail.json', 8);
  let next = 0;
  let checked = 0;
  const verify = (b: RowBatch): void => {
    for (let i = 0; i < b.rows; i++, next++) {
      const { values } = rows[next];
      assert.equal(b.ordinal[i], next);
      assert.deepEqual(b.time[i], parseEventTime(values.eventTime), `time of row ${next}`);
      assert.equal(cell(b, 'eventTime', i), expectedTimeText(values.eventTime), `eventTime text of row ${next} (${values.eventTime})`);
      for (const k of RECORD_VALUE_KEYS) if (k !== 'eventTime') assert.equal(cell(b, k, i), values[k], `${k} of row ${next}`);
      checked++;
    }
  };
  rows.forEach((r, i) => {
    builder.add(r.values, { offset: i * 10, length: 10, ordinal: i });
    if (builder.rows === batchRows) verify(builder.build());
  });
  if (builder.rows > 0) verify(builder.build());
  return checked;
}

const TIMES = [
  '2026-01-01T00:00:00Z', '2026-01-01T23:59:59Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.123Z', '2026-01-01T00:00:00.001Z', '2026-01-01T00:00:00.12Z', '2026-01-01T00:00:00.1234Z', '2026-01-01T00:00:00.12aZ', '2026-01-01T23:59:59.999Z', '2026-01-01T00:00:00z',
  '2026-02-30T00:00:00Z', '2025-02-29T12:00:00Z', '2024-02-29T12:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:59:60Z',
  '2026-01-01T23:60:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '0000-01-01T00:00:00Z', '0099-06-01T10:00:00Z',
  '9999-12-31T23:59:59Z', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00', '2026-01-01 00:00:00Z', '2026-1-01T00:00:00Z',
  '2026-01-01T0a:00:00Z', 'not-a-time', '', '2026-01-01', '+02026-01-01T00:00:00Z', '2026-01-01T00:00:00ZZ', '2026-01-01T00:00:0Z',
];

describe('BatchBuilder', () => {
  it('gives back every value of seeded records, in batches of several sizes', () => {
    const rows = syntheticValues(2000, 5).map((values) => ({ values }));
    for (const size of [1, 63, 64, 65, 512, 5000]) assert.equal(checkBatches(rows, size), rows.length);
  });

  it('keeps eventTime text exactly where formatEventTime would not print it back', () => {
    const base = syntheticValues(1, 1)[0];
    const rows = [];
    for (let rep = 0; rep < 3; rep++) for (const t of TIMES) rows.push({ values: { ...base, eventTime: t } });
    assert.equal(checkBatches(rows, 1000), rows.length);
    // the canonical forms really are dropped (and the others kept), so the test above is not vacuous
    const b = new BatchBuilder('f');
    TIMES.forEach((t, i) => b.add({ ...base, eventTime: t }, { offset: 0, length: 1, ordinal: i }));
    const batch = b.build();
    const kept = TIMES.filter((_, i) => cell(batch, 'eventTime', i) !== undefined);
    assert.deepEqual(TIMES.filter((t) => !kept.includes(t)), ['2026-01-01T00:00:00Z', '2026-01-01T23:59:59Z', '2026-01-01T00:00:00.123Z', '2026-01-01T00:00:00.001Z', '2026-01-01T23:59:59.999Z', '2024-02-29T12:00:00Z', '0000-01-01T00:00:00Z', '0099-06-01T10:00:00Z', '9999-12-31T23:59:59Z']);
  });

  it('keeps each distinct value of a column once per batch, near-unique columns too', () => {
    const base = syntheticValues(1, 2)[0];
    const rows = Array.from({ length: 300 }, (_, i) => ({ values: { ...base, eventID: `id-${i}`, eventName: i % 2 ? 'GetObject' : 'PutObject', requestID: i < 100 ? `r${i}` : 'same' } }));
    assert.equal(checkBatches(rows, 300), 300);
    const b = new BatchBuilder('f');
    rows.forEach((r, i) => b.add(r.values, { offset: 0, length: 1, ordinal: i }));
    const batch = b.build();
    assert.equal(batch.columns.eventName.ends.length - 1, 2);
    assert.equal(batch.columns.eventID.ends.length - 1, 300);
    // 100 distinct requestIDs, then one value repeated: the repeats share its code
    assert.equal(batch.columns.requestID.ends.length - 1, 101);
    // the next batch starts its dictionaries afresh
    b.add(rows[0].values, { offset: 0, length: 1, ordinal: 0 });
    const next = b.build();
    assert.equal(next.columns.eventID.ends.length - 1, 1);
    assert.equal(next.columns.eventID.codes[0], 1);
    assert.ok(STRING_COLUMN_KEYS.includes('principal'));
  });
});

describe('RowBatch layout', () => {
  it('lives in one transferable buffer, with every value hashed as the index hashes its bytes', () => {
    const base = syntheticValues(1, 3)[0];
    // Non-ASCII, astral and lone surrogates: the batch's UTF-8 must be Buffer's, byte for byte.
    const odd = ['ключ/файл.txt', '🪣/data', 'lone-\ud800-high', 'lone-\udc00-low', 'end-\ud83e', '\u00e9\u07ff\u0800\uffff', ''];
    const b = new BatchBuilder('f');
    odd.forEach((key, i) => b.add({ ...base, key, userAgent: `agent ${i}` }, { offset: i, length: 1, ordinal: i }));
    const batch = b.build();
    for (const k of STRING_COLUMN_KEYS) {
      const col = batch.columns[k];
      assert.ok(col.hashes, `${k} has hashes`);
      for (let c = 1; c < col.ends.length; c++) assert.equal(col.hashes[c], hashValueBytes(col.heap, col.ends[c - 1], col.ends[c]), `${k} value ${c}`);
    }
    odd.forEach((key, i) => {
      const col = batch.columns.key;
      const code = col.codes[i];
      assert.deepEqual(Buffer.from(col.heap.subarray(col.ends[code - 1], col.ends[code])), Buffer.from(key, 'utf8'), `bytes of ${JSON.stringify(key)}`);
    });
  });

  it('crosses threads as its one buffer: unpacked after a transfer, every array is the same', () => {
    const rows = syntheticValues(300, 9);
    const b = new BatchBuilder('trail.json.gz');
    rows.forEach((v, i) => b.add(v, { offset: i * 7, length: 7, ordinal: i }));
    const batch = b.build();
    const buffer = packBatch(batch);
    for (const k of STRING_COLUMN_KEYS) assert.equal(batch.columns[k].heap.buffer, buffer, `${k} lies in the packed buffer`);
    // What a worker's postMessage does: the buffer moves, the sender's views are left empty.
    const expected = structuredClone(batch);
    const moved = structuredClone(buffer, { transfer: [buffer] });
    assert.equal(batch.time.length, 0);
    const back = unpackBatch('trail.json.gz', moved);
    assert.equal(back.rows, 300);
    for (const a of ['time', 'offset', 'length', 'ordinal'] as const) assert.deepEqual(back[a], expected[a], a);
    for (const k of STRING_COLUMN_KEYS) assert.deepEqual(back.columns[k], expected.columns[k], k);
    assert.throws(() => unpackBatch('x', new ArrayBuffer(4096)), /not a packed batch/);
  });

  it('is built into a buffer given back (a worker\'s, merged), larger and holding an earlier batch: unpacked, the same as in a fresh buffer', () => {
    const many = syntheticValues(400, 5);
    // Ids of no packed form: their packed words are where the earlier batch's UUIDs left theirs.
    const few = syntheticValues(60, 11).map((v, i) => ({ ...v, eventID: `not-a-uuid-${i}`, requestID: i % 2 ? undefined : `r${i}`, sourceIP: `host-${i}`, sessionCreated: 'yesterday' }));
    const build = (rows: RecordValues[]): RowBatch => {
      const b = new BatchBuilder('trail.json.gz');
      rows.forEach((v, i) => b.add(v, { offset: i * 3, length: 3, ordinal: i }));
      return b.build();
    };
    const fresh = structuredClone(build(few));
    const earlier = packBatch(build(many));
    new Uint8Array(earlier).fill(0xa5, 8); // whatever an earlier batch and the main thread's reading left there
    giveBatchBuffer(earlier);
    const again = build(few);
    assert.equal(packBatch(again), earlier, 'built into the buffer given back');
    assert.ok(earlier.byteLength > again.columns.key.heap.byteOffset + again.columns.key.heap.byteLength, 'the buffer is larger than the batch');
    const back = unpackBatch('trail.json.gz', structuredClone(earlier, { transfer: [earlier] }));
    assert.equal(back.rows, 60);
    for (const a of ['time', 'offset', 'length', 'ordinal'] as const) assert.deepEqual(back[a], fresh[a], a);
    for (const k of STRING_COLUMN_KEYS) assert.deepEqual(back.columns[k], fresh.columns[k], k);
    assert.ok(fresh.columns.eventID.packed && fresh.columns.sourceIP.packed, 'the id columns are packed');
  });
});

it('canonical eventTimes are read by hand exactly when formatEventTime prints them back; anything else is NaN', () => {
  const texts = [
    '2026-01-05T10:20:30Z', '2026-01-05T10:20:30.123Z', '2026-01-05T10:20:30.000Z', '2026-01-05T10:20:30.1Z', '1999-12-31T23:59:59Z',
    '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-32T00:00:00Z',
    '2026-01-05T24:00:00Z', '2026-01-05T10:60:00Z', '2026-01-05T10:20:61Z', '2026-01-05 10:20:30Z', '2026-01-05T10:20:30+00:00',
    '2026/01/05T10:20:30Z', '2026-01-05T10:20:3OZ', '2026-01-05T10:20:30z', '0000-01-01T00:00:00Z', '+02026-01-05T10:20:30Z',
    '2026-01-0\u0135T10:20:30Z', '2026-01-05T10:20:30.12\u0133Z', '', '2026-01-05',
  ];
  const builder = new BatchBuilder('f', 4);
  for (const t of texts) {
    const ms = Date.parse(t);
    const expected = !Number.isNaN(ms) && formatEventTime(ms) === t ? ms : NaN;
    assert.equal(builder.canonicalTimeMs(t), expected, t);
    const bytes = Buffer.from(`xx${t}yy`, 'utf8');
    assert.equal(builder.canonicalTimeMsOf(bytes, 2, bytes.length - 2), expected, `${t} as bytes`);
  }
  // Days repeat and alternate: the day memo answers the same both ways.
  for (const t of ['2026-01-05T00:00:01Z', '2026-01-06T00:00:01Z', '2026-01-05T23:59:59Z', '2023-02-29T00:00:00Z', '2026-01-05T00:00:00Z']) {
    const ms = Date.parse(t);
    assert.equal(builder.canonicalTimeMs(t), !Number.isNaN(ms) && formatEventTime(ms) === t ? ms : NaN, t);
  }
});
