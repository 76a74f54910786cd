// The index worker threads of a full indexing: started while the files are found (spawnEarly), then fed
// one queue of files that they share (each claims the next file itself, engine/index-worker.ts), and ended
// when the queue is empty. A worker that fails has the files it held reported; files no worker claimed
// (every worker failed) go back to the caller. Whatever a worker prints goes to stderr: the server's stdout
// carries the LSP stream.

import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { TrailFile } from '../core/files';
import type { ReadLimits } from '../core/settings';
import type { FactPlanSpec } from '../core/detect';
import type { ReadQueueRequest, WorkerMessage } from './index-worker';

export interface PoolWorker {
  worker: Worker;
  /** Files the worker claimed and has not finished, by path. */
  inFlight: Map<string, TrailFile>;
  /** Where its batches' buffers go back to it once merged (ReadQueueRequest.returns). */
  returns: MessagePort;
}

/** One full indexing's workers; aborting it stops them (the caller terminates them). */
export interface PoolRun {
  abort: AbortController;
  workers: PoolWorker[];
}

/** What the pool reports to the index service. */
export interface PoolHooks {
  /** False once a newer run replaced this one: its late messages are ignored. */
  current(): boolean;
  /** A message of one file (batch, problem, shape, done); true when it is done with it on return (a batch merged
   *  at once): a batch's buffer then goes back to the worker for its next batches. */
  message(m: WorkerMessage): boolean;
  /** A file was read through (after its 'done' message). */
  fileDone(file: TrailFile): void;
  /** A worker failed: the files it held were not read through. */
  failed(e: Error, held: TrailFile[]): void;
  /** A worker ran out of files without failing: true when the caller keeps it (the pool then leaves it running). */
  keep(worker: Worker): boolean;
  /** Reads the files no worker claimed (every worker failed) some other way. */
  readRest(files: TrailFile[]): Promise<void>;
}

/** Reads `files` (largest first is best) with `workers`; resolves when every worker is done or the run aborted. */
export function readWithWorkers(
  files: TrailFile[], workers: Worker[], run: PoolRun, limits: ReadLimits & { facts?: FactPlanSpec }, hooks: PoolHooks,
): Promise<void> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const queue: ReadQueueRequest = {
    type: 'queue', files: files.map((f) => f.path), next: next.buffer as SharedArrayBuffer,
    maxInflatedBytes: limits.maxInflatedBytes, maxFileBytes: limits.maxFileBytes, facts: limits.facts,
  };
  return new Promise<void>((resolve) => {
    let live = 0;
    const finish = (pw: PoolWorker, failed = false): void => {
      const i = run.workers.indexOf(pw);
      if (i < 0) return; // finished already (an error after its last file)
      run.workers.splice(i, 1);
      pw.returns.close();
      if (failed || !hooks.current() || run.abort.signal.aborted || !hooks.keep(pw.worker)) void pw.worker.terminate();
      if (--live > 0) return;
      // Every worker gone: files no worker claimed (all of them failed) are read some other way.
      const claimed = Math.min(Atomics.exchange(next, 0, files.length), files.length);
      if (claimed < files.length && !run.abort.signal.aborted) void hooks.readRest(files.slice(claimed)).then(resolve);
      else resolve();
    };
    run.abort.signal.addEventListener('abort', () => {
      // terminate() from cancel(): settle now; late messages are ignored.
      Atomics.store(next, 0, files.length);
      for (const pw of run.workers) pw.returns.close();
      live = 0;
      resolve();
    });
    const bootFailures: (() => void)[] = [];
    for (const worker of workers) {
      const channel = new MessageChannel();
      const pw: PoolWorker = { worker, inFlight: new Map(), returns: channel.port1 };
      live++;
      run.workers.push(pw);
      pw.worker.on('message', (messages: WorkerMessage[]) => {
        for (const m of messages) {
          if (!hooks.current()) return;
          if (m.type === 'claim') pw.inFlight.set(m.file, byPath.get(m.file) ?? { path: m.file, size: 0 });
          else if (m.type === 'idle') finish(pw);
          else {
            if (hooks.message(m) && m.type === 'batch') pw.returns.postMessage(m.buffer, [m.buffer]);
            if (m.type === 'done') {
              const f = pw.inFlight.get(m.file);
              pw.inFlight.delete(m.file);
              hooks.fileDone(f ?? { path: m.file, size: 0 });
            }
          }
        }
      });
      const failed = (e: Error): void => {
        const held = [...pw.inFlight.values()];
        pw.inFlight.clear();
        hooks.failed(e, held);
        finish(pw, true);
      };
      const early = bootErrors.get(worker);
      worker.removeAllListeners('error');
      worker.on('error', failed);
      if (early) bootFailures.push(() => failed(early));
      else worker.postMessage({ ...queue, returns: channel.port2 }, [channel.port2]);
    }
    // After every worker is counted: the last one gone reads the unclaimed files.
    for (const f of bootFailures) f();
  });
}

/** Errors of workers started before their work was ready (spawnEarly): reported once the work is. */
const bootErrors = new WeakMap<Worker, Error>();

/** A worker started ahead of its work (it takes ~50 ms to load and compile its scanner); an error before
 *  then is kept for readWithWorkers. */
export function spawnEarly(script: string): Worker {
  const w = spawnWorker(script);
  w.on('error', (e) => {
    if (!bootErrors.has(w)) bootErrors.set(w, e);
  });
  return w;
}

/** A worker thread running `script`: a bundle, or (tests) a TypeScript source through tsx; its stdout goes to stderr. */
export function spawnWorker(script: string): Worker {
  if (script.endsWith('.ts')) {
    // Tests run from sources: load tsx inside the worker first.
    return withStdoutToStderr(new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { eval: true, stdout: true }));
  }
  return withStdoutToStderr(spawnBundled(script));
}

/**
 * A bundled worker needs no module hooks: the main thread's preloads (`--import tsx` in tests and benches) would
 * load in every worker too and cost each ~200 ms of CPU before its first file, which the shipped extension does not
 * pay. Without preloads the worker inherits the options as before. Node refuses V8 and process-wide options
 * (`--expose-gc`, `--max-old-space-size`) in a worker's own list, and names them: they hold for every thread
 * anyway, so they are left out; should the list still be refused, the worker inherits everything, as before.
 */
function spawnBundled(script: string): Worker {
  const argv = withoutPreloads(process.execArgv);
  if (argv.length === process.execArgv.length) return new Worker(script, { stdout: true });
  try {
    return new Worker(script, { stdout: true, execArgv: argv });
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    // "Initiated Worker with invalid execArgv flags: --a, --b"
    const refused = new Set((e as Error).message.split(': ').pop()!.split(', '));
    try {
      return new Worker(script, { stdout: true, execArgv: argv.filter((a) => !refused.has(a)) });
    } catch {
      return new Worker(script, { stdout: true });
    }
  }
}

/** Node options without the ones that load modules before the script (`--import`, `--require`/`-r`, `--loader`,
 *  `--experimental-loader`, each with its value, as one argument or two); every other option is kept. */
export function withoutPreloads(execArgv: readonly string[]): string[] {
  const PRELOADS = ['--import', '--require', '-r', '--loader', '--experimental-loader'];
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    if (PRELOADS.includes(a)) {
      i++;
      continue;
    }
    if (PRELOADS.some((p) => a.startsWith(`${p}=`))) continue;
    out.push(a);
  }
  return out;
}

/** The server's stdout carries the LSP stream: whatever a worker prints goes to stderr (the client's log). */
function withStdoutToStderr(worker: Worker): Worker {
  worker.stdout.pipe(process.stderr);
  return worker;
}
