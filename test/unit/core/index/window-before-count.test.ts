// TrailIndex.windowBeforeCount: the explorer's first screens found by walking a built order and testing each row,
// their total counted after. Its rows must be the counted window's rows, and the count that follows the full one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, type ParsedQuery } from '../../../../core/query';
import { TrailIndex } from '../../../../core/index';
import type { SortSpec } from '../../../../core/protocol';
import { rng } from '../../../seeded-random';
import { batchesOf, syntheticValues } from './synthetic-records';
import { TERM_KINDS } from './reference-queries';

const NOW = Date.UTC(2026, 0, 3, 12);

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text, NOW);
  assert.ok(r.ok, `query ${JSON.stringify(text)} should parse: ${r.ok ? '' : r.error.message}`);
  return r.query;
}

const VALUES = syntheticValues(20_000, 23);

/** An index whose windows may leave their count for later (the default keeps that to indexes of millions of rows),
 *  its time orders prepared as a ready index's are, with a file removed (dead rows the walk must skip). */
function build(): TrailIndex {
  const index = new TrailIndex();
  for (const b of batchesOf(VALUES, 571)) index.addBatch(b);
  index.removeFile(index.store.filePath(3));
  index.prepare();
  index.countLaterFrom = 0;
  return index;
}

/** Terms the walk tests row by row (one code column of each width, negated, several columns, time bounds, the
 *  scope), and some it cannot (the eventTime text, a bare word over every string column). */
const TERMS = [...TERM_KINDS, 'eventid:e-23-1*', 'crossaccount:true'];
const SORTS: SortSpec[] = [{ column: 'time', descending: true }, { column: 'time', descending: false }, { column: 'eventName', descending: false }];

test('random queries and sorts: the walked window is the counted window, and the count that follows is the full count', () => {
  const r = rng(5);
  const index = build();
  // Another column's order, built (a window under it may walk it) and then current for the rest of the test.
  index.sortedRows(parsed(''), { column: 'eventName', descending: false });
  assert.ok(index.orderReady('eventName', false));
  let uncounted = 0;
  for (let i = 0; i < 150; i++) {
    const text = Array.from({ length: 1 + Math.floor(r() * 3) }, () => TERMS[Math.floor(r() * TERMS.length)]).join(' ');
    const sort = SORTS[Math.floor(r() * SORTS.length)];
    // Windows within a sixteenth of the rows (the walk's budget) for broad queries: the explorer's first screens.
    const offset = r() < 0.7 ? 0 : Math.floor(r() * 200);
    const limit = 1 + Math.floor(r() * 120);
    const q = parsed(text);
    const what = `${text} by ${sort.column} ${sort.descending ? 'desc' : 'asc'} [${offset}, +${limit})`;
    index.dropCaches();
    const early = index.windowBeforeCount(q, sort, offset, limit);
    // The count that follows the window, then the counted window (the result is cached by then).
    const total = index.count(q);
    const fresh = new TrailIndex(index.store);
    const expected = fresh.window(q, sort, offset, limit);
    assert.equal(total, expected.total, what);
    assert.deepEqual(early.rows, expected.rows, what);
    if (early.total === undefined) {
      uncounted++;
      assert.ok(expected.total >= offset + limit, `${what}: only a full window leaves its total for later`);
    } else {
      // Counted: the fallback after the budget, or a window with nothing to gain from a walk.
      assert.equal(early.total, expected.total, what);
    }
  }
  // Both ways were taken often.
  assert.ok(uncounted > 40 && uncounted < 110, `${uncounted} windows left their count for later`);
});

test('a window whose matches lie beyond the walk budget is counted instead', () => {
  const index = build();
  // The newest rows only: walking from the oldest visits more than a sixteenth of the rows before one matches.
  const newest = parsed('since:2026-01-03T21:00:00Z');
  const counted = index.windowBeforeCount(newest, { column: 'time', descending: false }, 0, 200);
  assert.equal(counted.total, new TrailIndex(index.store).count(newest));
  assert.ok(counted.total! > 200, 'more rows match than the window holds: the total is the fallback\'s count');
  // Newest first, the same query walks: its first matches are the first rows visited.
  index.dropCaches();
  const walked = index.windowBeforeCount(newest, { column: 'time', descending: true }, 0, 200);
  assert.equal(walked.total, undefined);
  assert.deepEqual(walked.rows, new TrailIndex(index.store).window(newest, { column: 'time', descending: true }, 0, 200).rows);
});

test('windows with nothing to gain from a walk are counted: small index, cached answer, no terms, untestable terms', () => {
  const index = build();
  const time = { column: 'time', descending: true } as const;
  const q = parsed('eventName:GetObject');
  index.countLaterFrom = index.store.rowCount + 1;
  assert.equal(index.windowBeforeCount(q, time, 0, 100).total, index.count(q));
  index.countLaterFrom = 0;
  // Counted above: the answer is cached, its window costs no walk.
  assert.equal(index.windowBeforeCount(q, time, 0, 100).total, index.count(q));
  index.dropCaches();
  assert.equal(index.windowBeforeCount(parsed(''), time, 0, 100).total, index.count(parsed('')));
  index.dropCaches();
  assert.equal(index.windowBeforeCount(parsed('admin'), time, 0, 100).total, index.count(parsed('admin')));
  index.dropCaches();
  assert.equal(index.windowBeforeCount(q, undefined, 0, 100).total, index.count(q));
  index.dropCaches();
  assert.equal(index.windowBeforeCount(q, time, 0, 100).total, undefined);
});
