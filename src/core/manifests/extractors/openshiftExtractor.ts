// OpenShift install-config.yaml (apiVersion v1, no kind, a baseDomain): networking.clusterNetwork[]
// (cidr + hostPrefix, the per-node block), serviceNetwork[], machineNetwork[].cidr, with the
// installer's documented defaults when networking leaves them out. Field paths: docs/sources.md.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items, str } from '../yamlTree';
import { rangeListOrDefault, rangesOrDefault } from './fieldDefaults';

export const isInstallConfig = (root: YNode): boolean =>
  root.kind === 'map' && get(root, 'kind') === undefined && get(root, 'apiVersion') !== undefined && get(root, 'baseDomain') !== undefined;

export function extractInstallConfig(root: YNode, ctx: ExtractContext): void {
  const component = 'OpenShift install-config.yaml';
  const owner = ctx.owner(root, 'openshift');
  const net = get(root, 'networking');
  const at = get(net, 'networkType') ?? (net ? (root.kind === 'map' ? root.pairs.find((p) => p.keyText === 'networking')?.key : undefined) : undefined) ??
    get(root, 'apiVersion') ?? root;
  const base = { component, source: 'openshift', owner } as const;
  const pod = { ...base, role: 'pod-network', field: 'networking.clusterNetwork', agreement: 'cluster' } as const;
  const clusterNetwork = get(net, 'clusterNetwork');
  const pods: { entry: ReturnType<ExtractContext['ranges']>[number]; hostPrefix: YNode | undefined; i: number }[] = [];
  items(clusterNetwork).forEach((c, i) => {
    for (const entry of ctx.ranges(get(c, 'cidr'), { ...pod, field: `networking.clusterNetwork[${i}].cidr` })) {
      pods.push({ entry, hostPrefix: get(c, 'hostPrefix'), i });
    }
  });
  if (clusterNetwork === undefined) {
    ctx.defaultRange('10.128.0.0/14', at, pod, 'networking.clusterNetwork is not set: the installer uses 10.128.0.0/14 with hostPrefix 23');
    ctx.block(undefined, {
      ...base,
      field: 'networking.clusterNetwork[].hostPrefix',
      kind: 'node-mask',
      family: 4,
      fallback: { prefix: 23, at, note: 'the default clusterNetwork has hostPrefix 23' },
    });
  }
  for (const p of pods) {
    if (!p.entry.value.ok) continue;
    ctx.block(p.hostPrefix, { ...base, field: `networking.clusterNetwork[${p.i}].hostPrefix`, kind: 'node-mask', family: p.entry.value.family });
  }
  rangeListOrDefault(ctx, get(net, 'serviceNetwork'), { ...base, role: 'service-network', field: 'networking.serviceNetwork', dualStack: true }, {
    cidr: '172.30.0.0/16',
    at,
    note: 'networking.serviceNetwork is not set: the installer uses 172.30.0.0/16',
  });
  // OVN-Kubernetes (the default network type since 4.12) keeps these for itself: join switch,
  // transit switch (4.14+) and masquerade (4.17+) subnets, IPv4 and IPv6 (OpenShift's "CIDR range
  // definitions"). install-config may move the IPv4 join subnet (ovnKubernetesConfig.ipv4.internalJoinSubnet).
  const written = str(get(net, 'networkType'));
  if ((written ?? 'OVNKubernetes') === 'OVNKubernetes') {
    const why = (what: string) =>
      `${written ? 'networkType OVNKubernetes' : 'networkType is not set, so OVNKubernetes'}: OVN-Kubernetes uses ${what} internally`;
    const reserved = { ...base, role: 'reserved', field: 'OVN-Kubernetes internal subnets' } as const;
    const joinField = 'networking.ovnKubernetesConfig.ipv4.internalJoinSubnet';
    rangesOrDefault(ctx, getPath(net, 'ovnKubernetesConfig', 'ipv4', 'internalJoinSubnet'), { ...reserved, field: joinField }, {
      cidr: '100.64.0.0/16',
      at,
      note: why('the join switch subnet 100.64.0.0/16'),
    });
    for (
      const [cidr, what] of [
        ['100.88.0.0/16', 'the transit switch subnet 100.88.0.0/16'],
        ['169.254.0.0/17', 'the masquerade subnet 169.254.0.0/17'],
        ['fd98::/64', 'the IPv6 join subnet fd98::/64'],
        ['fd97::/64', 'the IPv6 transit subnet fd97::/64'],
        ['fd69::/112', 'the IPv6 masquerade subnet fd69::/112'],
      ]
    ) {
      ctx.defaultRange(cidr, at, reserved, why(what));
    }
  }
  items(get(root, 'compute')).forEach((pool, i) => ctx.nodeCount(get(pool, 'replicas'), `compute[${i}].replicas (${component})`));
  ctx.nodeCount(getPath(root, 'controlPlane', 'replicas'), `controlPlane.replicas (${component})`);
  // The API and ingress VIPs of the platforms that keep them on the machine network (baremetal,
  // vSphere, Nutanix, OpenStack, oVirt): node addresses, so a pod or service network on them is wrong.
  for (const platform of ['baremetal', 'vsphere', 'nutanix', 'openstack', 'ovirt']) {
    const p = getPath(root, 'platform', platform);
    if (p === undefined) continue;
    const vip = { ...base, role: 'node-network', form: 'address', owner: `${owner}/vips` } as const;
    for (const key of ['apiVIP', 'ingressVIP', 'dnsVIP']) ctx.ranges(get(p, key), { ...vip, field: `platform.${platform}.${key}` });
    for (const key of ['apiVIPs', 'ingressVIPs']) ctx.rangeList(get(p, key), { ...vip, field: `platform.${platform}.${key}` });
  }
  const machineNetwork = get(net, 'machineNetwork');
  items(machineNetwork).forEach((m, i) => ctx.ranges(get(m, 'cidr'), { ...base, role: 'node-network', field: `networking.machineNetwork[${i}].cidr` }));
  if (machineNetwork === undefined) {
    ctx.defaultRange(
      '10.0.0.0/16',
      at,
      { ...base, role: 'node-network', field: 'networking.machineNetwork' },
      'networking.machineNetwork is not set: the installer uses 10.0.0.0/16',
    );
  }
}
