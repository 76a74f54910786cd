// Hash worker thread (bundled to dist/hash-worker.js) for engine/hash-pool.ts: claims the next file of a
// job from a counter every worker of the pool shares (Atomics.add on a SharedArrayBuffer), hashes it
// (core/integrity: read, inflate, SHA-256; streamed when large) and posts the results back a few at a
// time: each message wakes the main thread, which meanwhile reads the digests.

import { isMainThread, parentPort } from 'node:worker_threads';
import { hashFile, type HashResult } from '../core/integrity/hash';

export interface HashJob {
  type: 'hash';
  job: number;
  files: string[];
  /** Int32 index of the next file to claim; the pool stores files.length there to stop every worker. */
  next: SharedArrayBuffer;
  maxInflatedBytes: number;
}

/** [index of the file in the job, its result] */
export type HashedItem = [number, HashResult];

export type HashWorkerMessage =
  | { type: 'hashed'; job: number; items: HashedItem[] }
  /** The job's files are all claimed (or it was stopped): nothing more comes for it from this worker. */
  | { type: 'idle'; job: number };

/** Results travel together: at most this many, or what a few milliseconds gathered. */
const FLUSH_ITEMS = 32;
const FLUSH_MS = 20;

/** Runs one job in this thread, posting through `post`; never throws (a failure is a result). */
export async function runHashJob(job: HashJob, post: (m: HashWorkerMessage) => void): Promise<void> {
  const next = new Int32Array(job.next);
  let items: HashedItem[] = [];
  let flushedAt = Date.now();
  const flush = (): void => {
    if (items.length > 0) post({ type: 'hashed', job: job.job, items });
    items = [];
    flushedAt = Date.now();
  };
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= job.files.length) break;
    let r: HashResult;
    try {
      const h = hashFile(job.files[i], job.maxInflatedBytes);
      r = h instanceof Promise ? await h : h;
    } catch (e) {
      r = { ok: false, missing: false, message: `unreadable (${(e as Error).message})` };
    }
    items.push([i, r]);
    if (items.length >= FLUSH_ITEMS || Date.now() - flushedAt >= FLUSH_MS) flush();
  }
  flush();
  post({ type: 'idle', job: job.job });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // Jobs one after the other: a pool sends a worker its next job only once the last one went idle.
  let chain = Promise.resolve();
  port.on('message', (m: HashJob) => {
    if (m?.type !== 'hash') return;
    chain = chain.then(() => runHashJob(m, (msg) => port.postMessage(msg)));
  });
}
