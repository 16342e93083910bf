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
    const before = this.bySubject;
    const changed = findings === this.indexed ? new Set<string>() : this.reindex(findings);
    if (changes.cluster) return { all: true, nodes: new Set(), nodeGroups: new Set(), problems: changed.size > 0 };
    const nodes = new Set(changes.nodes);
    const nodeGroups = new Set<number>();
    for (const key of changed) {
      // A pod's finding changed: the node it sits on shows it too (before and after the change).
      for (const map of [before, this.bySubject]) for (const f of map.get(key) ?? []) for (const s of f.subjects) if (s.kind === 'node') nodes.add(s.name);
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

  private reindex(findings: readonly Finding[]): Set<string> {
    const next = new Map<string, Finding[]>();
    for (const f of findings) {
      for (const s of f.subjects) {
        const key = subjectKey(s);
        let list = next.get(key);
        if (!list) next.set(key, list = []);
        list.push(f);
      }
    }
    const changed = new Set<string>();
    const sig = (l: readonly Finding[] | undefined) => (l ?? []).map((f) => f.message).join('\n');
    for (const key of new Set([...next.keys(), ...this.bySubject.keys()])) if (sig(next.get(key)) !== sig(this.bySubject.get(key))) changed.add(key);
    this.indexed = findings;
    this.bySubject = next;
    return changed;
  }
}
