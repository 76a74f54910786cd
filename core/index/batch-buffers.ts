// Spare buffers for built batches (BatchBuilder.build), per thread. An index worker transfers each batch's
// buffer to the main thread, which sends it back once merged (engine/worker-pool.ts): a fresh ~220 KB
// ArrayBuffer per file costs its page faults in the worker, and on the main thread the external memory of
// thousands of transferred buffers set off a mark-compact GC every ~13 MB of them (half of the main thread's
// ~40 during a 1M-record index). A buffer taken from here may hold an earlier batch's bytes: build() writes
// every byte the batch reads.

/** Buffers kept at most: two or three are in flight per worker between its builds and the main thread's merges. */
const MAX_SPARE = 4;
/** New buffers are rounded up to this, so that a later batch a little larger fits one given back. */
const ROUND = 64 * 1024;

const spare: ArrayBuffer[] = [];

/** A buffer of at least `bytes`: the smallest spare one that fits, else a new one. */
export function takeBatchBuffer(bytes: number): ArrayBuffer {
  let best = -1;
  for (let i = 0; i < spare.length; i++) {
    if (spare[i].byteLength >= bytes && (best < 0 || spare[i].byteLength < spare[best].byteLength)) best = i;
  }
  if (best >= 0) return spare.splice(best, 1)[0];
  return new ArrayBuffer(Math.ceil(bytes / ROUND) * ROUND);
}

/** Keeps a buffer whose batch is done with (nothing may read it any more); when full, the smallest goes. */
export function giveBatchBuffer(buffer: ArrayBuffer): void {
  if (buffer.byteLength === 0) return; // detached
  spare.push(buffer);
  if (spare.length > MAX_SPARE) {
    let smallest = 0;
    for (let i = 1; i < spare.length; i++) if (spare[i].byteLength < spare[smallest].byteLength) smallest = i;
    spare.splice(smallest, 1);
  }
}

