// The splitter finds string ends by searching for quotes and counting the backslashes before them; a
// chunk boundary may fall anywhere, including inside a run of backslashes. Every split position must
// give the elements one whole push gives, and each element must be the JSON of one record.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordSplitter, type ElementHit, type SplitProblem } from '../../../../core/parse/splitter';

const RECORDS = [
  { eventName: 'GetObject', key: 'plain' },
  { eventName: 'Put\\Object', key: 'a\\"b' },
  { key: '\\\\', userAgent: '"quoted" \\\\\\"' },
  { key: 'ends with backslash\\', nested: { a: ['x\\', '}', ']', '{"not":"an object"}'] } },
  { key: 'ключ 🪣 \\u0041', n: 1 },
];

function split(chunks: Uint8Array[]): { elements: { start: number; end: number; text: string }[]; problems: SplitProblem[] } {
  const elements: { start: number; end: number; text: string }[] = [];
  const problems: SplitProblem[] = [];
  const s = new RecordSplitter({ kind: 'key', key: 'Records' }, {
    element: (e: ElementHit) => elements.push({ start: e.start, end: e.end, text: Buffer.from(e.bytes).toString('utf8') }),
    problem: (p) => problems.push(p),
  }, { maxRecordBytes: 1 << 20 });
  for (const c of chunks) s.push(c);
  s.end();
  return { elements, problems };
}

test('string ends with escaped quotes and backslash runs, split at every byte', () => {
  const text = Buffer.from(JSON.stringify({ Records: RECORDS }), 'utf8');
  const whole = split([text]);
  assert.deepEqual(whole.problems, []);
  assert.deepEqual(whole.elements.map((e) => JSON.parse(e.text)), RECORDS);
  for (let at = 1; at < text.length; at++) {
    const got = split([text.subarray(0, at), text.subarray(at)]);
    assert.deepEqual(got, whole, `split at byte ${at}`);
  }
  // and byte by byte
  assert.deepEqual(split(Array.from(text, (b) => Uint8Array.of(b))), whole);
});
