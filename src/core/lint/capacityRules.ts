// PN135: the pod network, cut into node blocks, has room for fewer nodes than the same file asks
// for (OpenShift replicas, Cluster API replicas, eksctl node groups, kops instance groups, kind nodes).
// Each node needs one block: a /14 with hostPrefix 23 holds 2^(23-14) = 512 nodes.
import { groupBy } from './groupBy';
import type { RuleContext } from './ruleContext';

export function capacityRules(ctx: RuleContext): void {
  const countsByFile = groupBy(ctx.nodeCounts ?? [], (n) => n.file);
  if (!countsByFile.size) return;
  const podsByOwner = groupBy(ctx.ok, (r) => (r.role === 'pod-network' && r.value.prefix !== undefined ? r.owner : undefined));
  for (const b of ctx.blocks) {
    if (b.kind !== 'node-mask' && b.kind !== 'flannel-subnet') continue;
    const counts = countsByFile.get(b.file);
    if (!counts) continue;
    const asked = counts.reduce((n, c) => n + c.value, 0);
    for (const p of podsByOwner.get(b.owner) ?? []) {
      const prefix = p.value.prefix ?? 0;
      if (p.value.family !== b.family || b.prefix < prefix) continue;
      const room = 2 ** (b.prefix - prefix);
      if (room >= asked) continue;
      ctx.emit({
        code: 'PN135',
        file: b.file,
        span: b.span,
        message: `${p.text} cut into /${b.prefix} node blocks has room for ${room} node${room === 1 ? '' : 's'}, but this configuration asks for ${asked} (${
          counts.map((c) => `${c.value}: ${c.what}`).join(', ')
        }) — ${b.component}`,
        related: [
          { file: p.file, span: p.span, message: `${p.field} ${p.text}` },
          ...counts.slice(0, 9).map((c) => ({ file: c.file, span: c.span, message: c.what })),
        ],
      });
    }
  }
}
