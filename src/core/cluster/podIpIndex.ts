// Pods by IP, and which IPs more than one pod holds (a duplicate-pod-ip finding each). One entry
// per IP, an array only for the rare shared one: 150,000 pods cost no 150,000 arrays.

export class PodIpIndex<P> {
  private readonly byIp = new Map<string, P | P[]>();
  private readonly shared = new Set<string>();

  /** IPs held by more than one pod. */
  get duplicates(): ReadonlySet<string> {
    return this.shared;
  }

  /** Adds a pod's IP; returns every pod holding it when it is now shared (their nodes show the duplicate), else []. */
  add(ip: string, pod: P): readonly P[] {
    const cur = this.byIp.get(ip);
    if (cur === undefined) {
      this.byIp.set(ip, pod);
      return [];
    }
    if (Array.isArray(cur)) cur.push(pod);
    else this.byIp.set(ip, [cur, pod]);
    this.shared.add(ip);
    return this.podsWith(ip);
  }

  /** Removes a pod's IP; returns the pod left alone with it when it stopped being shared, else undefined. */
  remove(ip: string, pod: P): P | undefined {
    const cur = this.byIp.get(ip);
    if (cur === undefined) return undefined;
    if (!Array.isArray(cur)) {
      if (cur === pod) this.byIp.delete(ip);
      return undefined;
    }
    const rest = cur.filter((p) => p !== pod);
    if (rest.length <= 1) this.shared.delete(ip);
    if (rest.length === 0) this.byIp.delete(ip);
    else this.byIp.set(ip, rest.length === 1 ? rest[0]! : rest);
    return rest.length === 1 ? rest[0] : undefined;
  }

  /** Puts `pod` where `old` held the IP (the same pod in a new object). */
  replace(ip: string, old: P, pod: P): void {
    const cur = this.byIp.get(ip);
    if (cur === old) this.byIp.set(ip, pod);
    else if (Array.isArray(cur)) this.byIp.set(ip, cur.map((p) => (p === old ? pod : p)));
  }

  podsWith(ip: string): readonly P[] {
    const cur = this.byIp.get(ip);
    return cur === undefined ? [] : Array.isArray(cur) ? cur : [cur];
  }
}
