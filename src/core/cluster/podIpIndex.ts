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
    const one = this.holder(ip);
    if (one < 0) {
      this.setHolder(ip, pod);
      return [];
    }
    this.clearHolder(ip);
    const both = [one, pod];
    this.shared.set(ip, both);
    return both;
  }

  /** Removes a pod's IP; returns the pod left alone with it when it stopped being shared, else undefined. */
  remove(ip: string, pod: PodId): PodId | undefined {
    const holders = this.shared.get(ip);
    if (!holders) {
      if (this.holder(ip) === pod) this.clearHolder(ip);
      return undefined;
    }
    const rest = holders.filter((p) => p !== pod);
    if (rest.length > 1) {
      this.shared.set(ip, rest);
      return undefined;
    }
    this.shared.delete(ip);
    if (rest.length === 0) return undefined;
    this.setHolder(ip, rest[0]!);
    return rest[0];
  }

  podsWith(ip: string): readonly PodId[] {
    const holders = this.shared.get(ip);
    if (holders) return holders;
    const one = this.holder(ip);
    return one < 0 ? [] : [one];
  }

  private holder(ip: string): PodId {
    const v4 = ipv4ToNumber(ip);
    return v4 >= 0 ? this.ipv4.get(v4) : this.other.get(ip) ?? -1;
  }

  private setHolder(ip: string, pod: PodId): void {
    const v4 = ipv4ToNumber(ip);
    if (v4 >= 0) this.ipv4.set(v4, pod);
    else this.other.set(ip, pod);
  }

  private clearHolder(ip: string): void {
    const v4 = ipv4ToNumber(ip);
    if (v4 >= 0) this.ipv4.delete(v4);
    else this.other.delete(ip);
  }
}
