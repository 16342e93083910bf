// The address plan: one canvas (thousands of cells cost one draw call loop, not thousands of DOM
// nodes), a DOM tooltip and details line (textContent only), and keyboard selection of nodes.
import type { NetworkMapModel } from '../src/core/map/mapModel';
import { useText } from './format';
import { el, clear, append, button } from './dom';
import { cellsOfNode, hitTest, layoutPlan, sideName } from './planLayout';
import type { PlanHit, PlanLayout } from './planLayout';
import type { Palette } from './theme';
import { flag, hatch } from './canvasMarks';
import { drawGrid, drawZoomMark } from './planGrid';
import { placeTooltip } from './tooltip';

export interface PlanCallbacks {
  selectNode(node: number | undefined): void;
  revealNode(node: number): void;
}

export class AddressPlanView {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly details: HTMLElement;
  private readonly legend: HTMLElement;
  private model: NetworkMapModel | undefined;
  private layout: PlanLayout | undefined;
  private selected: number | undefined;
  private flagged = new Set<number>();

  constructor(
    private palette: Palette,
    private readonly cb: PlanCallbacks,
  ) {
    this.canvas = el('canvas', { class: 'plan-canvas', attrs: { tabindex: '0', role: 'img', 'aria-label': 'Address plan' } });
    this.tooltip = el('div', { class: 'tooltip', attrs: { role: 'tooltip', hidden: '' } });
    this.details = el('div', { class: 'plan-details', attrs: { 'aria-live': 'polite' } });
    this.legend = el('div', { class: 'legend', attrs: { 'aria-hidden': 'true' } });
    this.root = el(
      'section',
      { class: 'plan', attrs: { 'aria-label': 'Address plan' } },
      this.legend,
      el('div', { class: 'plan-scroll' }, this.canvas, this.tooltip),
      this.details,
    );
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => this.tooltip.setAttribute('hidden', ''));
    this.canvas.addEventListener('click', (e) => {
      const hit = this.hitAt(e);
      if (hit?.kind === 'block' || hit?.kind === 'node') this.cb.selectNode(hit.node);
    });
    this.canvas.addEventListener('dblclick', (e) => {
      const hit = this.hitAt(e);
      if (hit?.kind === 'block' || hit?.kind === 'node') this.cb.revealNode(hit.node);
    });
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.buildLegend();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.buildLegend();
    this.draw();
  }

  setModel(model: NetworkMapModel, selected: number | undefined, flagged: Set<number>): void {
    this.model = model;
    this.selected = selected;
    this.flagged = flagged;
    this.relayout();
  }

  select(node: number | undefined): void {
    this.selected = node;
    this.draw();
    this.showDetails();
  }

  relayout(): void {
    if (!this.model) return;
    const width = Math.max(200, this.root.clientWidth || document.documentElement.clientWidth || 800);
    this.layout = layoutPlan(this.model, width - 8);
    this.draw();
    this.showDetails();
    const m = this.model;
    const pod = m.networks.filter((n) => n.role === 'pod').map((n) => n.cidr).join(', ') || 'none';
    this.canvas.setAttribute(
      'aria-label',
      `Address plan: pod network ${pod}, ${m.nodes.length} nodes, ${m.overlaps.length} overlaps; ${
        m.scales.map((s) => `IPv${s.family} bars ${s.scale === 'log' ? 'on a log2 scale' : 'to scale'}`).join(', ')
      }. Arrow keys select a node, Enter reveals it in the tree.`,
    );
  }

  private buildLegend(): void {
    clear(this.legend);
    const swatch = (cls: string, text: string) => el('span', { class: 'legend-item' }, el('span', { class: `swatch ${cls}` }), text);
    append(
      this.legend,
      swatch('free', 'free'),
      swatch('used-low', 'block (darker = fuller)'),
      swatch('full', '≥ 90% used'),
      swatch('overlap', 'overlap'),
      swatch('outside', 'outside the pod network'),
      swatch('flag', 'corner mark: the cluster reports a finding about this node (Findings tab)'),
    );
  }

  draw(): void {
    const layout = this.layout;
    const model = this.model;
    if (!layout || !model) return;
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    c.width = Math.round(layout.width * dpr);
    c.height = Math.round(layout.height * dpr);
    c.style.width = `${layout.width}px`;
    c.style.height = `${layout.height}px`;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const p = this.palette;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, layout.width, layout.height);
    ctx.font = p.font;
    ctx.textBaseline = 'bottom';
    const overlapFill = hatch(ctx, p.overlap, dpr);
    const outsideFill = hatch(ctx, p.outside, dpr);
    for (const r of layout.rows) {
      if (r.kind === 'heading') {
        ctx.fillStyle = p.fg;
        ctx.fillText(r.text, 8, r.y + 16);
        continue;
      }
      ctx.fillStyle = p.muted;
      ctx.fillText(r.label, r.x, r.y - 3);
      if (r.kind === 'outside') {
        r.blocks.forEach((b, i) => {
          const x = r.x + (i % r.cols) * r.cell;
          const y = r.y + Math.floor(i / r.cols) * r.cell;
          ctx.fillStyle = outsideFill;
          ctx.fillRect(x, y, r.cell - 1, r.cell - 1);
          ctx.strokeStyle = p.outside;
          ctx.strokeRect(x + 0.5, y + 0.5, r.cell - 2, r.cell - 2);
          if (this.flagged.has(b.node)) flag(ctx, this.palette.overlap, x, y, r.cell);
        });
        continue;
      }
      if (r.grid) {
        drawGrid(ctx, p, model, this.flagged, r.x, r.y, r.grid, overlapFill);
      } else {
        ctx.fillStyle = p.free;
        ctx.fillRect(r.x, r.y, r.w, r.h);
        ctx.fillStyle = p.fg;
        for (const t of r.ticks) ctx.fillRect(r.x + Math.min(r.w - 1, t.at * r.w), r.y + 3, 1, r.h - 6);
        if (this.selected !== undefined) {
          ctx.fillStyle = p.select;
          for (const t of r.ticks) if (t.node === this.selected) ctx.fillRect(r.x + Math.min(r.w - 3, t.at * r.w) - 1, r.y, 3, r.h);
        }
      }
      if (!r.grid) {
        for (const s of r.overlaps) {
          const x = r.x + s.offset * r.w;
          const w = Math.max(3, s.width * r.w);
          ctx.fillStyle = overlapFill;
          ctx.fillRect(x, r.y, w, r.h);
          ctx.strokeStyle = p.overlap;
          ctx.lineWidth = 2;
          ctx.strokeRect(x, r.y - 1, w, r.h + 2);
          ctx.lineWidth = 1;
        }
      }
      if (r.grid && r.zoomMark) drawZoomMark(ctx, p, r.x, r.y, r.grid, r.zoomMark);
    }
    if (this.selected !== undefined) {
      ctx.strokeStyle = p.select;
      ctx.lineWidth = 2;
      for (const cell of cellsOfNode(layout, this.selected)) ctx.strokeRect(cell.x - 1, cell.y - 1, cell.w + 1, cell.h + 1);
      ctx.lineWidth = 1;
    }
  }

  private hitAt(e: MouseEvent): PlanHit | undefined {
    if (!this.layout) return undefined;
    const r = this.canvas.getBoundingClientRect();
    return hitTest(this.layout, e.clientX - r.left, e.clientY - r.top);
  }

  private describe(hit: PlanHit): string {
    const m = this.model;
    if (!m) return '';
    switch (hit.kind) {
      case 'block': {
        const n = m.nodes[hit.node];
        const b = n.blocks[hit.block];
        const other = hit.other !== undefined ? m.nodes[hit.other] : undefined;
        return `${n.name} · ${b.cidr} · ${useText(b)} used · ${b.source}${hit.overlap ? ` · OVERLAP${other ? ` with ${other.name}` : ''}` : ''}`;
      }
      case 'free': {
        const net = m.networks[hit.network];
        return `free · slot ${hit.slot + 1} of ${hit.slots} in ${net.cidr}${hit.overlap ? ' · overlaps another network' : ''}`;
      }
      case 'node': {
        const n = m.nodes[hit.node];
        return `${n.name} · ${n.internalIPs.join(', ')}`;
      }
      case 'network': {
        const n = m.networks[hit.network];
        return `${n.role} network ${n.cidr} · ${n.size} addresses${hit.overlap ? ` · ${hit.overlap}` : ''}`;
      }
    }
  }

  private hover(e: MouseEvent): void {
    const hit = this.hitAt(e);
    if (!hit) {
      this.tooltip.setAttribute('hidden', '');
      return;
    }
    this.tooltip.textContent = this.describe(hit);
    this.tooltip.removeAttribute('hidden');
    const box = this.canvas.getBoundingClientRect();
    placeTooltip(this.tooltip, e.clientX - box.left, e.clientY - box.top);
  }

  private key(e: KeyboardEvent): void {
    const m = this.model;
    if (!m || m.nodes.length === 0) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, PageDown: 50, PageUp: -50 }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      const cur = this.selected ?? (step > 0 ? -1 : m.nodes.length);
      this.cb.selectNode(Math.max(0, Math.min(m.nodes.length - 1, cur + step)));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      this.cb.selectNode(e.key === 'Home' ? 0 : m.nodes.length - 1);
    } else if (e.key === 'Enter' && this.selected !== undefined) {
      this.cb.revealNode(this.selected);
    } else if (e.key === 'Escape') {
      this.cb.selectNode(undefined);
    }
  }

  private showDetails(): void {
    clear(this.details);
    const m = this.model;
    if (!m) return;
    if (m.overlaps.length > 0) {
      const shown = m.overlaps.slice(0, 50).map((o) => el('li', { class: 'overlap-text' }, `${sideName(m, o.a)} overlaps ${sideName(m, o.b)}: ${o.range}`));
      const more = m.overlaps.length > 50 ? el('li', {}, `… ${m.overlaps.length - 50} more`) : undefined;
      append(this.details, el('ul', { class: 'overlap-list', attrs: { 'aria-label': 'Overlaps' } }, ...shown, more));
    }
    if (this.selected === undefined || !m.nodes[this.selected]) {
      append(
        this.details,
        el(
          'p',
          { class: 'hint' },
          'Hover a cell for details; click (or arrow keys) to select a node; double-click (or Enter) reveals it in the Cluster Network tree.',
        ),
      );
      return;
    }
    const i = this.selected;
    const n = m.nodes[i];
    append(
      this.details,
      el(
        'p',
        {},
        el('strong', {}, n.name),
        ` · ${n.internalIPs.join(', ') || 'no InternalIP'} · ${n.blocks.map((b) => `${b.cidr} (${useText(b)}, ${b.source})`).join(', ') || 'no pod block'} `,
        button('Reveal in tree', () => this.cb.revealNode(i), { class: 'link' }),
      ),
    );
  }
}
