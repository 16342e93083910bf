// The topology as the cluster's CNI builds it (core/dataPath): nodes on their LAN, each with the
// device its pods attach to (a bridge, routed veths, eBPF veths), its tunnel device, its pods and
// the routes it holds to the other nodes' blocks, all marked as inferred from the CNI's settings.
// Small clusters get one card per node; big ones a virtual list plus a detail pane, so 5,000
// nodes cost the rows on screen.
import type { DataPath } from '../src/core/dataPath/dataPath';
import { inferredNote } from '../src/core/dataPath/dataPath';
import { routesWholeNetwork, routeText } from '../src/core/dataPath/routeText';
import { unknownDataPath } from '../src/core/dataPath/unknownDataPath';
import type { MapBlock, MapNode, NetworkMapModel } from '../src/core/map/mapModel';
import type { PacketPath } from '../src/core/map/packetPath';
import { formatAddress, parseCidr } from '../src/core/net/cidr';
import { append, button, clear, el } from './dom';
import { useText } from './format';
import { VirtualList } from './virtualList';

export const CARD_LIMIT = 24;
const CHIP_LIMIT = 12;

export interface TopologyCallbacks {
  selectNode(node: number | undefined): void;
  revealNode(node: number): void;
  pickPod(pod: number): void;
  showFindingsFor(node: number): void;
}

/** What the current packet path touches, for highlighting. */
export interface PathMarks {
  readonly pods: ReadonlySet<number>;
  readonly nodes: ReadonlySet<number>;
  readonly bridges: ReadonlySet<number>;
  /** "<node index>|<destination>" of the route used. */
  readonly routes: ReadonlySet<string>;
  /** Nodes whose route the path takes (for CNIs with one route for the whole network). */
  readonly routeFrom: ReadonlySet<number>;
}

export const noMarks: PathMarks = { pods: new Set(), nodes: new Set(), bridges: new Set(), routes: new Set(), routeFrom: new Set() };

export function marksOf(model: NetworkMapModel, from: number | undefined, path: PacketPath | undefined): PathMarks {
  if (from === undefined || !path) return noMarks;
  const m = { pods: new Set<number>(), nodes: new Set<number>(), bridges: new Set<number>(), routes: new Set<string>(), routeFrom: new Set<number>() };
  const srcNode = model.pods[from]?.node ?? -1;
  for (const h of path.hops) {
    const t = h.target;
    if (h.kind === 'pod' && t?.kind === 'pod') m.pods.add(t.pod);
    if (h.kind === 'node' && t?.kind === 'node') m.nodes.add(t.node);
    if (h.kind === 'link' && t?.kind === 'block') m.bridges.add(t.node);
    if (h.kind === 'route' && t?.kind === 'block') m.routes.add(`${srcNode}|${model.nodes[t.node]?.blocks[t.block]?.cidr ?? ''}`);
    if (h.kind === 'route') m.routeFrom.add(srcNode);
  }
  return m;
}

export function gatewayOf(cidr: string): string {
  const p = parseCidr(cidr);
  return p.ok ? `${formatAddress(p.cidr.family, p.cidr.start + 1n)}/${p.cidr.prefix}` : cidr;
}

export class TopologyView {
  readonly root: HTMLElement;
  private readonly lan: HTMLElement;
  private readonly pathInfo: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly body: HTMLElement;
  private readonly detail: HTMLElement;
  private model: NetworkMapModel | undefined;
  private podsByNode: number[][] = [];
  private findingsByNode = new Map<number, number>();
  private selected: number | undefined;
  private marks: PathMarks = noMarks;
  private list: VirtualList | undefined;

  constructor(private readonly cb: TopologyCallbacks) {
    this.lan = el('div', { class: 'lan', attrs: { role: 'heading', 'aria-level': '2' } });
    this.pathInfo = el('section', { class: 'data-path', attrs: { 'aria-label': 'Data path' } });
    this.legend = el('div', { class: 'legend topology-legend', attrs: { 'aria-label': 'Legend' } });
    this.body = el('div', { class: 'topology-body' });
    this.detail = el('section', { class: 'node-detail', attrs: { 'aria-label': 'Selected node', 'aria-live': 'polite' } });
    this.root = el('section', { class: 'topology', attrs: { 'aria-label': 'Topology' } }, this.pathInfo, this.lan, this.body, this.legend, this.detail);
  }

