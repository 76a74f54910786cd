import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexRoots } from '../../../server/index-wiring';

test('indexRoots: workspace folders, then log folders; folders inside another listed folder and repeats are dropped', () => {
  assert.deepEqual(indexRoots(['/ws/a', '/ws/b'], ['/logs/case-1', '/ws/a/AWSLogs', '/logs/case-1', '/logs']), ['/ws/a', '/ws/b', '/logs']);
  assert.deepEqual(indexRoots([], ['/logs/case-1', '/logs/case-2']), ['/logs/case-1', '/logs/case-2']);
  assert.deepEqual(indexRoots(['/ws'], []), ['/ws']);
  // a sibling whose name starts like another folder is not inside it
  assert.deepEqual(indexRoots(['/ws/a'], ['/ws/ab']), ['/ws/a', '/ws/ab']);
  assert.deepEqual(indexRoots(['/ws/a/'], ['/ws/a']), ['/ws/a']);
});
