// Index worker thread (bundled to dist/index-worker.js): reads the trail files the main thread hands it,
// one at a time, and posts back column batches (transferred, not copied), problems, and the file's shape.
// Messages of a file travel together (an array per postMessage, usually one for the whole file): every
// message wakes the main thread, and with a few hundred records a file the wake-ups cost more than the
// merge.
// readTrailFile is also what the service runs in its own thread when it has no workers.

import { isMainThread, parentPort } from 'node:worker_threads';
import type { Problem } from '../core/problem';
import type { Shape } from '../core/parse';
import { batchTransferables, readFileBatches, type RowBatch } from '../core/index';

export interface ReadFileRequest {
  type: 'read';
  file: string;
  maxInflatedBytes: number;
  maxFileBytes: number;
  /** Blocking reads: set by the worker thread itself, which has nothing else to do meanwhile. */
  blocking?: boolean;
}

export type WorkerMessage =
  | { type: 'batch'; file: string; batch: RowBatch }
  | { type: 'problem'; file: string; problem: Problem }
  | { type: 'shape'; file: string; shape: Shape }
  | { type: 'done'; file: string; records: number };

/** Reads one file, reporting through `post`; never throws (a failure is a problem). */
export async function readTrailFile(req: ReadFileRequest, post: (m: WorkerMessage) => void, signal?: AbortSignal): Promise<void> {
  let records = 0;
  try {
    const batches = readFileBatches(req.file, {
      maxInflatedBytes: req.maxInflatedBytes,
      maxFileBytes: req.maxFileBytes,
      blocking: req.blocking,
      signal,
      onProblem: (problem) => post({ type: 'problem', file: req.file, problem }),
      onShape: (shape) => post({ type: 'shape', file: req.file, shape }),
    });
    for await (const batch of batches) {
      records += batch.rows;
      post({ type: 'batch', file: req.file, batch });
    }
  } catch (err) {
    post({ type: 'problem', file: req.file, problem: { file: req.file, code: 'unreadable', severity: 'error', message: `cannot read the file: ${(err as Error).message}` } });
  }
  post({ type: 'done', file: req.file, records });
}

/** Messages held back before they are posted together: problems of a damaged file flush at this count. */
const MAX_HELD = 256;

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: ReadFileRequest) => {
    let held: WorkerMessage[] = [];
    // A held batch is exactly what holds transferables (each batch has one buffer or more).
    let transfer: ArrayBuffer[] = [];
    const flush = (): void => {
      port.postMessage(held, transfer);
      held = [];
      transfer = [];
    };
    void readTrailFile({ ...req, blocking: true }, (m) => {
      // At most one batch is held, so a huge file's batches still stream through with bounded memory.
      if (m.type === 'batch' && transfer.length > 0) flush();
      held.push(m);
      if (m.type === 'batch') transfer.push(...batchTransferables(m.batch));
      if (m.type === 'done' || held.length >= MAX_HELD) flush();
    });
  });
}
