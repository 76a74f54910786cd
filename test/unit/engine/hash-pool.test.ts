import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { hashFileSync, type HashResult } from '../../../core/integrity/hash';
import { HashPool, createHashPool, defaultHashWorkerScript } from '../../../engine/hash-pool';

const REPO = path.resolve(__dirname, '../../..');
const WORKER_TS = path.join(REPO, 'engine/hash-worker.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hash-pool-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

/** 60 files: gzip and plain of different sizes, a missing one, a truncated one. */
const files: string[] = [];
for (let i = 0; i < 56; i++) {
  const text = Buffer.from(JSON.stringify({ Records: Array.from({ length: 20 + i * 7 }, (_, j) => ({ eventID: `${i}-${j}`, eventName: 'PutObject' })) }));
  const f = path.join(dir, `f${i}.json${i % 3 === 0 ? '' : '.gz'}`);
  fs.writeFileSync(f, i % 3 === 0 ? text : zlib.gzipSync(text));
  files.push(f);
}
const gz = zlib.gzipSync(Buffer.from('{"Records":[]}'.repeat(500)));
fs.writeFileSync(path.join(dir, 'cut.json.gz'), gz.subarray(0, gz.length - 20));
files.push(path.join(dir, 'cut.json.gz'), path.join(dir, 'missing.json.gz'));

const expected = (): Map<string, HashResult> => new Map(files.map((f) => [f, hashFileSync(f, 1 << 30)]));

test('a pool of 2 workers hashes every file as this thread does, each reported once; it serves job after job', async () => {
  const pool = new HashPool({ workers: 2, workerScript: WORKER_TS });
  try {
    for (let job = 0; job < 2; job++) {
      const reported: string[] = [];
      const r = await pool.hash(files, { maxInflatedBytes: 1 << 30, onHashed: (f) => reported.push(f) });
      assert.deepEqual(r, expected());
      assert.deepEqual(reported.sort(), [...files].sort());
    }
  } finally {
    await pool.dispose();
  }
});

test('a cancelled job ends early with what it has', async () => {
  const pool = new HashPool({ workers: 2, workerScript: WORKER_TS });
  try {
    const before = new AbortController();
    before.abort();
    assert.equal((await pool.hash(files, { maxInflatedBytes: 1 << 30, signal: before.signal })).size, 0);
    const abort = new AbortController();
    // 2,320 names (the same files reached through ./ segments): far more than the workers have in flight.
    const many = Array.from({ length: 40 }, (_, k) => files.map((f) => `${dir}/${'./'.repeat(k)}${path.basename(f)}`)).flat();
    assert.equal(new Set(many).size, many.length);
    const r = await pool.hash(many, { maxInflatedBytes: 1 << 30, signal: abort.signal, onHashed: () => abort.abort() });
    assert.ok(r.size > 0 && r.size < many.length / 4, `${r.size} of ${many.length}`);
  } finally {
    await pool.dispose();
  }
});

test('a worker that dies leaves its files to this thread: every file still gets its result', async () => {
  const dying = path.join(dir, 'dying-worker.js');
  fs.writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
  const pool = new HashPool({ workers: 2, workerScript: dying });
  try {
    assert.deepEqual(await pool.hash(files, { maxInflatedBytes: 1 << 30 }), expected());
  } finally {
    await pool.dispose();
  }
});

test('createHashPool: none below the minimum or without a worker script; the sources\' worker when run from them', async () => {
  assert.equal(createHashPool(1, { min: 2 }), undefined);
  assert.equal(createHashPool(4, { workerScript: '' }), undefined);
  assert.equal(defaultHashWorkerScript(), WORKER_TS);
  const pool = createHashPool(2);
  assert.ok(pool);
  try {
    assert.deepEqual(await pool.hash(files.slice(0, 6), { maxInflatedBytes: 1 << 30 }), new Map([...expected()].slice(0, 6)));
  } finally {
    await pool.dispose();
  }
});
