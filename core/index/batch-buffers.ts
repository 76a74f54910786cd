// Spare buffers for built batches (BatchBuilder.build), per thread. An index worker transfers each batch's
// buffer to the main thread, which sends it back once merged (engine/worker-pool.ts): a fresh ~220 KB
// ArrayBuffer per file costs its page faults in the worker, and on the main thread the external memory of
// thousands of transferred buffers set off a mark-compact GC every ~13 MB of them (half of the main thread's
// ~40 during a 1M-record index). A buffer taken from here may hold an earlier batch's bytes: build() writes
// every byte the batch reads.

/** Buffers kept at most: two or three are in flight per worker between its builds and the main thread's merges. */
const MAX_SPARE = 4;
/** New buffers are rounded up to this once buffers come back, so that a later batch a little larger fits one given
 *  back. Until then (the service's own thread, the CLI, a worker whose batches are held, as the reopen holds them)
 *  a batch gets a buffer of its size: a small file's few-KB batch is not a 64 KB buffer kept to no use. */
const ROUND = 64 * 1024;

const spare: ArrayBuffer[] = [];
let comeBack = false;

/** A buffer of at least `bytes`: the smallest spare one that fits, else a new one. */
export function takeBatchBuffer(bytes: number): ArrayBuffer {
  let best = -1;
  for (let i = 0; i < spare.length; i++) {
    if (spare[i].byteLength >= bytes && (best < 0 || spare[i].byteLength < spare[best].byteLength)) best = i;
  }
  if (best >= 0) return spare.splice(best, 1)[0];
  return new ArrayBuffer(comeBack ? Math.ceil(bytes / ROUND) * ROUND : bytes);
}

/** Keeps a buffer whose batch is done with (nothing may read it any more); when full, the smallest goes. */
export function giveBatchBuffer(buffer: ArrayBuffer): void {
  if (buffer.byteLength === 0) return; // detached
  comeBack = true;
  spare.push(buffer);
  if (spare.length > MAX_SPARE) {
    let smallest = 0;
    for (let i = 1; i < spare.length; i++) if (spare[i].byteLength < spare[smallest].byteLength) smallest = i;
    spare.splice(smallest, 1);
  }
}

