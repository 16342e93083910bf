// PN110–PN115: ranges whose roles must be disjoint, found with one sort + sweep over the whole set.
import { findOverlaps } from '../net/overlap';
import { IntervalKeyed } from './intervalKeyed';
import type { RawFinding } from './finding';
import type { RuleContext } from './ruleContext';
import { isNetwork } from './ruleContext';
import type { OkRange } from './workspaceRange';
import { describeRange, relation, sameInterval } from './workspaceRange';

// Plain comparisons, no Set and no closure: this runs once per overlapping pair of cells.
const either = (a: OkRange, b: OkRange, x: OkRange['role']) => a.role === x || b.role === x;

function codeFor(a: OkRange, b: OkRange): string | undefined {
  const same = a.role === b.role;
  // A node IP filter conflicts only with a pod or service network that holds all of it: every IP
  // it lets a node take would be shadowed. A broad filter (10.0.0.0/8) around the pods is fine.
  if (either(a, b, 'node-ip-filter')) {
    const [filter, other] = a.role === 'node-ip-filter' ? [a, b] : [b, a];
    if (filter.value.start < other.value.start || filter.value.end > other.value.end) return undefined;
    return other.role === 'pod-network' ? 'PN111' : other.role === 'service-network' ? 'PN112' : undefined;
  }
  // A VPC without declared subnets stands for its nodes (the tool carves them from all of it).
  if (either(a, b, 'vpc')) {
    const other = a.role === 'vpc' ? b : a;
    return other.role === 'pod-network' ? 'PN111' : other.role === 'service-network' ? 'PN112' : undefined;
  }
  // A block a platform keeps for itself (OVN-Kubernetes, Docker's bridge) against any cluster network.
  if (either(a, b, 'reserved')) return same || either(a, b, 'secondary-network') ? undefined : 'PN116';
  if (either(a, b, 'lb-pool')) return either(a, b, 'secondary-network') ? 'PN115' : 'PN113';
  if (either(a, b, 'secondary-network')) return same ? undefined : 'PN115';
  if (either(a, b, 'pod-network') && either(a, b, 'service-network')) return 'PN110';
  if (either(a, b, 'pod-network') && either(a, b, 'node-network')) return 'PN111';
  if (either(a, b, 'service-network') && either(a, b, 'node-network')) return 'PN112';
  if (same && a.role === 'pod-network') return podPair(a, b);
  return undefined;
}

/** Two pod networks: cluster-level declarations are PN120's business, node-local configs repeat by design. */
function podPair(a: OkRange, b: OkRange): string | undefined {
  if (a.owner === b.owner) return undefined;
  if (a.agreement === 'cluster' || b.agreement === 'cluster') return undefined;
  if (a.agreement === 'local' && b.agreement === 'local') return sameInterval(a, b) ? undefined : 'PN114';
  if (a.agreement === 'local' || b.agreement === 'local') return undefined;
  if (a.defaultNote || b.defaultNote) return sameInterval(a, b) ? undefined : 'PN114';
  // Separate pool objects of one IPAM may not share addresses (Calico pools; Cilium: "IPAM pools with overlapping CIDRs are not supported").
  if (sameInterval(a, b)) return a.source === b.source && (a.source.startsWith('calico') || a.source === 'cilium-pod-pool') ? 'PN114' : undefined;
  return 'PN114';
}

const MAX_RELATED = 10;

type RelatedSpan = NonNullable<RawFinding['related']>[number];

/** Ranges that are the same interval and alike in everything codeFor reads, in first-seen order. */
function cellsOf(ranges: readonly OkRange[]): OkRange[][] {
  const cells: OkRange[][] = [];
  const byKey = new IntervalKeyed<OkRange[]>();
  for (const r of ranges) {
    const { family, start, end } = r.value;
    const alike = `${r.role}|${r.owner}|${r.agreement ?? ''}|${r.source}|${r.defaultNote ? 1 : 0}`;
    const cell = byKey.get(family, start, end, alike);
    if (cell) cell.push(r);
    else {
      const made = [r];
      byKey.set(family, start, end, made, alike);
      cells.push(made);
    }
  }
  return cells;
}

