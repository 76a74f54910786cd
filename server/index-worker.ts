// Index worker thread (bundled to dist/index-worker.js): reads the trail files the main thread hands it,
// one at a time, and posts back column batches (transferred, not copied), problems, and the file's shape.
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

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: ReadFileRequest) => {
    void readTrailFile(req, (m) => {
      if (m.type === 'batch') port.postMessage(m, batchTransferables(m.batch));
      else port.postMessage(m);
    });
  });
}
