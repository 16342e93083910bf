// The tree's wording for the last connectivity check (no `vscode`, unit-tested as is): a node's
// badge and description suffix from the check findings about that node only, and the legend its
// tooltip shows.
import type { CheckFinding } from '../../core/check/checkFindings';
import { checkFindingTitles } from '../../core/check/checkFindings';

export interface CheckNodeText {
  /** The file-decoration badge: "✗" + count of findings (at most "✗+"), "?" when only probes that never reported. */
  readonly badge: string;
  /** Appended to the node's description. */
  readonly description: string;
  readonly severity: 'error' | 'warning';
  /** One line per finding, for the tooltip. */
  readonly notes: readonly string[];
}

export const checkBadgeLegend =
  'Check badges: ✗N = N connectivity-check findings about this node (errors red, warnings yellow), ? = its probes never reported; Podnet: Open Network Map → Connectivity shows the pairs and their likely cause';

export function checkNodeText(findings: readonly CheckFinding[]): CheckNodeText | undefined {
  if (findings.length === 0) return undefined;
  const onlyMissing = findings.every((f) => f.code === 'PN208');
  const severity = findings.some((f) => f.severity === 'error') ? 'error' : 'warning';
  const codes = [...new Set(findings.map((f) => f.code))].join(', ');
  return {
    badge: onlyMissing ? '?' : `✗${findings.length > 9 ? '+' : findings.length}`,
    description: onlyMissing ? 'check: probes never reported' : `check: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${codes})`,
    severity,
    notes: findings.map((f) => `${f.code} ${checkFindingTitles[f.code]}: ${f.message}`),
  };
}
