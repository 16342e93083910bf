// CIDRs indexed for "which hold this one?" and "which lie inside it?", updated one at a time.
// Two CIDRs either nest or are disjoint, so the ones overlapping a CIDR are its holders (same or
// shorter prefix, the start masked to theirs) and those inside it (longer prefix, the start masked
// to its): both are hash lookups, one per prefix length present, never a pass over all of them.
// Both are read lazily, so a caller that wants the first few of thousands of equal CIDRs stops there.
import type { IpFamily } from './cidr';
import { familyBits } from './cidr';

export interface CidrKey {
  readonly family: IpFamily;
  readonly prefix: number;
  /** The network address (host bits zero). */
  readonly start: bigint;
}

const masked = (start: bigint, hostBits: number): bigint => (hostBits === 0 ? start : (start >> BigInt(hostBits)) << BigInt(hostBits));

/** One family's CIDRs. */
class FamilyIndex<T extends CidrKey> {
  /** prefix → network address → the CIDRs with exactly that prefix and address. */
  private readonly at = new Map<number, Map<bigint, Set<T>>>();
  /** prefix p present → p's network address → the CIDRs with a longer prefix inside it. */
  private readonly under = new Map<number, Map<bigint, Set<T>>>();
  /** The prefix lengths present, ascending. */
  private prefixes: number[] = [];

  constructor(private readonly bits: number) {}

  add(e: T): void {
    let exact = this.at.get(e.prefix);
    if (!exact) {
      exact = new Map();
      this.at.set(e.prefix, exact);
      this.addPrefix(e.prefix);
    }
    const same = exact.get(e.start);
    if (same) same.add(e);
    else exact.set(e.start, new Set([e]));
    for (const p of this.prefixes) {
      if (p >= e.prefix) break;
      this.putUnder(p, e);
    }
  }

  remove(e: T): void {
    const exact = this.at.get(e.prefix);
    const same = exact?.get(e.start);
    if (!exact || !same?.delete(e)) return;
    if (same.size === 0) exact.delete(e.start);
    for (const p of this.prefixes) {
      if (p >= e.prefix) break;
      const key = masked(e.start, this.bits - p);
      const set = this.under.get(p)!.get(key)!;
      set.delete(e);
      if (set.size === 0) this.under.get(p)!.delete(key);
    }
    if (exact.size === 0) {
      this.at.delete(e.prefix);
      this.under.delete(e.prefix);
      this.prefixes = this.prefixes.filter((p) => p !== e.prefix);
    }
  }

  *holding(c: CidrKey): Generator<T> {
    for (const p of this.prefixes) {
      if (p > c.prefix) break;
      const same = this.at.get(p)?.get(masked(c.start, this.bits - p));
      if (same) yield* same;
    }
  }

  *inside(c: CidrKey): Generator<T> {
    const under = this.under.get(c.prefix);
    if (under) {
      yield* under.get(c.start) ?? [];
      return;
    }
    // c's prefix length is not present: no index for it, so look at every longer prefix's CIDRs.
    for (const p of this.prefixes) {
      if (p <= c.prefix) continue;
      for (const [start, same] of this.at.get(p) ?? []) if (masked(start, this.bits - c.prefix) === c.start) yield* same;
    }
  }

  /** A prefix length appears: the CIDRs already held with longer prefixes are filed under it. */
  private addPrefix(prefix: number): void {
    this.prefixes = [...this.prefixes, prefix].sort((a, b) => a - b);
    this.under.set(prefix, new Map());
    for (const [p, exact] of this.at) {
      if (p <= prefix) continue;
      for (const same of exact.values()) for (const e of same) this.putUnder(prefix, e);
    }
  }

  private putUnder(p: number, e: T): void {
    const under = this.under.get(p)!;
    const key = masked(e.start, this.bits - p);
    const set = under.get(key);
    if (set) set.add(e);
    else under.set(key, new Set([e]));
  }
}

export class CidrContainment<T extends CidrKey> {
  private readonly families = { 4: new FamilyIndex<T>(familyBits(4)), 6: new FamilyIndex<T>(familyBits(6)) };

  add(e: T): void {
    this.families[e.family].add(e);
  }

  /** Removes this very entry (by identity); an entry not held is ignored. */
  remove(e: T): void {
    this.families[e.family].remove(e);
  }

  /** The entries that hold all of `c`: its own prefix (equal CIDRs) or a shorter one; read lazily: an entry removed meanwhile is not met (Set iteration), one added may be. */
  holding(c: CidrKey): Generator<T> {
    return this.families[c.family].holding(c);
  }

  /** The entries strictly inside `c` (a longer prefix); read lazily: an entry removed meanwhile is not met (Set iteration), one added may be. */
  inside(c: CidrKey): Generator<T> {
    return this.families[c.family].inside(c);
  }
}
