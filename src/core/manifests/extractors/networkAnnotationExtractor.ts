// Multus network selection annotation on pods (k8s.v1.cni.cncf.io/networks as JSON): the static
// interface addresses (CIDR form, host bits intended) and gateways a pod asks for.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, str } from '../yamlTree';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

export function extractNetworkAnnotation(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const annotations = meta.kind === 'Pod' ? getPath(root, 'metadata', 'annotations') : getPath(root, 'spec', 'template', 'metadata', 'annotations');
  const value = get(annotations, NETWORKS_ANNOTATION);
  // The short form "net1,net2@eth1" names networks only.
  if (!/^\s*\[/.test(str(value) ?? '')) return;
  const inner = ctx.embed(value, 'json', `${describeObject(meta)} annotation ${NETWORKS_ANNOTATION}`);
  if (!inner) return;
  const owner = ctx.owner(root, 'networks-annotation');
  items(inner.root).forEach((sel, i) => {
    const component = `Multus selection "${str(get(sel, 'name')) ?? i}" of ${describeObject(meta)}`;
    items(get(sel, 'ips')).forEach((ip, j) =>
      inner.ctx.ranges(ip, { role: 'address', component, source: 'multus', field: `networks[${i}].ips[${j}]`, owner, allowHostBits: true })
    );
    items(get(sel, 'gateway')).forEach((gw, j) =>
      inner.ctx.ranges(gw, { role: 'address', component, source: 'multus', field: `networks[${i}].gateway[${j}]`, owner, form: 'address' })
    );
  });
}
