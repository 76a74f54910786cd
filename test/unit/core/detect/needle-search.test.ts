// NeedleSearch (needle-search.ts) answers what a search of each record's own bytes answers, whatever the order of
// the records asked, their sizes against its window, and needles at or across record boundaries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NeedleSearch } from '../../../../core/detect/needle-search';

/** A deterministic generator (xorshift32), so a failure reproduces. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

test('every answer equals a search of the record bytes alone (random buffers, needles and records)', () => {
  const rnd = random(2024);
  const needles = ['ab', 'abc', 'ba', 'c', 'aaaa', 'cab'];
  let asked = 0, held = 0;
  for (let round = 0; round < 40; round++) {
    const search = new NeedleSearch();
    const ids = needles.map((n) => search.id(n));
    // Small alphabets make needles frequent; long buffers (past the 64 KB window) make the window matter.
    const length = round % 4 === 0 ? 200_000 + Math.floor(rnd() * 1000) : 50 + Math.floor(rnd() * 3000);
    const alphabet = round % 2 === 0 ? 'abc' : 'abcdefghijklmnopqrstuvwxyz';
    const b = Buffer.alloc(length);
    for (let i = 0; i < length; i++) b[i] = alphabet.charCodeAt(Math.floor(rnd() * alphabet.length));
    // Records in order (as the reader asks), then some out of order and overlapping.
    const records: [number, number][] = [];
    for (let at = 0; at < length;) {
      const size = rnd() < 0.05 ? Math.floor(rnd() * 100_000) : Math.floor(rnd() * 40);
      records.push([at, Math.min(length, at + size)]);
      at += size + Math.floor(rnd() * 3);
    }
    for (let j = 0; j < 30; j++) {
      const s = Math.floor(rnd() * length);
      records.push([s, Math.min(length, s + Math.floor(rnd() * 500))]);
    }
    for (const [start, end] of records) {
      for (let k = 0; k < needles.length; k++) {
        if (rnd() < 0.3) continue;
        const want = b.subarray(start, end).indexOf(needles[k]) >= 0;
        assert.equal(search.within(ids[k], b, start, end), want, `round ${round}: '${needles[k]}' in [${start}, ${end})`);
        asked++;
        if (want) held++;
      }
    }
  }
  // Not vacuous: many answers of both kinds.
  assert.ok(asked > 10_000 && held > 1000 && asked - held > 1000, `${asked} asked, ${held} held`);
});

test('a new buffer (or the same bytes in another buffer) starts over', () => {
  const search = new NeedleSearch();
  const k = search.id('needle');
  const a = Buffer.from('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
  assert.equal(search.within(k, a, 0, 20), false);
  const b = Buffer.from('xxxxxxxxxxxxxxneedlexxxxxxxxxxxxxxxxxxxx');
  assert.equal(search.within(k, b, 0, 20), true);
  assert.equal(search.within(k, b, 0, 19), false);
  assert.equal(search.within(k, b, 15, 30), false);
  assert.equal(search.within(k, a, 0, 40), false);
  // A needle added later keeps the others' answers right.
  const j = search.id('xn');
  assert.equal(search.within(j, b, 0, 40), true);
  assert.equal(search.within(k, b, 14, 20), true);
});

test('a needle across the end of the searched window is found by the record that holds it', () => {
  const search = new NeedleSearch();
  const k = search.id('ab');
  const b = Buffer.alloc(70_000, 'x');
  b.write('ab', 65_536, 'latin1');
  assert.equal(search.within(k, b, 0, 100), false);
  // Asked again a record later: a window from 1 to 65,537, which 'ab' at 65,536 ends past.
  assert.equal(search.within(k, b, 1, 101), false);
  assert.equal(search.within(k, b, 65_000, 65_537), false);
  assert.equal(search.within(k, b, 65_000, 65_538), true);
  assert.equal(search.within(k, b, 65_537, 70_000), false);
});
