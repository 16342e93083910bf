// Intervals indexed for "which contain this address?": sorted by start with a running maximum of
// the ends, so a lookup is a binary search plus the intervals that really reach the address.
import type { IpFamily } from './cidr';
import type { Interval } from './overlap';

const byStart = (a: Interval, b: Interval): number => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);

export class IntervalIndex<T extends Interval> {
  private readonly sorted: T[];
  private readonly maxEnd: bigint[] = [];

  constructor(intervals: readonly T[]) {
    this.sorted = [...intervals].sort(byStart);
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

  containing(family: IpFamily, value: bigint): T[] {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = s[mid]!;
      if (m.family < family || (m.family === family && m.start <= value)) lo = mid + 1;
      else hi = mid;
    }
    const hits: T[] = [];
    for (let i = lo - 1; i >= 0 && s[i]!.family === family && this.maxEnd[i]! >= value; i--) {
      if (s[i]!.end >= value) hits.push(s[i]!);
    }
    return hits;
  }
}
