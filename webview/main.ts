// Entry of the network-map webview (bundled to dist/webview.js, IIFE). Plain TypeScript + the
// @vscode-elements components it uses; the host sends a model after our "ready".
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import './map.css';
import type { CheckReport } from '../src/core/check/checkReport';
import type { FocusRequest } from '../src/core/map/mapMessages';
import type { MapOverview, MapScope } from '../src/core/map/mapOverview';
import type { MapTarget, NetworkMapModel } from '../src/core/map/mapModel';
import { emptyMapModel } from '../src/core/map/mapModel';
import { decodeModel } from '../src/core/map/mapWire';
import type { WireModel } from '../src/core/map/mapWire';
import { packetPath } from '../src/core/map/packetPath';
import type { PacketPath } from '../src/core/map/packetPath';
import { AddressPlanView } from './addressPlan';
import { ConnectivityView } from './connectivityView';
import { append, el } from './dom';
import { FindingsView } from './findingsView';
import { PathPanel } from './pathPanel';
import { readPalette, onThemeChange } from './theme';
import { marksOf, TopologyView } from './topology';
import { OverviewView } from './overviewView';
import { ScopeBar } from './scopeBar';
import { loadState, onHostMessage, post, saveState } from './vscodeApi';

const TAB_PLAN = 0;
const TAB_TOPOLOGY = 1;
const TAB_FINDINGS = 2;
const TAB_CONNECTIVITY = 3;

class MapApp {
  private model: NetworkMapModel = emptyMapModel();
  private state = loadState();
  private selected: number | undefined;
  private from: number | undefined;
  private to: number | undefined;
  private path: PacketPath | undefined;
  private pathNote: string | undefined;
  private readonly tabs: HTMLElement & { selectedIndex: number };
  private readonly status: HTMLElement;
  private readonly findingsCount: HTMLElement;
  private readonly plan: AddressPlanView;
  private readonly topology: TopologyView;
  private readonly pathPanel: PathPanel;
  private readonly findings: FindingsView;
  private readonly connectivity: ConnectivityView;
  private readonly checkCount: HTMLElement;
  private readonly empty: HTMLElement;
  private dirty = new Set<number>();
  private readonly overview: OverviewView;
  private readonly scopeBar: ScopeBar;
  /** The newest message to draw: a whole model (of a big cluster's group: scope) or a big cluster's overview. */
  private pending:
    | ({ received: number; status: string } & ({ kind: 'model'; model: WireModel; scope?: MapScope } | { kind: 'overview'; overview: MapOverview }))
    | undefined;
  private pendingFocus: FocusRequest | undefined;

