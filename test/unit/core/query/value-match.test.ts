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

test('a many-star glob on a long value answers fast', () => {
  const m = matcher('*a*a*a*a*a*a*a*a*a*a*a*a*b');
  const long = 'a'.repeat(20000);
  const t0 = performance.now();
  assert.equal(m(long), false);
  assert.equal(m(long + 'b'), true);
  assert.ok(performance.now() - t0 < 1000);
});
