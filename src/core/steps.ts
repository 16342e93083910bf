// Long pure computations (the network map of 150,000 pods) written as generators that yield now
// and then: the CLI and tests run them straight through, the extension host in slices of a few
// milliseconds (src/vscode/perf/runSliced.ts) so that nothing waits behind them.

export type Steps<T> = Generator<void, T, void>;

/** Loops over pods, findings and other per-item work offer to yield once per this many items. */
export const itemsPerStep = 2048;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
