// Failures the cluster itself explains: the CNI said it is withdrawing the routes between nodes
// (Podnet's uninstall signal), so a pod → pod probe between two nodes that fails has a cause that
// was read, not inferred. One place decides which probes it explains; the text report and the map's
// failing-pair detail both ask here.
import type { CheckReport, ProbeResult } from './checkReport';

/** Whether the withdrawn routes explain this failure: pod network ends on two different nodes. */
export function explainedByWithdrawnRoutes(report: CheckReport, r: ProbeResult): boolean {
  // A probe that got through is not explained by missing routes (NAT is another matter).
  if (!report.routesWithdrawn || r.ok) return false;
  const crossing = r.kind === 'cross-node' || (r.kind === 'mtu' && r.from.node !== r.to.node);
  return crossing && r.from.pod !== undefined && r.to.pod !== undefined;
}

export const withdrawnRoutesSummary = (report: CheckReport): string =>
  `Routes withdrawn: ${
    report.routesWithdrawn ?? 'the CNI withdrew them'
  }; pods on different nodes cannot reach each other until the routes between the nodes are back.`;
