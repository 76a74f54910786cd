// Index worker thread (bundled to dist/index-worker.js): reads trail files and posts back column batches
// (transferred, not copied), problems, and each file's shape. For a full indexing it takes the files from a
// queue the workers share (ReadQueueRequest): each claims the next file itself, so it never waits for the
// main thread (whose merges and garbage collections would otherwise leave it idle between files); a
// changed file comes as a single ReadFileRequest.
// Messages of a file travel together (an array per postMessage, usually one for the whole file): every
// message wakes the main thread, and with a few hundred records a file the wake-ups cost more than the
// merge.
// readTrailFile is also what the service runs in its own thread when it has no workers.

import { isMainThread, parentPort } from 'node:worker_threads';
import type { Problem } from '../core/problem';
import type { Shape } from '../core/parse';
import { AccessLogReader, addAccessLogFile, packBatch, readFileBatches, type RowBatch } from '../core/index';
import { builtinRules, FactPlan } from '../core/detect';

export interface ReadFileRequest {
  type: 'read';
  file: string;
  maxInflatedBytes: number;
  maxFileBytes: number;
  /** Blocking reads: set by the worker thread itself, which has nothing else to do meanwhile. */
  blocking?: boolean;
}

/** Files to read, claimed in order by every worker given the same `next` (an Int32 index, taken with
 *  Atomics.add; the main thread stores the length to stop the workers). */
export interface ReadQueueRequest {
  type: 'queue';
  files: string[];
  next: SharedArrayBuffer;
  maxInflatedBytes: number;
  maxFileBytes: number;
}

export type WorkerMessage =
  | { type: 'claim'; file: string }
  | { type: 'idle'; file: '' }
  /** A batch of rows, packed (packBatch: one buffer, transferred), and its rows' request-detail facts
   *  (a Uint16Array's buffer, transferred too). */
  | { type: 'batch'; file: string; buffer: ArrayBuffer; facts?: ArrayBuffer }
  | { type: 'problem'; file: string; problem: Problem }
  | { type: 'shape'; file: string; shape: Shape }
  /** The file's rows given so far are not its records (a second top-level Records key): drop them. */
  | { type: 'restart'; file: string }
  | { type: 'done'; file: string };

/** The findings' request-detail facts of the built-in rules (core/detect/facts.ts), worked out for each
 *  record while its bytes are at hand. Made on first use: parsing the rule pack costs a few ms. */
let factPlan: FactPlan | undefined;

/** Reads one file, reporting through `post`; never throws (a failure is a problem). */
export async function readTrailFile(req: ReadFileRequest, post: (m: WorkerMessage) => void, signal?: AbortSignal): Promise<void> {
  try {
    const batches = readFileBatches(req.file, {
      maxInflatedBytes: req.maxInflatedBytes,
      maxFileBytes: req.maxFileBytes,
      blocking: req.blocking,
      signal,
      onProblem: (problem) => post({ type: 'problem', file: req.file, problem }),
      onShape: (shape) => post({ type: 'shape', file: req.file, shape }),
      onRestart: () => post({ type: 'restart', file: req.file }),
      facts: (factPlan ??= new FactPlan(builtinRules())),
    });
    for await (const batch of batches) {
      post({ type: 'batch', file: req.file, buffer: packBatch(batch), ...(batch.facts ? { facts: batch.facts.buffer as ArrayBuffer } : {}) });
    }
  } catch (err) {
    post({ type: 'problem', file: req.file, problem: { file: req.file, code: 'unreadable', severity: 'error', message: `cannot read the file: ${(err as Error).message}` } });
  }
  post({ type: 'done', file: req.file });
}

/** Messages held back before they are posted together: problems of a damaged file flush at this count. */
const MAX_HELD = 256;
/** Access-log lines held before they are posted: a batch of several small files (the reader also hands over a
 *  batch on its own when one file fills it). */
const ACCESS_FLUSH_ROWS = 2048;

if (!isMainThread && parentPort) {
  const port = parentPort;
  /** Reads one file, posting its messages together (see the header). */
  const readOne = (req: ReadFileRequest): Promise<void> => {
    let held: WorkerMessage[] = [];
    // A held batch is exactly what holds a transferable (its buffer).
    let transfer: ArrayBuffer[] = [];
    const flush = (): void => {
      port.postMessage(held, transfer);
      held = [];
      transfer = [];
    };
    return readTrailFile({ ...req, blocking: true }, (m) => {
      // At most one batch is held, so a huge file's batches still stream through with bounded memory.
      if (m.type === 'batch' && held.some((h) => h.type === 'batch')) flush();
      held.push(m);
      if (m.type === 'batch') {
        transfer.push(m.buffer);
        if (m.facts) transfer.push(m.facts);
      }
      if (m.type === 'done' || held.length >= MAX_HELD) flush();
    });
  };
  // Access-log files of the queue share batches (access-batch.ts): their lines wait in `access`, and the messages of
  // those files wait in `accessHeld` so that each file's 'done' follows the batch that holds its rows.
  const access = new AccessLogReader();
  let accessHeld: WorkerMessage[] = [];
  const postAccess = (batch: RowBatch | undefined): void => {
    const buffer = batch ? packBatch(batch) : undefined;
    const messages: WorkerMessage[] = buffer ? [{ type: 'batch', file: batch!.file, buffer }, ...accessHeld] : accessHeld;
    if (messages.length > 0) port.postMessage(messages, buffer ? [buffer] : []);
    accessHeld = [];
  };
  const flushAccess = (): void => postAccess(access.rows > 0 ? access.build() : undefined);
  const readQueued = (file: string, req: ReadQueueRequest): boolean => {
    const hold = (m: WorkerMessage): void => {
      accessHeld.push(m);
    };
    try {
      const read = addAccessLogFile(access, file, {
        maxInflatedBytes: req.maxInflatedBytes, maxFileBytes: req.maxFileBytes, blocking: true,
        onProblem: (problem) => hold({ type: 'problem', file, problem }),
        onShape: (shape) => hold({ type: 'shape', file, shape }),
      }, postAccess);
      if (!read) return false;
    } catch (err) {
      hold({ type: 'problem', file, problem: { file, code: 'unreadable', severity: 'error', message: `cannot read the file: ${(err as Error).message}` } });
    }
    hold({ type: 'done', file });
    if (access.rows >= ACCESS_FLUSH_ROWS || accessHeld.length >= MAX_HELD) flushAccess();
    return true;
  };
  port.on('message', (req: ReadFileRequest | ReadQueueRequest) => {
    if (req.type === 'read') {
      void readOne(req);
      return;
    }
    const next = new Int32Array(req.next);
    void (async () => {
      for (;;) {
        const i = Atomics.add(next, 0, 1);
        if (i >= req.files.length) break;
        const file = req.files[i];
        // Said at once, so the main thread knows what this worker held if it fails.
        port.postMessage([{ type: 'claim', file }]);
        if (readQueued(file, req)) continue;
        flushAccess();
        await readOne({ type: 'read', file, maxInflatedBytes: req.maxInflatedBytes, maxFileBytes: req.maxFileBytes });
      }
      flushAccess();
      port.postMessage([{ type: 'idle', file: '' }]);
    })();
  });
}
