// The index worker's messages (engine/index-worker.ts) on a queue of files: a file's batch, problems and 'done'
// travel with the claim of the worker's next file (one wake-up of the main thread per file), each claim arrives
// before its file's rows, and the findings facts are worked out under the plan the request carries (none without).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { builtinRules, FactPlan, FACTS_READ } from '../../../core/detect';
import { STRING_COLUMN_KEYS, unpackBatch, type RowBatch } from '../../../core/index';
import type { ReadQueueRequest, WorkerMessage } from '../../../engine/index-worker';

const REPO = path.resolve(__dirname, '../../..');
const WORKER_TS = path.join(REPO, 'engine/index-worker.ts');

function trailFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) trailFiles(p, out);
    else if (p.endsWith('.json.gz')) out.push(p);
  }
  return out.sort();
}

/** Every message array the worker posts for one queue, until 'idle'. `onBatch`: called with each batch as it
 *  comes, and with the port that sends buffers back to the worker (ReadQueueRequest.returns). */
async function readQueue(files: string[], facts: boolean, onBatch?: (m: Extract<WorkerMessage, { type: 'batch' }>, returns: MessagePort) => void): Promise<WorkerMessage[][]> {
  // Sources run through tsx inside the worker, as engine/worker-pool.ts starts them in tests.
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER_TS)});`, { eval: true });
  try {
    const posts: WorkerMessage[][] = [];
    const idle = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (messages: WorkerMessage[]) => {
        for (const m of messages) if (m.type === 'batch') onBatch?.(m, channel.port1);
        posts.push(messages);
        if (messages.some((m) => m.type === 'idle')) resolve();
      });
    });
    const channel = new MessageChannel();
    const req: ReadQueueRequest = {
      type: 'queue', files, next: new SharedArrayBuffer(4), maxInflatedBytes: 1 << 30, maxFileBytes: 1 << 30,
      ...(facts ? { facts: new FactPlan(builtinRules()).spec } : {}), ...(onBatch ? { returns: channel.port2 } : {}),
    };
    worker.postMessage(req, onBatch ? [channel.port2] : []);
    await idle;
    return posts;
  } finally {
    await worker.terminate();
  }
}

/** A batch's rows as values (the batch-local codes decoded), to compare batches built in different buffers. */
function rowsOf(b: RowBatch): unknown[] {
  return Array.from({ length: b.rows }, (_, i) => [b.time[i], b.offset[i], b.length[i], b.ordinal[i], ...STRING_COLUMN_KEYS.map((k) => {
    const c = b.columns[k];
    const code = c.codes[i];
    return code === 0 ? undefined : Buffer.from(c.heap.subarray(c.ends[code - 1], c.ends[code])).toString('utf8');
  })]);
}

test('a queue worker posts each file\'s end with its next claim, claims before rows, and works out facts under the plan it is sent', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-worker-'));
  try {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '1500', '--seed', '31', '--scenarios'], { stdio: 'ignore' });
    const files = trailFiles(dir);
    assert.ok(files.length >= 4, `${files.length} files`);
    const posts = await readQueue(files, true);
    const flat = posts.flat();
    // One post per file (its claim, carrying the end of the file before), the last file's end, and 'idle'.
    assert.equal(posts.length, files.length + 2, `${posts.length} posts for ${files.length} files`);
    assert.deepEqual(flat.filter((m) => m.type === 'claim').map((m) => m.file), files);
    assert.deepEqual(flat.filter((m) => m.type === 'done').map((m) => m.file), files);
    for (let i = 1; i < posts.length - 1; i++) {
      const claims = posts[i].filter((m) => m.type === 'claim');
      assert.equal(claims.length, i < files.length ? 1 : 0, `post ${i}`);
      // A file's messages come after its claim and end with its 'done', in the same post as the next claim.
      const done = posts[i].filter((m) => m.type === 'done');
      assert.equal(done.length, 1, `post ${i} ends one file`);
      assert.equal(done[0].file, files[i - 1]);
      if (claims.length > 0) assert.equal(posts[i][posts[i].length - 1], claims[0], 'the claim comes last');
    }
    let rows = 0;
    let holding = 0;
    for (const m of flat) {
      if (m.type !== 'batch') continue;
      assert.ok(m.facts, 'facts with the plan');
      const facts = new Uint16Array(m.facts);
      rows += facts.length;
      for (const v of facts) {
        assert.ok((v & FACTS_READ) !== 0);
        if ((v & ~FACTS_READ) !== 0) holding++;
      }
    }
    assert.ok(rows >= 1500 && holding > 0, `${rows} rows, ${holding} with a check holding`);
    // Without a plan, no facts.
    const plain = (await readQueue(files, false)).flat();
    assert.ok(plain.some((m) => m.type === 'batch'));
    for (const m of plain) if (m.type === 'batch') assert.equal(m.facts, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a queue worker builds its next batches in the buffers sent back to it, and they hold the same rows', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'index-worker-'));
  try {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/gen-cloudtrail.mjs'), '--out', dir, '--records', '3000', '--seed', '32'], { stdio: 'ignore' });
    const files = trailFiles(dir);
    assert.ok(files.length >= 6, `${files.length} files`);
    const rows = (posts: WorkerMessage[][]): unknown[] => posts.flat().flatMap((m) => (m.type === 'batch' ? rowsOf(unpackBatch(m.file, m.buffer)) : []));
    const expected = rows(await readQueue(files, false));
    // Each buffer goes back marked in its last whole word, once its rows are read (the first buffers are of their
    // batch's size, later ones in 64 KB steps: the mark may lie in the batch's bytes, which the next build writes).
    let mark = 0;
    let reused = 0;
    const got: unknown[] = [];
    await readQueue(files, false, (m, returns) => {
      const last = new Uint32Array(m.buffer, (m.buffer.byteLength >> 2) * 4 - 4, 1);
      got.push(...rowsOf(unpackBatch(m.file, m.buffer)));
      if (last[0] >= 0xbadc0de0 && last[0] < 0xbadc0de0 + mark) reused++;
      last[0] = 0xbadc0de0 + mark++;
      returns.postMessage(m.buffer, [m.buffer]);
    });
    assert.deepEqual(got, expected);
    assert.ok(reused > 0, `${reused} of ${mark} batches in a buffer sent back`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
