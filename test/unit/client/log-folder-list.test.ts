import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addLogFolder, isInside, readLogFolders, removeLogFolder } from '../../../client/log-folder-list';

test('a folder outside the workspace is added; one inside a workspace or listed folder is covered', () => {
  assert.deepEqual(addLogFolder([], '/cases/c1/logs', ['/ws']), { added: true, list: ['/cases/c1/logs'] });
  assert.deepEqual(addLogFolder(['/cases/c1'], '/cases/c1/logs', ['/ws']), { added: false, list: ['/cases/c1'], coveredBy: '/cases/c1' });
  assert.deepEqual(addLogFolder([], '/ws/AWSLogs', ['/ws']), { added: false, list: [], coveredBy: '/ws' });
  assert.deepEqual(addLogFolder(['/cases/c1'], '/cases/c1', []), { added: false, list: ['/cases/c1'], coveredBy: '/cases/c1' });
});

test('a folder that holds listed folders replaces them', () => {
  assert.deepEqual(addLogFolder(['/cases/c1', '/cases/c2', '/other'], '/cases', []), { added: true, list: ['/other', '/cases'] });
});

test('isInside compares whole path segments', () => {
  assert.equal(isInside('/ws/ab', '/ws/a'), false);
  assert.equal(isInside('/ws/a/b', '/ws/a'), true);
  assert.equal(isInside('/ws/a', '/ws/a/'), true);
});

test('remove and read', () => {
  assert.deepEqual(removeLogFolder(['/a', '/b'], '/a/'), ['/b']);
  assert.deepEqual(readLogFolders(['/a', 3, 'relative', null, '/b']), ['/a', '/b']);
  assert.deepEqual(readLogFolders({}), []);
});
