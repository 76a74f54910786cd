import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { indexRoots, WorkspaceIndexHost } from '../../../server/index-wiring';
import { defaultSettings } from '../../../core/settings';
import { WorkspaceIndexService } from '../../../engine/workspace-index';
import { NOW, s3Record } from '../core/language/cursor';

test('indexRoots: workspace folders, then log folders; folders inside another listed folder and repeats are dropped', () => {
  assert.deepEqual(indexRoots(['/ws/a', '/ws/b'], ['/logs/case-1', '/ws/a/AWSLogs', '/logs/case-1', '/logs']), ['/ws/a', '/ws/b', '/logs']);
  assert.deepEqual(indexRoots([], ['/logs/case-1', '/logs/case-2']), ['/logs/case-1', '/logs/case-2']);
  assert.deepEqual(indexRoots(['/ws'], []), ['/ws']);
  // a sibling whose name starts like another folder is not inside it
  assert.deepEqual(indexRoots(['/ws/a'], ['/ws/ab']), ['/ws/a', '/ws/ab']);
  assert.deepEqual(indexRoots(['/ws/a/'], ['/ws/a']), ['/ws/a']);
});

test('a restarted index service keeps of a saved index only the S3 files of the locations opened this session', async () => {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'index-wiring-'));
  try {
    const object = path.join(storage, 'removed-location.json');
    fs.writeFileSync(object, JSON.stringify({ Records: [s3Record({ eventID: 'from-s3' })] }));
    const settings = defaultSettings();
    // The index saved while a location (since removed) held the object.
    const saved = new WorkspaceIndexService({ roots: [], files: [object], settings, onStatus: () => undefined, log: () => undefined, now: () => NOW,
      cacheDir: path.join(storage, 'index'), saveDelayMs: 10 });
    await saved.open();
    await saved.flushSave();
    saved.dispose();
    // Every request and notification of the fake connection is accepted and ignored.
    const connection = new Proxy({}, { get: () => () => ({ dispose: () => undefined }) }) as unknown as Connection;
    const host = new WorkspaceIndexHost(connection, () => undefined);
    host.setStorage(storage);
    // The window's locations were opened (none is left), then a setting change restarts the service.
    host.s3.openStored(connection);
    host.start(settings, true);
    const service = (host as unknown as { service: WorkspaceIndexService }).service;
    // Removing no file: queued after the reopen and whatever start() queued behind it.
    await service.removeFiles([]);
    const r = service.query({ query: 'source:*', offset: 0, limit: 10 });
    assert.ok(r.ok);
    assert.deepEqual(r.rows.map((row) => row.eventID), []);
    host.dispose();
  } finally {
    fs.rmSync(storage, { recursive: true, force: true });
  }
});
