// A big cluster's aggregated map: per network a bar (the pod networks with each group's span of
// blocks, coloured by use, red-outlined and marked when the cluster reports findings there), the
// groups as a table to open, and the findings of the scope. Aggregation never hides a finding:
// every group counts all of its own, and marks are drawn last, at least 3 px wide.
import type { MapGroupRef, MapGroupSummary, MapOverview, OverviewTarget } from '../src/core/map/mapOverview';
import { flag, hatch } from './canvasMarks';
import { append, button, clear, el } from './dom';
import type { Palette } from './theme';
import { placeTooltip } from './tooltip';

export interface OverviewCallbacks {
  openScope(group: MapGroupRef): void;
  openNode(name: string): void;
  openPod(namespace: string, name: string): void;
  openFile(t: Extract<OverviewTarget, { kind: 'file' }>): void;
}

const BAR_H = 22;
const ROW_H = 48;
const MARGIN = 8;

interface Span {
  readonly group: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
}

const pct = (u: number) => `${(u * 100).toFixed(u < 0.1 ? 1 : 0)} %`;
const num = (n: number) => n.toLocaleString('en-US');

export class OverviewView {
  readonly root: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly table: HTMLElement;
  private readonly findings: HTMLElement;
  private overview: MapOverview | undefined;
  private spans: Span[] = [];

