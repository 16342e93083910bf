// PN116: a cluster network (pod, service, node, load-balancer pool) inside an address block no
// cluster may use (loopback, link-local, multicast...: core/net/specialRanges). Ranges a platform
// reserves for itself (OVN-Kubernetes on OpenShift, Docker's bridge) are extracted as 'reserved'
// ranges and found by the overlap sweep (overlapRules), under the same code.
import type { SpecialRange } from '../net/specialRanges';
import { FORBIDDEN_RANGES } from '../net/specialRanges';
import type { RuleContext } from './ruleContext';
import { describeRange } from './workspaceRange';

const CLUSTER_ROLES = new Set(['pod-network', 'service-network', 'node-network', 'lb-pool']);

// IPv4 bounds as numbers (exact: below 2^32): this runs for every range of the lint set, mostly
// before the JIT, where each bigint comparison is a runtime call.
const FORBIDDEN_V4 = FORBIDDEN_RANGES.filter((s) => s.family === 4).map((s) => ({ range: s, start: Number(s.start), end: Number(s.end) }));
const FORBIDDEN_V6 = FORBIDDEN_RANGES.filter((s) => s.family === 6);

/** The first forbidden block (in FORBIDDEN_RANGES order) that the interval overlaps. */
function forbiddenHit(v: { readonly family: 4 | 6; readonly start: bigint; readonly end: bigint }): SpecialRange | undefined {
  if (v.family === 6) return FORBIDDEN_V6.find((s) => s.start <= v.end && v.start <= s.end);
  const start = Number(v.start);
  const end = Number(v.end);
  for (const f of FORBIDDEN_V4) if (f.start <= end && start <= f.end) return f.range;
  return undefined;
}

export function reservedRules(ctx: RuleContext): void {
  for (const r of ctx.ok) {
    if (!CLUSTER_ROLES.has(r.role)) continue;
    const hit = forbiddenHit(r.value);
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
