// The cluster model's one change clock. Each change ticks `any`; the named counters tick only
// for what their consumers read, so each consumer compares the counter it cares about with the
// value it saw last. Which nodes changed is kept as the tick they last changed at, so any number
// of consumers can each ask "what changed since my cursor" without taking it from the others.
// The changes are also logged in tick order, so that answer costs the changes after the cursor
// (found by binary search), not a pass over all 65,000 nodes for each consumer's refresh. The log
// is compacted a slice per change, so no single change pays for a pass over the whole log.

export interface ModelChanges {
  readonly nodes: ReadonlySet<string>;
  /** CNI, networks, unscheduled pods or the node list itself changed. */
  readonly cluster: boolean;
}

export class ChangeClock {
  private anyCount = 0;
  private networkCount = 0;
  private topologyCount = 0;
  /** node name → the `any` tick it last changed at. */
  private readonly nodeTicks = new Map<string, number>();
  private clusterTick = 0;
  /** (tick, node) in tick order; a node may appear more than once until the log is compacted. */
  private logTicks: number[] = [];
  private logNodes: string[] = [];
  /**
   * While a compaction runs: entries before `kept` are compacted, those from `kept` to `scan` are
   * spent (moved down or dropped), those from `scan` on are still to be read. Both live parts are
   * in tick order, the first wholly before the second. No compaction: kept = scan = log length.
   */
  private kept = 0;
  private scan = 0;
  private compacting = false;

  /** `compactSlice`: log entries a compaction reads per change (a test makes it small). */
  constructor(private readonly compactSlice = 4096) {}

  /** Every change (findings are recomputed against it). */
  get any(): number {
    return this.anyCount;
  }

  /** Every change but those to containers or readiness only (the network map does not show them). */
  get network(): number {
    return this.networkCount;
  }

  /** Blocks, node IPs, the node list, the networks: what the live lint facts are made of (not pod churn). */
  get topology(): number {
    return this.topologyCount;
  }

  /** A node (or its pods) changed; `containersOnly`: nothing the network map shows. */
  node(name: string, containersOnly = false): void {
    this.anyCount++;
    if (!containersOnly) this.networkCount++;
    this.nodeTicks.set(name, this.anyCount);
    const last = this.logTicks.length - 1;
    // The same node again (its pods arriving one after another): its entry moves to the new tick.
    // (The last entry is never a spent one: while a compaction runs, entries remain to be read.)
    if (last >= 0 && this.logNodes[last] === name) this.logTicks[last] = this.anyCount;
    else {
      this.logTicks.push(this.anyCount);
      this.logNodes.push(name);
      if (!this.compacting && this.logTicks.length > 2 * this.nodeTicks.size + 1024) {
        this.compacting = true;
        this.kept = 0;
        this.scan = 0;
      }
      if (this.compacting) this.compactSome();
    }
    if (!this.compacting) this.kept = this.scan = this.logTicks.length;
  }

  /** The cluster as a whole changed (settings, unscheduled pods, the node list). */
  cluster(): void {
    this.anyCount++;
    this.networkCount++;
    this.clusterTick = this.anyCount;
  }

  /** Something the topology is made of changed (ticks `topology` only: the change itself ticks the rest). */
  topologyChanged(): void {
    this.topologyCount++;
  }

  /** A node no longer in the model: its tick is dropped (the node list change is a cluster change). */
  forget(name: string): void {
    this.nodeTicks.delete(name);
  }

  /** What changed after the `any` tick `cursor` (a consumer keeps its own; 0: since the start). */
  changesSince(cursor: number): ModelChanges {
    const nodes = new Set<string>();
    const add = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const name = this.logNodes[i]!;
        if (this.nodeTicks.has(name)) nodes.add(name);
      }
    };
    const end = this.logTicks.length;
    const first = this.firstAfter(cursor, 0, this.kept);
    if (first < this.kept) add(first, this.kept);
    add(this.firstAfter(cursor, this.scan, end), end);
    return { nodes, cluster: this.clusterTick > cursor };
  }

  /** The index of the first entry in [lo, hi) with a tick after `cursor` (hi if none). */
  private firstAfter(cursor: number, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.logTicks[mid]! > cursor) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Keeps one entry per node, its last tick: the answer for every cursor stays the same. One pass
   * in log order (an entry is kept where it is its node's last tick), no sort, `compactSlice`
   * entries per change: at 65,000 nodes a whole pass (130,000 entries) stalled the host 20-30 ms.
   */
  private compactSome(): void {
    const stop = Math.min(this.logTicks.length, this.scan + this.compactSlice);
    let kept = this.kept;
    for (let i = this.scan; i < stop; i++) {
      const tick = this.logTicks[i]!;
      const name = this.logNodes[i]!;
      if (this.nodeTicks.get(name) !== tick) continue;
      this.logTicks[kept] = tick;
      this.logNodes[kept] = name;
      kept++;
    }
    this.kept = kept;
    this.scan = stop;
    if (stop < this.logTicks.length) return;
    // Read to the end: the spent entries go.
    this.logTicks.length = kept;
    this.logNodes.length = kept;
    this.scan = kept;
    this.compacting = false;
  }
}