  constructor(
    private palette: Palette,
    private readonly cb: OverviewCallbacks,
  ) {
    this.summary = el('p', { class: 'overview-summary', attrs: { role: 'status' } });
    this.canvas = el('canvas', { class: 'overview-canvas', attrs: { role: 'img', 'aria-label': 'Aggregated address plan' } });
    this.tooltip = el('div', { class: 'overview-tooltip', attrs: { hidden: '', role: 'tooltip' } });
    this.table = el('table', { class: 'group-table', attrs: { 'aria-label': 'Node groups' } });
    this.findings = el('div', { class: 'overview-findings' });
    this.root = el(
      'section',
      { class: 'overview', attrs: { 'aria-label': 'Aggregated network map', hidden: '' } },
      this.summary,
      el('div', { class: 'overview-scroll' }, this.canvas, this.tooltip),
      this.table,
      this.findings,
    );
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => this.tooltip.setAttribute('hidden', ''));
    this.canvas.addEventListener('click', (e) => {
      const g = this.hitAt(e);
      if (g) this.cb.openScope(g.group);
    });
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.draw();
  }

  render(o: MapOverview): void {
    this.overview = o;
    const flagged = o.groups.filter((g) => g.findings > 0).length;
    const size = o.groups[0]?.nodes ?? 0;
    this.summary.textContent = `${num(o.nodes)} nodes · ${num(o.pods)} pods in ${o.groups.length} groups of up to ${num(size)} nodes · ${
      num(o.findingCount)
    } findings${flagged > 0 ? ` (in ${flagged} ${flagged === 1 ? 'group' : 'groups'}, marked red)` : ''}. Open a group for its nodes and pods.`;
    this.draw();
    this.renderTable(o);
    this.renderFindings(o);
  }

  relayout(): void {
    this.draw();
  }

  private draw(): void {
    const o = this.overview;
    if (!o) return;
    const width = Math.max(240, (this.root.clientWidth || document.documentElement.clientWidth || 800) - 8);
    const height = MARGIN + o.networks.length * ROW_H;
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    c.width = Math.round(width * dpr);
    c.height = Math.round(height * dpr);
    c.style.width = `${width}px`;
    c.style.height = `${height}px`;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const p = this.palette;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = p.font;
    ctx.textBaseline = 'bottom';
    const overlapFill = hatch(ctx, p.overlap, dpr);
    const full = width - 2 * MARGIN;
    this.spans = [];
    o.networks.forEach((n, i) => {
      const y = MARGIN + i * ROW_H + 18;
      const w = Math.max(40, n.barWidth * full);
      ctx.fillStyle = p.muted;
      ctx.fillText(`${n.role} network ${n.cidr}${n.inferred ? ' (inferred)' : ''} · ${n.source}`, MARGIN, y - 3);
      ctx.fillStyle = p.free;
      ctx.fillRect(MARGIN, y, w, BAR_H);
      if (n.role === 'pod') {
        o.groups.forEach((g, gi) => {
          for (const r of g.ranges) if (r.network === i) this.spans.push({ group: gi, x: MARGIN + r.offset * w, y, w: Math.max(2, r.width * w) });
        });
      }
      for (const ov of o.overlaps) {
        const side = ov.a.kind === 'network' && ov.a.network === i
          ? [ov.aOffset, ov.aWidth]
          : ov.b.kind === 'network' && ov.b.network === i
          ? [ov.bOffset, ov.bWidth]
          : undefined;
        if (!side) continue;
        ctx.fillStyle = overlapFill;
        ctx.fillRect(MARGIN + side[0]! * w, y, Math.max(3, side[1]! * w), BAR_H);
      }
    });
    // Use first, then the groups with findings on top: a mark is never covered by a neighbour.
    for (const s of this.spans) {
      const g = o.groups[s.group]!;
      ctx.fillStyle = g.utilisation >= 0.9 ? p.full : p.used;
      ctx.globalAlpha = g.utilisation >= 0.9 ? 1 : 0.3 + 0.7 * Math.sqrt(g.utilisation);
      ctx.fillRect(s.x, s.y + 2, Math.max(1, s.w - 1), BAR_H - 4);
    }
    ctx.globalAlpha = 1;
    for (const s of this.spans) {
      if (o.groups[s.group]!.findings === 0) continue;
      ctx.strokeStyle = p.overlap;
      ctx.lineWidth = 2;
      ctx.strokeRect(s.x, s.y + 1, Math.max(3, s.w - 1), BAR_H - 2);
      ctx.lineWidth = 1;
      flag(ctx, p.overlap, s.x, s.y, BAR_H);
    }
  }

  private hitAt(e: MouseEvent): MapGroupSummary | undefined {
    const o = this.overview;
    if (!o) return undefined;
    const r = this.canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    // Topmost first: the groups with findings were drawn last.
    const hits = this.spans.filter((s) => x >= s.x - 1 && x <= s.x + Math.max(3, s.w) && y >= s.y && y <= s.y + BAR_H);
    const hit = hits.find((s) => o.groups[s.group]!.findings > 0) ?? hits[0];
    return hit ? o.groups[hit.group] : undefined;
  }

  private hover(e: MouseEvent): void {
    const g = this.hitAt(e);
    if (!g) {
      this.tooltip.setAttribute('hidden', '');
      return;
    }
    this.tooltip.textContent = `${g.label} · ${num(g.nodes)} nodes · ${num(g.pods)} pods · ${g.ranges.map((r) => `${r.first} … ${r.last}`).join(', ')} · ${
      pct(g.utilisation)
    } used${g.findings > 0 ? ` · ${g.findings} findings` : ''} · click to open`;
    this.tooltip.removeAttribute('hidden');
    const box = this.canvas.getBoundingClientRect();
    placeTooltip(this.tooltip, e.clientX - box.left, e.clientY - box.top);
  }

  private renderTable(o: MapOverview): void {
    clear(this.table);
    const head = el('tr', {}, ...['Group', 'Nodes', 'Pods', 'Blocks', 'Use', 'Findings'].map((h) => el('th', { attrs: { scope: 'col' } }, h)));
    append(this.table, el('thead', {}, head));
    const body = el('tbody', {});
    for (const g of o.groups) {
      const findings = g.findings > 0 ? `⚠ ${g.findings}${g.errors > 0 ? ` (${g.errors} ${g.errors === 1 ? 'error' : 'errors'})` : ''}` : '—';
      append(
        body,
        el(
          'tr',
          { class: g.findings > 0 ? 'group-row flagged' : 'group-row' },
          el('td', {}, button(`Open ${g.label}`, () => this.cb.openScope(g.group), { class: 'link' }, g.label)),
          el('td', {}, `${num(g.nodes)}${g.notReady > 0 ? ` (${g.notReady} not ready)` : ''}`),
          el('td', {}, num(g.pods)),
          el('td', {}, g.ranges.map((r) => `${r.first} … ${r.last}`).join(', ') || 'no block', g.outside > 0 ? ` · ${g.outside} outside the pod network` : ''),
          el('td', {}, `${num(g.used)}/${num(g.usable)} · ${pct(g.utilisation)}`),
          el('td', { class: g.findings > 0 ? 'group-findings' : '' }, findings),
        ),
      );
    }
    append(this.table, body);
  }

  private renderFindings(o: MapOverview): void {
    clear(this.findings);
    const more = o.findingCount > o.findings.length ? ` (the first ${o.findings.length} listed; every group counts all of its own)` : '';
    append(this.findings, el('h2', {}, `Findings: ${num(o.findingCount)}${more}`));
    if (o.findings.length === 0) return;
    const list = el('ul', { class: 'overview-finding-list' });
    for (const f of o.findings) {
      const targets = f.targets.map((t) => this.targetLink(t));
      append(list, el('li', { class: `sev-${f.severity}` }, el('strong', {}, `${f.severity} ${f.code}`), ` ${f.message} `, ...targets));
    }
    append(this.findings, list);
  }

  private targetLink(t: OverviewTarget): HTMLElement {
    switch (t.kind) {
      case 'node':
        return button(t.name, () => this.cb.openNode(t.name), { class: 'link' });
      case 'pod':
        return button(`${t.namespace}/${t.name}`, () => this.cb.openPod(t.namespace, t.name), { class: 'link' });
      case 'file':
        return button(t.label, () => this.cb.openFile(t), { class: 'link' });
      case 'network':
        return el('span', { class: 'hint' }, t.cidr);
    }
  }
}
