import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable, safeJson } from '../../../cli/printable';

/** Every character class that can drive a terminal, forge a line or hide text, with its visible escape. */
export const HOSTILE: [string, string, string][] = [
  ['ESC', '\u001b', '\\x1b'], ['BEL', '\u0007', '\\x07'], ['CR', '\r', '\\r'], ['LF', '\n', '\\n'], ['TAB', '\t', '\\t'],
  ['NUL', '\u0000', '\\x00'], ['DEL', '\u007f', '\\x7f'], ['C1 CSI', '\u009b', '\\x9b'], ['NEL', '\u0085', '\\x85'],
  ['LINE SEPARATOR', '\u2028', '\\u2028'], ['PARAGRAPH SEPARATOR', '\u2029', '\\u2029'],
  ['RLO', '\u202e', '\\u202e'], ['LRE', '\u202a', '\\u202a'], ['RLI', '\u2067', '\\u2067'], ['PDI', '\u2069', '\\u2069'],
  ['RLM', '\u200f', '\\u200f'], ['ALM', '\u061c', '\\u061c'], ['ZWSP', '\u200b', '\\u200b'], ['BOM', '\ufeff', '\\ufeff'],
  ['lone high surrogate', '\ud800', '\\ud800'], ['lone low surrogate', '\udc00', '\\udc00'],
];

test('printable shows each unsafe character as a visible escape and leaves other text alone', () => {
  for (const [name, ch, escaped] of HOSTILE) assert.equal(printable(`a${ch}b`), `a${escaped}b`, name);
  const plain = 'prod-logs/é/😀 日本 ~!@#$%^&*()[]{}"\'\\ \uFFFD';
  assert.equal(printable(plain), plain);
});

test('safeJson parses back to the same value and holds no unsafe character', () => {
  for (const [name, ch] of HOSTILE) {
    const value = { [`k${ch}`]: `v${ch}x`, list: [ch, 1, null] };
    const text = safeJson(value, 2);
    assert.deepEqual(JSON.parse(text), value, name);
    assert.equal(printable(text.replace(/\n/g, '')), text.replace(/\n/g, ''), `${name}: ${JSON.stringify(text)}`);
  }
});
