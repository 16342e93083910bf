// Cilium's pool resources: CiliumPodIPPool (multi-pool IPAM: per-family cidrs carved into
// maskSize blocks per node; also the chart's ipam.operator.autoCreateCiliumPodIPPools) and
// CiliumLoadBalancerIPPool (LB-IPAM: blocks of a cidr or a start[-stop] range; `cidrs` is the
// older name of `blocks`). Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, items } from '../yamlTree';
import { nodeMask } from './fieldDefaults';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';
import { startEndRange } from './startEndRange';

/** One pool's spec (`ipv4` / `ipv6`, each `cidrs` + `maskSize`); the CRD has no default mask size. */
export function extractCiliumPodPoolSpec(spec: YNode | undefined, ctx: ExtractContext, component: string, prefix: string, ownerNode: YNode): void {
  const base = { component, source: 'cilium-pod-pool', owner: ctx.owner(ownerNode, 'cilium-pod-pool') } as const;
  for (const family of [4, 6] as const) {
    const pool = get(spec, `ipv${family}`);
    if (pool === undefined) continue;
    const field = `${prefix}.ipv${family}`;
    const made = ctx.rangeList(get(pool, 'cidrs'), { ...base, role: 'pod-network', agreement: 'pool', field: `${field}.cidrs` });
    if (made.length) nodeMask(ctx, get(pool, 'maskSize'), base, `${field}.maskSize`, family);
  }
}

export function extractCiliumPodIpPool(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  extractCiliumPodPoolSpec(get(root, 'spec'), ctx, `Cilium ${describeObject(meta)}`, 'spec', root);
}

export function extractCiliumLbIpPool(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const spec = get(root, 'spec');
  const key = get(spec, 'blocks') !== undefined ? 'blocks' : 'cidrs';
  const o = { role: 'lb-pool', component: `Cilium ${describeObject(meta)}`, source: 'cilium-lb-pool', owner: ctx.owner(root, 'cilium-lb-pool') } as const;
  items(get(spec, key)).forEach((block, i) => {
    const field = `spec.${key}[${i}]`;
    ctx.ranges(get(block, 'cidr'), { ...o, field: `${field}.cidr` });
    const start = get(block, 'start');
    const stop = get(block, 'stop');
    if (start || stop) startEndRange(ctx, start, stop, { ...o, field, firstKey: 'start', lastKey: 'stop', singleWithoutLast: true });
  });
}
