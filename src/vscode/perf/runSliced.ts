// Runs core Steps in slices: at most `budgetMs` of work, then a turn of the event loop (watch
// events, tree refreshes, other extensions), then the next slice.
import { performance } from 'node:perf_hooks';
import type { Steps } from '../../core/steps';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runSliced<T>(steps: Steps<T>, budgetMs = 8): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= budgetMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