export function overlapRules(ctx: RuleContext): void {
  // eksctl without subnets, a CAPA-managed VPC: the nodes get addresses anywhere in the VPC, so it
  // is their network. Where subnets are declared they are, and the rest of the VPC is not compared.
  const withSubnets = new Set<string>();
  for (const r of ctx.ok) if (r.role === 'node-network') withSubnets.add(r.owner);
  const nodesOnlyIn = (r: OkRange) => r.role === 'vpc' && !withSubnets.has(r.owner);
  // Identical ranges are swept once, as one cell, and a code is decided once per pair of cells: a
  // pool pasted 50,000 times is one cell, not 1.25 billion pairs. Distinct overlapping CIDRs are
  // nested, so few cells are ever open at one address and the sweep stays O(n log n).
  const cells = cellsOf(ctx.ok.filter((r) => isNetwork(r) || nodesOnlyIn(r) || r.role === 'node-ip-filter'));
  const partners: { cell: number; code: string }[][] = cells.map(() => []);
  const pair = (i: number, j: number) => {
    const a = cells[i][0];
    const b = cells[j][0];
    // One object's ranges of one role never conflict with each other, except a pool's addresses.
    if (a.owner === b.owner && a.role === b.role && a.role !== 'lb-pool') return;
    const code = codeFor(a, b);
    if (!code) return;
    partners[i].push({ cell: j, code });
    if (i !== j) partners[j].push({ cell: i, code });
  };
  cells.forEach((c, i) => {
    if (c.length > 1) pair(i, i);
  });
  for (const [i, j] of findOverlaps(cells.map((c) => c[0].value))) pair(i, j);
  // One finding per range and rule, naming the first conflict and counting the rest (bounded output).
  // A range is described once, and its related location made once (shared by every finding that
  // names it, which lets the engine place it once), however many findings name it.
  const described = new Map<number, string>();
  const describe = (r: OkRange) => {
    let d = described.get(r.index);
    if (d === undefined) described.set(r.index, d = describeRange(r));
    return d;
  };
  const relatedOf = new Map<number, RelatedSpan>();
  const related = (r: OkRange) => {
    let d = relatedOf.get(r.index);
    if (d === undefined) relatedOf.set(r.index, d = { file: r.file, span: r.span, message: describe(r) });
    return d;
  };
  // Indexed loops and no per-cell Map: in a dense file this runs for thousands of cells, mostly
  // before the JIT optimises it, where every for-of step and Map entry is an allocation.
  const codes: string[] = [];
  const ps: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    // A platform's reserved block is reported on the network that hits it, not on itself.
    if (cell[0].role === 'reserved') continue;
    const mine = partners[i];
    // The codes in first-seen order, then each code's partners in order (what a groupBy gives).
    codes.length = 0;
    for (let k = 0; k < mine.length; k++) if (!codes.includes(mine[k].code)) codes.push(mine[k].code);
    for (let c = 0; c < codes.length; c++) {
      const code = codes[c];
      ps.length = 0;
      let count = 0;
      let self = false;
      for (let k = 0; k < mine.length; k++) {
        if (mine[k].code !== code) continue;
        ps.push(mine[k].cell);
        count += cells[mine[k].cell].length;
        if (mine[k].cell === i) self = true;
      }
      if (self) count--;
      if (count <= 0) continue;
      for (let xi = 0; xi < cell.length; xi++) {
        const x = cell[xi];
        const others: OkRange[] = [];
        for (let k = 0; k < ps.length && others.length < MAX_RELATED; k++) {
          const pc = cells[ps[k]];
          for (let m = 0; m < pc.length && others.length < MAX_RELATED; m++) if (pc[m] !== x) others.push(pc[m]);
        }
        byIndex(others);
        const y = others[0];
        const more = count > 1 ? ` and ${count - 1} more range${count > 2 ? 's' : ''}` : '';
        ctx.emit({
          code,
          file: x.file,
          span: x.span,
          message: `${capital(describe(x))} ${relation(x, y)} ${describe(y)}${more}${y.role === 'reserved' && y.defaultNote ? ` — ${y.defaultNote}` : ''}`,
          related: others.map(related),
          // Moving a VPC or a node IP filter is never the fix offered: the pod or service range moves.
          fixes: x.defaultNote || x.role === 'vpc' || x.role === 'node-ip-filter' ? [] : ctx.freeRangeFix(x),
        });
      }
    }
  }
}

/** Sorts at most MAX_RELATED ranges by index, in place (an insertion sort: no comparator call, no copy). */
function byIndex(rs: OkRange[]): void {
  for (let a = 1; a < rs.length; a++) {
    const r = rs[a];
    let b = a - 1;
    for (; b >= 0 && rs[b].index > r.index; b--) rs[b + 1] = rs[b];
    rs[b + 1] = r;
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
