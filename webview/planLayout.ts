// Where everything in the address plan goes, computed without touching the canvas (so hit testing
// and drawing agree). The pod network is a bar folded into rows ("waffle"): one cell per block-sized
// slot in address order, so 5,000 node blocks stay visible where a flat bar would give each < 1 px.
import { formatCidr, parseCidr } from '../src/core/net/cidr';
import { fastParseAddress } from '../src/core/net/fastAddress';
import type { NetworkMapModel } from '../src/core/map/mapModel';

export const LABEL_H = 18;
export const BAR_H = 20;
export const ROW_GAP = 14;
export const MAX_SLOTS = 1 << 16;
const MAX_GRID_H = 280;

export interface Grid {
  readonly cols: number;
  readonly rows: number;
  readonly cellW: number;
  readonly cellH: number;
  /** Gap between cells (0 when cells are tiny). */
  readonly gap: number;
  readonly slots: number;
  /** Cells are big enough to write the node name into. */
  readonly labelled: boolean;
  /** The part of the network this grid shows, as fractions of it (0, 1 for the whole). */
  readonly from: number;
  readonly span: number;
  /** Node index owning each slot, -1 when free. */
  readonly owner: Int32Array;
  /** Where blocks overlap: the node that had the slot before (-1 otherwise). */
  readonly other: Int32Array;
  readonly block: Int32Array;
  readonly utilisation: Float32Array;
  /** 1 where two blocks (or the pod network and another network) share the slot. */
  readonly overlap: Uint8Array;
}

export interface Segment {
  readonly offset: number;
  readonly width: number;
  readonly text: string;
}

export interface BarRow {
  readonly kind: 'bar';
  readonly network: number;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly grid?: Grid;
  readonly overlaps: readonly Segment[];
  /** Node InternalIPs as fractions along a node-network bar. */
  readonly ticks: readonly { readonly at: number; readonly node: number }[];
  /** On an overview grid: where the zoom row below sits, as fractions of the network. */
  readonly zoomMark?: { readonly from: number; readonly span: number };
}

export interface OutsideRow {
  readonly kind: 'outside';
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly cell: number;
  readonly cols: number;
  readonly blocks: readonly { readonly node: number; readonly block: number }[];
}

export interface HeadingRow {
  readonly kind: 'heading';
  readonly text: string;
  readonly y: number;
}

export type PlanRow = BarRow | OutsideRow | HeadingRow;

export interface PlanLayout {
  readonly width: number;
  readonly height: number;
  readonly rows: readonly PlanRow[];
}

const roleName = { pod: 'Pod network', service: 'Service network', node: 'Node network' } as const;

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  let best: number | undefined;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) [best, bestCount] = [v, c];
  }
  return best;
}

/** Cell sizes: square in an overview, wide labelled cells when a zoom holds few slots. */
function cellSize(slots: number, w: number, maxCell: number, maxH: number): { cellW: number; cellH: number; cols: number } {
  if (slots <= 16 && maxCell > 28) {
    const cellW = Math.floor(w / slots);
    return { cellW, cellH: 46, cols: slots };
  }
  const cell = Math.max(2, Math.min(maxCell, Math.floor(Math.sqrt((w * maxH) / slots))));
  return { cellW: cell, cellH: cell, cols: Math.max(1, Math.min(slots, Math.floor(w / cell))) };
}

function buildGrid(model: NetworkMapModel, network: number, w: number, from = 0, span = 1, maxCell = 28, maxH = MAX_GRID_H): Grid {
  const zoomed = span < 1;
  const net = model.networks[network];
  const prefixes: number[] = [];
  for (const n of model.nodes) for (const b of n.blocks) if (b.network === network) prefixes.push(Number(b.cidr.slice(b.cidr.lastIndexOf('/') + 1)));
  const viewPrefix = net.prefix + Math.round(-Math.log2(span));
  // Overview: the commonest block size. Zoom: the finest, so a /25 inside a /24 shows as a half.
  const wanted = zoomed ? Math.max(...prefixes, viewPrefix) : mode(prefixes) ?? viewPrefix + 8;
  const slotPrefix = Math.min(wanted, viewPrefix + (zoomed ? 6 : 16), net.family === 4 ? 32 : 128);
  const slots = 2 ** Math.max(0, slotPrefix - viewPrefix);
  const { cellW, cellH, cols } = cellSize(slots, w, maxCell, maxH);
  const rows = Math.ceil(slots / cols);
  const owner = new Int32Array(slots).fill(-1);
  const other = new Int32Array(slots).fill(-1);
  const block = new Int32Array(slots).fill(-1);
  const utilisation = new Float32Array(slots);
  const overlap = new Uint8Array(slots);
  const slotOf = (offset: number) => ((offset - from) / span) * slots;
  model.nodes.forEach((n, ni) =>
    n.blocks.forEach((b, bi) => {
      if (b.network !== network) return;
      const first = Math.max(0, Math.floor(slotOf(b.offset) + 1e-9));
      const last = Math.min(slots - 1, Math.max(first, Math.ceil(slotOf(b.offset + b.width) - 1e-9) - 1));
      for (let s = first; s <= last; s++) {
        if (owner[s] >= 0 && owner[s] !== ni) {
          overlap[s] = 1;
          other[s] = owner[s];
        }
        owner[s] = ni;
        block[s] = bi;
        utilisation[s] = Math.max(utilisation[s], b.utilisation);
      }
    })
  );
  // The pod network reaching into the service or node network: hatch that stretch too.
  const mark = (offset: number, width: number) => {
    const first = Math.max(0, Math.floor(slotOf(offset)));
    const last = Math.min(slots - 1, Math.max(first, Math.ceil(slotOf(offset + width)) - 1));
    for (let s = first; s <= last; s++) overlap[s] = 1;
  };
  for (const o of model.overlaps) {
    if (o.a.kind === 'network' && o.a.network === network) mark(o.aOffset, o.aWidth);
    if (o.b.kind === 'network' && o.b.network === network) mark(o.bOffset, o.bWidth);
  }
  return {
    cols,
    rows,
    cellW,
    cellH,
    gap: cellW >= 4 ? 1 : 0,
    slots,
    owner,
    other,
    block,
    utilisation,
    overlap,
    labelled: cellW >= 80 && cellH >= 40,
    from,
    span,
  };
}

