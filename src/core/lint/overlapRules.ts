// PN110–PN115: ranges whose roles must be disjoint, found with one sort + sweep over the whole set.
import { findOverlaps } from '../net/overlap';
import { groupBy } from './groupBy';
import type { RuleContext } from './ruleContext';
import { isNetwork } from './ruleContext';
import type { OkRange } from './workspaceRange';
import { describeRange, relation, sameInterval } from './workspaceRange';

function codeFor(a: OkRange, b: OkRange): string | undefined {
  // Plain comparisons, no Set: this runs once per overlapping pair of cells.
  const has = (x: OkRange['role']) => a.role === x || b.role === x;
  const same = a.role === b.role;
  // A block a platform keeps for itself (OVN-Kubernetes, Docker's bridge) against any cluster network.
  if (has('reserved')) return same || has('secondary-network') ? undefined : 'PN116';
  if (has('lb-pool')) return has('secondary-network') ? 'PN115' : 'PN113';
  if (has('secondary-network')) return same ? undefined : 'PN115';
  if (has('pod-network') && has('service-network')) return 'PN110';
  if (has('pod-network') && has('node-network')) return 'PN111';
  if (has('service-network') && has('node-network')) return 'PN112';
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
  if (sameInterval(a, b)) return a.source === b.source && a.source.startsWith('calico') ? 'PN114' : undefined;
  return 'PN114';
}

const MAX_RELATED = 10;

/** Ranges that are the same interval and alike in everything codeFor reads. */
const cellKey = (r: OkRange): string =>
  `${r.value.family}|${r.value.start}|${r.value.end}|${r.role}|${r.owner}|${r.agreement ?? ''}|${r.source}|${r.defaultNote ? 1 : 0}`;

export function overlapRules(ctx: RuleContext): void {
  // Identical ranges are swept once, as one cell, and a code is decided once per pair of cells: a
  // pool pasted 50,000 times is one cell, not 1.25 billion pairs. Distinct overlapping CIDRs are
  // nested, so few cells are ever open at one address and the sweep stays O(n log n).
  const cells = [...groupBy(ctx.ok.filter(isNetwork), cellKey).values()];
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
  // A range is described once, however many findings name it (thousands in a dense file).
  const described = new Map<number, string>();
  const describe = (r: OkRange) => {
    let d = described.get(r.index);
    if (d === undefined) described.set(r.index, d = describeRange(r));
    return d;
  };
  cells.forEach((cell, i) => {
    // A platform's reserved block is reported on the network that hits it, not on itself.
    if (cell[0].role === 'reserved') return;
    const byCode = groupBy(partners[i], (p) => p.code);
    for (const [code, ps] of byCode) {
      const count = ps.reduce((n, p) => n + cells[p.cell].length, 0) - (ps.some((p) => p.cell === i) ? 1 : 0);
      for (const x of cell) {
        if (count <= 0) continue;
        const others: OkRange[] = [];
        for (const p of ps) {
          for (const o of cells[p.cell]) {
            if (o === x) continue;
            others.push(o);
            if (others.length >= MAX_RELATED) break;
          }
          if (others.length >= MAX_RELATED) break;
        }
        others.sort((a, b) => a.index - b.index);
        const y = others[0];
        const more = count > 1 ? ` and ${count - 1} more range${count > 2 ? 's' : ''}` : '';
        ctx.emit({
          code,
          file: x.file,
          span: x.span,
          message: `${capital(describe(x))} ${relation(x, y)} ${describe(y)}${more}${y.role === 'reserved' && y.defaultNote ? ` — ${y.defaultNote}` : ''}`,
          related: others.map((o) => ({ file: o.file, span: o.span, message: describe(o) })),
          fixes: x.defaultNote ? [] : ctx.freeRangeFix(x),
        });
      }
    }
  });
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