  setModel(model: NetworkMapModel, selected: number | undefined, marks: PathMarks, findingsByNode: Map<number, number>): void {
    this.model = model;
    this.selected = selected;
    this.marks = marks;
    this.findingsByNode = findingsByNode;
    this.podsByNode = model.nodes.map(() => []);
    model.pods.forEach((p, i) => p.node >= 0 && this.podsByNode[p.node].push(i));
    const lans = model.networks.filter((n) => n.role === 'node');
    this.renderDataPath();
    this.lan.textContent = `LAN: ${
      lans.map((n) => `${n.cidr}${n.inferred ? ' (inferred)' : ''}`).join(', ') || 'unknown'
    } · ${model.nodes.length} nodes · ${model.pods.length} pods`;
    this.render();
  }

  update(selected: number | undefined, marks: PathMarks): void {
    this.selected = selected;
    this.marks = marks;
    if (this.list) {
      this.list.refresh();
      if (selected !== undefined) this.list.scrollToIndex(selected);
      this.renderDetail();
    } else {
      this.render();
    }
  }

  focusNode(node: number): void {
    const target = this.list ? (this.list.scrollToIndex(node), this.list.rowElement(node)) : this.body.querySelector<HTMLElement>(`[data-node="${node}"]`);
    target?.querySelector<HTMLElement>('button.node-name')?.focus();
    target?.scrollIntoView({ block: 'nearest' });
  }

  private render(): void {
    const m = this.model;
    clear(this.body);
    this.list = undefined;
    if (!m) return;
    if (m.nodes.length === 0) {
      append(this.body, el('p', { class: 'hint' }, 'No nodes.'));
    } else if (m.nodes.length <= CARD_LIMIT) {
      append(this.body, el('div', { class: 'cards', attrs: { role: 'list', 'aria-label': 'Nodes on the LAN' } }, ...m.nodes.map((n, i) => this.card(n, i))));
    } else {
      this.list = new VirtualList('Nodes', 28, (i) => this.row(i));
      this.list.root.addEventListener('keydown', (e) => this.listKey(e));
      append(this.body, this.list.root);
      this.list.setCount(m.nodes.length);
      if (this.selected !== undefined) this.list.scrollToIndex(this.selected);
    }
    this.renderDetail();
  }

