// The pod network's folded bar ("waffle") on the address plan's canvas: free cells, blocks by fill
// level, overlaps hatched, the zoom row's labels, the finding marks (layout: webview/planLayout).
import type { NetworkMapModel } from '../src/core/map/mapModel';
import { flag } from './canvasMarks';
import { useText } from './format';
import type { Grid } from './planLayout';
import type { Palette } from './theme';

const USE_BUCKETS = 8;

/** Dashed outline on the overview around the stretch the zoom row shows. */
export function drawZoomMark(ctx: CanvasRenderingContext2D, palette: Palette, x0: number, y0: number, g: Grid, z: { from: number; span: number }): void {
  const first = Math.floor(z.from * g.slots);
  const last = Math.max(first, Math.ceil((z.from + z.span) * g.slots) - 1);
  const r0 = Math.floor(first / g.cols);
  const r1 = Math.floor(last / g.cols);
  const xa = r0 === r1 ? x0 + (first % g.cols) * g.cellW : x0;
  const xb = r0 === r1 ? x0 + ((last % g.cols) + 1) * g.cellW : x0 + g.cols * g.cellW;
  ctx.save();
  ctx.setLineDash([3, 2]);
  ctx.strokeStyle = palette.select;
  ctx.lineWidth = 2;
  ctx.strokeRect(xa - 2, y0 + r0 * g.cellH - 2, xb - xa + 3, (r1 - r0 + 1) * g.cellH + 3);
  ctx.restore();
}

export function drawGrid(
  ctx: CanvasRenderingContext2D,
  p: Palette,
  model: NetworkMapModel,
  flagged: ReadonlySet<number>,
  x0: number,
  y0: number,
  g: Grid,
  overlapFill: CanvasPattern | string,
): void {
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
  if (g.labelled) labelCells(ctx, p, model, g, cx, cy);
  if (flagged.size > 0 && g.cellW >= 4) {
    for (let s = 0; s < g.slots; s++) if (g.owner[s] >= 0 && flagged.has(g.owner[s])) flag(ctx, p.overlap, cx(s), cy(s), Math.min(g.cellW, g.cellH));
  }
}

/** Wide zoom cells carry the node name, block and use (canvas text: never parsed as markup). */
function labelCells(ctx: CanvasRenderingContext2D, palette: Palette, m: NetworkMapModel, g: Grid, cx: (s: number) => number, cy: (s: number) => number): void {
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
      ctx.fillStyle = palette.bg;
      ctx.globalAlpha = 0.85;
      ctx.fillRect(cx(s) + 2, cy(s) + 3 + k * 18, Math.min(w - 4, ctx.measureText(line).width + 4), 16);
      ctx.globalAlpha = 1;
      ctx.fillStyle = palette.fg;
      ctx.fillText(line, cx(s) + 4, cy(s) + 4 + k * 18);
    });
    ctx.restore();
  }
  ctx.restore();
}
