// The cluster findings indexed by what they are about (a node, a pod), and which parts of a view
// must be redrawn when the model changed: the nodes that changed, the nodes whose findings (or
// whose pods' findings) changed, their node groups, and Problems. Pure, so a view only provides.
import type { ModelChanges } from './changeClock';
import type { Finding, FindingSubject } from './findings';
import { subjectKey } from './findings';

export interface RedrawTargets {
  /** The whole view (the cluster itself changed): nothing finer is worth listing. */
  readonly all: boolean;
  readonly nodes: ReadonlySet<string>;
  /** Indexes of node groups whose nodes' findings changed. */
  readonly nodeGroups: ReadonlySet<number>;
  readonly problems: boolean;
}

export class FindingIndex {
  private indexed: readonly Finding[] | undefined;
  private bySubject = new Map<string, Finding[]>();

  /** The findings last indexed (undefined before the first update). */
  get findings(): readonly Finding[] | undefined {
    return this.indexed;
  }

  /** Findings about one node or pod. */
  about(subject: FindingSubject): readonly Finding[] {
    return this.bySubject.get(subjectKey(subject)) ?? [];
  }

  /** Forgets everything (a reconnect): the next update reports nothing as changed but re-indexes. */
  clear(): void {
    this.indexed = undefined;
    this.bySubject = new Map();
  }

  /**
   * Indexes `findings` (the model returns the same array while nothing changed) and says what to
   * redraw for them and for the model's own `changes`.
   */
  update(findings: readonly Finding[], changes: ModelChanges, groupOf: (node: string) => number | undefined): RedrawTargets {
    const { changed, before } = findings === this.indexed ? { changed: new Set<string>(), before: new Map<string, Finding[]>() } : this.reindex(findings);
    if (changes.cluster) return { all: true, nodes: new Set(), nodeGroups: new Set(), problems: changed.size > 0 };
    const nodes = new Set(changes.nodes);
    const nodeGroups = new Set<number>();
    for (const key of changed) {
      // A pod's finding changed: the node it sits on shows it too (before and after the change).
      for (const list of [before.get(key), this.bySubject.get(key)]) {
        for (const f of list ?? []) for (const s of f.subjects) if (s.kind === 'node') nodes.add(s.name);
      }
      if (!key.startsWith('node:')) continue;
      const node = key.slice('node:'.length);
      nodes.add(node);
      const group = groupOf(node);
      if (group !== undefined) nodeGroups.add(group);
    }
    return { all: false, nodes, nodeGroups, problems: changed.size > 0 };
  }

  /** Indexes without reporting (a view asking for an item before any change arrived). */
  ensure(findings: readonly Finding[]): void {
    if (this.indexed === undefined) this.reindex(findings);
  }

  /**
   * Indexes the new findings, touching only the subjects of findings that came or went: the model
   * hands out the same Finding objects for what did not change (topology findings per topology
   * tick, each node's own per node), so at 65,000 nodes with many findings a pod event no longer
   * re-indexes all of them. Returns the subjects whose findings read differently, with their lists before.
   */
  private reindex(findings: readonly Finding[]): { changed: Set<string>; before: Map<string, Finding[]> } {
    const old = this.indexed ?? [];
    const oldSet = new Set(old);
    /** Each new finding's position: lists keep the findings' order, as a full index would list them. */
    const position = new Map<Finding, number>();
    findings.forEach((f, i) => position.set(f, i));
    const touched = new Set<string>();
    const added: Finding[] = [];
    for (const f of old) if (!position.has(f)) { for (const s of f.subjects) touched.add(subjectKey(s)); }
    for (const f of findings) {
      if (oldSet.has(f)) continue;
      added.push(f);
      for (const s of f.subjects) touched.add(subjectKey(s));
    }
    const before = new Map<string, Finding[]>();
    const next = new Map<string, Finding[]>();
    for (const key of touched) {
      const was = this.bySubject.get(key) ?? [];
      before.set(key, was);
      next.set(key, was.filter((f) => position.has(f)));
    }
    for (const f of added) for (const s of f.subjects) next.get(subjectKey(s))!.push(f);
    for (const list of next.values()) list.sort((a, b) => position.get(a)! - position.get(b)!);
    const changed = new Set<string>();
    const sig = (l: readonly Finding[] | undefined) => (l ?? []).map((f) => f.message).join('\n');
    for (const [key, list] of next) {
      if (sig(list) !== sig(before.get(key))) changed.add(key);
      if (list.length > 0) this.bySubject.set(key, list);
      else this.bySubject.delete(key);
    }
    this.indexed = findings;
    return { changed, before };
  }
}
