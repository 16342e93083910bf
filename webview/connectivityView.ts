// The Connectivity tab: the last connectivity check as a node × node matrix (row = from, column =
// to, same-node on the diagonal, then Service/DNS/external), failing cells red. A cell (click,
// Enter or Space; arrow keys move between cells) lists its probes; a failing probe shows its
// likely cause and the data-path model's packet path with the failing hop marked (core/check).
// Without a report, it says how to run one. Every string is a text node (webview/dom.ts).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './connectivity.css';
import type { CheckReport, ProbeResult } from '../src/core/check/checkReport';
import type { CheckFinding } from '../src/core/check/checkFindings';
import { findingsOfReport } from '../src/core/check/checkFindings';
import type { ConnectivityMatrix, MatrixCell } from '../src/core/check/connectivityMatrix';
import { beyondCellAt, cellAt, cellText, connectivityMatrix } from '../src/core/check/connectivityMatrix';
import { failureCause } from '../src/core/check/failureCause';
import { endpointText, probeOutcome } from '../src/core/check/probeOutcome';
import type { MapTarget, NetworkMapModel } from '../src/core/map/mapModel';
import { append, button, clear, el } from './dom';
import { PathPanel } from './pathPanel';

/** Beyond this many nodes the matrix shows only the nodes with something not passing. */
export const MAX_MATRIX_NODES = 40;

export interface ConnectivityCallbacks {
  runCheck(): void;
  goTo(target: MapTarget): void;
  /** The selected cell (by node names, kept in the view state). */
  selected(cell: string | undefined): void;
}

const beyondTitles = { service: 'Service', dns: 'DNS', external: 'External' } as const;
const marks: Readonly<Record<MatrixCell['state'], string>> = { failed: '✗', nat: 'NAT', 'not-run': '?', passed: '✓', empty: '—' };

interface Cell {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly cell: MatrixCell;
}

export class ConnectivityView {
  readonly root: HTMLElement;
  private readonly head: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly path: PathPanel;
  private report: CheckReport | null | undefined;
  private context = '';
  private model: NetworkMapModel | undefined;
  private matrix: ConnectivityMatrix | undefined;
  private cells: Cell[][] = [];
  private selectedKey: string | undefined;
  private pair: number | undefined;

  constructor(
    private readonly cb: ConnectivityCallbacks,
    selected: string | undefined,
  ) {
    this.selectedKey = selected;
    this.head = el('div', { class: 'check-head' });
    this.grid = el('div', { class: 'check-grid' });
    this.detail = el('div', { class: 'check-detail', attrs: { 'aria-live': 'polite' } });
    this.path = new PathPanel({ clear: () => undefined, pickPod: () => undefined, notFound: () => undefined, goTo: (t) => this.cb.goTo(t) }, {
      search: false,
      title: 'Packet path (data-path model)',
      className: 'check-path',
    });
    this.root = el('section', { class: 'connectivity', attrs: { 'aria-label': 'Connectivity check' } }, this.head, this.grid, this.detail);
  }

  /** null: the host says there is no report for `context`. */
  setReport(report: CheckReport | null, context: string): void {
    if (report !== this.report) this.pair = undefined;
    this.report = report;
    this.context = context;
    this.matrix = undefined;
  }

