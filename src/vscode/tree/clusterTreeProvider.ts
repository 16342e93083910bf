// Cluster → Nodes → Pods → containers, plus Problems. Refreshes only the nodes that changed
// (the session already coalesces to ≤ 4 events a second); a reconnect refreshes everything.
import * as vscode from 'vscode';
import type { ClusterModel, ModelChanges } from '../../core/cluster/clusterModel';
import type { Finding, FindingCode, FindingSubject } from '../../core/cluster/findings';
import { subjectKey } from '../../core/cluster/findings';
import { FindingIndex } from '../../core/cluster/findingIndex';
import type { ClusterSession } from '../cluster/clusterSession';
import type { ElementOf, TreeElement } from './treeElements';
import { ElementCache, nodeGroupId, nodeId, podId } from './treeElements';
import type { NodeGroup } from '../../core/cluster/nodeGroups';
import { nodeGroupLevels, parentNodeGroup } from '../../core/cluster/nodeGroups';
import type { TreeFilters } from './treeFilters';
import type { StatusMessage } from './treeItems';
import {
  checkFindingItem,
  clusterItem,
  goneItem,
  containerItem,
  containerTooltip,
  findingItem,
  infoItem,
  moreProblemsItem,
  nodeGroupItem,
  nodeItem,
  nodeTooltip,
  nodesItem,
  podItem,
  podTooltip,
  problemGroupItem,
  problemsItem,
  statusMessages,
  unscheduledItem,
} from './treeItems';
import type { ProblemGroup } from '../../core/cluster/problemGroups';
import { groupProblems } from '../../core/cluster/problemGroups';
import { manifestComparisonText } from './treeText';
import type { CheckResults } from '../check/checkResults';
import { CheckTree } from './checkTree';
import { qualifiedName } from '../../core/cluster/namespacedName';

