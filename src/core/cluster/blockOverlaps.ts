// Overlapping intervals by sort + scan (O(n log n + pairs)), not all-pairs: 5,000 node blocks.

export interface Interval<T> {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  readonly owner: T;
}

/** Every pair of overlapping intervals of the same family, each pair once. */
export function overlappingPairs<T>(intervals: readonly Interval<T>[]): [Interval<T>, Interval<T>][] {
  const sorted = [...intervals].sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const pairs: [Interval<T>, Interval<T>][] = [];
  let active: Interval<T>[] = [];
  for (const cur of sorted) {
    active = active.filter((a) => a.family === cur.family && a.end >= cur.start);
    for (const a of active) pairs.push([a, cur]);
    active.push(cur);
  }
  return pairs;
}

/** Intervals indexed for "which contain this address?" (sorted by start + running max of ends). */
export class IntervalIndex<T> {
  private readonly sorted: Interval<T>[];
  private readonly maxEnd: bigint[];

  constructor(intervals: readonly Interval<T>[]) {
    this.sorted = [...intervals].sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    this.maxEnd = [];
    let max = -1n;
    let family = 0;
    for (const iv of this.sorted) {
      if (iv.family !== family) {
        family = iv.family;
        max = -1n;
      }
      if (iv.end > max) max = iv.end;
      this.maxEnd.push(max);
    }
  }

  containing(family: 4 | 6, value: bigint): Interval<T>[] {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = s[mid]!;
      if (m.family < family || (m.family === family && m.start <= value)) lo = mid + 1;
      else hi = mid;
    }
    const hits: Interval<T>[] = [];
    for (let i = lo - 1; i >= 0 && s[i]!.family === family && this.maxEnd[i]! >= value; i--) {
      if (s[i]!.end >= value) hits.push(s[i]!);
    }
    return hits;
  }
}
