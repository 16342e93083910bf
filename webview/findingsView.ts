// Findings from the cluster model and from open manifests, as a table (@vscode-elements
// vscode-table) with sortable columns. Each target is a link: into the map (node, block, pod,
// network) or to the YAML line (the host opens the file).
import type { MapFinding, MapTarget, NetworkMapModel } from '../src/core/map/mapModel';
import type { FindingColumn, FindingSort } from '../src/core/map/findingOrder';
import { sortFindings } from '../src/core/map/findingOrder';
import { append, button, clear, el } from './dom';
import { VirtualList } from './virtualList';

/** Beyond this many rows the table becomes a virtual list of the same columns. */
const TABLE_LIMIT = 300;

export interface FindingsCallbacks {
  goTo(target: MapTarget): void;
  toggleSelectionFilter(on: boolean): void;
}

export function targetsNode(f: MapFinding, node: number): boolean {
  return f.targets.some((t) => (t.kind === 'node' || t.kind === 'block') && t.node === node) || false;
}

const columns: readonly { readonly id: FindingColumn; readonly title: string; readonly width: string }[] = [
  { id: 'severity', title: 'Severity', width: '90px' },
  { id: 'code', title: 'Code', width: '170px' },
  { id: 'message', title: 'Message', width: 'auto' },
  { id: 'origin', title: 'Origin', width: '90px' },
  { id: 'target', title: 'Targets', width: '22%' },
];

export class FindingsView {
  readonly root: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private sort: FindingSort = { column: 'severity', descending: false };
  private last: { model: NetworkMapModel; selected: number | undefined; onlySelected: boolean } | undefined;

  constructor(private readonly cb: FindingsCallbacks) {
    this.head = el('div', { class: 'findings-head' });
    this.body = el('div', { class: 'findings-body' });
    this.root = el('section', { class: 'findings', attrs: { 'aria-label': 'Findings' } }, this.head, this.body);
  }

  render(model: NetworkMapModel, selected: number | undefined, onlySelected: boolean): void {
    this.last = { model, selected, onlySelected };
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
      append(
        this.body,
        el('p', { class: 'hint' }, model.findings.length === 0 ? 'No findings: the address plan is consistent.' : 'No findings for this node.'),
      );
      return;
    }
    const rows = sortFindings(shown, this.sort, (f) => (f.targets[0] ? this.targetLabel(model, f.targets[0]) : ''));
    if (rows.length <= TABLE_LIMIT) {
      const table = el(
        'vscode-table',
        {
          class: 'finding-table',
          attrs: { 'aria-label': 'Findings', zebra: '', 'bordered-rows': '', resizable: '', columns: JSON.stringify(columns.map((c) => c.width)) },
        },
        el('vscode-table-header', { attrs: { slot: 'header' } }, ...columns.map((c) => this.headerCell(c.id, c.title))),
        el('vscode-table-body', { attrs: { slot: 'body' } }, ...rows.map((f) => this.row(model, f))),
      );
      append(this.body, table);
    } else {
      append(this.body, el('div', { class: 'finding-grid-head', attrs: { role: 'row' } }, ...columns.map((c) => this.headerCell(c.id, c.title, 'div'))));
      const list = new VirtualList('Findings', 28, (i) => this.gridRow(model, rows[i]));
      append(this.body, list.root);
      list.setCount(rows.length);
    }
  }

  private headerCell(id: FindingColumn, title: string, tag: 'vscode-table-header-cell' | 'div' = 'vscode-table-header-cell'): HTMLElement {
    const on = this.sort.column === id;
    const arrow = on ? (this.sort.descending ? ' ▼' : ' ▲') : '';
    const b = button(
      `Sort by ${title}${on ? (this.sort.descending ? ', descending' : ', ascending') : ''}`,
      () => this.sortBy(id),
      { class: 'link sort' },
      `${title}${arrow}`,
    );
    return el(tag as 'div', {
      class: 'finding-col',
      attrs: { 'aria-sort': on ? (this.sort.descending ? 'descending' : 'ascending') : 'none', 'data-column': id },
    }, b);
  }

  private sortBy(id: FindingColumn): void {
    this.sort = this.sort.column === id ? { column: id, descending: !this.sort.descending } : { column: id, descending: false };
    if (this.last) this.render(this.last.model, this.last.selected, this.last.onlySelected);
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

  private cells(model: NetworkMapModel, f: MapFinding): HTMLElement[] {
    const badge = el(
      'vscode-badge',
      { class: `sev sev-${f.severity}`, attrs: { 'aria-label': f.severity } },
      f.severity === 'error' ? 'E' : f.severity === 'warning' ? 'W' : 'i',
    );
    return [
      el('span', { class: 'sev-cell' }, badge, ` ${f.severity}`),
      el('span', { class: 'code' }, f.code),
      el('span', { class: 'message' }, f.message),
      el('span', { class: 'origin' }, f.origin === 'manifest' ? 'manifest' : 'cluster'),
      el(
        'span',
        { class: 'targets' },
        ...f.targets.map((t) => button(`Go to ${this.targetLabel(model, t)}`, () => this.cb.goTo(t), { class: 'link target' }, this.targetLabel(model, t))),
      ),
    ];
  }

  private row(model: NetworkMapModel, f: MapFinding): HTMLElement {
    return el('vscode-table-row', { class: `finding sev-${f.severity}` }, ...this.cells(model, f).map((c) => el('vscode-table-cell', {}, c)));
  }

  private gridRow(model: NetworkMapModel, f: MapFinding): HTMLElement {
    return el('div', { class: `finding finding-grid-row sev-${f.severity}`, attrs: { role: 'row' } }, ...this.cells(model, f));
  }
}