  render(model: NetworkMapModel): void {
    if (model !== this.model) this.matrix = undefined;
    this.model = model;
    clear(this.head);
    clear(this.grid);
    clear(this.detail);
    const report = this.report;
    if (report === undefined) {
      append(this.head, el('p', { class: 'hint' }, 'Waiting for the check results…'));
      return;
    }
    const run = el(
      'vscode-button',
      { class: 'run-check', attrs: { 'aria-label': 'Run Podnet: Check Connectivity' } },
      report ? 'Check again' : 'Check Connectivity',
    );
    // vscode-button turns Enter and Space into a click itself.
    run.addEventListener('click', () => this.cb.runCheck());
    if (!report) {
      append(
        this.head,
        el(
          'p',
          { class: 'hint no-check' },
          `No connectivity check of ${
            this.context ? `"${this.context}"` : 'this cluster'
          } yet. Run "Podnet: Check Connectivity" (or \`podnet check\` in a terminal): it starts short-lived probe pods on every node, tests pod → pod on the same node and across nodes, pod ↔ node, the kubernetes Service, DNS and the path MTU, and removes everything afterwards.`,
        ),
        run,
      );
      return;
    }
    this.matrix ??= connectivityMatrix(report, model.nodes.map((n) => n.name));
    const findings = findingsOfReport(report);
    const { passed, failed } = report.summary;
    append(
      this.head,
      el(
        'p',
        { class: 'check-summary' },
        el('strong', {}, failed > 0 ? `${failed} failed` : 'Every probe passed'),
        ` · ${passed} passed${report.missing?.length ? ` · ${report.missing.length} never reported` : ''} · checked ${report.startedAt} in ${
          (report.durationMs / 1000).toFixed(1)
        } s `,
        run,
      ),
      this.findingList(findings),
    );
    this.drawMatrix(this.matrix);
    this.drawDetail();
  }

  private findingList(findings: readonly CheckFinding[]): HTMLElement {
    if (findings.length === 0) return el('p', { class: 'ok' }, 'No findings: every promise of the network model held where it was probed.');
    return el(
      'ul',
      { class: 'check-findings', attrs: { 'aria-label': 'Check findings' } },
      ...findings.map((f) => {
        const first = f.pairs[0];
        const go = first === undefined ? undefined : button(`Show ${f.code}: ${f.message}`, () => this.selectPair(first), { class: 'link' }, 'show');
        return el(
          'li',
          { class: `check-finding sev-${f.severity}` },
          el('vscode-badge', { class: `sev sev-${f.severity}`, attrs: { 'aria-label': f.severity } }, f.severity === 'error' ? 'E' : 'W'),
          ' ',
          el('span', { class: 'code' }, f.code),
          ` ${f.message} `,
          go,
        );
      }),
    );
  }

  /** Which nodes get a row and a column. */
  private shownRows(m: ConnectivityMatrix): number[] {
    const all = m.nodes.map((_, i) => i);
    if (all.length <= MAX_MATRIX_NODES) return all;
    const bad = new Set<number>();
    const n = m.nodes.length;
    for (const [key, c] of m.cells) if (c.state !== 'passed' && c.state !== 'empty') bad.add(Math.floor(key / n)).add(key % n);
    for (const [key, c] of m.beyondCells) if (c.state !== 'passed' && c.state !== 'empty') bad.add(Math.floor(key / m.beyond.length));
    return [...bad].sort((a, b) => a - b).slice(0, MAX_MATRIX_NODES);
  }

