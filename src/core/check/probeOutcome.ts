// How one probe counts in the views (matrix, findings, tree, Problems): through, blocked, or through
// with its source rewritten. The rewrite only breaks the model between pods: masquerading on the
// way out of the cluster (`external`) is what egress is expected to do, and a hostNetwork end has
// no pod address to preserve.
import type { ProbeEndpoint, ProbeKind, ProbeResult } from './checkReport';

export type ProbeOutcome = 'passed' | 'failed' | 'nat';

/** The kinds between two pods: the ones the "no NAT between pods" promise is about. */
export const podToPodKinds: ReadonlySet<ProbeKind> = new Set<ProbeKind>(['same-node', 'cross-node', 'mtu']);

export function probeOutcome(r: ProbeResult): ProbeOutcome {
  if (!r.ok) return 'failed';
  if (r.sourcePreserved === false && podToPodKinds.has(r.kind)) return 'nat';
  return 'passed';
}

/** "node-1/probe-a (198.19.1.5)", "node node-2 (198.18.0.12)", "kubernetes.default". */
export function endpointText(e: ProbeEndpoint): string {
  const ip = e.ip ? ` (${e.ip})` : '';
  if (e.pod) return `${e.pod}${e.node ? ` on ${e.node}` : ''}${ip}`;
  if (e.name) return `${e.name}${ip}`;
  if (e.node) return `node ${e.node}${ip}`;
  return e.ip ?? 'unknown';
}
