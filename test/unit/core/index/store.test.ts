import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../../core/query';
import { BatchBuilder, RecordIndex, STRING_COLUMN_KEYS, TrailIndex, type BatchColumn, type RowBatch, type StringColumnKey } from '../../../../core/index';
import { FLAG_S3 } from '../../../../core/index/store';
import type { RecordValues } from '../../../../core/record/values';
import { SnapshotReader, SnapshotWriter } from '../../../../core/index/snapshot';
import { syntheticValues } from './synthetic-records';
import { snapshotBody } from './value-bytes';

function fileBatch(file: string, values: readonly RecordValues[]) {
  const b = new BatchBuilder(file);
  values.forEach((v, i) => b.add(v, { offset: i * 10, length: 9, ordinal: i }));
  return b.build();
}

const all = (index: TrailIndex) => {
  const r = parseQuery('source:*');
  assert.ok(r.ok);
  return index.count(r.query);
};

test('an exact duplicate delivered in another file is dropped and counted; look-alikes are kept', () => {
  const values = syntheticValues(20, 9).map((v, i) => ({ ...v, eventTime: '2026-01-01T00:00:00Z', eventID: `id-${i}` }));
  const index = new TrailIndex();
  index.addBatch(fileBatch('/a.json', values.slice(0, 10)));
  const copy = values.slice(5, 10); // exact duplicates
  const sameIdOtherName = { ...values[0], eventName: 'Other' };
  const sameIdOtherTime = { ...values[1], eventTime: '2026-01-01T00:00:01Z' };
  const r = index.addBatch(fileBatch('/b.json', [...copy, sameIdOtherName, sameIdOtherTime, ...values.slice(10)]));
  assert.deepEqual(r, { added: 12, duplicates: 5 });
  assert.equal(index.store.duplicates, 5);
  assert.equal(all(index), 22);
  // the same eventID twice within one file is two records as written
  const single = new TrailIndex();
  single.addBatch(fileBatch('/c.json', [values[0], values[0]]));
  assert.equal(all(single), 2);
});

test('removing a file hides its rows and brings back duplicates it had shadowed', () => {
  const values = syntheticValues(30, 3).map((v, i) => ({ ...v, eventID: `id-${i}` }));
  const index = new TrailIndex();
  index.addBatch(fileBatch('/a.json', values.slice(0, 20)));
  index.addBatch(fileBatch('/b.json', values.slice(10, 30)));
  assert.equal(all(index), 30);
  assert.equal(index.store.duplicates, 10);
  const removed = index.removeFile('/a.json');
  assert.equal(removed.removed, 20);
  assert.deepEqual(removed.reread, ['/b.json']);
  assert.equal(all(index), 10);
  // the caller re-reads the shadowing file: remove and add it again
  index.removeFile('/b.json');
  index.addBatch(fileBatch('/b.json', values.slice(10, 30)));
  assert.equal(all(index), 20);
  assert.equal(index.store.records, 20);
  assert.equal(index.store.duplicates, 0);
  assert.equal(index.location(0), undefined); // dead row
  assert.deepEqual(index.store.livePaths(), ['/b.json']);
});

test('compaction keeps every live row, its values and its location', () => {
  const values = syntheticValues(200, 4);
  const index = new TrailIndex();
  for (let f = 0; f < 10; f++) index.addBatch(fileBatch(`/f${f}.json`, values.slice(f * 20, f * 20 + 20)));
  for (let f = 0; f < 10; f += 2) index.removeFile(`/f${f}.json`);
  const q = parseQuery('-eventName:GetObject source:*');
  assert.ok(q.ok);
  const before = Array.from(index.matchingRows(q.query)).map((id) => JSON.stringify([index.rowData(id), index.location(id)]).replace(/"id":\d+,/, ''));
  index.store.compact();
  assert.equal(index.store.rowCount, 100);
  const after = Array.from(index.matchingRows(q.query)).map((id) => JSON.stringify([index.rowData(id), index.location(id)]).replace(/"id":\d+,/, ''));
  assert.deepEqual(after, before);
  index.store.trim();
  index.addBatch(fileBatch('/f0.json', values.slice(0, 20)));
  assert.equal(all(index), 120);
});