const clusterEl: ElementOf<'cluster'> = { type: 'cluster', id: 'cluster' };
const problemsEl: ElementOf<'problems'> = { type: 'problems', id: 'problems' };
const nodesEl: ElementOf<'nodes'> = { type: 'nodes', id: 'nodes' };
const unscheduledEl: ElementOf<'unscheduled'> = { type: 'unscheduled', id: 'unscheduled' };
const infoKeys = ['server', 'cni', 'pod-network', 'service-network'] as const;

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeElement | TreeElement[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly cache = new ElementCache();
  private readonly index = new FindingIndex();
  private readonly disposables: vscode.Disposable[] = [];
  /** Node groups of the last node list seen (recomputed when the model's sorted names change). */
  private grouping: { names: readonly string[]; levels: NodeGroup[][] | undefined; groupOf: Map<string, number> } | undefined;
  private grouped: { findings: readonly Finding[]; groups: ProblemGroup[] | undefined } | undefined;
  /** Number of refresh events fired (for the e2e/bench probes). */
  refreshCount = 0;
  private readonly check: CheckTree;

  constructor(
    private readonly session: ClusterSession,
    private readonly filters: TreeFilters,
    checks?: CheckResults,
  ) {
    this.check = new CheckTree(checks, () => this.session.context);
    this.disposables.push(
      // A new report changes node badges and Problems: rare, so the whole tree.
      ...(checks ? [checks.onDidChange(() => this.refreshAll())] : []),
      this.emitter,
      session.onDidChangeModel(() => this.onModelChange()),
      session.onDidChangeState(() => this.refreshAll()),
      session.onDidChangeManifestComparison(() => this.emitter.fire(clusterEl)),
    );
  }

  refreshAll(): void {
    this.cache.clear();
    this.grouping = undefined;
    this.index.clear();
    this.refreshCount++;
    this.emitter.fire(undefined);
  }

  /** This view's cursor on the model's change clock (a new model starts from 0: everything is new). */
  private seen: { model: ClusterModel; cursor: number } | undefined;

  private onModelChange(): void {
    const model = this.session.model;
    if (!model) return this.onChanges({ nodes: new Set(), cluster: true });
    if (this.seen?.model !== model) this.seen = { model, cursor: 0 };
    const changes = model.clock.changesSince(this.seen.cursor);
    this.seen.cursor = model.clock.any;
    this.onChanges(changes);
  }

  private onChanges(changes: ModelChanges): void {
    const targets = this.index.update(this.session.model?.findings() ?? [], changes, (node) => this.nodeGrouping().groupOf.get(node));
    if (targets.all) return this.refreshAll();
    const elements: TreeElement[] = [];
    for (const name of targets.nodes) {
      const el = this.cache.lookup(nodeId(name));
      if (el) elements.push(el);
    }
    const { levels } = this.nodeGrouping();
    const groups = new Set<NodeGroup>();
    for (const index of targets.nodeGroups) {
      // The groups above it count its nodes with problems too.
      for (let g = levels?.[0]?.[index]; g && !groups.has(g); g = parentNodeGroup(levels!, g)) groups.add(g);
    }
    for (const g of groups) {
      const el = this.cache.lookup(nodeGroupId(g.index, g.level));
      if (el) elements.push(el);
    }
    if (targets.problems) elements.push(problemsEl);
    if (elements.length === 0) return;
    this.refreshCount++;
    // Problems appearing/disappearing changes the root's children.
    this.emitter.fire(this.problemsVisibilityChanged() ? undefined : elements);
  }

  private lastProblemsShown = false;
  private problemsVisibilityChanged(): boolean {
    const shown = this.findings().length + this.check.findings().length > 0;
    const changed = shown !== this.lastProblemsShown;
    this.lastProblemsShown = shown;
    return changed;
  }

  /** The findings shown, indexed on first use after a refresh. */
  private findings(): readonly Finding[] {
    this.index.ensure(this.session.model?.findings() ?? []);
    return this.index.findings ?? [];
  }

  private findingsAbout(subject: FindingSubject): readonly Finding[] {
    this.findings();
    return this.index.about(subject);
  }

  // ---- TreeDataProvider ----

  getTreeItem(element: TreeElement): vscode.TreeItem {
    const model = this.session.model;
    switch (element.type) {
      case 'nodeGroup': {
        const group = this.nodeGrouping().levels?.[element.level]?.[element.index];
        if (!group) return goneItem('(nodes)');
        return nodeGroupItem(element, group, group.names.filter((n) => this.findingsAbout({ kind: 'node', name: n }).length > 0).length);
      }
      case 'node': {
        const view = model?.node(element.name);
        if (!view) return goneItem(element.name);
        const item = nodeItem(element, view, this.findingsAbout({ kind: 'node', name: element.name }));
        this.check.decorateNode(item, element.name);
        return item;
      }
      case 'pod': {
        const pod = model?.pod(element.namespace, element.name);
        if (!pod) return goneItem(qualifiedName(element));
        return podItem(element, pod, this.findingsAbout({ kind: 'pod', namespace: element.namespace, name: element.name }));
      }
      case 'container': {
        const pod = model?.pod(element.namespace, element.pod);
        const c = pod?.containers.find((x) => x.name === element.name);
        return pod && c ? containerItem(element, c) : goneItem(element.name);
      }
      case 'finding':
        return findingItem(element, element.finding);
      case 'checkFinding':
        return checkFindingItem(element);
      case 'problemGroup': {
        const group = this.problemGroups()?.find((g) => g.code === element.code);
        return group ? problemGroupItem(element, group) : goneItem(element.code);
      }
      case 'moreProblems':
        return moreProblemsItem(element, element.hidden);
      case 'cluster': {
        const state = this.session.state;
        return clusterItem(state, 'context' in state ? state.context : (this.session.context ?? ''), this.session.server ?? '');
      }
      case 'info':
        return this.infoItem(element);
      case 'problems':
        return problemsItem([...this.findings(), ...this.check.findings()]);
      case 'nodes':
        return nodesItem(model?.nodeNames().length ?? 0, model?.podCount ?? 0, this.filters.active ? this.filters.describe() : undefined);
      case 'unscheduled':
        return unscheduledItem(model?.unscheduledPods().length ?? 0);
      case 'message':
        return this.messages().find((m) => m.id === element.id)?.item ?? goneItem(element.id);
    }
  }

  resolveTreeItem(item: vscode.TreeItem, element: TreeElement): vscode.TreeItem {
    const model = this.session.model;
    if (!model) return item;
    if (element.type === 'node') {
      const view = model.node(element.name);
      if (view) item.tooltip = this.check.nodeTooltip(nodeTooltip(view, this.findingsAbout({ kind: 'node', name: element.name })), element.name);
    } else if (element.type === 'pod') {
      const pod = model.pod(element.namespace, element.name);
      if (pod) item.tooltip = podTooltip(pod, this.findingsAbout({ kind: 'pod', namespace: element.namespace, name: element.name }));
    } else if (element.type === 'container') {
      const pod = model.pod(element.namespace, element.pod);
      const c = pod?.containers.find((x) => x.name === element.name);
      if (pod && c) item.tooltip = containerTooltip(c, pod);
    }
    return item;
  }

  getChildren(element?: TreeElement): TreeElement[] {
    const model = this.session.model;
    if (!element) {
      const roots: TreeElement[] = this.messages().map((m) => this.cache.get({ type: 'message', id: m.id }));
      const hasData = model && (model.nodeNames().length > 0 || model.podCount > 0 || this.session.state.kind === 'connected');
      if (!hasData) return roots;
      roots.push(clusterEl);
      const problems = this.findings().length + this.check.findings().length > 0;
      if (problems) roots.push(problemsEl);
      this.lastProblemsShown = problems;
      roots.push(nodesEl);
      if (model.unscheduledPods().length > 0) roots.push(unscheduledEl);
      return roots;
    }
    if (!model) return [];
    switch (element.type) {
      case 'cluster':
        return [
          ...infoKeys,
          ...(this.manifestsText() ? (['manifests'] as const) : []),
          ...(this.session.state.kind === 'connected' && this.session.state.limited.length ? (['access'] as const) : []),
        ].map((key) => this.cache.get({ type: 'info', id: `info/${key}`, key }));
      case 'problems': {
        const groups = this.problemGroups();
        const checked = this.check.elements((e) => this.cache.get(e));
        if (groups) return [...groups.map((g) => this.problemGroupElement(g.code)), ...checked];
        return [...this.findings().map((f, i) => this.findingElement(f, i)), ...checked];
      }
      case 'problemGroup': {
        const group = this.problemGroups()?.find((g) => g.code === element.code);
        if (!group) return [];
        const shown: TreeElement[] = group.shown.map((f, i) => this.findingElement(f, i));
        const hidden = group.total - group.shown.length;
        if (hidden > 0) shown.push(this.cache.get({ type: 'moreProblems', id: `problems/${group.code}/more`, code: group.code, hidden }));
        return shown;
      }
      case 'nodes': {
        const { levels } = this.nodeGrouping();
        if (levels) return levels[levels.length - 1]!.map((g) => this.nodeGroupElement(g));
        return model.nodeNames().map((name) => this.nodeElement(name));
      }
      case 'nodeGroup': {
        const group = this.nodeGrouping().levels?.[element.level]?.[element.index];
        if (group?.groups) return group.groups.map((g) => this.nodeGroupElement(g));
        return (group?.names ?? []).map((name) => this.nodeElement(name));
      }
      case 'unscheduled':
        return model.unscheduledPods().filter((p) => this.filters.accepts(p)).map((p) => this.podElement(p.namespace, p.name, undefined));
      case 'node':
        return model.podsOn(element.name).filter((p) => this.filters.accepts(p)).map((p) => this.podElement(p.namespace, p.name, element.name));
      case 'pod': {
        const pod = model.pod(element.namespace, element.name);
        return (pod?.containers ?? []).map((c) =>
          this.cache.get({
            type: 'container',
            id: `${element.id}/${c.name}`,
            namespace: element.namespace,
            pod: element.name,
            name: c.name,
            nodeName: element.nodeName,
          })
        );
      }
      default:
        return [];
    }
  }

  getParent(element: TreeElement): TreeElement | undefined {
    switch (element.type) {
      case 'info':
        return clusterEl;
      case 'finding':
        return this.problemGroups() ? this.problemGroupElement(element.finding.code) : problemsEl;
      case 'problemGroup':
      case 'checkFinding':
        return problemsEl;
      case 'moreProblems':
        return this.problemGroupElement(element.code);
      case 'nodeGroup': {
        const { levels } = this.nodeGrouping();
        const parent = levels ? parentNodeGroup(levels, element) : undefined;
        return parent ? this.nodeGroupElement(parent) : nodesEl;
      }
      case 'node': {
        const index = this.nodeGrouping().groupOf.get(element.name);
        const group = index === undefined ? undefined : this.nodeGrouping().levels?.[0]?.[index];
        return group ? this.nodeGroupElement(group) : nodesEl;
      }
      case 'pod':
        return element.nodeName ? this.cache.get({ type: 'node', id: nodeId(element.nodeName), name: element.nodeName }) : unscheduledEl;
      case 'container':
        return this.podElement(element.namespace, element.pod, element.nodeName);
      default:
        return undefined;
    }
  }

  podElement(namespace: string, name: string, nodeName: string | undefined): ElementOf<'pod'> {
    return this.cache.get({ type: 'pod', id: podId(namespace, name), namespace, name, nodeName });
  }

  private problemGroupElement(code: FindingCode): ElementOf<'problemGroup'> {
    return this.cache.get({ type: 'problemGroup', id: `problems/${code}`, code });
  }

  private nodeGroupElement(g: Pick<NodeGroup, 'index' | 'level'>): ElementOf<'nodeGroup'> {
    return this.cache.get({ type: 'nodeGroup', id: nodeGroupId(g.index, g.level), index: g.index, level: g.level });
  }

  private findingElement(f: Finding, i: number): ElementOf<'finding'> {
    return this.cache.get({ type: 'finding', id: `finding/${f.code}/${f.subjects.map(subjectKey).join(',')}/${i}`, finding: f });
  }

  /** Sub-groups of Problems for the current findings (undefined: a flat list). */
  private problemGroups(): ProblemGroup[] | undefined {
    const findings = this.findings();
    if (this.grouped?.findings !== findings) this.grouped = { findings, groups: groupProblems(findings) };
    return this.grouped.groups;
  }

  nodeElement(name: string): ElementOf<'node'> {
    return this.cache.get({ type: 'node', id: nodeId(name), name });
  }

  private nodeGrouping(): NonNullable<ClusterTreeProvider['grouping']> {
    const names = this.session.model?.nodeNames() ?? [];
    if (this.grouping?.names !== names) {
      const levels = nodeGroupLevels(names);
      const groupOf = new Map<string, number>();
      for (const g of levels?.[0] ?? []) for (const n of g.names) groupOf.set(n, g.index);
      this.grouping = { names, levels, groupOf };
    }
    return this.grouping;
  }

  private manifestsText(): ReturnType<typeof manifestComparisonText> {
    const c = this.session.manifestComparison;
    return c && c.context === this.session.context ? manifestComparisonText(c) : undefined;
  }

  /** Status lines shown above (or instead of) the data, with an action each. */
  messages(): StatusMessage[] {
    return statusMessages(this.session.state);
  }

  private infoItem(element: ElementOf<'info'>): vscode.TreeItem {
    const model = this.session.model;
    const s = this.session.state;
    return infoItem(element, {
      server: this.session.server ?? '',
      cni: model?.cni,
      dataPath: model?.dataPath,
      networks: model?.networks,
      // The cluster-wide finding (no node or pod subject) shows on the setting it is about.
      overService: this.findings().filter((f) => f.code === 'pod-network-overlaps-service-network'),
      manifests: this.manifestsText(),
      limited: s.kind === 'connected' ? s.limited : [],
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
