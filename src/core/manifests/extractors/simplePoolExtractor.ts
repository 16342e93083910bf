// Objects that are just a list of ranges: MetalLB IPAddressPool, Kubernetes ServiceCIDR.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { getPath, items } from '../yamlTree';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

export function extractMetalLbPool(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const owner = ctx.owner(root, 'metallb');
  items(getPath(root, 'spec', 'addresses')).forEach((n, i) =>
    ctx.ranges(n, {
      role: 'lb-pool',
      component: `MetalLB ${describeObject(meta)}`,
      source: 'metallb',
      field: `spec.addresses[${i}]`,
      owner,
      form: 'cidr-or-span',
    })
  );
}

export function extractServiceCidr(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const owner = ctx.owner(root, 'servicecidr');
  items(getPath(root, 'spec', 'cidrs')).forEach((n, i) =>
    ctx.ranges(n, { role: 'service-network', component: describeObject(meta), source: 'service-cidr', field: `spec.cidrs[${i}]`, owner })
  );
}