/** A RowBatch built by hand (not by BatchBuilder), so the merge is checked on its own: each row gives its
 *  eventTime in ms and some string cells; every other column is missing. */
function handBatch(file: string, rows: readonly { time: number; cells: Partial<Record<StringColumnKey, string>> }[]): RowBatch {
  const enc = new TextEncoder();
  const columns = {} as Record<StringColumnKey, BatchColumn>;
  for (const k of STRING_COLUMN_KEYS) {
    const local = new Map<string, number>();
    const parts: Uint8Array[] = [];
    const ends = [0];
    const codes = new Uint32Array(rows.length);
    rows.forEach((r, i) => {
      const v = r.cells[k];
      if (v === undefined) return;
      let c = local.get(v);
      if (c === undefined) {
        const bytes = enc.encode(v);
        parts.push(bytes);
        ends.push(ends[ends.length - 1] + bytes.length);
        c = ends.length - 1;
        local.set(v, c);
      }
      codes[i] = c;
    });
    columns[k] = { codes, heap: Buffer.concat(parts), ends: Uint32Array.from(ends) };
  }
  return {
    file, rows: rows.length, columns,
    time: Float64Array.from(rows, (r) => r.time),
    offset: Uint32Array.from(rows, (_, i) => i * 100),
    length: Uint32Array.from(rows, (_, i) => 50 + (i % 7)),
    ordinal: Uint32Array.from(rows, (_, i) => i),
  };
}

test('batches merge column by column: values, locations and S3 flags of kept rows survive duplicates and code widening', () => {
  const t0 = Date.UTC(2026, 0, 1);
  const rowA = (i: number) => ({
    time: t0 + i * 1000,
    cells: {
      eventID: `id-${i}`,
      // 700 distinct names: the column widens past 8 bits within one batch
      eventName: `Name${i}`,
      eventSource: i % 3 === 0 ? 's3.amazonaws.com' : 'ec2.amazonaws.com',
      ...(i % 5 === 0 ? {} : { awsRegion: `region-${i % 4}` }),
    },
  });
  const a = Array.from({ length: 700 }, (_, i) => rowA(i));
  const store = new RecordIndex(16);
  assert.deepEqual(store.addBatch(handBatch('/a.json', a)), { added: 700, duplicates: 0 });
  // File b: copies of a's rows 0..99 (dropped) interleaved with new rows, a same-id row with another name
  // (kept), and a new row repeated (kept twice: one file's own repeats are records as written).
  const b: typeof a = [];
  for (let i = 0; i < 100; i++) {
    b.push(rowA(i));
    b.push({ time: t0, cells: { eventID: `b-${i}`, eventName: `Other${i % 2}`, eventSource: i % 2 ? 's3express.amazonaws.com' : 'sts.amazonaws.com' } });
  }
  b.push({ ...rowA(150), cells: { ...rowA(150).cells, eventName: 'Renamed' } });
  b.push(b[1], b[1]);
  assert.deepEqual(store.addBatch(handBatch('/b.json', b)), { added: 103, duplicates: 100 });
  assert.equal(store.records, 803);
  assert.equal(store.duplicates, 100);

  const expected = [
    ...a.map((r, i) => ({ file: '/a.json', r, i })),
    ...b.map((r, i) => ({ file: '/b.json', r, i })).filter(({ i }) => !(i < 200 && i % 2 === 0)),
  ];
  assert.equal(store.rowCount, expected.length);
  let s3 = 0;
  expected.forEach(({ file, r, i }, row) => {
    assert.deepEqual(store.location(row), { file, offset: i * 100, length: 50 + (i % 7), ordinal: i }, `row ${row}`);
    assert.equal(store.time.at(row), r.time);
    for (const k of STRING_COLUMN_KEYS) {
      const col = store.columns[k];
      assert.equal(col.dict.value(col.codes[row]), (r.cells as Partial<Record<StringColumnKey, string>>)[k], `row ${row} ${k}`);
    }
    const isS3 = r.cells.eventSource.startsWith('s3');
    assert.equal((store.flags[row] & FLAG_S3) !== 0, isS3, `row ${row} S3 flag`);
    if (isS3) s3++;
  });
  assert.equal(store.s3Records, s3);

  // Removing a brings its copies in b back on the next read of b; b's own rows dedup against nothing then.
  assert.deepEqual(store.removeFile('/a.json').reread, ['/b.json']);
  store.removeFile('/b.json');
  store.compact();
  assert.deepEqual(store.addBatch(handBatch('/b.json', b)), { added: 203, duplicates: 0 });
  assert.equal(store.records, 203);
  // and a again: its path sorts first, so its 100 copies replace b's (the same copies are kept whatever order
  // the files arrive in), and b counts the 100 it lost
  assert.deepEqual(store.addBatch(handBatch('/a.json', a)), { added: 700, duplicates: 0 });
  assert.equal(store.records, 803);
  assert.equal(store.duplicates, 100);
  const live = Array.from({ length: store.rowCount }, (_, r) => store.location(r)).filter((l) => l !== undefined);
  assert.equal(live.filter((l) => l.file === '/a.json').length, 700);
  assert.equal(store.s3Records, a.map((r) => r.cells.eventSource).concat(b.slice(200).map((r) => r.cells.eventSource), b.slice(0, 200).filter((_, i) => i % 2 === 1).map((r) => r.cells.eventSource)).filter((s) => s.startsWith('s3')).length);
  // Removing a now brings b's copies back on the next read of b.
  assert.deepEqual(store.removeFile('/a.json').reread, ['/b.json']);
});

