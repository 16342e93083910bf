// Sorting the Findings table: by severity (errors first), code, message, origin or first target.
import type { MapFinding } from './mapModel';

export type FindingColumn = 'severity' | 'code' | 'message' | 'origin' | 'target';
export interface FindingSort {
  readonly column: FindingColumn;
  readonly descending: boolean;
}

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** A sorted copy; ties keep their original order (Array.prototype.sort is stable). */
export function sortFindings(findings: readonly MapFinding[], sort: FindingSort, targetLabel: (f: MapFinding) => string): MapFinding[] {
  const key = (f: MapFinding): string | number => {
    switch (sort.column) {
      case 'severity':
        return severityRank[f.severity];
      case 'code':
        return f.code;
      case 'message':
        return f.message;
      case 'origin':
        return f.origin;
      case 'target':
        return targetLabel(f);
    }
  };
  const dir = sort.descending ? -1 : 1;
  return [...findings].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c * dir;
  });
}
