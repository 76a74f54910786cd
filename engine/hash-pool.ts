// A small pool of worker threads that hash trail log files for "Verify Trail Integrity" and `cloudtrail-s3
// verify` (core/integrity's LogHasher): reading, inflating and SHA-256 of every byte is the whole cost of a
// verification, and it splits across cores file by file. The workers claim files from one shared counter,
// so a worker that drew large files never holds up the others. Workers start once and serve every job
// until dispose(); a worker that dies leaves its unfinished files to this thread, so no file goes unhashed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { hashFile, type HashOptions, type HashResult, type LogHasher } from '../core/integrity/hash';
import type { HashJob, HashWorkerMessage } from './hash-worker';
import { spawnWorker } from './worker-pool';

export interface HashPoolOptions {
  /** Worker threads (at least 1). */
  workers: number;
  /** The worker script. Default: defaultHashWorkerScript(). A `.ts` path runs through tsx (tests run from
   *  sources). */
  workerScript?: string;
}

/** The worker script next to this module: hash-worker.js in a bundle (dist/), hash-worker.ts in the sources
 *  (tests); undefined when neither is there. */
export function defaultHashWorkerScript(): string | undefined {
  return ['hash-worker.js', 'hash-worker.ts'].map((n) => path.join(__dirname, n)).find((p) => fs.existsSync(p));
}

/** A pool of `workers` threads, or undefined (hash in this thread) when `workers` is below `min` or no
 *  worker script is found. */
export function createHashPool(workers: number, opts: { min?: number; workerScript?: string } = {}): HashPool | undefined {
  const script = opts.workerScript ?? defaultHashWorkerScript();
  if (!script || workers < (opts.min ?? 1)) return undefined;
  const pool = new HashPool({ workers, workerScript: script });
  pool.start();
  return pool;
}

export class HashPool implements LogHasher {
  private readonly workers: Worker[] = [];
  private jobs = 0;
  private disposed = false;

  constructor(private readonly opts: HashPoolOptions) {}

  get size(): number {
    return Math.max(1, Math.floor(this.opts.workers));
  }

  /** Starts the workers now (else on the first job): their start-up then overlaps the caller's own work. */
  start(): void {
    const script = this.opts.workerScript ?? defaultHashWorkerScript() ?? path.join(__dirname, 'hash-worker.js');
    while (!this.disposed && this.workers.length < this.size) this.workers.push(spawn(script));
  }

  async hash(files: readonly string[], opts: HashOptions): Promise<Map<string, HashResult>> {
    const out = new Map<string, HashResult>();
    if (files.length === 0 || opts.signal?.aborted) return out;
    if (this.disposed) throw new Error('the hash pool was disposed');
    this.start();
    const job = ++this.jobs;
    const next = new SharedArrayBuffer(4);
    const counter = new Int32Array(next);
    const list = [...files];
    const stop = (): void => void Atomics.store(counter, 0, list.length);
    opts.signal?.addEventListener('abort', stop);
    const settled = this.workers.map((w) => new Promise<void>((resolve) => {
      const onMessage = (m: HashWorkerMessage): void => {
        if (m.job !== job) return;
        if (m.type === 'hashed') {
          for (const [i, r] of m.items) {
            out.set(list[i], r);
            opts.onHashed?.(list[i], r);
          }
        } else if (m.type === 'idle') finish();
      };
      const finish = (): void => {
        w.off('message', onMessage);
        w.off('exit', finish);
        w.off('error', finish);
        resolve();
      };
      w.on('message', onMessage);
      // A dead worker: what it claimed and never sent is hashed below, in this thread.
      w.once('exit', finish);
      w.once('error', finish);
      w.postMessage({ type: 'hash', job, files: list, next, maxInflatedBytes: opts.maxInflatedBytes } satisfies HashJob);
    }));
    try {
      await Promise.all(settled);
    } finally {
      opts.signal?.removeEventListener('abort', stop);
    }
    this.workers.splice(0, this.workers.length, ...this.workers.filter((w) => w.threadId >= 0));
    for (const f of list) {
      if (opts.signal?.aborted) break;
      if (out.has(f)) continue;
      const h = hashFile(f, opts.maxInflatedBytes, opts.signal);
      const r = h instanceof Promise ? await h : h;
      out.set(f, r);
      opts.onHashed?.(f, r);
    }
    return out;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function spawn(script: string): Worker {
  // As the index workers: the language server's stdout carries the LSP stream (a worker's goes to stderr), and a
  // bundled worker starts without the process's module preloads.
  const w = spawnWorker(script);
  // An error is met by hash() (the worker's files are hashed here); unhandled, it would end the process.
  w.on('error', () => undefined);
  return w;
}
