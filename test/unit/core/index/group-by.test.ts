// Group-by tables counted on the index's codes against an oracle counted from each row's table text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColumnId } from '../../../../core/protocol';
import { parseQuery, type ParsedQuery } from '../../../../core/query';
import { TrailIndex } from '../../../../core/index';
import { batchesOf, syntheticValues } from './synthetic-records';

const NOW = Date.UTC(2026, 0, 3, 12);
const INDEX = new TrailIndex();
for (const b of batchesOf(syntheticValues(3000, 11), 41)) INDEX.addBatch(b);

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text, NOW);
  assert.ok(r.ok);
  return r.query;
}

/** The table as counted row by row from the rows' text (the values the table shows). */
function oracle(query: string, rows: ColumnId, columns: ColumnId, rowLimit: number, colLimit: number) {
  const ids = Array.from(INDEX.matchingRows(parsed(query)));
  const texts = ids.map((id) => INDEX.rowData(id));
  const top = (c: ColumnId, limit: number) => {
    const counts = new Map<string, number>();
    for (const t of texts) counts.set(t[c], (counts.get(t[c]) ?? 0) + 1);
    return [...counts].map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, limit);
  };
  const r = top(rows, rowLimit);
  const c = top(columns, colLimit);
  const counts = r.map((rv) => c.map((cv) => texts.filter((t) => t[rows] === rv.value && t[columns] === cv.value).length));
  return { rows: r, columns: c, counts, total: ids.length };
}

test('group-by counts equal the counts of the rows themselves, for several queries and column pairs', () => {
  const pairs: [ColumnId, ColumnId][] = [['principal', 'eventName'], ['bucket', 'error'], ['eventName', 'eventName'], ['region', 'access'], ['sourceIP', 'bucket']];
  for (const query of ['', 'source:*', 'error:*', '-bucket:prod*', 'eventName:get*,put*']) {
    for (const [rows, columns] of pairs) {
      const got = INDEX.groupBy(parsed(query), rows, columns, 6, 5);
      assert.deepEqual(got, oracle(query, rows, columns, 6, 5), `${query} / ${rows} x ${columns}`);
    }
  }
});

test('a record lacking a value is counted under "" (bucket x error: the records without an error)', () => {
  const t = INDEX.groupBy(parsed('source:*'), 'bucket', 'error', 50, 50)!;
  assert.ok(t.columns.some((c) => c.value === ''), 'records without an error are a column');
  assert.ok(t.rows.some((r) => r.value === ''), 'records without a bucket are a row');
  // Every matching record is in exactly one row (all values shown).
  assert.equal(t.rows.reduce((n, r) => n + r.count, 0), t.total);
  assert.equal(t.counts.flat().reduce((n, c) => n + c, 0), t.total);
});

test('time and file cannot be grouped; an empty result is an empty table', () => {
  assert.equal(INDEX.groupBy(parsed(''), 'time', 'eventName', 5, 5), undefined);
  assert.equal(INDEX.groupBy(parsed(''), 'eventName', 'file', 5, 5), undefined);
  assert.deepEqual(INDEX.groupBy(parsed('eventName:NoSuchEventAtAll'), 'bucket', 'error', 5, 5), { rows: [], columns: [], counts: [], total: 0 });
});
