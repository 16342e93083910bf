// Findings from the cluster model and from open manifests. Each target is a link: into the map
// (node, block, pod, network) or to the YAML line (the host opens the file).
import type { MapFinding, MapTarget, NetworkMapModel } from '../src/core/map/mapModel';
import { append, button, clear, el } from './dom';
import { VirtualList } from './virtualList';

const PLAIN_LIMIT = 300;

export interface FindingsCallbacks {
  goTo(target: MapTarget): void;
  toggleSelectionFilter(on: boolean): void;
}

export function targetsNode(f: MapFinding, node: number): boolean {
  return f.targets.some((t) => (t.kind === 'node' || t.kind === 'block') && t.node === node) || false;
}

export class FindingsView {
  readonly root: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;

  constructor(private readonly cb: FindingsCallbacks) {
    this.head = el('div', { class: 'findings-head' });
    this.body = el('div', { class: 'findings-body' });
    this.root = el('section', { class: 'findings', attrs: { 'aria-label': 'Findings' } }, this.head, this.body);
  }

  render(model: NetworkMapModel, selected: number | undefined, onlySelected: boolean): void {
    clear(this.head);
    clear(this.body);
    const filterOn = onlySelected && selected !== undefined;
    const shown = filterOn ? model.findings.filter((f) => targetsNode(f, selected)) : model.findings;
    const box = el('input', { attrs: { type: 'checkbox', id: 'only-selected' } });
    box.checked = filterOn;
    box.disabled = selected === undefined;
    box.addEventListener('change', () => this.cb.toggleSelectionFilter(box.checked));
    append(
      this.head,
      el('span', {}, `${shown.length} of ${model.findings.length} findings`),
      el('label', { attrs: { for: 'only-selected' } }, box, ` only ${selected !== undefined ? model.nodes[selected]?.name ?? '' : 'the selected node'}`),
    );
    if (shown.length === 0) {
      append(this.body, el('p', { class: 'hint' }, model.findings.length === 0 ? 'No findings: the address plan is consistent.' : 'No findings for this node.'));
      return;
    }
    if (shown.length <= PLAIN_LIMIT) {
      append(this.body, el('ul', { class: 'finding-list', attrs: { 'aria-label': 'Findings' } }, ...shown.map((f) => this.item(model, f, 'li'))));
    } else {
      const list = new VirtualList('Findings', 48, (i) => this.item(model, shown[i], 'div'));
      append(this.body, list.root);
      list.setCount(shown.length);
    }
  }

  private targetLabel(model: NetworkMapModel, t: MapTarget): string {
    switch (t.kind) {
      case 'node':
        return model.nodes[t.node]?.name ?? '?';
      case 'block':
        return `${model.nodes[t.node]?.blocks[t.block]?.cidr ?? '?'} on ${model.nodes[t.node]?.name ?? '?'}`;
      case 'pod':
        return `${model.pods[t.pod]?.namespace}/${model.pods[t.pod]?.name}`;
      case 'network':
        return `${model.networks[t.network]?.role} network ${model.networks[t.network]?.cidr}`;
      case 'file':
        return `${t.label}:${t.line + 1}`;
    }
  }

  private item(model: NetworkMapModel, f: MapFinding, tag: 'li' | 'div'): HTMLElement {
    const badge = el('vscode-badge', { class: `sev sev-${f.severity}`, attrs: { 'aria-label': f.severity } }, f.severity === 'error' ? 'E' : f.severity === 'warning' ? 'W' : 'i');
    return el(
      tag,
      { class: `finding sev-${f.severity}` },
      badge,
      el('span', { class: 'code' }, f.code),
      el('span', { class: 'message', title: f.message }, f.message),
      el('span', { class: 'origin' }, f.origin === 'manifest' ? 'manifest' : 'cluster'),
      el('span', { class: 'targets' }, ...f.targets.map((t) => button(`Go to ${this.targetLabel(model, t)}`, () => this.cb.goTo(t), { class: 'link target' }, this.targetLabel(model, t)))),
    );
  }
}