  private drawMatrix(m: ConnectivityMatrix): void {
    const rows = this.shownRows(m);
    if (rows.length < m.nodes.length) {
      append(
        this.grid,
        el(
          'p',
          { class: 'hint' },
          rows.length === 0
            ? `${m.nodes.length} nodes, every cell passed: too many to draw as a matrix.`
            : `${m.nodes.length} nodes: showing the ${rows.length} with probes that did not pass.`,
        ),
      );
    }
    this.cells = rows.map((r) => [
      ...rows.map((k) => ({ key: `${m.nodes[r]}\u0000${m.nodes[k]}`, from: m.nodes[r], to: m.nodes[k], cell: cellAt(m, r, k) })),
      ...m.beyond.map((kind, b) => ({ key: `${m.nodes[r]}\u0000${kind}`, from: m.nodes[r], to: beyondTitles[kind], cell: beyondCellAt(m, r, b) })),
    ]);
    if (rows.length === 0) return;
    if (!this.cells.flat().some((c) => c.key === this.selectedKey)) this.selectedKey = undefined;
    const focusKey = this.selectedKey ?? this.cells[0][0]?.key;
    const table = el(
      'table',
      { class: 'check-matrix', attrs: { role: 'grid', 'aria-label': 'Connectivity matrix: rows are the nodes probes left from, columns where they went' } },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { class: 'corner', attrs: { scope: 'col' } }, 'from ╲ to'),
          ...rows.map((k) => el('th', { attrs: { scope: 'col' } }, m.nodes[k])),
          ...m.beyond.map((kind) => el('th', { class: 'beyond', attrs: { scope: 'col' } }, beyondTitles[kind])),
        ),
      ),
      el(
        'tbody',
        {},
        ...this.cells.map((row, r) =>
          el(
            'tr',
            {},
            el('th', { attrs: { scope: 'row' } }, row[0].from),
            ...row.map((c, k) => el('td', { class: k >= rows.length ? 'beyond' : r === k ? 'diagonal' : '' }, this.cellButton(c, r, k, c.key === focusKey))),
          )
        ),
      ),
    );
    append(
      this.grid,
      table,
      el(
        'p',
        { class: 'legend check-legend' },
        '✓ passed · ✗ failed · NAT: arrived from another address than the pod’s own (a violation of the model) · ? never reported · — not probed · diagonal: pods on the same node',
      ),
    );
  }

  private cellButton(c: Cell, r: number, k: number, tabbable: boolean): HTMLElement {
    const total = c.cell.passed + c.cell.failed + c.cell.notRun;
    const text = c.cell.state === 'empty'
      ? marks.empty
      : c.cell.state === 'passed'
      ? `${marks.passed} ${total}`
      : `${marks[c.cell.state]} ${c.cell.failed || c.cell.notRun}/${total}`;
    const label = `${c.from} → ${c.to}: ${cellText(c.cell)}${c.cell.worstKind ? `, worst: ${c.cell.worstKind}` : ''}${
      c.cell.state === 'nat' ? ', source rewritten (NAT)' : ''
    }`;
    const b = button(label, () => this.select(c.key), {
      class: `check-cell cell-${c.cell.state}${c.key === this.selectedKey ? ' selected' : ''}`,
      title: label,
      attrs: { tabindex: tabbable ? '0' : '-1', 'data-from': c.from, 'data-to': c.to, 'aria-pressed': String(c.key === this.selectedKey) },
    }, text);
    b.addEventListener('keydown', (e) => this.moveFocus(e, r, k));
    return b;
  }

  /** Arrow keys, Home and End move between cells (one tab stop for the whole grid). */
  private moveFocus(e: KeyboardEvent, r: number, k: number): void {
    const rows = this.cells.length;
    const cols = this.cells[0]?.length ?? 0;
    const next: Record<string, [number, number]> = {
      ArrowUp: [r - 1, k],
      ArrowDown: [r + 1, k],
      ArrowLeft: [r, k - 1],
      ArrowRight: [r, k + 1],
      Home: [r, 0],
      End: [r, cols - 1],
    };
    const to = next[e.key];
    if (!to) return;
    e.preventDefault();
    const [nr, nk] = [Math.max(0, Math.min(rows - 1, to[0])), Math.max(0, Math.min(cols - 1, to[1]))];
    const buttons = this.grid.querySelectorAll<HTMLButtonElement>('button.check-cell');
    buttons.forEach((x) => x.setAttribute('tabindex', '-1'));
    const target = buttons[nr * cols + nk];
    target?.setAttribute('tabindex', '0');
    target?.focus();
  }

  private select(key: string | undefined): void {
    this.selectedKey = key;
    this.pair = undefined;
    this.cb.selected(key);
    if (this.model) this.render(this.model);
    this.grid.querySelector<HTMLButtonElement>('button.check-cell.selected')?.focus();
  }

  /** A finding's "show": its first probe's cell, with that probe explained. */
  private selectPair(index: number): void {
    const p = this.report?.pairs[index];
    if (!p) return;
    const cell = this.cells.flat().find((c) => c.cell.pairs.includes(index));
    this.selectedKey = cell?.key;
    this.cb.selected(cell?.key);
    this.pair = index;
    if (this.model) this.render(this.model);
  }

  private drawDetail(): void {
    const report = this.report;
    const model = this.model;
    const c = this.cells.flat().find((x) => x.key === this.selectedKey);
    if (!report || !model) return;
    if (!c) {
      append(this.detail, el('p', { class: 'hint' }, 'Pick a cell to see its probes and, for a failing one, its likely cause and packet path.'));
      return;
    }
    const pairs = c.cell.pairs.map((i) => ({ i, p: report.pairs[i] }));
    const firstBad = pairs.find(({ p }) => probeOutcome(p) !== 'passed');
    if (this.pair === undefined || !c.cell.pairs.includes(this.pair)) this.pair = firstBad?.i;
    append(this.detail, el('h2', {}, `${c.from} → ${c.to}`), el('p', {}, cellText(c.cell)));
    if (pairs.length > 0) {
      append(
        this.detail,
        el(
          'vscode-table',
          {
            class: 'check-pairs',
            attrs: {
              'aria-label': `Probes ${c.from} → ${c.to}`,
              zebra: '',
              'bordered-rows': '',
              columns: JSON.stringify(['90px', '90px', '60px', 'auto', 'auto', '110px', 'auto']),
            },
          },
          el(
            'vscode-table-header',
            { attrs: { slot: 'header' } },
            ...['Result', 'Kind', 'Proto', 'From', 'To', 'Source seen', 'Error'].map((t) => el('vscode-table-header-cell', {}, t)),
          ),
          el('vscode-table-body', { attrs: { slot: 'body' } }, ...pairs.map(({ i, p }) => this.pairRow(i, p))),
        ),
      );
    }
    const missing = c.cell.missing.map((i) => report.missing?.[i]).filter((m) => m !== undefined);
    if (missing.length > 0) {
      append(
        this.detail,
        el(
          'ul',
          { class: 'check-missing', attrs: { 'aria-label': 'Probes that never reported' } },
          ...missing.map((m) => el('li', {}, `never reported: ${endpointText(m.from)}${m.to ? ` → ${endpointText(m.to)}` : ''}: ${m.reason}`)),
        ),
      );
    }
    if (this.pair !== undefined) this.drawCause(report, model, this.pair);
  }

  private pairRow(i: number, p: ProbeResult): HTMLElement {
    const outcome = probeOutcome(p);
    const result = outcome === 'passed'
      ? el('span', { class: 'ok' }, `✓ ${p.latencyMs !== null ? `${p.latencyMs.toFixed(1)} ms` : 'ok'}`)
      : button(`Explain the ${p.kind} ${p.protocol} probe from ${endpointText(p.from)} to ${endpointText(p.to)}`, () => this.explain(i), {
        class: `link problem${i === this.pair ? ' current' : ''}`,
      }, outcome === 'nat' ? '✗ NAT' : '✗ failed');
    return el(
      'vscode-table-row',
      { class: `check-pair outcome-${outcome}${i === this.pair ? ' selected' : ''}` },
      ...[
        result,
        p.kind,
        `${p.protocol}${p.bytes ? ` ${p.bytes} B` : ''}`,
        endpointText(p.from),
        endpointText(p.to),
        p.sourceSeen ?? (p.sourcePreserved === null ? 'n/a' : ''),
        p.error ?? '',
      ].map((x) => el('vscode-table-cell', {}, x)),
    );
  }

  private explain(i: number): void {
    this.pair = i;
    if (this.model) this.render(this.model);
    this.detail.querySelector<HTMLElement>('.check-cause')?.scrollIntoView({ block: 'nearest' });
  }

  private drawCause(report: CheckReport, model: NetworkMapModel, index: number): void {
    const cause = failureCause(model, report, index);
    if (!cause) return;
    const p = report.pairs[index];
    append(
      this.detail,
      el(
        'section',
        { class: `check-cause cause-${cause.category}`, attrs: { 'aria-label': 'Likely cause' } },
        el('h3', {}, `Likely cause: ${p.kind} ${p.protocol} from ${endpointText(p.from)} to ${endpointText(p.to)}`),
        el(
          'p',
          { class: 'problem cause-summary', attrs: { role: 'alert' } },
          cause.summary,
          cause.inferred && !/inferred/.test(cause.summary) ? el('span', { class: 'inferred-tag' }, ' (inferred from the CNI and its settings)') : undefined,
        ),
        cause.evidence.length ? el('ul', { class: 'cause-evidence' }, ...cause.evidence.map((e) => el('li', {}, e))) : undefined,
      ),
    );
    if (cause.probe) {
      this.path.render(cause.probe.model, cause.probe.from, cause.probe.to, cause.probe.path, undefined, cause.failingHop ?? -1);
      append(this.detail, this.path.root);
    }
  }
}
