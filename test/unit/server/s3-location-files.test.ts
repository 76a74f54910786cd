// Which cached files each S3 location holds (server/s3-location-files.ts): two locations that share objects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocationFiles } from '../../../server/s3-location-files';
import type { FileSink } from '../../../engine/s3';

function recorder(): FileSink & { removed: string[] } {
  const removed: string[] = [];
  return { removed, addFiles: () => Promise.resolve(), removeFiles: (f) => { removed.push(...f); return Promise.resolve(); } };
}

test('a file evicted while one location loads leaves the sets of the other locations that hold it too', async () => {
  const files = new LocationFiles();
  const index = recorder();
  const a = files.track('a', index);
  const b = files.track('b', index);
  await a.addFiles(['/c/shared.json.gz', '/c/a-only.json.gz']);
  await b.addFiles(['/c/shared.json.gz', '/c/b-only.json.gz']);
  // b's load evicts the shared object from the cache: it is gone for a as well.
  await b.removeFiles(['/c/shared.json.gz']);
  assert.deepEqual(index.removed, ['/c/shared.json.gz']);
  assert.deepEqual(files.all().sort(), ['/c/a-only.json.gz', '/c/b-only.json.gz']);
  // Removing location b then drops only its own file; a's set no longer names the evicted one.
  assert.deepEqual(files.retain(new Set(['a'])), ['/c/b-only.json.gz']);
  assert.deepEqual(files.all(), ['/c/a-only.json.gz']);
});

test('a removed location\'s files leave the index only when no other location holds them', async () => {
  const files = new LocationFiles();
  const index = recorder();
  await files.track('a', index).addFiles(['/c/1', '/c/2']);
  await files.track('b', index).addFiles(['/c/2', '/c/3']);
  assert.deepEqual(files.retain(new Set(['b'])), ['/c/1']);
  assert.deepEqual(files.all().sort(), ['/c/2', '/c/3']);
  assert.deepEqual(files.retain(new Set()).sort(), ['/c/2', '/c/3']);
  assert.deepEqual(files.all(), []);
});
