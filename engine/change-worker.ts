// One worker of the last full indexing, kept (unref'd, idle) to read changed files: its parsing code is
// already optimised, while the service's own thread would run cold and hold up the queries. It reads one
// file at a time; the service falls back to its own thread when the worker fails.

import type { Worker } from 'node:worker_threads';
import type { ReadFileRequest, WorkerMessage } from './index-worker';

/** How the kept worker's reading of a changed file ended; 'dropped': the worker was let go meanwhile (a full
 *  indexing started, which reads the file anyway, or the service was disposed). */
export type ChangeRead = 'done' | 'failed' | 'dropped';

export class ChangeWorker {
  private worker: Worker | undefined;
  /** Settles the change the kept worker is reading, if any. */
  private pending: ((result: ChangeRead) => void) | undefined;

  constructor(private readonly log: (msg: string) => void) {}

  /** Whether a worker is kept. */
  get kept(): boolean {
    return this.worker !== undefined;
  }

  /** Keeps a pool worker that finished its queue (it must have no work left). */
  keep(worker: Worker): void {
    worker.removeAllListeners('message');
    worker.removeAllListeners('error');
    // An 'error' without a listener would throw in this thread.
    worker.on('error', (e) => {
      this.log(`Index worker failed: ${e.stack ?? e.message}`);
      if (this.worker === worker) this.worker = undefined;
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    // Idle, it must not keep the process alive (CLI, tests).
    worker.unref();
    this.worker = worker;
  }

  /** Reads one file in the kept worker, handing its messages to `deliver`; undefined when none is kept. */
  read(req: ReadFileRequest, deliver: (m: WorkerMessage) => void): Promise<ChangeRead> | undefined {
    const worker = this.worker;
    if (!worker) return undefined;
    return new Promise<ChangeRead>((resolve) => {
      const onMessage = (messages: WorkerMessage[]): void => {
        for (const m of messages) {
          if (m.file !== req.file || this.pending !== settle) return;
          deliver(m);
          if (m.type === 'done') settle('done');
        }
      };
      const onFailure = (): void => settle('failed');
      const settle = (result: ChangeRead): void => {
        if (this.pending !== settle) return;
        this.pending = undefined;
        worker.off('message', onMessage);
        worker.off('error', onFailure);
        worker.off('exit', onFailure);
        worker.unref();
        resolve(result);
      };
      this.pending = settle;
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', onFailure);
      // Referenced while it works: an unreferenced worker would let the process exit mid-read.
      worker.ref();
      worker.postMessage(req);
    });
  }

  /** Ends the kept worker; a read in progress settles as 'dropped'. */
  drop(): void {
    const w = this.worker;
    this.worker = undefined;
    this.pending?.('dropped');
    if (w) {
      w.removeAllListeners();
      // terminate() can still report an error; nobody needs it any more.
      w.on('error', () => undefined);
      void w.terminate();
    }
  }
}
