import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_IDS, type ColumnId } from '../../../../core/protocol';
import { matchesValues, parseQuery, type ParsedQuery } from '../../../../core/query';
import { bucketSize, formatEventTime, TrailIndex } from '../../../../core/index';
import type { RecordValues } from '../../../../core/record/values';
import { batchesOf, syntheticValues } from './synthetic-records';
import { REFERENCE_QUERIES } from './reference-queries';

const NOW = Date.UTC(2026, 0, 3, 12);

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text, NOW);
  assert.ok(r.ok, `query ${JSON.stringify(text)} should parse: ${r.ok ? '' : r.error.message}`);
  return r.query;
}

function build(values: readonly RecordValues[], perFile = 37): TrailIndex {
  const index = new TrailIndex();
  for (const b of batchesOf(values, perFile)) index.addBatch(b);
  return index;
}

const VALUES = syntheticValues(3000, 5);
const INDEX = build(VALUES);

test('every reference query selects exactly the records matchesValues selects', () => {
  for (const text of REFERENCE_QUERIES) {
    const q = parsed(text);
    const expected = VALUES.flatMap((v, i) => (matchesValues(q, v) ? [i] : []));
    assert.deepEqual(Array.from(INDEX.matchingRows(q)), expected, `query ${JSON.stringify(text)}`);
  }
  // The set is not degenerate: every query selects some records and only source:* selects all of them.
  const counts = REFERENCE_QUERIES.map((t) => INDEX.count(parsed(t)));
  assert.ok(counts.every((c) => c > 0), String(counts));
  assert.deepEqual(REFERENCE_QUERIES.filter((_, i) => counts[i] === VALUES.length), ['source:*']);
});

test('the same query after more rows arrive sees the new rows (cached match tables extend)', () => {
  const index = build(VALUES.slice(0, 1000));
  const q = parsed('user:*level3* -error:*');
  const before = index.count(q);
  for (const b of batchesOf(VALUES.slice(1000), 50)) index.addBatch({ ...b, file: b.file.replace('file', 'more') });
  const expected = VALUES.filter((v) => matchesValues(q, v)).length;
  assert.ok(before < expected);
  assert.equal(index.count(parsed('user:*level3* -error:*')), expected);
});

test('rows carry the record values as table text', () => {
  const q = parsed('source:*');
  const { total, rows } = INDEX.window(q, undefined, 10, 3);
  assert.equal(total, VALUES.length);
  assert.deepEqual(rows.map((r) => r.id), [10, 11, 12]);
  const v = VALUES[11];
  const row = rows[1];
  assert.equal(row.time, v.eventTime === 'not-a-time' ? 'not-a-time' : v.eventTime ?? '');
  assert.equal(row.eventName, v.eventName);
  assert.equal(row.bucket, v.bucket ?? '');
  assert.equal(row.principalArn, v.userArn ?? '');
  assert.equal(row.principal, v.principal ?? '');
  assert.equal(row.error, v.errorCode ?? '');
  assert.equal(row.file, '/trail/file-0.json');
  assert.deepEqual(INDEX.location(11), { file: '/trail/file-0.json', offset: 1100, length: 90, ordinal: 11 });
  // eventTime comes back exactly as written, canonical or not
  VALUES.forEach((val, i) => assert.equal(INDEX.eventTimeText(i), val.eventTime ?? ''));
});

test('sorting by every column is a stable sort of the matching rows, both directions', () => {
  const q = parsed('-eventName:HeadBucket');
  const matching = Array.from(INDEX.matchingRows(q));
  for (const column of COLUMN_IDS) {
    for (const descending of [false, true]) {
      const key = (id: number): string | number => column === 'time' ? timeKey(id) : INDEX.cellText(id, column);
      const expected = matching.slice().sort((a, b) => {
        const ka = key(a), kb = key(b);
        const c = ka < kb ? -1 : ka > kb ? 1 : 0;
        return (descending ? -c : c) || a - b;
      });
      assert.deepEqual(Array.from(INDEX.sortedRows(q, { column, descending })), expected, `${column} ${descending}`);
    }
  }
  // a narrow query takes the direct path; same answer
  const narrow = parsed('eventid:e-5-1*');
  const ids = Array.from(INDEX.matchingRows(narrow));
  const byName = ids.slice().sort((a, b) => cmp(INDEX.cellText(a, 'eventName'), INDEX.cellText(b, 'eventName')) || a - b);
  assert.deepEqual(Array.from(INDEX.sortedRows(narrow, { column: 'eventName', descending: false })), byName);
});

