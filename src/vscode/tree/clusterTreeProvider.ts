// Cluster → Nodes → Pods → containers, plus Problems. Refreshes only the nodes that changed
// (the session already coalesces to ≤ 4 events a second); a reconnect refreshes everything.
import * as vscode from 'vscode';
import type { ModelChanges } from '../../core/cluster/clusterModel';
import type { Finding, FindingCode, FindingSubject } from '../../core/cluster/findings';
import { subjectKey } from '../../core/cluster/findings';
import { FindingIndex } from '../../core/cluster/findingIndex';
import type { ClusterSession, SessionState } from '../cluster/clusterSession';
import type { ElementOf, TreeElement } from './treeElements';
import { ElementCache, nodeGroupId, nodeId, podId } from './treeElements';
import type { NodeGroup } from '../../core/cluster/nodeGroups';
import { nodeGroupLevels, parentNodeGroup } from '../../core/cluster/nodeGroups';
import type { TreeFilters } from './treeFilters';
import { containerItem, containerTooltip, findingItem, messageItem, moreProblemsItem, nodeGroupItem, nodeItem, nodeTooltip, podItem, podTooltip, problemGroupItem } from './treeItems';
import type { ProblemGroup } from '../../core/cluster/problemGroups';
import { groupProblems } from '../../core/cluster/problemGroups';
import { tooltip } from './markdown';
import { guessedFromPodIps, manifestComparisonText } from './treeText';

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

  constructor(
    private readonly session: ClusterSession,
    private readonly filters: TreeFilters,
  ) {
    this.disposables.push(
      this.emitter,
      session.onDidChangeNodes((c) => this.onChanges(c)),
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
    const shown = this.findings().length > 0;
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
        if (!group) return new vscode.TreeItem('(nodes)');
        return nodeGroupItem(element, group, group.names.filter((n) => this.findingsAbout({ kind: 'node', name: n }).length > 0).length);
      }
      case 'node': {
        const view = model?.node(element.name);
        if (!view) return new vscode.TreeItem(element.name);
        return nodeItem(element, view, this.findingsAbout({ kind: 'node', name: element.name }));
      }
      case 'pod': {
        const pod = model?.pod(element.namespace, element.name);
        if (!pod) return new vscode.TreeItem(`${element.namespace}/${element.name}`);
        return podItem(element, pod, this.findingsAbout({ kind: 'pod', namespace: element.namespace, name: element.name }));
      }
      case 'container': {
        const pod = model?.pod(element.namespace, element.pod);
        const c = pod?.containers.find((x) => x.name === element.name);
        return pod && c ? containerItem(element, c) : new vscode.TreeItem(element.name);
      }
      case 'finding':
        return findingItem(element, element.finding);
      case 'problemGroup': {
        const group = this.problemGroups()?.find((g) => g.code === element.code);
        return group ? problemGroupItem(element, group) : new vscode.TreeItem(element.code);
      }
      case 'moreProblems':
        return moreProblemsItem(element, element.hidden);
      case 'cluster':
        return this.clusterItem();
      case 'info':
        return this.infoItem(element);
      case 'problems': {
        const findings = this.findings();
        const item = new vscode.TreeItem('Problems', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'problems';
        const errors = findings.filter((f) => f.severity === 'error').length;
        item.description = `${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon(errors ? 'error' : 'warning', new vscode.ThemeColor(errors ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'));
        return item;
      }
      case 'nodes': {
        const item = new vscode.TreeItem('Nodes', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'nodes';
        item.description = `${model?.nodeNames().length ?? 0} nodes · ${model?.podCount ?? 0} pods${this.filters.active ? ` · filtered (${this.filters.describe()})` : ''}`;
        item.iconPath = new vscode.ThemeIcon('server-environment');
        return item;
      }
      case 'unscheduled': {
        const item = new vscode.TreeItem('Unscheduled pods', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'unscheduled';
        item.description = String(model?.unscheduledPods().length ?? 0);
        item.iconPath = new vscode.ThemeIcon('clock');
        return item;
      }
      case 'message':
        return this.messages().find((m) => m.id === element.id)?.item ?? new vscode.TreeItem(element.id);
    }
  }

  resolveTreeItem(item: vscode.TreeItem, element: TreeElement): vscode.TreeItem {
    const model = this.session.model;
    if (!model) return item;
    if (element.type === 'node') {
      const view = model.node(element.name);
      if (view) item.tooltip = nodeTooltip(view, this.findingsAbout({ kind: 'node', name: element.name }));
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
      if (this.findings().length > 0) roots.push(problemsEl);
      this.lastProblemsShown = this.findings().length > 0;
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
        ].map((key) =>
          this.cache.get({ type: 'info', id: `info/${key}`, key }),
        );
      case 'problems': {
        const groups = this.problemGroups();
        if (groups) return groups.map((g) => this.problemGroupElement(g.code));
        return this.findings().map((f, i) => this.findingElement(f, i));
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
          this.cache.get({ type: 'container', id: `${element.id}/${c.name}`, namespace: element.namespace, pod: element.name, name: c.name, nodeName: element.nodeName }),
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

  // ---- cluster summary and status messages ----

  private clusterItem(): vscode.TreeItem {
    const s = this.session.state;
    const context = 'context' in s ? s.context : (this.session.context ?? '');
    const item = new vscode.TreeItem(`Cluster ${context}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = 'cluster';
    item.description = s.kind === 'connected' ? 'connected' : s.kind;
    item.iconPath = new vscode.ThemeIcon('cloud', s.kind === 'connected' ? undefined : new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.contextValue = 'podnet.cluster';
    item.tooltip = tooltip(`Context ${context}`, [['API server', this.session.server ?? ''], ['State', s.kind]]);
    return item;
  }

  private infoItem(element: ElementOf<'info'>): vscode.TreeItem {
    const model = this.session.model;
    const nets = model?.networks;
    const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    const set = (label: string, description: string, icon: string, rows: [string, string][] = []) => {
      item.label = label;
      item.description = description;
      item.iconPath = new vscode.ThemeIcon(icon);
      item.tooltip = tooltip(label, rows.length ? rows : [[label, description]]);
    };
    switch (element.key) {
      case 'server':
        set('API server', this.session.server ?? '', 'globe');
        break;
      case 'cni': {
        const cni = model?.cni;
        const dp = model?.dataPath;
        set('CNI', cni ? `${cni.name} · blocks from ${cni.ipam}` : 'unknown', 'plug', cni && dp ? [
          ['CNI', cni.name],
          ['Detected by', cni.evidence],
          ['Pod blocks from', cni.ipam],
          ['Data path', dp.title],
          ['Pods attach to', dp.podLink.device || 'unknown'],
          ['Across nodes', `${dp.crossNode.encapsulation}${dp.crossNode.device ? ` via ${dp.crossNode.device}` : ''}`],
          ...dp.settings.map((x): [string, string] => [x.name, `${x.value} (${x.certainty === 'configured' ? x.source : `${x.certainty}: ${x.source}`})`]),
          ['Note', 'devices and routes are inferred from the CNI and its settings (Podnet: Open Network Map draws them)'],
        ] : []);
        break;
      }
      case 'pod-network': {
        set('Pod network', nets?.podNetworks.map((n) => n.cidr).join(', ') || 'unknown', 'type-hierarchy', nets?.podNetworks.map((n) => [n.cidr, n.source]) ?? []);
        item.contextValue = nets?.podNetworks.length ? 'podnet.cidr' : undefined;
        // The cluster-wide finding (no node or pod subject) shows on the setting it is about.
        const overService = this.findings().filter((f) => f.code === 'pod-network-overlaps-service-network');
        if (overService.length > 0) {
          item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
          item.tooltip = tooltip('Pod network', nets?.podNetworks.map((n): [string, string] => [n.cidr, n.source]) ?? [], overService.map((f) => f.message));
        }
        break;
      }
      case 'service-network': {
        const list = nets?.serviceNetworks ?? [];
        const text = list.length ? list.map((n) => n.cidr).join(', ') : nets?.serviceIpHint ? `unknown (kubernetes Service at ${nets.serviceIpHint})` : 'unknown';
        set('Service network', text, 'symbol-interface', list.map((n) => [n.cidr, n.source]));
        item.contextValue = list.length ? 'podnet.cidr' : undefined;
        break;
      }
      case 'manifests': {
        const text = this.manifestsText();
        set('Manifests', text?.description ?? '', 'file-code', text?.rows ?? []);
        break;
      }
      case 'access': {
        const s = this.session.state;
        const limited = s.kind === 'connected' ? s.limited : [];
        set('Limited access', `may not list ${limited.join(', ')}`, 'lock', [
          ['Not listable', limited.join(', ')],
          ['Effect', limited.includes('nodes') ? `nodes are shown from their pods only; node IPs and readiness are unknown, and blocks are ${guessedFromPodIps} where the CNI keeps them elsewhere` : 'what those objects say is unknown'],
        ]);
        break;
      }
    }
    return item;
  }

  /** Status lines shown above (or instead of) the data, with an action each. */
  messages(): { id: string; item: vscode.TreeItem }[] {
    const s: SessionState = this.session.state;
    const selectContext: vscode.Command = { command: 'podnet.selectContext', title: 'Select Context' };
    const refresh: vscode.Command = { command: 'podnet.refresh', title: 'Refresh' };
    const openSetting: vscode.Command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['podnet.kubeconfig'] };
    const m = (id: string, label: string, detail: string, icon: string, command?: vscode.Command) => ({ id: `message/${id}`, item: messageItem(`message/${id}`, label, detail, icon, command) });
    switch (s.kind) {
      case 'idle':
        return [m('idle', s.message ?? 'Not connected', 'Refresh to connect', 'debug-disconnect', refresh)];
      case 'no-kubeconfig':
      case 'no-context':
        return []; // the view's welcome content (package.json viewsWelcome) explains and offers a way on
      case 'invalid-kubeconfig':
        return [m('invalid-kubeconfig', 'Kubeconfig unusable', s.message, 'error', openSetting), m('select-context', 'Select another context…', '', 'plug', selectContext)];
      case 'connecting':
        return [m('connecting', `Connecting to ${s.context}…`, s.server, 'loading~spin')];
      case 'unreachable':
        return [m('unreachable', `Cannot reach ${s.server}`, s.error, 'error', refresh), m('retry', 'Retry now', 'Podnet keeps retrying in the background', 'refresh', refresh)];
      case 'unauthorized':
        return [
          m('unauthorized', 'Not authorised (401)', `${s.error} — the credentials of context "${s.context}" were refused (expired token?)`, 'error', selectContext),
          m('retry', 'Retry', 'after renewing the credentials', 'refresh', refresh),
        ];
      case 'forbidden':
        return [m('forbidden', 'Forbidden (403)', `${s.error} — context "${s.context}" may list neither nodes nor pods`, 'error', selectContext)];
      case 'connected':
        // Limited access is said once, by the cluster's own "Limited access" row.
        return [];
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