  constructor(root: HTMLElement) {
    this.plan = new AddressPlanView(readPalette(), { selectNode: (n) => this.selectNode(n), revealNode: (n) => this.reveal(n) });
    this.topology = new TopologyView({
      selectNode: (n) => this.selectNode(n),
      revealNode: (n) => this.reveal(n),
      pickPod: (p) => this.pickPod(p),
      showFindingsFor: (n) => {
        this.selectNode(n);
        this.state.findingsForSelection = true;
        this.showTab(TAB_FINDINGS);
      },
    });
    this.pathPanel = new PathPanel({
      clear: () => this.setPath(undefined, undefined),
      pickPod: (p) => this.pickPod(p),
      notFound: (q) => this.setPath(this.from, this.to, `No pod matches "${q}".`),
      // A hop selects its node; pods keep the path as it is.
      goTo: (t) => {
        if (t.kind === 'node' || t.kind === 'block') {
          this.selectNode(t.node);
          this.topology.focusNode(t.node);
        } else if (t.kind === 'pod') {
          const node = this.model.pods[t.pod]?.node;
          if (node !== undefined && node >= 0) this.selectNode(node);
        }
      },
    });
    this.findings = new FindingsView({
      goTo: (t) => this.goTo(t),
      toggleSelectionFilter: (on) => {
        this.state.findingsForSelection = on;
        this.persist();
        this.renderTab(TAB_FINDINGS);
      },
    });
    this.connectivity = new ConnectivityView(
      {
        runCheck: () => post({ type: 'runCheck' }),
        goTo: (t) => this.goTo(t),
        selected: (cell) => {
          this.state.connectivityCell = cell;
          this.persist();
        },
      },
      this.state.connectivityCell,
    );
    this.overview = new OverviewView(readPalette(), {
      openScope: (group) => post({ type: 'openScope', group }),
      openNode: (name) => post({ type: 'openNode', name }),
      openPod: (namespace, name) => post({ type: 'openPod', namespace, name }),
      openFile: (t) => post({ type: 'openFile', uri: t.uri, line: t.line, character: t.character }),
    });
    this.scopeBar = new ScopeBar({
      openScope: (group) => post({ type: 'openScope', group: group ?? null }),
      searchPods: (query) => post({ type: 'searchPods', query }),
      openPod: (namespace, name) => post({ type: 'openPod', namespace, name }),
    });
    this.checkCount = el('vscode-badge', { attrs: { variant: 'counter', slot: 'content-after', hidden: '' } }, '0');
    this.status = el('span', { class: 'status', attrs: { role: 'status' } });
    this.empty = el('p', { class: 'empty hint', attrs: { hidden: '' } });
    this.findingsCount = el('vscode-badge', { attrs: { variant: 'counter', slot: 'content-after' } }, '0');
    this.tabs = el(
      'vscode-tabs',
      { attrs: { 'selected-index': String(this.state.tab), 'aria-label': 'Network map views' } },
      el('vscode-tab-header', { attrs: { slot: 'header' } }, 'Address plan'),
      el('vscode-tab-panel', {}, this.plan.root),
      el('vscode-tab-header', { attrs: { slot: 'header' } }, 'Topology'),
      el('vscode-tab-panel', {}, this.pathPanel.root, this.topology.root),
      el('vscode-tab-header', { attrs: { slot: 'header' } }, 'Findings', this.findingsCount),
      el('vscode-tab-panel', {}, this.findings.root),
      el('vscode-tab-header', { attrs: { slot: 'header' } }, 'Connectivity', this.checkCount),
      el('vscode-tab-panel', {}, this.connectivity.root),
    ) as unknown as HTMLElement & { selectedIndex: number };
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      this.state.tab = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      this.persist();
      this.renderTab(this.state.tab);
    });
    append(
      root,
      el('header', { class: 'top' }, el('h1', {}, 'Podnet Network Map'), this.status),
      this.scopeBar.root,
      this.empty,
      this.overview.root,
      this.tabs,
    );
    onThemeChange(() => {
      this.plan.setPalette(readPalette());
      this.overview.setPalette(readPalette());
    });
    new ResizeObserver(() => this.plan.relayout()).observe(this.plan.root);
    new ResizeObserver(() => this.overview.relayout()).observe(this.overview.root);
    onHostMessage((m) => {
      if (m.type === 'model') {
        this.queue({ kind: 'model', model: m.model, status: m.status, ...(m.scope ? { scope: m.scope } : {}), received: performance.now() });
      } else if (m.type === 'overview') this.queue({ kind: 'overview', overview: m.overview, status: m.status, received: performance.now() });
      else if (m.type === 'podMatches') this.scopeBar.showMatches(m.query, m.pods);
      else if (m.type === 'check') this.setCheck(m.report, m.context);
      // A focus right after a model waits for that model to be drawn.
      else if (this.pending) this.pendingFocus = m.focus;
      else this.focus(m.focus);
    });
    post({ type: 'ready' });
  }

  /** Models can arrive faster than frames: draw only the newest. */
  private queue(next: NonNullable<MapApp['pending']>): void {
    const first = this.pending === undefined;
    this.pending = next;
    if (first) requestAnimationFrame(() => this.applyPending());
  }

  private applyPending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    const aggregated = p.kind === 'overview';
    this.overview.root.toggleAttribute('hidden', !aggregated);
    this.tabs.toggleAttribute('hidden', aggregated);
    if (p.kind === 'overview') {
      this.status.textContent = p.status;
      this.empty.setAttribute('hidden', '');
      this.scopeBar.render(p.overview.scope);
      this.overview.render(p.overview);
      requestAnimationFrame(() => post({ type: 'rendered', ms: performance.now() - p.received, nodes: p.overview.nodes }));
      return;
    }
    this.scopeBar.render(p.scope);
    this.setModel(decodeModel(p.model), p.status);
    if (this.pendingFocus) {
      this.focus(this.pendingFocus);
      this.pendingFocus = undefined;
    }
    // The next frame is the first one showing this model.
    requestAnimationFrame(() => post({ type: 'rendered', ms: performance.now() - p.received, nodes: p.model.nodes.length }));
  }

  private setModel(model: NetworkMapModel, status: string): void {
    this.model = model;
    this.status.textContent = status;
    const nodeIndex = new Map(model.nodes.map((n, i) => [n.name, i]));
    this.selected = this.state.selectedNode !== undefined ? nodeIndex.get(this.state.selectedNode) : undefined;
    const podIndex = (key: string | undefined) => (key === undefined ? undefined : this.podByKey(key));
    this.from = podIndex(this.state.pathFrom);
    this.to = podIndex(this.state.pathTo);
    this.path = this.from !== undefined && this.to !== undefined ? packetPath(model, this.from, this.to) : undefined;
    this.findingsCount.textContent = String(model.findings.length);
    const nothing = model.nodes.length === 0 && model.networks.length === 0;
    this.empty.textContent = nothing
      ? 'No cluster data: connect to a cluster (Podnet: Select Context) or start the lab (podnet lab up). Findings from open manifests still show under Findings.'
      : '';
    if (nothing) this.empty.removeAttribute('hidden');
    else this.empty.setAttribute('hidden', '');
    this.dirty = new Set([TAB_PLAN, TAB_TOPOLOGY, TAB_FINDINGS, TAB_CONNECTIVITY]);
    this.renderTab(this.state.tab);
  }

  /** Nodes marked in the plan: only the cluster's own findings are about a node (a manifest finding is about its file). */
  private flagged(): Set<number> {
    return new Set(this.findingsByNode().keys());
  }

  private findingsByNode(): Map<number, number> {
    const m = new Map<number, number>();
    for (const f of this.model.findings) {
      if (f.origin === 'cluster') {
        for (const n of new Set(f.targets.flatMap((t) => (t.kind === 'node' || t.kind === 'block' ? [t.node] : [])))) m.set(n, (m.get(n) ?? 0) + 1);
      }
    }
    return m;
  }

  /** Only the visible tab renders; the others when shown (a 5,000-node model costs one view, not three). */
  private renderTab(tab: number): void {
    if (!this.dirty.has(tab)) return;
    this.dirty.delete(tab);
    if (tab === TAB_PLAN) this.plan.setModel(this.model, this.selected, this.flagged());
    if (tab === TAB_TOPOLOGY) {
      this.topology.setModel(this.model, this.selected, marksOf(this.model, this.from, this.path), this.findingsByNode());
      this.pathPanel.render(this.model, this.from, this.to, this.path, this.pathNote);
    }
    if (tab === TAB_FINDINGS) this.findings.render(this.model, this.selected, this.state.findingsForSelection === true);
    if (tab === TAB_CONNECTIVITY) this.connectivity.render(this.model);
  }

  private setCheck(report: CheckReport | null, context: string): void {
    this.connectivity.setReport(report, context);
    this.checkCount.textContent = String(report?.summary.failed ?? 0);
    if (report && report.summary.failed > 0) this.checkCount.removeAttribute('hidden');
    else this.checkCount.setAttribute('hidden', '');
    this.dirty.add(TAB_CONNECTIVITY);
    if (this.state.tab === TAB_CONNECTIVITY) this.renderTab(TAB_CONNECTIVITY);
  }

  private showTab(tab: number): void {
    this.state.tab = tab;
    this.tabs.selectedIndex = tab;
    this.persist();
    this.renderTab(tab);
  }

  private persist(): void {
    saveState(this.state);
  }

  private podKey(i: number): string {
    const p = this.model.pods[i];
    return `${p.namespace}/${p.name}`;
  }

  private podByKey(key: string): number | undefined {
    const i = this.model.pods.findIndex((p) => `${p.namespace}/${p.name}` === key);
    return i < 0 ? undefined : i;
  }

  selectNode(node: number | undefined): void {
    this.selected = node;
    this.state.selectedNode = node === undefined ? undefined : this.model.nodes[node]?.name;
    this.persist();
    this.plan.select(node);
    this.topology.update(node, marksOf(this.model, this.from, this.path));
    this.dirty.add(TAB_FINDINGS);
    if (this.state.tab === TAB_FINDINGS) this.renderTab(TAB_FINDINGS);
  }

  private reveal(node: number): void {
    const n = this.model.nodes[node];
    if (n) post({ type: 'revealNode', name: n.name });
  }

  private pickPod(pod: number): void {
    if (this.from === undefined || this.to !== undefined) this.setPath(pod, undefined);
    else if (pod !== this.from) this.setPath(this.from, pod);
  }

  private setPath(from: number | undefined, to: number | undefined, note?: string): void {
    this.from = from;
    this.to = to;
    this.pathNote = note;
    this.state.pathFrom = from === undefined ? undefined : this.podKey(from);
    this.state.pathTo = to === undefined ? undefined : this.podKey(to);
    this.persist();
    this.path = from !== undefined && to !== undefined ? packetPath(this.model, from, to) : undefined;
    this.pathPanel.render(this.model, from, to, this.path, note);
    this.topology.update(this.selected, marksOf(this.model, from, this.path));
  }

  private goTo(t: MapTarget): void {
    switch (t.kind) {
      case 'file':
        post({ type: 'openFile', uri: t.uri, line: t.line, character: t.character });
        return;
      case 'network':
        this.showTab(TAB_PLAN);
        return;
      case 'block':
        this.showTab(TAB_PLAN);
        this.selectNode(t.node);
        return;
      case 'node':
        this.showTab(TAB_TOPOLOGY);
        this.selectNode(t.node);
        this.topology.focusNode(t.node);
        return;
      case 'pod': {
        this.showTab(TAB_TOPOLOGY);
        const node = this.model.pods[t.pod]?.node;
        if (node !== undefined && node >= 0) this.selectNode(node);
        this.setPath(t.pod, undefined);
        return;
      }
    }
  }

  private focus(f: FocusRequest): void {
    if (f.kind === 'node') {
      const i = this.model.nodes.findIndex((n) => n.name === f.name);
      if (i >= 0) this.goTo({ kind: 'node', node: i });
    } else {
      const i = this.podByKey(`${f.namespace}/${f.name}`);
      if (i !== undefined) this.goTo({ kind: 'pod', pod: i });
    }
  }
}

new MapApp(document.getElementById('app') ?? document.body);
