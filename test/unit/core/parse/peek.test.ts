// stringEnd finds a string's closing quote by searching for quotes and counting the backslashes before
// them; it must agree with reading the string escape by escape, on every arrangement of quotes and
// backslashes (seeded), including strings the text cuts off.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringEnd } from '../../../../core/parse/peek';

/** The escape-by-escape reading stringEnd replaces. */
function referenceEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return -1;
}

test('stringEnd agrees with escape-by-escape reading', () => {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const alphabet = ['"', '\\', 'a', 'é', '🪣'];
  for (let t = 0; t < 5000; t++) {
    let s = 'x"';
    const len = rnd(12);
    for (let k = 0; k < len; k++) s += alphabet[rnd(alphabet.length)];
    assert.equal(stringEnd(s, 1), referenceEnd(s, 1), JSON.stringify(s));
  }
  assert.equal(stringEnd('"a\\"b"', 0), 6);
  assert.equal(stringEnd('"a\\\\"b"', 0), 5);
  assert.equal(stringEnd('"a\\', 0), -1);
});
