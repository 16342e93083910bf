// Overlap detection over many ranges: sort by start, then sweep keeping the ranges still open.
// O(n log n + pairs). IPv4 runs on plain numbers with a two-pass radix sort (no bigint, no
// comparator), which keeps 10x the ranges close to 10x the time.
import type { IpFamily } from './cidr';

export interface Interval {
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
}

/** Pairs [i, j] (i < j in input order) of intervals that share at least one address. */
export function findOverlaps(ranges: readonly Interval[], maxPairs = 1_000_000): [number, number][] {
  const pairs: [number, number][] = [];
  let n4 = 0;
  for (let i = 0; i < ranges.length; i++) if (ranges[i].family === 4) n4++;
  const v4 = new Uint32Array(n4);
  const v6: number[] = [];
  for (let i = 0, k = 0; i < ranges.length; i++) {
    if (ranges[i].family === 4) v4[k++] = i;
    else v6.push(i);
  }
  sweep4(ranges, v4, pairs, maxPairs);
  sweep6(ranges, v6, pairs, maxPairs);
  return pairs;
}

function sweep4(ranges: readonly Interval[], idx: Uint32Array, pairs: [number, number][], maxPairs: number): void {
  const n = idx.length;
  if (n < 2) return;
  let starts = new Uint32Array(n);
  let ends = new Uint32Array(n);
  let ids = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const r = ranges[idx[k]];
    starts[k] = Number(r.start);
    ends[k] = Number(r.end);
    ids[k] = idx[k];
  }
  // LSD radix sort on the start, 8 bits a pass, carrying end and id along: every pass reads
  // sequentially and scatters into 256 buckets, and the sweep below then runs over sorted arrays.
  let s2 = new Uint32Array(n);
  let e2 = new Uint32Array(n);
  let i2 = new Uint32Array(n);
  const counts = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[(starts[k] >>> shift) & 255]++;
    if (counts[(starts[0] >>> shift) & 255] === n) continue; // every key has this digit
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const pos = counts[(starts[k] >>> shift) & 255]++;
      s2[pos] = starts[k];
      e2[pos] = ends[k];
      i2[pos] = ids[k];
    }
    [starts, s2] = [s2, starts];
    [ends, e2] = [e2, ends];
    [ids, i2] = [i2, ids];
  }
  // Active set: sorted positions whose end reaches the current start; compacted as we go.
  const active = new Int32Array(n);
  let activeLen = 0;
  for (let o = 0; o < n; o++) {
    const s = starts[o];
    let w = 0;
    for (let a = 0; a < activeLen; a++) {
      const other = active[a];
      if (ends[other] >= s) {
        active[w++] = other;
        if (pairs.length < maxPairs) pairs.push(ordered(ids[other], ids[o]));
      }
    }
    activeLen = w;
    active[activeLen++] = o;
  }
}

function sweep6(ranges: readonly Interval[], idx: number[], pairs: [number, number][], maxPairs: number): void {
  if (idx.length < 2) return;
  const order = [...idx].sort((a, b) => (ranges[a].start < ranges[b].start ? -1 : ranges[a].start > ranges[b].start ? 1 : 0));
  let active: number[] = [];
  for (const i of order) {
    const s = ranges[i].start;
    active = active.filter((j) => ranges[j].end >= s);
    for (const j of active) if (pairs.length < maxPairs) pairs.push(ordered(j, i));
    active.push(i);
  }
}

const ordered = (a: number, b: number): [number, number] => (a < b ? [a, b] : [b, a]);

/** findOverlaps as pairs of the intervals themselves, the one starting first (then the earlier given) first. */
export function overlappingPairs<T extends Interval>(ranges: readonly T[], maxPairs?: number): [T, T][] {
  return findOverlaps(ranges, maxPairs).map(([i, j]) => (ranges[j]!.start < ranges[i]!.start ? [ranges[j]!, ranges[i]!] : [ranges[i]!, ranges[j]!]));
}
