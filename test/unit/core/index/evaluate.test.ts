import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesValues, parseQuery, type ParsedQuery } from '../../../../core/query';
import { TrailIndex } from '../../../../core/index';
import { QueryEvaluator } from '../../../../core/index/evaluate';
import { rng } from '../../../seeded-random';
import { batchesOf, syntheticValues } from './synthetic-records';
import { TERM_KINDS } from './reference-queries';

const NOW = Date.UTC(2026, 0, 3, 12);

function parsed(text: string): ParsedQuery {
  const r = parseQuery(text, NOW);
  assert.ok(r.ok, `query ${JSON.stringify(text)} should parse: ${r.ok ? '' : r.error.message}`);
  return r.query;
}

// More rows than one evaluation block (4,096), in files of odd sizes: answers cross block edges.
const VALUES = syntheticValues(10_000, 11);

function build(perFile = 613): TrailIndex {
  const index = new TrailIndex();
  for (const b of batchesOf(VALUES, perFile)) index.addBatch(b);
  return index;
}

/** Every term kind, with the eventIDs of this seed and the request IDs (the eventTime text among TERM_KINDS). */
const TERMS = [...TERM_KINDS, 'eventid:e-11-1*', 'requestid:REQ1*'];

const reference = (q: ParsedQuery): number[] => VALUES.flatMap((v, i) => (matchesValues(q, v) ? [i] : []));

test('random queries of every term kind select what matchesValues selects, with the count of the same pass', () => {
  const r = rng(3);
  const index = build();
  for (let i = 0; i < 60; i++) {
    const n = 1 + Math.floor(r() * 3);
    const text = Array.from({ length: n }, () => TERMS[Math.floor(r() * TERMS.length)]).join(' ');
    index.dropCaches();
    const q = parsed(text);
    const expected = reference(q);
    // The count first: it must not need the list of ids.
    assert.equal(index.count(q), expected.length, text);
    assert.deepEqual(Array.from(index.matchingRows(q)), expected, text);
  }
});

test('a narrowing query starts from the previous mask and answers what a fresh evaluation answers (randomised)', () => {
  const r = rng(17);
  const index = build();
  const evaluator = new QueryEvaluator(index.store);
  let narrowed = 0;
  for (let i = 0; i < 80; i++) {
    const pick = () => TERMS[Math.floor(r() * TERMS.length)];
    const base = Array.from({ length: Math.floor(r() * 3) }, pick);
    const added = Array.from({ length: 1 + Math.floor(r() * 2) }, pick);
    const narrower = [...base, ...added];
    // The added terms go anywhere in the text: the query is a set of ANDed terms.
    if (r() < 0.5) narrower.reverse();
    const before = evaluator.result(parsed(base.join(' ')));
    assert.deepEqual(Array.from(before.rows), reference(parsed(base.join(' '))), base.join(' '));
    const q = parsed(narrower.join(' '));
    const got = evaluator.result(q);
    if (q.s3Only === parsed(base.join(' ')).s3Only) narrowed++;
    const fresh = new QueryEvaluator(index.store).result(q);
    assert.equal(got.count, fresh.count, narrower.join(' '));
    assert.deepEqual(got.mask, fresh.mask, narrower.join(' '));
    assert.deepEqual(Array.from(got.rows), reference(q), narrower.join(' '));
  }
  // The narrowing path was the one taken (a scope change, source:* added, evaluates afresh).
  assert.ok(narrowed > 40);
  assert.equal(evaluator.narrowed, narrowed);
});

test('no narrowing across a change of the index: a removed file or appended rows evaluate afresh or extend', () => {
  const batches = batchesOf(VALUES, 700);
  const index = new TrailIndex();
  for (const b of batches.slice(0, 10)) index.addBatch(b);
  const evaluator = new QueryEvaluator(index.store);
  const upTo = (q: ParsedQuery, n: number, removed: number) => VALUES.slice(0, n).flatMap((v, i) => (matchesValues(q, v) && Math.floor(i / 700) !== removed ? [i] : []));
  evaluator.result(parsed('-error:*'));
  index.removeFile(batches[3].file);
  let q = parsed('-error:* region:eu-*');
  assert.deepEqual(Array.from(evaluator.result(q).rows), upTo(q, 7000, 3));
  for (const b of batches.slice(10)) index.addBatch(b);
  q = parsed('-error:* region:eu-* eventName:get*,put*');
  assert.deepEqual(Array.from(evaluator.result(q).rows), upTo(q, VALUES.length, 3));
  assert.equal(evaluator.narrowed, 0);
  // Same state now: the next refinement narrows.
  q = parsed('-error:* region:eu-* eventName:get*,put* -user:*ci*');
  assert.deepEqual(Array.from(evaluator.result(q).rows), upTo(q, VALUES.length, 3));
  assert.equal(evaluator.narrowed, 1);
});

test('windows, facets and the histogram of a large and of a small result equal those computed from the row list', () => {
  const index = build();
  index.prepare();
  for (const text of ['', 'source:*', '-error:*', 'eventName:GetObject region:eu-*', 'eventid:e-11-1*']) {
    index.dropCaches();
    const q = parsed(text);
    const rows = reference(q);
    const facets = index.facets(q, ['eventName', 'region', 'file'], 50);
    for (const [column, read] of [['eventName', (i: number) => VALUES[i].eventName], ['region', (i: number) => VALUES[i].region]] as const) {
      const counts = new Map<string, number>();
      for (const i of rows) {
        const v = read(i);
        if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      assert.deepEqual(new Map(facets[column]!.map((f) => [f.value, f.count])), counts, `${column} of ${text}`);
    }
    assert.equal(facets.file!.reduce((n, f) => n + f.count, 0), rows.length, `files of ${text}`);
    const h = index.histogram(q, 40);
    const timed = rows.filter((i) => !Number.isNaN(index.store.time.at(i)));
    assert.equal(h.counts.reduce((a, b) => a + b, 0), timed.length, `histogram of ${text}`);
    assert.equal(h.errors.reduce((a, b) => a + b, 0), timed.filter((i) => VALUES[i].errorCode !== undefined).length, `errors of ${text}`);
    // Each timed row in the bucket its time falls in: the range runs from the first time to the last.
    const perBucket = new Array<number>(h.counts.length).fill(0);
    for (const i of timed) perBucket[Math.floor((index.store.time.at(i) - h.startMs) / h.bucketMs)]++;
    assert.deepEqual(perBucket, h.counts, `buckets of ${text}`);
    const w = index.window(q, { column: 'time', descending: true }, 0, 50);
    assert.equal(w.total, rows.length);
    assert.deepEqual(w.rows.map((x) => x.id), Array.from(index.sortedRows(q, { column: 'time', descending: true })).slice(0, 50));
  }
});
