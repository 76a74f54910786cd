// Index worker thread (bundled to dist/index-worker.js): reads trail files and posts back column batches
// (transferred, not copied), problems, and each file's shape. For a full indexing it takes the files from a
// queue the workers share (ReadQueueRequest): each claims the next file itself, so it never waits for the
// main thread (whose merges and garbage collections would otherwise leave it idle between files); a
// changed file comes as a single ReadFileRequest.
// Messages of a file travel together (an array per postMessage, usually one for the whole file, which also
// carries the claim of the worker's next file): every message wakes the main thread, and with a few hundred
// records a file the wake-ups cost more than the merge.
// readTrailFile is also what the service runs in its own thread when it has no workers.

import { isMainThread, parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Problem } from '../core/problem';
import type { Shape } from '../core/parse';
import { AccessLogReader, addAccessLogFile, giveBatchBuffer, packBatch, readFileBatches, type RowBatch } from '../core/index';
// The facts module alone, not core/detect's barrel: the rule loader (js-yaml, the YAML pack, Sigma) stays out of
// the worker's bundle; the plan comes from the main thread as data (FactPlanSpec).
import { FactPlan, type FactPlanSpec } from '../core/detect/facts';

export interface ReadFileRequest {
  type: 'read';
  file: string;
  maxInflatedBytes: number;
  maxFileBytes: number;
  /** Blocking reads: set by the worker thread itself, which has nothing else to do meanwhile. */
  blocking?: boolean;
  /** The findings' request-detail facts to work out per record (FactPlan.spec); none when absent. */
  facts?: FactPlanSpec;
}

/** Files to read, claimed in order by every worker given the same `next` (an Int32 index, taken with
 *  Atomics.add; the main thread stores the length to stop the workers). */
export interface ReadQueueRequest {
  type: 'queue';
  files: string[];
  next: SharedArrayBuffer;
  maxInflatedBytes: number;
  maxFileBytes: number;
  facts?: FactPlanSpec;
  /** Where the main thread sends back the buffers of this worker's batches once merged (transferred), for its
   *  next batches (core/index/batch-buffers.ts); closed by the worker when the queue is done. */
  returns?: MessagePort;
}

export type WorkerMessage =
  | { type: 'claim'; file: string }
  | { type: 'idle'; file: '' }
  /** A batch of rows, packed (packBatch: one buffer, transferred), and its rows' request-detail facts
   *  (a Uint16Array's buffer, transferred too). */
  | { type: 'batch'; file: string; buffer: ArrayBuffer; facts?: ArrayBuffer }
  | { type: 'problem'; file: string; problem: Problem }
  | { type: 'shape'; file: string; shape: Shape }
  /** A duplicate Records key (IngestOptions.onRestart): the file's records of ordinal keep and after are not its records. */
  | { type: 'restart'; file: string; keep: number }
  | { type: 'done'; file: string };

/** The findings' request-detail facts (core/detect/facts.ts), worked out for each record while its bytes are at
 *  hand: the plan of the last spec received, compiled once per signature (every request of a run carries a copy of
 *  the same spec, told apart by its signature, not by its content). */
let factPlan: { signature: string; plan: FactPlan } | undefined;

function planOf(spec: FactPlanSpec | undefined): FactPlan | undefined {
  if (!spec) return undefined;
  if (factPlan?.signature !== spec.signature) factPlan = { signature: spec.signature, plan: FactPlan.fromSpec(spec) };
  return factPlan.plan;
}

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
      onRestart: (keep) => post({ type: 'restart', file: req.file, keep }),
      facts: planOf(req.facts),
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
  /** Messages held to be posted together, and the buffers they transfer. */
  interface Held { messages: WorkerMessage[]; transfer: ArrayBuffer[] }
  /**
   * Reads one file, posting its messages together (see the header). With `holdEnd`, the messages still held at
   * its 'done' (usually the whole file: one batch, its problems and the 'done') are handed back unposted: the queue
   * posts them with its next claim, so the main thread wakes once per file, not twice.
   */
  const readOne = async (req: ReadFileRequest, holdEnd = false): Promise<Held> => {
    const held: Held = { messages: [], transfer: [] };
    const flush = (): void => {
      port.postMessage(held.messages, held.transfer);
      held.messages = [];
      held.transfer = [];
    };
    await readTrailFile({ ...req, blocking: true }, (m) => {
      // At most one batch is held, so a huge file's batches still stream through with bounded memory.
      if (m.type === 'batch' && held.messages.some((h) => h.type === 'batch')) flush();
      held.messages.push(m);
      if (m.type === 'batch') {
        // A held batch is exactly what holds a transferable (its buffer).
        held.transfer.push(m.buffer);
        if (m.facts) held.transfer.push(m.facts);
      }
      if ((m.type === 'done' && !holdEnd) || held.messages.length >= MAX_HELD) flush();
    });
    return held;
  };
  // Access-log files of the queue share batches (RecordIndex.addBatch gives each file its rows): their lines wait in
  // `access`, and the messages of those files wait in `accessHeld` so that each file's 'done' follows their batch.
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
      // The end of the last trail file read, posted with the next claim (see readOne).
      let end: Held = { messages: [], transfer: [] };
      const takeReturned = (): void => {
        for (let m = req.returns && receiveMessageOnPort(req.returns); m; m = receiveMessageOnPort(req.returns!)) giveBatchBuffer(m.message as ArrayBuffer);
      };
      for (;;) {
        const i = Atomics.add(next, 0, 1);
        if (i >= req.files.length) break;
        takeReturned();
        const file = req.files[i];
        // Said before the file is read, so the main thread knows what this worker held if it fails.
        port.postMessage([...end.messages, { type: 'claim', file }], end.transfer);
        end = { messages: [], transfer: [] };
        if (readQueued(file, req)) continue;
        flushAccess();
        end = await readOne({ type: 'read', file, maxInflatedBytes: req.maxInflatedBytes, maxFileBytes: req.maxFileBytes, facts: req.facts }, true);
      }
      flushAccess();
      if (end.messages.length > 0) port.postMessage(end.messages, end.transfer);
      req.returns?.close();
      port.postMessage([{ type: 'idle', file: '' }]);
    })();
  });
}
