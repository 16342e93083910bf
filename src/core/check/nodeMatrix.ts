// The node × node view of a check: for every ordered pair of nodes, how many pod → pod probes
// (same-node on the diagonal, cross-node and MTU off it) passed and how many there were.
import type { CheckReport } from './checkReport';
import { probeFailed } from './checkReport';

export interface NodeMatrix {
  readonly nodes: readonly string[];
  /** cells[from][to]; a pair without probes is absent. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, { readonly passed: number; readonly total: number }>>;
}

export function nodeMatrix(report: CheckReport): NodeMatrix {
  const cells = new Map<string, Map<string, { passed: number; total: number }>>();
  const nodes = new Set<string>();
  for (const p of report.pairs) {
    if (p.kind !== 'same-node' && p.kind !== 'cross-node' && p.kind !== 'mtu') continue;
    const from = p.from.node;
    const to = p.to.node;
    if (!from || !to) continue;
    nodes.add(from);
    nodes.add(to);
    const row = cells.get(from) ?? new Map<string, { passed: number; total: number }>();
    cells.set(from, row);
    const cell = row.get(to) ?? { passed: 0, total: 0 };
    row.set(to, cell);
    cell.total++;
    if (!probeFailed(p)) cell.passed++;
  }
  return { nodes: [...nodes].sort(), cells };
}
