// stringEnd finds a string's closing quote by searching for quotes and counting the backslashes before
// them, over editor text and over bytes fed chunk by chunk. It must agree with reading the string escape by
// escape on every arrangement of quotes and backslashes (a table of hostile cases, then seeded random
// strings), say when the text ends inside the string or inside an escape, and give the record splitter the
// same records however the bytes are cut into chunks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringEnd, UNTERMINATED, UNTERMINATED_IN_ESCAPE } from '../../../../core/parse/json-string';
import { RecordSplitter, type ElementHit } from '../../../../core/parse/splitter';

/** The escape-by-escape reading stringEnd replaces: index past the closing quote, or why there is none. */
function referenceEnd(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) {
      if (j + 1 >= s.length) return UNTERMINATED_IN_ESCAPE;
      j++;
    } else if (c === 0x22) return j + 1;
  }
  return UNTERMINATED;
}

/** stringEnd over a string and over its UTF-8 bytes, the answers brought back to string offsets. */
function both(s: string, from: number): [number, number] {
  const bytes = Buffer.from(s, 'utf8');
  const byteFrom = Buffer.byteLength(s.slice(0, from), 'utf8');
  const e = stringEnd(bytes, byteFrom);
  return [stringEnd(s, from), e < 0 ? e : bytes.subarray(0, e).toString('utf8').length];
}

test('the closing quote after runs of 0 to 5 backslashes, at the end of the text or not, and unterminated strings', () => {
  // [contents after the opening quote, expected index past the closing quote in `"` + contents, or why none]
  const table: [string, number][] = [
    ['"', 2], // empty string
    ['a"', 3],
    ['\\""', 4], // one backslash escapes the quote: the next quote closes
    ['\\\\"', 4], // two: an escaped backslash, then the closing quote
    ['\\\\\\""', 6], // three: escaped backslash + escaped quote
    ['\\\\\\\\"', 6], // four
    ['\\\\\\\\\\""', 8], // five
    ['a\\"', UNTERMINATED], // the only quote is escaped, at the end of the text
    ['a\\\\"', 5], // the quote at the end of the text closes
    ['', UNTERMINATED], // nothing after the opening quote
    ['abc', UNTERMINATED],
    ['abc\\', UNTERMINATED_IN_ESCAPE], // ends inside an escape
    ['abc\\\\', UNTERMINATED], // ends after an escaped backslash
    ['abc\\\\\\', UNTERMINATED_IN_ESCAPE], // three: ends inside an escape
    ['\\u0022"', 8], // \u0022 is an escaped quote written as hex: it does not close
    ['é🪣\\"x"', 8], // characters outside ASCII before the quote
  ];
  for (const [contents, expected] of table) {
    const s = `"${contents}`;
    assert.equal(stringEnd(s, 1), expected, JSON.stringify(s));
    assert.deepEqual(both(s, 1), [expected, expected], `bytes ${JSON.stringify(s)}`);
    assert.equal(referenceEnd(s, 1), expected, `reference ${JSON.stringify(s)}`);
  }
  // Quotes at or past `to` are not looked at; backslashes before `from` are not counted.
  assert.equal(stringEnd('"ab"cd"', 1, 3), UNTERMINATED);
  assert.equal(stringEnd('"ab\\"cd', 1, 4), UNTERMINATED_IN_ESCAPE);
  assert.equal(stringEnd('\\"x', 1), 2);
});

test('stringEnd agrees with escape-by-escape reading (seeded), over strings and bytes', () => {
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
    const expected = referenceEnd(s, 2);
    assert.deepEqual(both(s, 2), [expected, expected], JSON.stringify(s));
  }
});

test('the splitter finds the same records however the chunks cut through strings and escapes', () => {
  // Values full of backslash runs and escaped quotes, so that chunk edges fall inside every kind of run.
  const values = ['a\\"b', '\\\\', '\\\\\\"', 'x\\\\\\\\"y', '"}]{[', '\\\\"', 'é\\\\🪣"'];
  const records = values.map((v, i) => JSON.stringify({ eventName: `E${i}`, userAgent: v, n: { s: `${v}${v}` } }));
  const text = Buffer.from(`{"Records":[${records.join(',')}]}`, 'utf8');
  const split = (chunk: number): string[] => {
    const got: string[] = [];
    const splitter = new RecordSplitter({ kind: 'key', key: 'Records' }, {
      element: (e: ElementHit) => got.push(Buffer.from(e.bytes).toString('utf8')),
      problem: (p) => assert.fail(`${p.code}: ${p.message}`),
    }, { maxRecordBytes: 1 << 20 });
    for (let i = 0; i < text.length; i += chunk) splitter.push(text.subarray(i, i + chunk));
    splitter.end();
    return got;
  };
  for (let chunk = 1; chunk <= 17; chunk++) assert.deepEqual(split(chunk), records, `chunks of ${chunk} bytes`);
});
