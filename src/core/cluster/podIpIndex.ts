// Pods by IP, and which IPs more than one pod holds (a duplicate-pod-ip finding each). An IP held
// by one pod is one entry: a canonical IPv4 in a typed-array table (core/cluster/uint32Map.ts: no
// key string per pod, a million pods are no heap objects), any other text in a Map; a list only
// for the rare shared IP.
import type { PodId } from './podStore';
import { ipv4ToNumber } from '../net/fastAddress';
import { Uint32Map } from './uint32Map';

export class PodIpIndex {
  private readonly ipv4 = new Uint32Map();
  private readonly other = new Map<string, PodId>();
  private readonly shared = new Map<string, PodId[]>();

  /** IPs held by more than one pod. */
  duplicates(): IterableIterator<string> {
    return this.shared.keys();
  }

  /** Adds a pod's IP; returns every pod holding it when it is now shared (their nodes show the duplicate), else []. */
  add(ip: string, pod: PodId): readonly PodId[] {
    const holders = this.shared.get(ip);
    if (holders) {
      holders.push(pod);
      return holders;
    }
    const v4 = ipv4ToNumber(ip);
    const one = this.holder(ip, v4);
    if (one < 0) {
      this.setHolder(ip, v4, pod);
      return [];
    }
    this.clearHolder(ip, v4);
    const both = [one, pod];
    this.shared.set(ip, both);
    return both;
  }

  /** Removes a pod's IP; returns the pod left alone with it when it stopped being shared, else undefined. */
  remove(ip: string, pod: PodId): PodId | undefined {
    const holders = this.shared.get(ip);
    if (!holders) {
      const v4 = ipv4ToNumber(ip);
      if (this.holder(ip, v4) === pod) this.clearHolder(ip, v4);
      return undefined;
    }
    const rest = holders.filter((p) => p !== pod);
    if (rest.length > 1) {
      this.shared.set(ip, rest);
      return undefined;
    }
    this.shared.delete(ip);
    if (rest.length === 0) return undefined;
    this.setHolder(ip, ipv4ToNumber(ip), rest[0]!);
    return rest[0];
  }

  podsWith(ip: string): readonly PodId[] {
    const holders = this.shared.get(ip);
    if (holders) return holders;
    const one = this.holder(ip, ipv4ToNumber(ip));
    return one < 0 ? [] : [one];
  }

  // `v4` is ipv4ToNumber(ip), parsed once by the caller: -1 for any other text.
  private holder(ip: string, v4: number): PodId {
    return v4 >= 0 ? this.ipv4.get(v4) : this.other.get(ip) ?? -1;
  }

  private setHolder(ip: string, v4: number, pod: PodId): void {
    if (v4 >= 0) this.ipv4.set(v4, pod);
    else this.other.set(ip, pod);
  }

  private clearHolder(ip: string, v4: number): void {
    if (v4 >= 0) this.ipv4.delete(v4);
    else this.other.delete(ip);
  }
}