test('of two copies of a record, the one kept is in the file whose path sorts first, whatever order they arrive in', () => {
  const t = Date.UTC(2026, 0, 3);
  const rec = (id: string) => ({ time: t, cells: { eventID: id, eventName: 'GetObject', eventSource: 's3.amazonaws.com' } });
  for (const order of [['/logs/1.json', '/logs/2.json'], ['/logs/2.json', '/logs/1.json']]) {
    const store = new RecordIndex(16);
    for (const file of order) store.addBatch(handBatch(file, [rec('dup'), rec(`own-${file}`)]));
    assert.equal(store.records, 3, order.join(' then '));
    assert.equal(store.s3Records, 3);
    assert.equal(store.duplicates, 1);
    const kept = Array.from({ length: store.rowCount }, (_, r) => store.location(r)).filter((l) => l !== undefined);
    assert.deepEqual(kept.filter((l) => l.ordinal === 0).map((l) => l.file), ['/logs/1.json'], order.join(' then '));
    // Removing the file that kept the copy asks for the other to be read again (its copy comes back).
    assert.deepEqual(store.removeFile('/logs/1.json').reread, ['/logs/2.json']);
  }
});

test('a file repeating an eventID keeps both rows even where compaction left stale rows past the end', () => {
  const t = Date.UTC(2026, 0, 2);
  const store = new RecordIndex(16);
  store.addBatch(handBatch('/x.json', [{ time: t, cells: { eventID: 'x', eventName: 'GetObject' } }]));
  store.addBatch(handBatch('/y.json', [{ time: t, cells: { eventID: 'y', eventName: 'GetObject' } }]));
  store.removeFile('/x.json');
  store.compact();
  // Row 1 still holds y's old cells (another file, same name and time): the batch's first row lands there,
  // and its repeat must be checked against that row as this batch writes it, not as it was.
  const z = { time: t, cells: { eventID: 'z', eventName: 'GetObject' } };
  assert.deepEqual(store.addBatch(handBatch('/z.json', [z, z])), { added: 2, duplicates: 0 });
  assert.equal(store.records, 3);
});

