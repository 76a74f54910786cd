// A stand-in for engine/index-worker.ts in tests of the kept change worker: the real worker, with one fault
// chosen by FAULTY_WORKER in the environment (the service starts its workers with this process's environment):
//   exit-when-idle  the thread exits once its share of a full index is read, as a crashed idle worker would
//   hold-read       a single-file read (a change) first creates FAULTY_WORKER_DIR/reading, then waits until
//                   FAULTY_WORKER_DIR/release exists (or 30 s), so a test can act while the read is under way
// Its own handlers are in place before the real worker's, so they see each request first.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

const port = parentPort;
const fault = process.env.FAULTY_WORKER;
const dir = process.env.FAULTY_WORKER_DIR ?? '';

if (port && fault === 'exit-when-idle') {
  const post = port.postMessage.bind(port);
  port.postMessage = (value: unknown, transfer?: readonly ArrayBuffer[]): void => {
    post(value, transfer as ArrayBuffer[]);
    if (Array.isArray(value) && (value[0] as { type?: string } | undefined)?.type === 'idle') setImmediate(() => process.exit(1));
  };
}

if (port && fault === 'hold-read') {
  port.on('message', (req: { type: string }) => {
    if (req.type !== 'read') return;
    fs.writeFileSync(path.join(dir, 'reading'), '');
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; waited < 30_000 && !fs.existsSync(path.join(dir, 'release')); waited += 10) Atomics.wait(nap, 0, 0, 10);
  });
}

createRequire(__filename)('../../../engine/index-worker');
