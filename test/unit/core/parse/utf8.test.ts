import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstInvalidUtf8 } from '../../../../core/parse/utf8';

describe('firstInvalidUtf8', () => {
  it('-1 for UTF-8 text, including U+FFFD itself, 4-byte characters and NUL', () => {
    for (const s of ['', 'abc', 'é😀\uFFFD', '\u0000\u2028\u202e']) assert.equal(firstInvalidUtf8(Buffer.from(s)), -1, JSON.stringify(s));
  });

  it('the index of the first byte of a bad sequence: stray continuation, overlong, surrogate, past U+10FFFF, cut off', () => {
    const cases: [number[], number][] = [
      [[0x61, 0x80], 1],
      [[0x61, 0xc0, 0x80], 1], // overlong NUL
      [[0xe0, 0x80, 0x80], 0], // overlong
      [[0x62, 0xed, 0xa0, 0x80], 1], // UTF-16 surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
      [[0x41, 0xe2, 0x82], 1], // cut off
      [[0xc3, 0xa9, 0xff], 2],
    ];
    for (const [bytes, at] of cases) assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), at, bytes.map((b) => b.toString(16)).join(' '));
  });
});
