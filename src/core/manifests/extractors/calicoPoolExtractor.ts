// Calico IPPool (crd.projectcalico.org/v1, projectcalico.org/v3) and the operator's Installation.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, items, str } from '../yamlTree';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

export function extractCalicoIpPool(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const spec = get(root, 'spec');
  const cidr = get(spec, 'cidr');
  const uses = items(get(spec, 'allowedUses')).map((u) => str(u));
  const lbOnly = uses.length > 0 && uses.includes('LoadBalancer') && !uses.includes('Workload');
  const component = `Calico ${describeObject(meta)}`;
  const owner = ctx.owner(root, 'ippool');
  const made = ctx.ranges(
    cidr,
    lbOnly
      ? { role: 'lb-pool', component, source: 'calico-ippool', field: 'spec.cidr', owner }
      : { role: 'pod-network', component, source: 'calico-ippool', field: 'spec.cidr', owner, agreement: 'pool' },
  );
  const family = made[0]?.value.ok ? made[0].value.family : str(cidr)?.includes(':') ? 6 : 4;
  if (!lbOnly && cidr) {
    ctx.block(get(spec, 'blockSize'), {
      component,
      source: 'calico-ippool',
      field: 'spec.blockSize',
      owner,
      kind: 'calico-block',
      family,
      fallback: { prefix: family === 4 ? 26 : 122, at: cidr, note: `blockSize is not set: Calico uses /${family === 4 ? 26 : 122} blocks` },
    });
  }
}

export function extractCalicoInstallation(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  extractCalicoInstallationSpec(get(root, 'spec'), `Calico operator ${describeObject(meta)}`, 'spec', get(root, 'kind') ?? root, root, ctx);
}

/** An Installation spec, in the object or as the tigera-operator chart's `installation` values; `at` anchors the default pool. */
export function extractCalicoInstallationSpec(
  spec: YNode | undefined,
  component: string,
  prefix: string,
  at: YNode,
  ownerNode: YNode,
  ctx: ExtractContext,
): void {
  const network = get(spec, 'calicoNetwork');
  const pools = get(network, 'ipPools');
  items(pools).forEach((pool, i) => {
    const owner = ctx.owner(pool, 'installation');
    const cidr = get(pool, 'cidr');
    const made = ctx.ranges(cidr, {
      role: 'pod-network',
      component,
      source: 'calico-installation',
      field: `${prefix}.calicoNetwork.ipPools[${i}].cidr`,
      owner,
      agreement: 'pool',
    });
    const family = made[0]?.value.ok ? made[0].value.family : 4;
    if (cidr) {
      ctx.block(get(pool, 'blockSize'), {
        component,
        source: 'calico-installation',
        field: `${prefix}.calicoNetwork.ipPools[${i}].blockSize`,
        owner,
        kind: 'calico-block',
        family,
        fallback: { prefix: family === 4 ? 26 : 122, at: cidr, note: 'blockSize is not set: Calico uses its default block size' },
      });
    }
  });
  if (pools === undefined) {
    ctx.defaultRange('192.168.0.0/16', at, {
      role: 'pod-network',
      component,
      source: 'calico-installation',
      field: `${prefix}.calicoNetwork.ipPools`,
      owner: ctx.owner(ownerNode, 'installation'),
      agreement: 'pool',
    }, `${prefix}.calicoNetwork.ipPools is not set: the operator creates 192.168.0.0/16 (or adopts kubeadm's podSubnet)`);
  }
}
