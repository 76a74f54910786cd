// Glob matching: agrees with a regular-expression reading of the glob, and stays linear on
// many-star patterns (a backtracking RegExp would not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../../core/query';

function matcher(glob: string): (v: string) => boolean {
  const r = parseQuery(`key:"${glob}"`);
  assert.ok(r.ok, glob);
  return r.query.terms[0].matchValue;
}

/** Deterministic pseudo-random strings over a small alphabet, so overlaps are frequent. */
function* strings(seed: number, alphabet: string, count: number, maxLen: number): Generator<string> {
  let x = seed;
  const next = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  for (let i = 0; i < count; i++) {
    const len = next() % (maxLen + 1);
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[next() % alphabet.length];
    yield s;
  }
}

test('globs agree with their regular-expression reading', () => {
  const values = [...strings(7, 'ab', 300, 7)];
  let positives = 0;
  for (const glob of strings(3, 'ab**', 300, 6)) {
    const re = new RegExp(`^${glob.split('*').join('.*')}$`, 's');
    const m = matcher(glob);
    for (const v of values) {
      const expected = re.test(v);
      if (expected) positives++;
      assert.equal(m(v), expected, `${glob} ~ ${v}`);
    }
  }
  assert.ok(positives > 1000, `only ${positives} positive pairs`);
});

/**
 * The characters a call of `fn` reads through the String methods a glob match is made of (lower-casing, prefix,
 * suffix and left-to-right searches): the matcher's work, counted rather than timed.
 */
function charactersRead(fn: () => void): number {
  const proto = String.prototype;
  const saved = { indexOf: proto.indexOf, startsWith: proto.startsWith, endsWith: proto.endsWith, toLowerCase: proto.toLowerCase, includes: proto.includes };
  let read = 0;
  proto.indexOf = function (this: string, search: string, from = 0) {
    const at = saved.indexOf.call(this, search, from);
    read += at < 0 ? Math.max(0, this.length - from) : at - from + search.length;
    return at;
  };
  proto.startsWith = function (this: string, search: string, from?: number) { read += search.length; return saved.startsWith.call(this, search, from); };
  proto.endsWith = function (this: string, search: string, end?: number) { read += search.length; return saved.endsWith.call(this, search, end); };
  proto.toLowerCase = function (this: string) { read += this.length; return saved.toLowerCase.call(this); };
  proto.includes = function (this: string, search: string, from?: number) { read += this.length; return saved.includes.call(this, search, from); };
  try {
    fn();
  } finally {
    Object.assign(proto, saved);
  }
  return read;
}

test('a many-star glob reads a long value a bounded number of times: its work doubles with the value, no more', () => {
  const m = matcher('*a*a*a*a*a*a*a*a*a*a*a*a*b');
  const work = [10_000, 20_000, 40_000, 80_000].map((n) => {
    // prefix and suffix fit, the twelve middle chunks: found at once / one short, where a backtracking matcher
    // would try every way of placing the eleven it finds before giving up
    const values = ['a'.repeat(n), `${'a'.repeat(n)}b`, `${'a'.repeat(11)}${'x'.repeat(n)}b`, `${'a'.repeat(12)}${'x'.repeat(n)}b`];
    let answers: boolean[] = [];
    const read = charactersRead(() => { answers = values.map(m); });
    assert.deepEqual(answers, [false, true, false, true]);
    // every character is read: a matcher that did its work elsewhere (a RegExp) is not what this test counts
    assert.ok(read >= 4 * n, `${read} characters read for values of ${n}`);
    assert.ok(read <= 12 * n, `${read} characters read for values of ${n}: more than 3 passes over each`);
    return read;
  });
  for (let i = 1; i < work.length; i++) assert.ok(work[i] <= 2.05 * work[i - 1], `work ${work.join(' -> ')} grows faster than the value`);
});
