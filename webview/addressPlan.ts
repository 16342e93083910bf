// The address plan: one canvas (thousands of cells cost one draw call loop, not thousands of DOM
// nodes), a DOM tooltip and details line (textContent only), and keyboard selection of nodes.
import type { NetworkMapModel } from '../src/core/map/mapModel';
import { useText } from './format';
import { el, clear, append, button } from './dom';
import { cellsOfNode, hitTest, layoutPlan, sideName } from './planLayout';
import type { Grid, PlanHit, PlanLayout } from './planLayout';
import type { Palette } from './theme';

const USE_BUCKETS = 8;

export interface PlanCallbacks {
  selectNode(node: number | undefined): void;
  revealNode(node: number): void;
}

function hatch(ctx: CanvasRenderingContext2D, color: string, dpr: number): CanvasPattern | string {
  const size = Math.round(6 * dpr);
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const p = c.getContext('2d');
  if (!p) return color;
  p.strokeStyle = color;
  p.lineWidth = Math.max(1, dpr * 1.5);
  p.beginPath();
  p.moveTo(0, size);
  p.lineTo(size, 0);
  p.moveTo(-size / 2, size / 2);
  p.lineTo(size / 2, -size / 2);
  p.moveTo(size / 2, size * 1.5);
  p.lineTo(size * 1.5, size / 2);
  p.stroke();
  const pattern = ctx.createPattern(c, 'repeat');
  pattern?.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern ?? color;
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
          if (this.flagged.has(b.node)) this.flag(ctx, x, y, r.cell);
        });
        continue;
      }
      if (r.grid) {
        this.drawGrid(ctx, r.x, r.y, r.grid, overlapFill);
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
      if (r.grid && r.zoomMark) this.drawZoomMark(ctx, r.x, r.y, r.grid, r.zoomMark);
    }
    if (this.selected !== undefined) {
      ctx.strokeStyle = p.select;
      ctx.lineWidth = 2;
      for (const cell of cellsOfNode(layout, this.selected)) ctx.strokeRect(cell.x - 1, cell.y - 1, cell.w + 1, cell.h + 1);
      ctx.lineWidth = 1;
    }
  }

  /** Dashed outline on the overview around the stretch the zoom row shows. */
  private drawZoomMark(ctx: CanvasRenderingContext2D, x0: number, y0: number, g: Grid, z: { from: number; span: number }): void {
    const first = Math.floor(z.from * g.slots);
    const last = Math.max(first, Math.ceil((z.from + z.span) * g.slots) - 1);
    const r0 = Math.floor(first / g.cols);
    const r1 = Math.floor(last / g.cols);
    const xa = r0 === r1 ? x0 + (first % g.cols) * g.cellW : x0;
    const xb = r0 === r1 ? x0 + ((last % g.cols) + 1) * g.cellW : x0 + g.cols * g.cellW;
    ctx.save();
    ctx.setLineDash([3, 2]);
    ctx.strokeStyle = this.palette.select;
    ctx.lineWidth = 2;
    ctx.strokeRect(xa - 2, y0 + r0 * g.cellH - 2, xb - xa + 3, (r1 - r0 + 1) * g.cellH + 3);
    ctx.restore();
  }

  private drawGrid(ctx: CanvasRenderingContext2D, x0: number, y0: number, g: Grid, overlapFill: CanvasPattern | string): void {
    const p = this.palette;
    const iw = g.cellW - g.gap;
    const ih = g.cellH - g.gap;
    const cx = (s: number) => x0 + (s % g.cols) * g.cellW;
    const cy = (s: number) => y0 + Math.floor(s / g.cols) * g.cellH;
    // Free cells first in one colour, then used cells bucketed by fill level: few fillStyle changes.
    ctx.fillStyle = p.free;
    for (let s = 0; s < g.slots; s++) if (g.owner[s] < 0 && !g.overlap[s]) ctx.fillRect(cx(s), cy(s), iw, ih);
    // Tiny cells (a /24 slot in a /8 is 2 px): blocks are drawn 3 px so a sparse plan still shows them.
    const grow = iw < 3 ? 3 - iw : 0;
    const bw = iw + grow;
    const bh = ih + grow;
    // Opacity grows with sqrt(use) so lightly used blocks still differ; ≥ 90 % switches colour.
    const FULL = USE_BUCKETS;
    for (let bucket = 0; bucket <= FULL; bucket++) {
      ctx.fillStyle = bucket === FULL ? p.full : p.used;
      ctx.globalAlpha = bucket === FULL ? 1 : 0.3 + (0.7 * bucket) / (USE_BUCKETS - 1);
      for (let s = 0; s < g.slots; s++) {
        if (g.owner[s] < 0 || g.overlap[s]) continue;
        const u = g.utilisation[s];
        const b = u >= 0.9 ? FULL : Math.min(USE_BUCKETS - 1, Math.floor(Math.sqrt(u) * USE_BUCKETS));
        if (b === bucket) ctx.fillRect(cx(s), cy(s), bw, bh);
      }
    }
    ctx.globalAlpha = 1;
    for (let s = 0; s < g.slots; s++) {
      if (!g.overlap[s]) continue;
      ctx.fillStyle = overlapFill;
      ctx.fillRect(cx(s), cy(s), bw, bh);
      if (iw >= 4) {
        ctx.strokeStyle = p.overlap;
        ctx.lineWidth = iw >= 20 ? 2 : 1;
        ctx.strokeRect(cx(s) + 0.5, cy(s) + 0.5, iw - 1, ih - 1);
        ctx.lineWidth = 1;
      }
    }
    // High contrast: every block gets the theme's contrast border, as VS Code's own widgets do.
    if (p.highContrast && iw >= 5) {
      ctx.strokeStyle = p.border;
      for (let s = 0; s < g.slots; s++) if (g.owner[s] >= 0) ctx.strokeRect(cx(s) + 0.5, cy(s) + 0.5, iw - 1, ih - 1);
    }
    if (g.labelled) this.labelCells(ctx, g, cx, cy);
    if (this.flagged.size > 0 && g.cellW >= 4) {
      for (let s = 0; s < g.slots; s++) if (g.owner[s] >= 0 && this.flagged.has(g.owner[s])) this.flag(ctx, cx(s), cy(s), Math.min(g.cellW, g.cellH));
    }
  }

  /** Wide zoom cells carry the node name, block and use (canvas text: never parsed as markup). */
  private labelCells(ctx: CanvasRenderingContext2D, g: Grid, cx: (s: number) => number, cy: (s: number) => number): void {
    const m = this.model;
    if (!m) return;
    const same = (a: number, b: number) => g.owner[a] === g.owner[b] && g.block[a] === g.block[b] && g.other[a] === g.other[b];
    ctx.save();
    ctx.textBaseline = 'top';
    for (let s = 0; s < g.slots; s++) {
      const node = m.nodes[g.owner[s]];
      // One label per run of cells of one block (and one overlap state) within a row.
      if (!node || (s % g.cols !== 0 && same(s - 1, s))) continue;
      let run = 1;
      while (s + run < g.slots && (s + run) % g.cols !== 0 && same(s, s + run)) run++;
      const b = node.blocks[g.block[s]];
      const other = g.other[s] >= 0 ? m.nodes[g.other[s]] : undefined;
      const lines = [other ? `${other.name} ∩ ${node.name}` : node.name, `${b.cidr} · ${useText(b)}${g.overlap[s] && !other ? ' · OVERLAP' : ''}`];
      const w = run * g.cellW - g.gap;
      ctx.save();
      ctx.beginPath();
      ctx.rect(cx(s), cy(s), w, g.cellH - g.gap);
      ctx.clip();
      lines.forEach((line, k) => {
        // A backing plate keeps the text readable on the hatch.
        ctx.fillStyle = this.palette.bg;
        ctx.globalAlpha = 0.85;
        ctx.fillRect(cx(s) + 2, cy(s) + 3 + k * 18, Math.min(w - 4, ctx.measureText(line).width + 4), 16);
        ctx.globalAlpha = 1;
        ctx.fillStyle = this.palette.fg;
        ctx.fillText(line, cx(s) + 4, cy(s) + 4 + k * 18);
      });
      ctx.restore();
    }
    ctx.restore();
  }

  /** A small corner triangle: "this node has findings". */
  private flag(ctx: CanvasRenderingContext2D, x: number, y: number, size: number): void {
    const t = Math.max(3, Math.floor(size / 3));
    ctx.fillStyle = this.palette.overlap;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + t, y);
    ctx.lineTo(x, y + t);
    ctx.fill();
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
    this.placeTooltip(e.clientX - box.left, e.clientY - box.top);
  }

  /** Next to the pointer, flipped or clamped so it stays inside the visible part of the panel. */
  private placeTooltip(x: number, y: number): void {
    const view = this.tooltip.parentElement;
    const t = this.tooltip;
    const gap = 12;
    const left0 = view ? view.scrollLeft : 0;
    const top0 = view ? view.scrollTop : 0;
    const width = view ? view.clientWidth : window.innerWidth;
    const height = view ? Math.min(view.clientHeight, window.innerHeight - view.getBoundingClientRect().top) : window.innerHeight;
    let left = x + gap;
    if (left + t.offsetWidth > left0 + width) left = x - gap - t.offsetWidth;
    left = Math.max(left0, Math.min(left, left0 + width - t.offsetWidth));
    let top = y + gap;
    if (top + t.offsetHeight > top0 + height) top = y - gap - t.offsetHeight;
    top = Math.max(top0, top);
    t.style.left = `${left}px`;
    t.style.top = `${top}px`;
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
