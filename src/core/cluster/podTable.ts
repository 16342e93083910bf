// Pods by namespace, then name: no per-pod key string (150,000 of them cost ~9 MB).

export class PodTable<P> {
  private readonly byNamespace = new Map<string, Map<string, P>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): P | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** Adds the pod, or replaces the one held under its name. */
  set(namespace: string, name: string, pod: P): void {
    let inNs = this.byNamespace.get(namespace);
    if (!inNs) this.byNamespace.set(namespace, inNs = new Map());
    const size = inNs.size;
    inNs.set(name, pod);
    this.count += inNs.size - size;
  }

  delete(namespace: string, name: string): void {
    const inNs = this.byNamespace.get(namespace);
    if (!inNs?.delete(name)) return;
    this.count--;
    if (inNs.size === 0) this.byNamespace.delete(namespace);
  }

  *values(): IterableIterator<P> {
    for (const pods of this.byNamespace.values()) yield* pods.values();
  }

  /** "namespace/name" of every pod (a re-list deletes those the server no longer has). */
  keys(): string[] {
    return [...this.byNamespace].flatMap(([ns, pods]) => [...pods.keys()].map((name) => `${ns}/${name}`));
  }

  /** Namespaces holding pods, sorted. */
  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }
}
