import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesValues, parseQuery, type ParsedQuery } from '../../../../core/query';
import { TrailIndex } from '../../../../core/index';
import { batchesOf, syntheticValues } from './synthetic-records';

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text);
  assert.ok(r.ok, text);
  return r.query;
}

const VALUES = syntheticValues(2000, 7);

function build(): TrailIndex {
  const index = new TrailIndex();
  for (const b of batchesOf(VALUES, 50)) index.addBatch(b);
  return index;
}

/** Stand-in for re-reading: row r's record has requestParameters.size = r (row ids follow VALUES here). */
const recordOf = (r: number) => ({ requestParameters: { size: r } });

test('the columns narrow a path query to candidates; re-read answers finish it and serve other queries', () => {
  const index = build();
  const q = parsed('eventName:GetObject requestParameters.size:>1000');
  const gets = VALUES.flatMap((v, i) => (matchesValues(parsed('eventName:GetObject'), v) ? [i] : []));
  const unread = index.unreadPathRows(q);
  assert.deepEqual(Array.from(unread), gets, 'exactly the GetObject rows are read again, not the whole index');
  // Before the answers, every candidate stands.
  assert.equal(index.count(q), gets.length);
  index.recordPathAnswers(q, unread, Array.from(unread, recordOf));
  assert.deepEqual(Array.from(index.unreadPathRows(q)), []);
  assert.deepEqual(Array.from(index.matchingRows(q)), gets.filter((r) => r > 1000));
  // The negated term and another time range read the same answers: nothing to re-read.
  const neg = parsed('eventName:GetObject -requestParameters.size:>1000');
  assert.deepEqual(Array.from(index.unreadPathRows(neg)), []);
  assert.deepEqual(Array.from(index.matchingRows(neg)), gets.filter((r) => r <= 1000));
  assert.deepEqual(Array.from(index.reproducibleRows(q)).sort((a, b) => a - b), gets.filter((r) => r > 1000));
  // Other column terms: only their own candidates not read yet.
  const puts = parsed('eventName:PutObject,GetObject requestParameters.size:>1000');
  const unreadPuts = index.unreadPathRows(puts);
  assert.ok(unreadPuts.length > 0);
  for (const r of unreadPuts) assert.equal(VALUES[r].eventName, 'PutObject');
  // A record that cannot be read again lacks every path: it fails the term, and passes it negated.
  index.recordPathAnswers(puts, unreadPuts, Array.from(unreadPuts, () => undefined));
  assert.deepEqual(Array.from(index.matchingRows(puts)), gets.filter((r) => r > 1000));
});

test('a query without path terms has nothing to re-read', () => {
  assert.equal(build().unreadPathRows(parsed('eventName:GetObject')).length, 0);
});