  private listKey(e: KeyboardEvent): void {
    const m = this.model;
    if (!m) return;
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(m.nodes.length - 1, (this.selected ?? -1) + step));
    this.cb.selectNode(next);
    requestAnimationFrame(() => this.focusNode(next));
  }

  private findingsBadge(i: number): HTMLElement | undefined {
    const count = this.findingsByNode.get(i);
    if (!count) return undefined;
    return button(`${count} finding${count === 1 ? '' : 's'} for this node`, () => this.cb.showFindingsFor(i), { class: 'finding-badge' }, `⚠ ${count}`);
  }

  private nodeName(n: MapNode, i: number): HTMLElement {
    const b = button(`Node ${n.name}`, () => this.cb.selectNode(i), { class: 'node-name', attrs: { 'aria-pressed': String(this.selected === i) } }, n.name);
    b.addEventListener('dblclick', () => this.cb.revealNode(i));
    return b;
  }

  private podChip(i: number): HTMLElement {
    const p = this.model!.pods[i];
    const cls = `pod-chip${this.marks.pods.has(i) ? ' on-path' : ''}`;
    return button(
      `Pod ${p.namespace}/${p.name} ${p.ip || 'no IP'}: trace a packet`,
      () => this.cb.pickPod(i),
      { class: cls, title: `${p.namespace}/${p.name} ${p.ip}` },
      `${p.namespace}/${p.name}`,
      el('span', { class: 'ip' }, ` ${p.ip || 'no IP'}`),
    );
  }

  private get dataPath(): DataPath {
    return this.model?.dataPath ?? unknownDataPath;
  }

  /** The routes node i holds to the other nodes' blocks, as the CNI writes them; one line when it routes the whole network. */
  private routesOf(i: number): { key: string; text: string }[] {
    const m = this.model!;
    const dp = this.dataPath;
    if (dp.crossNode.route === undefined) return [];
    const podNetwork = (cidr: string) => m.networks.find((n) => n.role === 'pod' && n.family === (cidr.includes(':') ? 6 : 4))?.cidr ?? '';
    if (routesWholeNetwork(dp)) {
      const nets = m.networks.filter((n) => n.role === 'pod');
      return (nets.length > 0 ? nets.map((n) => n.cidr) : ['']).map((net) => ({
        key: `net|${net}`,
        text: routeText(dp, { block: net, node: '', network: net }) ?? '',
      }));
    }
    return m.routes.filter((r) => r.node !== i).map((r) => ({
      key: r.destination,
      text: routeText(dp, { block: r.destination, node: r.via, network: podNetwork(r.destination) }) ?? '',
    }));
  }

  private routeOnPath(node: number, key: string): boolean {
    return key.startsWith('net|') ? this.marks.routeFrom.has(node) : this.marks.routes.has(`${node}|${key}`);
  }

  /** The device a node's pods attach to, with the block (and gateway when the CNI puts it on the device). */
  private linkText(b: MapBlock): string {
    const link = this.dataPath.podLink;
    const use = `${b.cidr}${b.guessed ? ' (guessed from pod IPs)' : ''} · ${useText(b)} used`;
    switch (link.kind) {
      case 'bridge':
      case 'ovs-bridge':
        return link.gateway === 'block-first' && !b.guessed ? `${link.device} ${gatewayOf(b.cidr)} · ${useText(b)} used` : `${link.device} bridge · ${use}`;
      case 'routed-veth':
        return `${link.device} veths (routed, no bridge)${link.gatewayAddress ? ` · gw ${link.gatewayAddress}` : ''} · ${use}`;
      case 'ebpf-veth':
        return `${link.device} veths + eBPF (no bridge) · ${use}`;
      default:
        return `block ${use} · pod link unknown`;
    }
  }

  private renderDataPath(): void {
    clear(this.pathInfo);
    clear(this.legend);
    const m = this.model;
    if (!m) return;
    const dp = this.dataPath;
    const sure = dp.crossNode.certainty === 'configured'
      ? 'from its settings'
      : dp.crossNode.certainty === 'default'
      ? 'from its defaults (setting absent)'
      : 'unknown';
    append(
      this.pathInfo,
      el('div', { class: 'dp-title' }, el('strong', {}, `Data path: ${dp.title}`), el('span', { class: 'hint' }, ` · ${dp.evidence} · mode ${sure}`)),
      el(
        'div',
        {},
        `Across nodes: ${dp.crossNode.encapsulation === 'none' ? 'no encapsulation' : dp.crossNode.encapsulation}${
          dp.crossNode.device ? ` via ${dp.crossNode.device}` : ''
        } — ${dp.crossNode.note}`,
      ),
      el('div', {}, `On a node: ${dp.podLink.note}`),
      dp.settings.length > 0
        ? el(
          'ul',
          { class: 'dp-settings', attrs: { 'aria-label': 'Settings read' } },
          ...dp.settings.map((x) =>
            el(
              'li',
              {},
              `${x.name} = ${x.value} `,
              el('span', { class: 'hint' }, `(${x.certainty === 'default' ? 'default: ' : x.certainty === 'unknown' ? 'unknown: ' : ''}${x.source})`),
            )
          ),
        )
        : undefined,
      el('div', { class: 'hint inferred-note' }, `Inferred: ${inferredNote}.`),
    );
    const item = (sample: HTMLElement, text: string) => el('span', { class: 'legend-item' }, sample, text);
    append(
      this.legend,
      item(el('span', { class: 'finding-badge sample' }, '⚠ n'), 'cluster findings about this node (click to list them)'),
      item(el('span', { class: 'sample on-path' }, 'on path'), 'hop of the packet path'),
      item(el('span', { class: 'sample link-sample' }, dp.podLink.device || '?'), 'where the node’s pods attach (inferred)'),
      item(el('span', { class: 'sample routes-sample' }, 'route'), 'routes and tunnels (inferred)'),
      item(el('span', { class: 'sample' }, 'NotReady'), 'node not Ready'),
    );
  }

  private card(n: MapNode, i: number): HTMLElement {
    const cls = `card${this.selected === i ? ' selected' : ''}${this.marks.nodes.has(i) ? ' on-path' : ''}`;
    const pods = this.podsByNode[i];
    const hostPods = pods.filter((p) => this.model!.pods[p].hostNetwork);
    const attached = pods.filter((p) => !this.model!.pods[p].hostNetwork);
    const chips = attached.slice(0, CHIP_LIMIT).map((p) => this.podChip(p));
    const more = attached.length > CHIP_LIMIT ? el('span', { class: 'more' }, `+${attached.length - CHIP_LIMIT} more (select the node)`) : undefined;
    const routes = this.routesOf(i);
    const dp = this.dataPath;
    return el(
      'div',
      { class: cls, attrs: { role: 'listitem', 'data-node': String(i) } },
      el('div', { class: 'card-head' }, this.nodeName(n, i), this.findingsBadge(i)),
      el('div', { class: 'eth0' }, `eth0 ${n.internalIPs.join(', ') || 'no InternalIP'}${n.ready === false ? ' · NotReady' : ''}`),
      hostPods.length > 0 ? el('div', { class: 'host-pods' }, `${hostPods.length} host-network pod${hostPods.length === 1 ? '' : 's'}`) : undefined,
      ...(n.blocks.length === 0
        ? [el('div', { class: 'bridge missing' }, `${dp.podLink.device || 'pod link'}: no pod block`)]
        : n.blocks.map((b) => el('div', { class: `bridge link-${dp.podLink.kind}${this.marks.bridges.has(i) ? ' on-path' : ''}` }, this.linkText(b)))),
      dp.crossNode.device ? el('div', { class: 'tunnel' }, `${dp.crossNode.device} · ${dp.crossNode.encapsulation}`) : undefined,
      el('div', { class: 'pods', attrs: { 'aria-label': `Pods on ${n.name}` } }, ...chips, more),
      el(
        'ul',
        { class: 'routes', attrs: { 'aria-label': `Routes on ${n.name} (inferred)` } },
        ...(routes.length === 0 && dp.crossNode.route === undefined
          ? [el('li', { class: 'hint' }, `routes: ${dp.crossNode.kind === 'unknown' ? 'unknown' : 'none per block'} (${dp.crossNode.note})`)]
          : []),
        ...routes.map((r) => el('li', { class: this.routeOnPath(i, r.key) ? 'on-path' : '' }, r.text)),
      ),
    );
  }

  private row(i: number): HTMLElement {
    const n = this.model!.nodes[i];
    const b = n.blocks[0];
    const bar = el('span', { class: 'use-bar', attrs: { 'aria-hidden': 'true' } }, el('span', { class: 'use-fill' }));
    (bar.firstChild as HTMLElement).style.width = `${Math.round((b?.utilisation ?? 0) * 100)}%`;
    return el(
      'div',
      { class: `node-row${this.selected === i ? ' selected' : ''}${this.marks.nodes.has(i) ? ' on-path' : ''}` },
      this.nodeName(n, i),
      el('span', { class: 'cell ip' }, n.internalIPs.join(', ') || '—'),
      el('span', { class: 'cell' }, n.blocks.map((x) => x.cidr).join(', ') || 'no block'),
      bar,
      el('span', { class: 'cell num' }, b ? `${useText(b)}` : ''),
      this.findingsBadge(i),
    );
  }

  private renderDetail(): void {
    clear(this.detail);
    const m = this.model;
    const i = this.selected;
    if (!m || i === undefined || !m.nodes[i]) {
      append(
        this.detail,
        el(
          'p',
          { class: 'hint' },
          'Select a node to see where its pods attach, its pods and its routes. Click a pod, then another, to trace a packet between them.',
        ),
      );
      return;
    }
    const n = m.nodes[i];
    const pods = this.podsByNode[i];
    const routes = this.routesOf(i);
    append(
      this.detail,
      el('h3', {}, n.name, ' ', button('Reveal in tree', () => this.cb.revealNode(i), { class: 'link' })),
      el(
        'p',
        {},
        `eth0 ${n.internalIPs.join(', ') || 'no InternalIP'} · ${n.blocks.map((b) => `${this.linkText(b)} (${b.source})`).join(' · ') || 'no pod block'}`,
      ),
    );
    const podList = new VirtualList(`Pods on ${n.name}`, 24, (k) => el('div', { class: 'pod-row' }, this.podChip(pods[k])));
    const routeList = new VirtualList(
      `Routes on ${n.name}`,
      22,
      (k) => el('div', { class: `route-row${this.routeOnPath(i, routes[k].key) ? ' on-path' : ''}` }, routes[k].text),
    );
    append(
      this.detail,
      el(
        'div',
        { class: 'detail-cols' },
        el('div', {}, el('h4', {}, `Pods (${pods.length})`), podList.root),
        el('div', {}, el('h4', {}, `Routes (${routes.length}, inferred)`), routeList.root),
      ),
    );
    podList.setCount(pods.length);
    routeList.setCount(routes.length);
  }
}
