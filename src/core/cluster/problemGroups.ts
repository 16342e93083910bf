// The tree's Problems group on a badly broken big cluster (every node overlapping its neighbour:
// thousands of findings): one sub-group per kind of finding, each listing at most a few hundred.
// A flat list of thousands is unreadable, and VS Code re-reads every child of a refreshed element.
import type { Finding, FindingCode } from './findings';

/** Up to this many findings the Problems group lists them directly. */
export const groupProblemsAbove = 100;
/** Findings listed per kind; `podnet inspect` and the map's Findings tab have them all. */
export const problemsShownPerGroup = 500;

export interface ProblemGroup {
  readonly code: FindingCode;
  readonly severity: Finding['severity'];
  /** The first problemsShownPerGroup of them. */
  readonly shown: readonly Finding[];
  readonly total: number;
}

/** Sub-groups by code, errors first, then the most frequent; undefined when the list stays flat. */
export function groupProblems(findings: readonly Finding[], above = groupProblemsAbove, perGroup = problemsShownPerGroup): ProblemGroup[] | undefined {
  if (findings.length <= above) return undefined;
  const byCode = new Map<FindingCode, Finding[]>();
  for (const f of findings) {
    let list = byCode.get(f.code);
    if (!list) byCode.set(f.code, list = []);
    list.push(f);
  }
  return [...byCode]
    .map(([code, list]) => ({
      code,
      severity: list.some((f) => f.severity === 'error') ? ('error' as const) : ('warning' as const),
      shown: list.slice(0, perGroup),
      total: list.length,
    }))
    .sort((a, b) => (a.severity === b.severity ? b.total - a.total : a.severity === 'error' ? -1 : 1));
}
