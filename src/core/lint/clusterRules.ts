// PN160–PN162: the manifests against the live cluster (ClusterFacts), when one is connected.
// The facts come parsed (LiveClusterFacts): every node of the live cluster is compared with each pod network.
import type { RuleContext } from './ruleContext';
import { overlaps } from '../net/cidr';

export function clusterRules(ctx: RuleContext): void {
  const facts = ctx.cluster;
  if (!facts) return;
  const pods = ctx.ok.filter((r) => r.role === 'pod-network');
  for (const p of pods) {
    const v = p.value;
    const hits = facts.addressesIn(v).map((a) => `${a.node} (${a.text})`);
    if (hits.length) {
      ctx.emit({
        code: 'PN160',
        file: p.file,
        span: p.span,
        message: `Pod network ${p.text} (${p.component}) contains node addresses of cluster "${facts.context}": ${list(hits)}`,
        fixes: p.defaultNote ? [] : ctx.freeRangeFix(p),
      });
    }
    for (const s of facts.services) {
      if (overlaps(s.cidr, v)) {
        ctx.emit({
          code: 'PN161',
          file: p.file,
          span: p.span,
          message: `Pod network ${p.text} (${p.component}) overlaps the service network ${s.text} of cluster "${facts.context}"`,
          fixes: p.defaultNote ? [] : ctx.freeRangeFix(p),
          clusterCidrs: [s.text],
        });
      }
    }
  }
  // Node blocks the cluster already handed out must lie inside the pod network declared here.
  for (const p of pods.filter((r) => (r.agreement === 'cluster' || r.agreement === 'node-cidr') && !r.defaultNote)) {
    const v = p.value;
    const outside = facts.blocksOutside(v);
    if (outside.length) {
      ctx.emit({
        code: 'PN162',
        file: p.file,
        span: p.span,
        message: `Pod network ${p.text} (${p.component}) does not hold the blocks nodes of cluster "${facts.context}" already have: ${
          list(outside.map((o) => `${o.node} has ${o.text}`))
        }`,
        clusterCidrs: outside.slice(0, 3).map((o) => o.text),
      });
    }
  }
}

const list = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more` : xs.join(', '));
