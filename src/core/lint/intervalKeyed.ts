// Values keyed by an address interval plus a tag, without writing the interval's bigints as
// strings: rules key thousands of lookups by interval, and a bigint's toString is slow (most of
// those lookups run before the JIT). Bigints are Map keys by value.
import type { IpFamily } from '../net/cidr';

export class IntervalKeyed<V> {
  private readonly byTag = new Map<string, Map<bigint, Map<bigint, V>>>();

  get(family: IpFamily, start: bigint, end: bigint, tag = ''): V | undefined {
    return this.byTag.get(`${family}|${tag}`)?.get(start)?.get(end);
  }

  has(family: IpFamily, start: bigint, end: bigint, tag = ''): boolean {
    return this.byTag.get(`${family}|${tag}`)?.get(start)?.has(end) ?? false;
  }

  set(family: IpFamily, start: bigint, end: bigint, value: V, tag = ''): void {
    const k = `${family}|${tag}`;
    let byStart = this.byTag.get(k);
    if (!byStart) this.byTag.set(k, byStart = new Map());
    let byEnd = byStart.get(start);
    if (!byEnd) byStart.set(start, byEnd = new Map());
    byEnd.set(end, value);
  }
}
