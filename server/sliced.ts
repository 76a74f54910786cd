// Runs the language service's stepped work (core/language/steps.ts) a slice at a time, giving the event loop
// back between slices, so requests about other documents are answered while one big or hostile document is
// parsed and validated (issue 17: no document waits more than 100 ms behind another's validation).

import type { Steps } from '../core/language';

/** Work between two turns of the event loop, ms: short against the 100 ms goal, long against the cost of a turn. */
export const SLICE_MS = 8;

/** The work was for a document version that is gone (edited or closed): it stopped, and nothing is answered from it. */
export class Superseded extends Error {
  constructor() {
    super('the document changed');
  }
}

/**
 * Runs steps until done, `sliceMs` at a time; between slices it waits for the event loop's next check
 * phase (after pending I/O, so incoming requests are read and handled first). When `current()` turns false
 * the steps are closed and the promise rejects with Superseded.
 */
export async function runSliced<T>(steps: Steps<T>, current: () => boolean, sliceMs = SLICE_MS): Promise<T> {
  for (;;) {
    const until = performance.now() + sliceMs;
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() >= until) break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!current()) {
      steps.return(undefined as T);
      throw new Superseded();
    }
  }
}