/** The aligned part of the network that holds every block, when it is a quarter of it or less. */
function zoomRange(model: NetworkMapModel, network: number): { from: number; span: number; bits: number } | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const n of model.nodes) for (const b of n.blocks) if (b.network === network) [lo, hi] = [Math.min(lo, b.offset), Math.max(hi, b.offset + b.width)];
  if (lo === Infinity) return undefined;
  let bits = 0;
  while (bits < 40 && Math.floor(lo * 2 ** (bits + 1)) === Math.floor((hi - 1e-12) * 2 ** (bits + 1))) bits++;
  if (bits < 2) return undefined;
  return { from: Math.floor(lo * 2 ** bits) / 2 ** bits, span: 2 ** -bits, bits };
}

function zoomCidr(cidr: string, from: number, bits: number): string {
  const p = parseCidr(cidr);
  if (!p.ok) return cidr;
  const size = p.cidr.end - p.cidr.start + 1n;
  const index = BigInt(Math.round(from * 2 ** bits));
  return formatCidr(p.cidr.family, p.cidr.start + (size >> BigInt(bits)) * index, p.cidr.prefix + bits);
}

export function sideName(model: NetworkMapModel, side: NetworkMapModel['overlaps'][number]['a']): string {
  if (side.kind === 'network') {
    const n = model.networks[side.network];
    return `${n.role} network ${n.cidr}`;
  }
  const node = model.nodes[side.node];
  return `${node.name} block ${node.blocks[side.block].cidr}`;
}

function nodeTicks(model: NetworkMapModel, network: number): { at: number; node: number }[] {
  const p = parseCidr(model.networks[network].cidr);
  if (!p.ok) return [];
  const size = p.cidr.end - p.cidr.start + 1n;
  const ticks: { at: number; node: number }[] = [];
  model.nodes.forEach((n, node) => {
    for (const ip of n.internalIPs) {
      const a = fastParseAddress(ip);
      if (a && a.family === p.cidr.family && a.value >= p.cidr.start && a.value <= p.cidr.end) {
        ticks.push({ at: Number(((a.value - p.cidr.start) * 1_000_000n) / size) / 1_000_000, node });
      }
    }
  });
  return ticks;
}

