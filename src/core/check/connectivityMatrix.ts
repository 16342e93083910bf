// The node × node matrix of a connectivity check: row = the node a probe left from, column = the
// node it went to (same-node probes on the diagonal), each cell counting passed, failed and not-run
// probes with its worst outcome and the kind of its worst failure. Probes to no node (Service,
// DNS, external) get one column per kind after the nodes. Sparse: a 5,000-node cluster with a
// sampled plan holds the cells probed, not 25 million empty ones.
import type { CheckReport, ProbeKind } from './checkReport';
import { probeOutcome } from './probeOutcome';

/** Worst first: what a cell is coloured by. */
export type CellState = 'failed' | 'nat' | 'not-run' | 'passed' | 'empty';
const stateRank: Readonly<Record<CellState, number>> = { failed: 0, nat: 1, 'not-run': 2, passed: 3, empty: 4 };

/** Which failure says most about a cell, worst first: pods not reaching pods is the model broken. */
const kindRank: readonly ProbeKind[] = ['cross-node', 'same-node', 'mtu', 'node-pod', 'pod-node', 'service', 'dns', 'external'];

export type BeyondKind = Extract<ProbeKind, 'service' | 'dns' | 'external'>;
export const beyondKinds: readonly BeyondKind[] = ['service', 'dns', 'external'];

export interface MatrixCell {
  readonly passed: number;
  /** Blocked probes plus probes whose source was rewritten between pods. */
  readonly failed: number;
  readonly notRun: number;
  readonly state: CellState;
  /** The kind of the cell's worst failing probe (absent when nothing failed). */
  readonly worstKind?: ProbeKind;
  /** Indices into the report's pairs. */
  readonly pairs: readonly number[];
  /** Indices into the report's missing probes. */
  readonly missing: readonly number[];
}

export interface ConnectivityMatrix {
  /** Row and column order: sorted node names. */
  readonly nodes: readonly string[];
  /** The cells probed, keyed row × nodes.length + column (read them with cellAt). */
  readonly cells: ReadonlyMap<number, MatrixCell>;
  /** The kinds probed that have no node at their far end, in beyondKinds order. */
  readonly beyond: readonly BeyondKind[];
  /** Probes from a row's node of kind beyond[i], keyed row × beyond.length + i (read them with beyondCellAt). */
  readonly beyondCells: ReadonlyMap<number, MatrixCell>;
  /** Probes from no known node (not placeable in a row). */
  readonly unplaced: MatrixCell;
}

interface Acc {
  passed: number;
  failed: number;
  notRun: number;
  state: CellState;
  worstKind?: ProbeKind;
  pairs: number[];
  missing: number[];
}

const emptyAcc = (): Acc => ({ passed: 0, failed: 0, notRun: 0, state: 'empty', pairs: [], missing: [] });
const worse = (a: CellState, b: CellState): CellState => (stateRank[a] <= stateRank[b] ? a : b);

/** `clusterNodes`: nodes the cluster has, so a node no probe ran on still gets its (empty) row. */
export function connectivityMatrix(report: CheckReport, clusterNodes: readonly string[] = []): ConnectivityMatrix {
  const names = new Set(clusterNodes);
  for (const p of report.pairs) {
    if (p.from.node) names.add(p.from.node);
    if (p.to.node && !isBeyond(p.kind)) names.add(p.to.node);
  }
  for (const m of report.missing ?? []) {
    if (m.from.node) names.add(m.from.node);
    if (m.to?.node && !(m.kind && isBeyond(m.kind))) names.add(m.to.node);
  }
  const nodes = [...names].sort();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const beyondSeen = new Set<BeyondKind>();
  for (const p of report.pairs) if (isBeyond(p.kind)) beyondSeen.add(p.kind);
  for (const m of report.missing ?? []) if (m.kind && isBeyond(m.kind)) beyondSeen.add(m.kind);
  const beyond = beyondKinds.filter((k) => beyondSeen.has(k));
  const cells = new Map<number, Acc>();
  const beyondCells = new Map<number, Acc>();
  const unplaced = emptyAcc();
  const at = (m: Map<number, Acc>, key: number): Acc => {
    let acc = m.get(key);
    if (!acc) m.set(key, acc = emptyAcc());
    return acc;
  };

  const cellOf = (fromNode: string | undefined, toNode: string | undefined, kind: ProbeKind | undefined): Acc | undefined => {
    const row = fromNode === undefined ? undefined : index.get(fromNode);
    if (row === undefined) return undefined;
    if (kind && isBeyond(kind)) return at(beyondCells, row * beyond.length + beyond.indexOf(kind));
    const column = toNode === undefined ? undefined : index.get(toNode);
    return column === undefined ? undefined : at(cells, row * nodes.length + column);
  };

  report.pairs.forEach((p, i) => {
    const acc = cellOf(p.from.node, p.to.node, p.kind) ?? unplaced;
    acc.pairs.push(i);
    const outcome = probeOutcome(p);
    if (outcome === 'passed') acc.passed++;
    else {
      acc.failed++;
      if (acc.worstKind === undefined || kindRank.indexOf(p.kind) < kindRank.indexOf(acc.worstKind)) acc.worstKind = p.kind;
    }
    acc.state = worse(acc.state, outcome);
  });
  (report.missing ?? []).forEach((m, i) => {
    // A probe pod that never started took all its probes with it: without a destination it counts on its row's diagonal.
    const acc = cellOf(m.from.node, m.to?.node ?? m.from.node, m.kind) ?? unplaced;
    acc.missing.push(i);
    acc.notRun++;
    acc.state = worse(acc.state, 'not-run');
  });
  return { nodes, cells, beyond, beyondCells, unplaced };
}

export const emptyCell: MatrixCell = { passed: 0, failed: 0, notRun: 0, state: 'empty', pairs: [], missing: [] };
export const cellAt = (m: ConnectivityMatrix, row: number, column: number): MatrixCell => m.cells.get(row * m.nodes.length + column) ?? emptyCell;
export const beyondCellAt = (m: ConnectivityMatrix, row: number, i: number): MatrixCell => m.beyondCells.get(row * m.beyond.length + i) ?? emptyCell;

function isBeyond(kind: ProbeKind): kind is BeyondKind {
  return (beyondKinds as readonly string[]).includes(kind);
}

/** "2 passed · 1 failed · 1 not run" (zeros left out). */
export function cellText(c: MatrixCell): string {
  const parts = [c.passed ? `${c.passed} passed` : '', c.failed ? `${c.failed} failed` : '', c.notRun ? `${c.notRun} not run` : ''].filter(Boolean);
  return parts.join(' · ') || 'no probes';
}