test('expect() sizes the index for the rest of a load: the same rows and values, and no more growth of what it sized', () => {
  // Ids of one length, as CloudTrail's are (a UUID, a 16-character request id).
  const values = syntheticValues(4000, 21).map((v, i) => ({ ...v, eventID: `0000${i.toString(16).padStart(4, '0')}-1111-4222-8333-444455556666`, requestID: `R${i.toString(16).padStart(15, '0')}` }));
  const files = Array.from({ length: 20 }, (_, f) => values.slice(f * 200, f * 200 + 200));
  const plain = new RecordIndex();
  const sized = new RecordIndex();
  const storage = (ix: RecordIndex) => ['eventID', 'requestID'].map((k) => ix.columns[k as StringColumnKey].dict.byteSize());
  let sizedStorage: number[] = [];
  let timeColumn: ArrayBufferLike | undefined;
  let fewValues = 0;
  for (const [f, v] of files.entries()) {
    plain.addBatch(fileBatch(`/f${f}.json`, v));
    sized.addBatch(fileBatch(`/f${f}.json`, v));
    if (f === 0) {
      // One file in twenty read: expect a little more than twenty times as much (room for a last batch).
      fewValues = sized.columns.eventName.dict.byteSize();
      sized.expect(21);
      sizedStorage = storage(sized);
      timeColumn = sized.time.seconds.buffer;
      assert.equal(sized.columns.eventName.dict.byteSize(), fewValues, 'a column of few values is left alone');
    }
  }
  assert.deepEqual(storage(sized), sizedStorage, 'no sized dictionary grew again');
  assert.ok(sized.time.seconds.buffer === timeColumn, 'the row arrays did not grow again');
  assert.equal(sized.rowCount, plain.rowCount);
  for (let r = 0; r < plain.rowCount; r++) {
    assert.equal(sized.time.at(r), plain.time.at(r));
    for (const k of STRING_COLUMN_KEYS) assert.equal(sized.columns[k].dict.value(sized.columns[k].codes[r]), plain.columns[k].dict.value(plain.columns[k].codes[r]), `${k} of row ${r}`);
  }
  assert.equal(sized.columns.eventID.dict.lookup(values[3999].eventID!), sized.columns.eventID.codes[3999]);
});

test('a record that reuses another file\'s eventID, eventName and eventTime with other values hides neither (issue 17)', () => {
  // An attacker who cannot delete the real log file (Object Lock) adds a file with a "copy" of their record
  // whose caller, bucket or source IP differ: whichever file is read first, both records stay.
  const real = { ...syntheticValues(1, 4)[0], eventID: 'evt-1', eventTime: '2026-01-01T00:00:00Z', eventName: 'DeleteObject', bucket: 'prod', userArn: 'arn:aws:iam::1:user/mallory', sourceIP: '198.51.100.7' };
  for (const forged of [{ ...real, userArn: 'arn:aws:iam::1:user/backup' }, { ...real, bucket: 'scratch' }, { ...real, sourceIP: '10.0.0.1' }]) {
    for (const order of [[real, forged], [forged, real]]) {
      const index = new TrailIndex();
      index.addBatch(fileBatch('/first.json', [order[0]]));
      assert.deepEqual(index.addBatch(fileBatch('/second.json', [order[1]])), { added: 1, duplicates: 0 });
      assert.equal(all(index), 2);
    }
  }
  // The exact copy (CloudTrail delivering a record twice) is still dropped once.
  const index = new TrailIndex();
  index.addBatch(fileBatch('/first.json', [real]));
  assert.deepEqual(index.addBatch(fileBatch('/second.json', [{ ...real }])), { added: 0, duplicates: 1 });
});

