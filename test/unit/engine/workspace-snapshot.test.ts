import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter, TrailIndex } from '../../../core/index';
import { FileFingerprints } from '../../../engine/file-fingerprint';
import { readWorkspaceSnapshot, writeWorkspaceSnapshot, type WorkspaceSnapshot } from '../../../engine/workspace-snapshot';
import { batchesOf, syntheticValues } from '../core/index/synthetic-records';

function body(w: SnapshotWriter): ArrayBuffer {
  const parts = w.finish();
  const out = new Uint8Array(w.byteLength);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out.buffer;
}

test('the per-file state of a workspace comes back with its index', () => {
  const index = new TrailIndex();
  for (const b of batchesOf(syntheticValues(300, 5), 100)) index.addBatch(b);
  const fingerprints = new FileFingerprints();
  // Every field its own value (a swapped pair of columns would show), times with sub-millisecond parts as stat gives.
  fingerprints.byPath.set('/trail/file-0.json', { size: 1234, mtimeMs: 1700000000123.5, ctimeMs: 1700000000456.25, takenMs: 1700000009000, head: 0xdeadbeef, tail: 7 });
  fingerprints.byPath.set('/trail/ü.json.gz', { size: 2 ** 40, mtimeMs: 1, ctimeMs: 2, takenMs: 3, head: 0, tail: 0xffffffff });
  const saved: WorkspaceSnapshot = {
    index, readKey: 'limits 1 2', fingerprints,
    shapes: new Map([['/trail/file-0.json', 'trail'], ['/trail/file-1.json', 'ndjson']]),
    problems: [{ file: '/bad.json', code: 'json-syntax', severity: 'error', message: 'x', position: { offset: 3, line: 0, column: 3 } }],
    problemTotal: 4,
    skipped: ['/package.json'],
    extraFiles: ['/cache/objects/bucket/AWSLogs/1.json.gz'],
  };
  const w = new SnapshotWriter();
  writeWorkspaceSnapshot(w, saved);
  const loaded = readWorkspaceSnapshot(new SnapshotReader(body(w)));
  assert.equal(loaded.readKey, saved.readKey);
  assert.deepEqual(loaded.shapes, saved.shapes);
  assert.deepEqual(loaded.problems, saved.problems);
  assert.equal(loaded.problemTotal, 4);
  assert.deepEqual(loaded.skipped, saved.skipped);
  assert.deepEqual(loaded.extraFiles, saved.extraFiles);
  assert.deepEqual(loaded.fingerprints.byPath, fingerprints.byPath);
  assert.equal(loaded.index.store.records, 300);
  assert.deepEqual(loaded.index.store.livePaths(), index.store.livePaths());
});

test('a body with bytes after its last section is refused', () => {
  const w = new SnapshotWriter();
  writeWorkspaceSnapshot(w, { index: new TrailIndex(), readKey: '', fingerprints: new FileFingerprints(), shapes: new Map(), problems: [], problemTotal: 0, skipped: [], extraFiles: [] });
  w.u32(1);
  assert.throws(() => readWorkspaceSnapshot(new SnapshotReader(body(w))), SnapshotFormatError);
});
