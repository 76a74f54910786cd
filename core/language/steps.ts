// Work in steps: a generator that yields between chunks of work and returns its result. Pure logic stays
// synchronous to call (runSteps, for the CLI and tests) and can be run a slice at a time by a server that
// must answer other requests in between (server/sliced.ts).

export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