test('only an exact copy is dropped, and of exact copies the one kept is in the path that sorts first (issues 17 and 23 together)', () => {
  const real = { ...syntheticValues(1, 4)[0], eventID: 'evt-1', eventTime: '2026-01-01T00:00:00Z', eventName: 'DeleteObject', bucket: 'prod', userArn: 'arn:aws:iam::1:user/mallory' };
  const forged = { ...real, userArn: 'arn:aws:iam::1:user/backup' };
  const files = (index: TrailIndex): string[] => Array.from({ length: index.store.rowCount }, (_, r) => index.store.location(r)?.file).filter((f) => f !== undefined).sort();
  // A forged copy in a path that sorts first, read second, replaces nothing: both records stay.
  const index = new TrailIndex();
  index.addBatch(fileBatch('/b.json', [real]));
  assert.deepEqual(index.addBatch(fileBatch('/a.json', [forged])), { added: 1, duplicates: 0 });
  assert.equal(all(index), 2);
  assert.deepEqual(files(index), ['/a.json', '/b.json']);
  // An exact copy in a path that sorts first takes the real record's place; the forged one stays.
  index.addBatch(fileBatch('/0.json', [{ ...real }]));
  assert.equal(all(index), 2);
  assert.deepEqual(files(index), ['/0.json', '/a.json']);
  assert.equal(index.store.duplicates, 1);
  // An exact copy in a path that sorts last is the one dropped.
  assert.deepEqual(index.addBatch(fileBatch('/z.json', [{ ...real }])), { added: 0, duplicates: 1 });
  assert.deepEqual(files(index), ['/0.json', '/a.json']);
});

test('record lengths start in 16 bits and widen, keeping every value, when one needs more; places past 16 bits and file ids past 16 bits', () => {
  const values = syntheticValues(6, 4);
  const index = new TrailIndex();
  const s = index.store;
  index.addBatch(fileBatch('/small.json', values.slice(0, 2)));
  assert.ok(s.lengths instanceof Uint16Array);
  const big = new BatchBuilder('/big.json');
  big.add(values[2], { offset: 5, length: 70_000, ordinal: 3 });
  big.add(values[3], { offset: 70_005, length: 12, ordinal: 65_536 });
  index.addBatch(big.build());
  assert.ok(s.lengths instanceof Uint32Array);
  assert.ok(s.fileIds.column(s.rowCount) instanceof Uint16Array, 'two files fit 16 bits');
  assert.deepEqual(index.location(2), { file: '/big.json', offset: 5, length: 70_000, ordinal: 3 });
  assert.deepEqual(index.location(3), { file: '/big.json', offset: 70_005, length: 12, ordinal: 65_536 });
  assert.deepEqual(index.location(1), { file: '/small.json', offset: 10, length: 9, ordinal: 1 });
  // The 65,537th file's id needs 17 bits.
  const many = new RecordIndex();
  const one = fileBatch('/f', values.slice(0, 1));
  for (let f = 0; f <= 0x10000; f++) many.addBatch({ ...one, file: `/f${f}.json`, columns: { ...one.columns, eventID: { ...one.columns.eventID, codes: new Uint32Array(1) } } });
  assert.ok(many.fileIds.column(many.rowCount) instanceof Uint32Array);
  assert.equal(many.fileIds.at(0x10000), 0x10000);
  assert.equal(many.location(0x10000)?.file, '/f65536.json');
  assert.equal(many.location(0xffff)?.file, '/f65535.json');
});

test('expect() widens a near-unique column\'s codes before it sizes the rows: no later widening copies the whole load', () => {
  // Object keys, one per record (eventID and requestID are kept in the row: no codes to widen).
  const values = syntheticValues(4000, 22).map((v, i) => ({ ...v, key: `logs/${i}.json` }));
  const sized = new RecordIndex();
  let codes: ArrayBufferLike | undefined;
  for (let f = 0; f < 20; f++) {
    sized.addBatch(fileBatch(`/f${f}.json`, values.slice(f * 200, f * 200 + 200)));
    if (f === 0) {
      assert.ok(sized.columns.key.codes instanceof Uint8Array, '200 values fit a byte');
      sized.expect(21);
      assert.ok(sized.columns.key.codes instanceof Uint16Array, 'widened for the ~4,200 values to come');
      assert.ok(sized.columns.eventName.codes instanceof Uint8Array, 'a column of few values keeps its width');
      codes = (sized.columns.key.codes as ArrayBufferView).buffer;
    }
  }
  assert.ok((sized.columns.key.codes as ArrayBufferView).buffer === codes, 'the codes were not copied again');
  for (let r = 0; r < 4000; r++) assert.equal(sized.columns.key.dict.value(sized.columns.key.codes[r]), values[r].key);
});

