// PN116: a cluster network (pod, service, node, load-balancer pool) inside an address block no
// cluster may use (loopback, link-local, multicast...: core/net/specialRanges). Ranges a platform
// reserves for itself (OVN-Kubernetes on OpenShift, Docker's bridge) are extracted as 'reserved'
// ranges and found by the overlap sweep (overlapRules), under the same code.
import { FORBIDDEN_RANGES } from '../net/specialRanges';
import type { RuleContext } from './ruleContext';
import { describeRange } from './workspaceRange';

const CLUSTER_ROLES = new Set(['pod-network', 'service-network', 'node-network', 'lb-pool']);

export function reservedRules(ctx: RuleContext): void {
  for (const r of ctx.ok) {
    if (!CLUSTER_ROLES.has(r.role)) continue;
    const v = r.value;
    const hit = FORBIDDEN_RANGES.find((s) => s.family === v.family && s.start <= v.end && v.start <= s.end);
    if (!hit) continue;
    ctx.emit({
      code: 'PN116',
      file: r.file,
      span: r.span,
      message: `${describeRange(r).replace(/^./, (c) => c.toUpperCase())} overlaps ${hit.cidr}, ${hit.why}`,
      fixes: r.defaultNote ? [] : ctx.freeRangeFix(r),
    });
  }
}
