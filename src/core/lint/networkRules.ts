// PN170: a cluster's pod, service or load-balancer network overlaps a network declared in
// .podnet.yaml `networks` (VPCs, on-premises ranges). PN171: clusters of a declared `mesh` (Cilium
// ClusterMesh, Submariner without Globalnet) share pod or service addresses.
import type { Cidr } from '../net/cidr';
import { findOverlaps } from '../net/overlap';
import type { ClusterRef } from './clusterAssignment';
import type { ConfigNetwork, LintConfig } from './lintConfig';
import type { RuleContext } from './ruleContext';
import type { OkRange } from './workspaceRange';
import { describeRange, relation } from './workspaceRange';
import { overlaps } from '../net/cidr';

const EXTERNAL_ROLES = new Set<OkRange['role']>(['pod-network', 'service-network', 'lb-pool']);
const MESH_ROLES = new Set<OkRange['role']>(['pod-network', 'service-network']);

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const within = (c: Cidr) => ({ value: { family: c.family, start: c.start, end: c.end } }) as OkRange;

export function externalNetworkRules(ctx: RuleContext, config: LintConfig): void {
  if (!config.networks.length) return;
  const nets = ctx.ok.filter((r) => EXTERNAL_ROLES.has(r.role));
  for (const r of nets) {
    const hits: ConfigNetwork[] = config.networks.filter((n) => overlaps(n.cidr, r.value));
    if (!hits.length) continue;
    const n = hits[0];
    ctx.emit({
      code: 'PN170',
      file: r.file,
      span: r.span,
      message: `${capital(describeRange(r))} ${relation(r, within(n.cidr))} the network "${n.name}" ${n.text} declared in ${config.file}${
        hits.length > 1 ? ` and ${hits.length - 1} more` : ''
      }`,
      related: hits.map((h) => ({ file: config.file, span: h.span, message: `network "${h.name}" ${h.text}` })),
      fixes: r.defaultNote ? [] : ctx.freeRangeFix(r),
    });
  }
}

export interface MeshMember {
  readonly cluster: ClusterRef;
  readonly ranges: readonly OkRange[];
}

/** `members`: each cluster named in the mesh with its ranges; `emit` names the finding's own cluster. */
export function meshRules(
  config: LintConfig,
  members: readonly MeshMember[],
  emit: (cluster: ClusterRef, f: Parameters<RuleContext['emit']>[0]) => void,
): void {
  const flat: { r: OkRange; c: ClusterRef }[] = [];
  for (const m of members) for (const r of m.ranges) if (MESH_ROLES.has(r.role)) flat.push({ r, c: m.cluster });
  const hits = new Map<string, { x: (typeof flat)[number]; others: (typeof flat)[number][] }>();
  for (const [i, j] of findOverlaps(flat.map((e) => e.r.value))) {
    const a = flat[i];
    const b = flat[j];
    // One range in two clusters (a shared file) is not a conflict with itself.
    if (a.c === b.c || a.r.index === b.r.index) continue;
    for (const [x, y] of [[a, b], [b, a]]) {
      const k = `${x.r.index}|${x.c.key}`;
      const h = hits.get(k);
      if (h) h.others.push(y);
      else hits.set(k, { x, others: [y] });
    }
  }
  for (const { x, others } of hits.values()) {
    const y = others[0];
    const more = others.length > 1 ? ` and ${others.length - 1} more range${others.length > 2 ? 's' : ''}` : '';
    emit(x.c, {
      code: 'PN171',
      file: x.r.file,
      span: x.r.span,
      message: `${capital(describeRange(x.r))} ${relation(x.r, y.r)} ${
        describeRange(y.r)
      } of cluster "${y.c.name}"${more}; clusters of the mesh in ${config.file} need disjoint pod and service networks`,
      related: others.slice(0, 10).map((o) => ({ file: o.r.file, span: o.r.span, message: `${describeRange(o.r)}, cluster "${o.c.name}"` })),
    });
  }
}
