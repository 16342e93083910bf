// Suggests the nearest free CIDR of a given size: aligned blocks, searching up and down from where
// the range is now, skipping everything already in use, staying inside the same private block.
import type { IpFamily } from './cidr';
import { familyBits, formatCidr } from './cidr';
import type { Interval } from './overlap';

const PRIVATE_V4: [bigint, number][] = [[0x0a000000n, 8], [0xac100000n, 12], [0xc0a80000n, 16], [0x64400000n, 10]];
const ULA_V6: [bigint, number][] = [[0xfc00n << 112n, 7]];

/** The private block (RFC 1918, CGNAT, ULA) holding `start`, else the whole address space. */
function boundsFor(family: IpFamily, start: bigint): [bigint, bigint] {
  const bits = BigInt(familyBits(family));
  for (const [base, len] of family === 4 ? PRIVATE_V4 : ULA_V6) {
    const size = 1n << (bits - BigInt(len));
    if (start >= base && start < base + size) return [base, base + size - 1n];
  }
  return [0n, (1n << bits) - 1n];
}

/** What is in use, as sorted disjoint [start, end] intervals of one family; build once, query many times. */
export function mergeUsed(family: IpFamily, used: readonly Interval[]): [bigint, bigint][] {
  const sorted = used.filter((u) => u.family === family).map((u) => [u.start, u.end] as [bigint, bigint]).sort((
    a,
    b,
  ) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1] + 1n) { if (e > last[1]) last[1] = e; }
    else merged.push([s, e]);
  }
  return merged;
}

export function nearestFreeCidr(family: IpFamily, prefix: number, around: bigint, used: readonly Interval[] | [bigint, bigint][]): string | undefined {
  const bits = familyBits(family);
  const size = 1n << BigInt(bits - prefix);
  const [lo, hi] = boundsFor(family, around);
  if (size > hi - lo + 1n) return undefined;
  const merged = Array.isArray(used[0]) || used.length === 0 ? (used as [bigint, bigint][]) : mergeUsed(family, used as readonly Interval[]);
  const hit = (s: bigint, e: bigint): [bigint, bigint] | undefined => {
    // First merged interval ending at or after s (binary search), if it starts before e.
    let a = 0;
    let b = merged.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (merged[m][1] < s) a = m + 1;
      else b = m;
    }
    return a < merged.length && merged[a][0] <= e ? merged[a] : undefined;
  };
  const base = (around / size) * size;
  let up: bigint | undefined = base;
  for (let guard = 0; up !== undefined && guard < 100_000; guard++) {
    if (up + size - 1n > hi) {
      up = undefined;
      break;
    }
    const h = hit(up, up + size - 1n);
    if (!h) break;
    up = ((h[1] + 1n + size - 1n) / size) * size;
  }
  let down: bigint | undefined = base;
  for (let guard = 0; down !== undefined && guard < 100_000; guard++) {
    if (down < lo) {
      down = undefined;
      break;
    }
    const h = hit(down, down + size - 1n);
    if (!h) break;
    const next = (h[0] / size) * size - size;
    down = next < 0n ? undefined : next;
  }
  const pick = up === undefined ? down : down === undefined ? up : around - down <= up - around ? down : up;
  return pick === undefined ? undefined : formatCidr(family, pick, prefix);
}
