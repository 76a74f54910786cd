// `pinned:` terms: the explorer's pins (eventIDs) given at parse time, the same answer from the index and
// the reference evaluator, and an Athena rendering that names the pinned eventIDs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesValues, parseQuery, toAthenaSql } from '../../../../core/query';
import { TrailIndex } from '../../../../core/index';
import { batchesOf, syntheticValues } from '../index/synthetic-records';

const VALUES = syntheticValues(600, 7);
const INDEX = new TrailIndex();
for (const b of batchesOf(VALUES, 50)) INDEX.addBatch(b);
const withID = VALUES.map((v, i) => [v, i] as const).filter(([v]) => typeof v.eventID === 'string' && v.eventID !== '');
const PINS = new Set(withID.filter((_, k) => k % 37 === 0).map(([v]) => v.eventID as string));

function rows(text: string, pinned: ReadonlySet<string> = PINS): number[] {
  const r = parseQuery(text, Date.now(), { pinned });
  assert.ok(r.ok, text);
  const fromIndex = Array.from(INDEX.matchingRows(r.query));
  const reference = VALUES.flatMap((v, i) => (matchesValues(r.query, v) ? [i] : []));
  assert.deepEqual(fromIndex, reference, `index and reference agree on ${text}`);
  return fromIndex;
}

test('pinned:true matches the pinned records, -pinned:true and pinned:false the others', () => {
  assert.ok(PINS.size >= 3);
  const pinned = rows('pinned:true source:*');
  assert.deepEqual(new Set(pinned.map((i) => VALUES[i].eventID)), PINS);
  const others = rows('pinned:false source:*');
  assert.equal(others.filter((i) => PINS.has(VALUES[i].eventID as string)).length, 0);
  assert.equal(pinned.length + others.length, withID.length);
  assert.deepEqual(rows('-pinned:true source:*').filter((i) => PINS.has(VALUES[i].eventID as string)), []);
  // Combined with other terms, and with the alias.
  assert.deepEqual(rows('pin:true error:* source:*'), pinned.filter((i) => VALUES[i].errorCode !== undefined));
});

test('without pins (the CLI) pinned:true matches nothing; a bad value is an error at its column', () => {
  assert.deepEqual(rows('pinned:true source:*', new Set()), []);
  const bad = parseQuery('pinned:yes');
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.error.start, 7);
});

test('Athena SQL names the pinned eventIDs', () => {
  const r = parseQuery('pinned:true', Date.now(), { pinned: new Set(["b-2", "a'1"]) });
  assert.ok(r.ok);
  const sql = toAthenaSql(r.query, 'cloudtrail_logs');
  assert.match(sql, /coalesce\(eventid IN \('a''1', 'b-2'\), false\)/);
  const none = parseQuery('pinned:true');
  assert.ok(none.ok);
  assert.match(toAthenaSql(none.query, 'cloudtrail_logs'), /\bAND false\b|WHERE false\b|\(false\)|\bfalse\n/);
});