test('a finished load drops the eventID table; the changes after de-duplicate as they would have with it kept', () => {
  const values = syntheticValues(3000, 11).map((v, i) => ({ ...v, eventID: `id-${i}` }));
  const kept = new TrailIndex();
  const dropped = new TrailIndex();
  // A record that reuses a loaded one's eventID with another time (no copy of it), and one with another name.
  const otherTime = { ...values[7], eventTime: '2027-03-04T05:06:07Z' };
  const otherName = { ...values[8], eventName: 'Other' };
  const steps: ((index: TrailIndex) => unknown)[] = [
    (index) => index.addBatch(fileBatch('/b.json', values.slice(0, 2000))),
    (index) => index.addBatch(fileBatch('/c.json', [...values.slice(1990, 2010), otherTime, otherName])),
    (index) => index.addBatch(fileBatch('/a.json', values.slice(1995, 2005))), // copies in a path that sorts first
    (index) => index.addBatch(fileBatch('/d.json', [...values.slice(0, 5), ...values.slice(2010, 2030), otherTime])),
    (index) => index.removeFile('/b.json'),
    (index) => index.addBatch(fileBatch('/e.json', values.slice(0, 10))),
  ];
  steps[0](kept);
  steps[0](dropped);
  dropped.store.trim();
  dropped.prepare();
  assert.equal(dropped.store.eventIdTableBytes(), 0);
  const results = steps.slice(1).map((step) => {
    const result = step(dropped);
    assert.deepEqual(result, step(kept));
    assert.equal(dropped.store.records, kept.store.records);
    assert.equal(dropped.store.duplicates, kept.store.duplicates);
    return result;
  });
  // /c's records that reuse a loaded eventID with another time or name are kept; /d's copy of one of them is not.
  assert.deepEqual(results[0], { added: 12, duplicates: 10 });
  assert.deepEqual(results[2], { added: 20, duplicates: 6 });
  // The loaded rows were found by their time: the changes made a table of their own rows only.
  assert.ok(dropped.store.eventIdTableBytes() > 0);
  assert.ok(dropped.store.eventIdTableBytes() * 10 < kept.store.eventIdTableBytes(), `${dropped.store.eventIdTableBytes()} vs ${kept.store.eventIdTableBytes()} bytes`);
  assert.equal(all(dropped), all(kept));
  dropped.store.trimIfLoose();
  assert.equal(dropped.store.eventIdTableBytes(), 0);
  assert.deepEqual(dropped.addBatch(fileBatch('/f.json', values.slice(2000, 2010))), { added: 0, duplicates: 10 });
  // Without a time order (a bare store) the first change builds the table of every row again, and finds the same.
  const bare = new RecordIndex();
  bare.addBatch(fileBatch('/b.json', values.slice(0, 2000)));
  bare.trim();
  assert.deepEqual(bare.addBatch(fileBatch('/c.json', values.slice(1990, 2010))), { added: 10, duplicates: 10 });
  assert.ok(bare.eventIdTableBytes() >= 2000 * 5);
});

test('an index compacted to an odd number of rows is saved and read back (the half byte of tags past the last row)', () => {
  const values = syntheticValues(6, 1).map((v, i) => ({ ...v, eventID: `id-${i}` }));
  const index = new RecordIndex();
  index.addBatch(fileBatch('/a.json', values.slice(0, 3)));
  index.addBatch(fileBatch('/b.json', values.slice(3)));
  index.removeFile('/a.json');
  index.compact();
  assert.equal(index.rowCount, 3);
  const w = new SnapshotWriter();
  index.writeSnapshot(w);
  const loaded = RecordIndex.readSnapshot(new SnapshotReader(snapshotBody(w)));
  assert.deepEqual(Array.from({ length: 3 }, (_, r) => loaded.location(r)?.file), ['/b.json', '/b.json', '/b.json']);
});
