// k3s / RKE2 config.yaml: flat keys cluster-cidr, service-cidr, cluster-dns, node-ip; a string, a
// comma list (dual-stack) or a YAML list of either; node masks and max-pods from the component
// flags k3s passes on (kube-controller-manager-arg, kubelet-arg).
import type { ExtractContext } from '../extractContext';
import type { YNode, YScalar } from '../yamlTree';
import { get, str } from '../yamlTree';
import { rangeListOrDefault, rangesOrDefault } from './fieldDefaults';

export const isK3sConfig = (root: YNode): boolean =>
  root.kind === 'map' && get(root, 'kind') === undefined && ['cluster-cidr', 'service-cidr', 'cluster-dns'].some((k) => get(root, k) !== undefined);

export function extractK3sConfig(root: YNode, ctx: ExtractContext): void {
  const component = 'k3s/RKE2 config.yaml';
  const owner = ctx.owner(root, 'k3s');
  const first = root.kind === 'map' ? root.pairs[0].key : root;
  const pod = { role: 'pod-network', component, source: 'k3s', field: 'cluster-cidr', owner, list: 'dual', agreement: 'cluster' } as const;
  const svc = { role: 'service-network', component, source: 'k3s', field: 'service-cidr', owner, list: 'dual' } as const;
  // Flags may be written as YAML lists in config.yaml (k3s joins them): one dual-stack field either way.
  const read = (node: YNode | undefined, o: typeof pod | typeof svc, cidr: string) => {
    const fallback = { cidr, at: first, note: `${o.field} is not set: k3s and RKE2 use ${cidr}` };
    return node?.kind === 'seq' ? rangeListOrDefault(ctx, node, { ...o, dualStack: true }, fallback) : rangesOrDefault(ctx, node, o, fallback);
  };
  const pods = read(get(root, 'cluster-cidr'), pod, '10.42.0.0/16');
  read(get(root, 'service-cidr'), svc, '10.43.0.0/16');
  ctx.ranges(get(root, 'cluster-dns'), { role: 'address', component, source: 'k3s', field: 'cluster-dns', owner, form: 'address', list: 'dual' });
  ctx.ranges(get(root, 'node-ip'), { role: 'node-network', component, source: 'k3s', field: 'node-ip', owner, form: 'address', list: 'dual' });
  // `docker: true` runs pods in Docker: every node then has docker0 on Docker's default 172.17.0.0/16.
  const docker = get(root, 'docker');
  if (docker && str(docker) === 'true') {
    ctx.defaultRange(
      '172.17.0.0/16',
      docker,
      { role: 'reserved', component, source: 'k3s', field: 'docker', owner },
      "docker: true: every node has Docker's default bridge docker0 on 172.17.0.0/16",
    );
  }
  // Component flags go through kube-controller-manager-arg / kubelet-arg ("name=value", a list or one string).
  const podFamily = pods.find((r) => r.value.ok)?.value;
  for (const { name, node, at } of componentArgs(get(root, 'kube-controller-manager-arg'))) {
    const family = name === 'node-cidr-mask-size-ipv4'
      ? 4
      : name === 'node-cidr-mask-size-ipv6'
      ? 6
      : name === 'node-cidr-mask-size'
      ? (podFamily?.ok ? podFamily.family : 4)
      : 0;
    const text = String(node.value).slice(at);
    if (family === 0) continue;
    if (!/^\d{1,3}$/.test(text)) {
      ctx.problem('PN101', `kube-controller-manager-arg ${name} "${text}" is not a prefix length`, ctx.valueSpan(node, at, String(node.value).length));
      continue;
    }
    const span = ctx.valueSpan(node, at, String(node.value).length);
    ctx.out.blocks.push({
      component,
      source: 'k3s',
      field: `kube-controller-manager-arg ${name}`,
      kind: 'node-mask',
      family,
      prefix: Number(text),
      text,
      span,
      owner,
    });
  }
  for (const { name, node, at } of componentArgs(get(root, 'kubelet-arg'))) {
    const text = String(node.value).slice(at);
    if (name === 'max-pods' && /^\d+$/.test(text)) ctx.out.maxPods.push({ value: Number(text), span: ctx.valueSpan(node, at, String(node.value).length) });
  }
}

/** The "name=value" items of a k3s/RKE2 component-args key (a YAML list, or one string), with where each value starts. */
function componentArgs(list: YNode | undefined): { name: string; node: YScalar; at: number }[] {
  const nodes = list?.kind === 'seq' ? list.items : list ? [list] : [];
  return nodes.flatMap((n) => {
    if (n.kind !== 'scalar' || typeof n.value !== 'string') return [];
    const eq = n.value.indexOf('=');
    return eq > 0 ? [{ name: n.value.slice(0, eq).replace(/^--/, ''), node: n, at: eq + 1 }] : [];
  });
}
