// PN160–PN162: the manifests against the live cluster (ClusterFacts), when one is connected.
// The fast parsers: these loops run over every node of the live cluster (5,000) on each relint.
import { fastParseAddress, fastParseCidr } from '../net/fastAddress';
import type { RuleContext } from './ruleContext';
import { containsRange, overlaps } from '../net/cidr';

export function clusterRules(ctx: RuleContext): void {
  const facts = ctx.cluster;
  if (!facts) return;
  const pods = ctx.ok.filter((r) => r.role === 'pod-network');
  for (const p of pods) {
    const v = p.value;
    const hits = facts.nodes.flatMap((n) =>
      n.internalIPs.filter((ip) => {
        const a = fastParseAddress(ip);
        return a && a.family === v.family && v.start <= a.value && a.value <= v.end;
      }).map((ip) => `${n.name} (${ip})`)
    );
    if (hits.length) {
      ctx.emit({
        code: 'PN160',
        file: p.file,
        span: p.span,
        message: `Pod network ${p.text} (${p.component}) contains node addresses of cluster "${facts.context}": ${list(hits)}`,
        fixes: p.defaultNote ? [] : ctx.freeRangeFix(p),
      });
    }
    for (const s of facts.serviceCIDRs) {
      const c = fastParseCidr(s);
      if (c.ok && overlaps(c.cidr, v)) {
        ctx.emit({
          code: 'PN161',
          file: p.file,
          span: p.span,
          message: `Pod network ${p.text} (${p.component}) overlaps the service network ${s} of cluster "${facts.context}"`,
          fixes: p.defaultNote ? [] : ctx.freeRangeFix(p),
          clusterCidrs: [s],
        });
      }
    }
  }
  // Node blocks the cluster already handed out must lie inside the pod network declared here.
  for (const p of pods.filter((r) => (r.agreement === 'cluster' || r.agreement === 'node-cidr') && !r.defaultNote)) {
    const v = p.value;
    const outside = facts.nodes.flatMap((n) =>
      n.podCIDRs.filter((b) => {
        const c = fastParseCidr(b);
        return c.ok && c.cidr.family === v.family && !containsRange(v, c.cidr);
      }).map((b) => ({ node: n.name, block: b }))
    );
    if (outside.length) {
      const named = outside.slice(0, 3).map((o) => o.block);
      ctx.emit({
        code: 'PN162',
        file: p.file,
        span: p.span,
        message: `Pod network ${p.text} (${p.component}) does not hold the blocks nodes of cluster "${facts.context}" already have: ${
          list(outside.map((o) => `${o.node} has ${o.block}`))
        }`,
        clusterCidrs: named,
      });
    }
  }
}

const list = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more` : xs.join(', '));
