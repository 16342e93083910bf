// Turns a storm of "something changed" calls into at most one callback per interval: the
// first change after a quiet period fires at once, later ones wait for the interval to pass.

/** Minimum time between two tree refreshes: ≤ 4 in any second, with margin for timer jitter. */
export const treeRefreshIntervalMs = 260;

export class RefreshCoalescer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFire = -Infinity;
  /** How many times the callback ran. */
  fired = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly callback: () => void,
  ) {}

  schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFire + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastFire = Date.now();
      this.fired++;
      this.callback();
    }, wait);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
