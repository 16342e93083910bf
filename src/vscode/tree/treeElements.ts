// Tree elements: small, stable objects (one per id, reused across refreshes) so reveal and
// granular refresh (fire(nodeElement)) find the element VS Code already knows.
import type { CheckFinding } from '../../core/check/checkFindings';
import type { Finding, FindingCode, FindingSubject } from '../../core/cluster/findings';

export type TreeElement =
  | { readonly type: 'message'; readonly id: string }
  | { readonly type: 'cluster'; readonly id: 'cluster' }
  | { readonly type: 'info'; readonly id: string; readonly key: 'server' | 'cni' | 'pod-network' | 'service-network' | 'manifests' | 'access' }
  | { readonly type: 'problems'; readonly id: 'problems' }
  | { readonly type: 'finding'; readonly id: string; readonly finding: Finding }
  /** A finding of the last connectivity check (src/vscode/tree/checkTree.ts). */
  | { readonly type: 'checkFinding'; readonly id: string; readonly finding: CheckFinding }
  /** Problems of one kind, on clusters with many (core/cluster/problemGroups). */
  | { readonly type: 'problemGroup'; readonly id: string; readonly code: FindingCode }
  /** "… N more" at the end of a capped problem group. */
  | { readonly type: 'moreProblems'; readonly id: string; readonly code: FindingCode; readonly hidden: number }
  | { readonly type: 'nodes'; readonly id: 'nodes' }
  | { readonly type: 'unscheduled'; readonly id: 'unscheduled' }
  /** A range of nodes (level 0) or of groups (level 1, …) on big clusters (core/cluster/nodeGroups). */
  | { readonly type: 'nodeGroup'; readonly id: string; readonly index: number; readonly level: number }
  | { readonly type: 'node'; readonly id: string; readonly name: string }
  | { readonly type: 'pod'; readonly id: string; readonly namespace: string; readonly name: string; readonly nodeName: string | undefined }
  | {
    readonly type: 'container';
    readonly id: string;
    readonly namespace: string;
    readonly pod: string;
    readonly name: string;
    readonly nodeName: string | undefined;
  };

export type ElementOf<T extends TreeElement['type']> = Extract<TreeElement, { type: T }>;

/** Interns elements by id. Cleared on reconnect. */
export class ElementCache {
  private readonly byId = new Map<string, TreeElement>();

  get<E extends TreeElement>(element: E): E {
    const hit = this.byId.get(element.id) as E | undefined;
    if (hit && sameShape(hit, element)) return hit;
    this.byId.set(element.id, element);
    return element;
  }

  lookup(id: string): TreeElement | undefined {
    return this.byId.get(id);
  }

  clear(): void {
    this.byId.clear();
  }
}

// A pod that moved node is another element (its parent changed); findings carry new text.
function sameShape(a: TreeElement, b: TreeElement): boolean {
  if (a.type === 'pod' && b.type === 'pod') return a.nodeName === b.nodeName;
  if (a.type === 'container' && b.type === 'container') return a.nodeName === b.nodeName;
  if ((a.type === 'finding' && b.type === 'finding') || (a.type === 'checkFinding' && b.type === 'checkFinding')) {
    return a.finding.message === b.finding.message;
  }
  if (a.type === 'moreProblems' && b.type === 'moreProblems') return a.hidden === b.hidden;
  return true;
}

export const nodeId = (name: string) => `node/${name}`;
export const nodeGroupId = (index: number, level = 0) => (level === 0 ? `node-group/${index}` : `node-group/${level}/${index}`);
export const podId = (namespace: string, name: string) => `pod/${namespace}/${name}`;

/** The element a finding subject names: the id podnet.revealInTree takes. */
export const subjectElementId = (s: FindingSubject): string => (s.kind === 'node' ? nodeId(s.name) : podId(s.namespace, s.name));

/** The node or pod an element id names (the inverse of nodeId and podId), else undefined. */
export function subjectOfElementId(id: string): FindingSubject | undefined {
  const [kind, a, b, ...rest] = id.split('/');
  if (kind === 'node' && a && b === undefined) return { kind: 'node', name: a };
  if (kind === 'pod' && a && b && rest.length === 0) return { kind: 'pod', namespace: a, name: b };
  return undefined;
}
