import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceMarker, resumeRange, type ListMarkers } from '../../../../core/remote';

const prefix = 'AWSLogs/1/CloudTrail/us-east-1/';

test('a refresh resumes from the day before the newest day seen, not from the newest key', () => {
  const markers: ListMarkers = {};
  const range = { prefix, startAfter: `${prefix}2026/01/01` };
  advanceMarker(markers, range, [`${prefix}2026/01/01/a`, `${prefix}2026/01/03/m`, `${prefix}2026/01/02/z`]);
  assert.equal(markers[prefix], `${prefix}2026/01/03/m`);
  assert.deepEqual(resumeRange(range, markers[prefix]), { prefix, startAfter: `${prefix}2026/01/02` });
  // A late file of 01/03 whose name sorts before the newest key is still listed.
  const r = resumeRange(range, markers[prefix]);
  assert.ok(`${prefix}2026/01/03/a` > r.startAfter!);
});

test('the original range wins when it starts later; a flat prefix resumes after its newest key', () => {
  const range = { prefix, startAfter: `${prefix}2026/02/01` };
  assert.deepEqual(resumeRange(range, `${prefix}2026/01/10/x`), range);
  assert.deepEqual(resumeRange({ prefix: 'logs/' }, 'logs/2026-01-05-10-11-12-ABCD'), { prefix: 'logs/', startAfter: 'logs/2026-01-05-10-11-12-ABCD' });
  assert.deepEqual(resumeRange({ prefix: 'logs/' }, undefined), { prefix: 'logs/' });
  const markers: ListMarkers = { 'logs/': 'logs/b' };
  advanceMarker(markers, { prefix: 'logs/' }, ['logs/a']);
  assert.equal(markers['logs/'], 'logs/b');
});