function timeKey(id: number): number {
  const t = INDEX.store.time.at(id);
  return Number.isNaN(t) ? -Infinity : t;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

test('facets count values among the matching rows', () => {
  const q = parsed('error:*');
  const columns: ColumnId[] = ['eventName', 'error', 'bucket', 'principal', 'file'];
  const facets = INDEX.facets(q, columns, 3);
  const ids = Array.from(INDEX.matchingRows(q));
  for (const column of columns) {
    const counts = new Map<string, number>();
    for (const id of ids) {
      const v = INDEX.cellText(id, column);
      if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const expected = [...counts].map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || cmp(a.value, b.value)).slice(0, 3);
    assert.deepEqual(facets[column], expected, column);
  }
});

test('histogram: round bucket size, counts and errors add up', () => {
  const q = parsed('source:*');
  const h = INDEX.histogram(q, 50);
  assert.equal(h.bucketMs, 2 * 3600_000); // 3 days / 50 -> 2h
  assert.equal(h.startMs % h.bucketMs, 0);
  const timed = VALUES.filter((v) => v.eventTime !== undefined && v.eventTime !== 'not-a-time');
  assert.equal(h.counts.reduce((a, b) => a + b, 0), timed.length);
  assert.equal(h.errors.reduce((a, b) => a + b, 0), timed.filter((v) => v.errorCode).length);
  const first = timed.filter((v) => Date.parse(v.eventTime!) < h.startMs + h.bucketMs).length;
  assert.equal(h.counts[0], first);
  assert.deepEqual(INDEX.histogram(parsed('eventid:none-such'), 10), { startMs: 0, bucketMs: 1000, counts: [], errors: [] });
});

test('bucketSize picks round sizes', () => {
  assert.equal(bucketSize(0, 10), 1000);
  assert.equal(bucketSize(59_000, 60), 1000);
  assert.equal(bucketSize(60_000, 60), 2000);
  assert.equal(bucketSize(3600_000, 100), 60_000);
  assert.equal(bucketSize(30 * 86400_000, 10), 3 * 86400_000 + 86400_000 * 0 + 86400_000 * 1); // 4 days
  assert.equal(formatEventTime(Date.UTC(2026, 0, 1)), '2026-01-01T00:00:00Z');
  assert.equal(formatEventTime(Date.UTC(2026, 0, 1) + 5), '2026-01-01T00:00:00.005Z');
});

test('the time order stays right as files are added to and removed from a sorted index', () => {
  const index = new TrailIndex();
  const batches = batchesOf(VALUES, 300);
  const q = parsed('source:*');
  const check = () => {
    for (const descending of [false, true]) {
      const ids = Array.from(index.matchingRows(q));
      const key = (id: number) => (Number.isNaN(index.store.time.at(id)) ? -Infinity : index.store.time.at(id));
      const expected = ids.slice().sort((a, b) => (descending ? key(b) - key(a) : key(a) - key(b)) || a - b);
      assert.deepEqual(Array.from(index.sortedRows(q, { column: 'time', descending })), expected, `descending ${descending}`);
    }
  };
  index.addBatch(batches[0]);
  check();
  for (const b of batches.slice(1, 6)) {
    index.addBatch(b);
    check();
  }
  index.removeFile(batches[2].file);
  check();
  index.addBatch(batches[6]);
  check();
  index.store.compact();
  index.addBatch(batches[7]);
  check();
});

test('first windows (partial sort) equal the same slice of the full sort, every column and direction', () => {
  const q = parsed('-eventName:HeadBucket');
  for (const column of COLUMN_IDS) {
    for (const descending of [false, true]) {
      const fresh = build(VALUES);
      const first = fresh.window(q, { column, descending }, 0, 50).rows.map((r) => r.id);
      const second = fresh.window(q, { column, descending }, 50, 25).rows.map((r) => r.id);
      const full = Array.from(INDEX.sortedRows(q, { column, descending }));
      assert.deepEqual(first, full.slice(0, 50), `${column} ${descending}`);
      assert.deepEqual(second, full.slice(50, 75), `${column} ${descending} second window`);
      assert.equal(fresh.window(q, { column, descending }, 0, 10).total, full.length);
    }
  }
});

test('windows read off the prepared time order equal slices of the full sort, under filters, as rows arrive', () => {
  const index = new TrailIndex();
  const batches = batchesOf(VALUES, 300);
  const queries = ['', 'eventName:GetObject', 'error:*', 'ip:10.0.0.0/8', '-eventName:Get*', 'eventid:e-5-10', 'eventName:NoSuchEvent'].map(parsed);
  const check = (label: string) => {
    for (const q of queries) {
      for (const descending of [false, true]) {
        const full = Array.from(build(VALUES.slice(0, index.store.rowCount), 300).sortedRows(q, { column: 'time', descending }));
        for (const [offset, limit] of [[0, 40], [40, 200], [150, 7], [full.length - 3, 10], [full.length + 5, 10]]) {
          const w = index.window(q, { column: 'time', descending }, offset, limit);
          assert.equal(w.total, full.length);
          assert.deepEqual(w.rows.map((r) => r.id), full.slice(Math.max(0, offset), Math.max(0, offset) + limit), `${label} ${q.text} ${descending} @${offset}`);
        }
      }
    }
  };
  for (const b of batches.slice(0, 4)) index.addBatch(b);
  index.prepare();
  check('prepared');
  index.addBatch(batches[4]);
  check('rows appended after prepare');
  index.prepare();
  check('prepared again');
});

test('dropping caches forgets results and other orders but keeps the prepared time orders of a ready index', () => {
  const index = build(VALUES, 300);
  index.prepare();
  index.sortedRows(parsed(''), { column: 'eventName', descending: false });
  assert.ok(index.orderReady('time', true) && index.orderReady('time', false) && index.orderReady('eventName', false));
  index.dropCaches();
  assert.ok(index.orderReady('time', true) && index.orderReady('time', false));
  assert.equal(index.orderReady('eventName', false), false);
  assert.deepEqual(index.window(parsed('error:*'), { column: 'time', descending: true }, 0, 5).rows.map((r) => r.id),
    Array.from(build(VALUES, 300).sortedRows(parsed('error:*'), { column: 'time', descending: true })).slice(0, 5));
});

test('a cached result extends over appended rows and is evaluated afresh after a removal, for every reference query', () => {
  const perFile = 250;
  const batches = batchesOf(VALUES, perFile);
  const queries = REFERENCE_QUERIES.map(parsed);
  const expected = (q: ParsedQuery, upTo: number, removedFile = -1) => VALUES.slice(0, upTo)
    .flatMap((v, i) => (matchesValues(q, v) && Math.floor(i / perFile) !== removedFile ? [i] : []));
  // The evaluator caches its last result: each query goes through the three steps on its own.
  for (const q of queries) {
    const index = new TrailIndex();
    for (const b of batches.slice(0, 6)) index.addBatch(b);
    assert.deepEqual(Array.from(index.matchingRows(q)), expected(q, 6 * perFile), `first rows: ${q.text}`);
    for (const b of batches.slice(6)) index.addBatch(b);
    assert.deepEqual(Array.from(index.matchingRows(q)), expected(q, VALUES.length), `appended: ${q.text}`);
    index.removeFile(batches[2].file);
    assert.deepEqual(Array.from(index.matchingRows(q)), expected(q, VALUES.length, 2), `after removal: ${q.text}`);
  }
});

test('the opening window (no terms, by time) counts and lists live rows only, also after a file is removed', () => {
  const batches = batchesOf(VALUES, 500);
  const index = new TrailIndex();
  for (const b of batches) index.addBatch(b);
  index.prepare();
  index.removeFile(batches[1].file);
  const kept = VALUES.map((_, i) => i).filter((i) => Math.floor(i / 500) !== 1);
  for (const text of ['', 'source:*']) {
    const q = parsed(text);
    const want = VALUES.flatMap((v, i) => (kept.includes(i) && matchesValues(q, v) ? [i] : []));
    for (const descending of [true, false]) {
      const full = Array.from(build(want.map((i) => VALUES[i]), 500).sortedRows(q, { column: 'time', descending })).map((r) => want[r]);
      for (const [offset, limit] of [[0, 50], [120, 30], [want.length - 5, 10]]) {
        const w = index.window(q, { column: 'time', descending }, offset, limit);
        assert.equal(w.total, want.length, `${text} total`);
        assert.deepEqual(w.rows.map((r) => r.id), full.slice(offset, offset + limit), `${text} ${descending} @${offset}`);
      }
    }
  }
});

test('sorts by other columns never evict the time order (what the saved index and the de-duplication read)', () => {
  const index = build(VALUES);
  index.prepare();
  const orders = (index as unknown as { orders: { currentTimeOrder(): Uint32Array | undefined } }).orders;
  const kept = orders.currentTimeOrder();
  assert.ok(kept);
  for (const column of ['eventName', 'bucket', 'region', 'sourceIP', 'principal', 'key'] as ColumnId[]) {
    // Whole results sorted (not the first screens' top-k): each sort keeps its order.
    index.window(parsed('source:*'), { column, descending: false }, 0, VALUES.length);
    index.window(parsed('source:*'), { column, descending: true }, 0, VALUES.length);
  }
  assert.equal(orders.currentTimeOrder(), kept, 'the same time order, not rebuilt');
});