export function layoutPlan(model: NetworkMapModel, width: number): PlanLayout {
  const rows: PlanRow[] = [];
  const x = 8;
  const full = Math.max(120, width - 16);
  let y = 8;
  for (const { family, scale } of model.scales) {
    rows.push({ kind: 'heading', text: `IPv${family}${scale === 'log' ? ' (bar lengths on a log2 scale: sizes differ by orders of magnitude)' : ''}`, y });
    y += LABEL_H + 4;
    const order = { pod: 0, service: 1, node: 2 } as const;
    const nets = model.networks.map((n, i) => ({ n, i })).filter(({ n }) => n.family === family).sort((a, b) => order[a.n.role] - order[b.n.role]);
    for (const { n, i } of nets) {
      const w = Math.max(40, Math.round(full * n.barWidth));
      const overlaps: Segment[] = [];
      for (const o of model.overlaps) {
        if (o.a.kind === 'network' && o.a.network === i) {
          overlaps.push({ offset: o.aOffset, width: o.aWidth, text: `overlaps ${sideName(model, o.b)}: ${o.range}` });
        } else if (o.b.kind === 'network' && o.b.network === i) {
          overlaps.push({ offset: o.bOffset, width: o.bWidth, text: `overlaps ${sideName(model, o.a)}: ${o.range}` });
        }
      }
      const label = `${roleName[n.role]} ${n.cidr} · ${n.source}${n.inferred ? ' (inferred)' : ''}`;
      y += LABEL_H;
      if (n.role === 'pod') {
        const zoom = zoomRange(model, i);
        // With a zoom below, the overview only has to show where the blocks sit: keep it short.
        const grid = buildGrid(model, i, w, 0, 1, zoom ? 12 : 28, zoom ? 140 : MAX_GRID_H);
        const h = grid.rows * grid.cellH;
        rows.push({ kind: 'bar', network: i, label, x, y, w: grid.cols * grid.cellW, h, grid, overlaps, ticks: [], ...(zoom ? { zoomMark: zoom } : {}) });
        y += h + ROW_GAP;
        if (zoom) {
          // The blocks sit in a small corner of a big network: show that corner large as well.
          const zg = buildGrid(model, i, full, zoom.from, zoom.span, 48);
          const zh = zg.rows * zg.cellH;
          y += LABEL_H;
          rows.push({
            kind: 'bar',
            network: i,
            label: `Zoom on ${zoomCidr(n.cidr, zoom.from, zoom.bits)}, the part holding every node block`,
            x,
            y,
            w: zg.cols * zg.cellW,
            h: zh,
            grid: zg,
            overlaps: [],
            ticks: [],
          });
          y += zh + ROW_GAP;
        }
      } else {
        rows.push({ kind: 'bar', network: i, label, x, y, w, h: BAR_H, overlaps, ticks: n.role === 'node' ? nodeTicks(model, i) : [] });
        y += BAR_H + ROW_GAP;
      }
    }
    const outside: { node: number; block: number }[] = [];
    model.nodes.forEach((nd, node) => nd.blocks.forEach((b, block) => b.network < 0 && b.family === family && outside.push({ node, block })));
    if (outside.length > 0) {
      const cell = 14;
      const cols = Math.max(1, Math.floor(full / cell));
      y += LABEL_H;
      rows.push({ kind: 'outside', label: `Node blocks outside every pod network (${outside.length})`, x, y, cell, cols, blocks: outside });
      y += Math.ceil(outside.length / cols) * cell + ROW_GAP;
    }
  }
  return { width, height: y + 8, rows };
}

export type PlanHit =
  | { readonly kind: 'block'; readonly node: number; readonly block: number; readonly overlap: boolean; readonly other?: number }
  | { readonly kind: 'free'; readonly network: number; readonly slot: number; readonly slots: number; readonly overlap: boolean }
  | { readonly kind: 'network'; readonly network: number; readonly overlap?: string }
  | { readonly kind: 'node'; readonly node: number };

export function hitTest(layout: PlanLayout, px: number, py: number): PlanHit | undefined {
  for (const r of layout.rows) {
    if (r.kind === 'bar' && px >= r.x && px < r.x + r.w && py >= r.y && py < r.y + r.h) {
      if (r.grid) {
        const g = r.grid;
        const s = Math.floor((py - r.y) / g.cellH) * g.cols + Math.floor((px - r.x) / g.cellW);
        if (s >= g.slots) return undefined;
        if (g.owner[s] >= 0) {
          return { kind: 'block', node: g.owner[s], block: g.block[s], overlap: g.overlap[s] === 1, ...(g.other[s] >= 0 ? { other: g.other[s] } : {}) };
        }
        return { kind: 'free', network: r.network, slot: s, slots: g.slots, overlap: g.overlap[s] === 1 };
      }
      const at = (px - r.x) / r.w;
      const near = r.ticks.find((t) => Math.abs(t.at - at) * r.w <= 3);
      if (near) return { kind: 'node', node: near.node };
      const seg = r.overlaps.find((s) => at >= s.offset && at <= s.offset + Math.max(s.width, 3 / r.w));
      return { kind: 'network', network: r.network, overlap: seg?.text };
    }
    if (r.kind === 'outside' && py >= r.y && px >= r.x) {
      const i = Math.floor((py - r.y) / r.cell) * r.cols + Math.floor((px - r.x) / r.cell);
      if (px < r.x + r.cols * r.cell && i < r.blocks.length) return { kind: 'block', ...r.blocks[i], overlap: false };
    }
  }
  return undefined;
}

/** Pixel rectangles of a node's cells, for the selection outline. */
export function cellsOfNode(layout: PlanLayout, node: number): { x: number; y: number; w: number; h: number }[] {
  const out: { x: number; y: number; w: number; h: number }[] = [];
  for (const r of layout.rows) {
    if (r.kind === 'bar' && r.grid) {
      const g = r.grid;
      for (let s = 0; s < g.slots; s++) {
        if (g.owner[s] === node || g.other[s] === node) {
          out.push({ x: r.x + (s % g.cols) * g.cellW, y: r.y + Math.floor(s / g.cols) * g.cellH, w: g.cellW, h: g.cellH });
        }
      }
    } else if (r.kind === 'outside') {
      r.blocks.forEach((b, i) =>
        b.node === node && out.push({ x: r.x + (i % r.cols) * r.cell, y: r.y + Math.floor(i / r.cols) * r.cell, w: r.cell, h: r.cell })
      );
    }
  }
  return out;
}
