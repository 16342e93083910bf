import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { LineIndex } from '../../../src/core/manifests/lineIndex';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// Real upstream files of the tools that create clusters (test/fixtures/upstream, origins and
// licences in its SOURCES.md): every range at its exact position (1-based line, column, the source
// text there, its role; defaults carry the default value and sit on their anchor), the exact
// findings (code and line), and a copy with one planted mistake found at the right line.
const UPSTREAM = resolve(__dirname, '..', '..', 'fixtures', 'upstream');

type Row = [role: string, line: number, column: number, sourceText: string, defaultValue?: string];
interface Case {
  readonly ranges: Row[];
  readonly findings: [code: string, line: number][];
  /** Replace `from` by `to` (first occurrence): the finding `code` must appear at `line`. */
  readonly planted: { from: string; to: string; code: string; line: number };
}

const EXPECTED: Record<string, Case> = {
  'capz/cluster-template-dual-stack.yaml': {
    ranges: [
      ['pod-network', 12, 9, '10.244.0.0/16'],
      ['pod-network', 13, 9, '2001:1234:5678:9a40::/58'],
      ['service-network', 16, 9, '10.0.0.0/16'],
      ['service-network', 17, 9, 'fd00::/108'],
      ['vpc', 52, 9, '10.0.0.0/8'],
      ['vpc', 53, 9, '2001:1234:5678:9a00::/56'],
      ['node-network', 41, 9, '10.0.0.0/16'],
      ['node-network', 42, 9, '2001:1234:5678:9abc::/64'],
      ['node-network', 46, 9, '10.1.0.0/16'],
      ['node-network', 47, 9, '2001:1234:5678:9abd::/64'],
      ['pod-network', 74, 25, '10.244.0.0/16'],
      ['pod-network', 74, 39, '2001:1234:5678:9a40::/58'],
    ],
    // The real upstream mistake: services on the control-plane subnet's range.
    findings: [['PN112', 16], ['PN112', 41]],
    planted: { from: 'cluster-cidr: 10.244.0.0/16,', to: 'cluster-cidr: 10.245.0.0/16,', code: 'PN120', line: 74 },
  },
  // AKS through CAPZ: the VNet/subnet defaults and the ranges AKS forbids, anchored on the control plane's kind.
  'capz/cluster-template-aks.yaml': {
    ranges: [
      ['service-network', 10, 9, '192.168.0.0/16'],
      ['vpc', 21, 7, 'AzureManagedControlPlane', '10.0.0.0/8'],
      ['node-network', 21, 7, 'AzureManagedControlPlane', '10.240.0.0/16'],
      ...['172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24'].map((c): Row => ['reserved', 21, 7, 'AzureManagedControlPlane', c]),
    ],
    findings: [],
    planted: { from: '      - 192.168.0.0/16', to: '      - 172.31.0.0/16', code: 'PN116', line: 10 },
  },
  // clusterctl templates write a whole list as a variable with a default: the default is read.
  'capi/cluster-template-development.yaml': {
    ranges: [
      ['pod-network', 11, 33, '192.168.0.0/16'],
      ['service-network', 9, 37, '10.128.0.0/12'],
    ],
    findings: [],
    planted: { from: '${POD_CIDR:=["192.168.0.0/16"]}', to: '${POD_CIDR:=["10.128.0.0/16"]}', code: 'PN110', line: 11 },
  },
  // EKS through CAPA: no kubeadm service default (EKS picks its own); the control plane's VPC is
  // created like AWSCluster's (10.0.0.0/16), and without subnets it is the nodes' network.
  'capa/cluster-template-eks-ipv6.yaml': {
    ranges: [['pod-network', 9, 21, '192.168.0.0/16'], ['vpc', 25, 7, 'AWSManagedControlPlane', '10.0.0.0/16']],
    findings: [],
    planted: { from: '["192.168.0.0/16"]', to: '["192.168.0.0/33"]', code: 'PN101', line: 9 },
  },
  // No subnets: eksctl carves them from all of vpc.cidr, which is then the nodes' network.
  'eksctl/02-custom-vpc-cidr-no-nodes.yaml': {
    ranges: [['vpc', 13, 9, '10.10.0.0/16'], ['service-network', 6, 7, 'ClusterConfig', '172.20.0.0/16']],
    findings: [],
    planted: { from: 'nodeGroups: []', to: 'kubernetesNetworkConfig:\n  serviceIPv4CIDR: 10.10.0.0/16\nnodeGroups: []', code: 'PN112', line: 17 },
  },
  'capa/cluster-template-multi-az.yaml': {
    ranges: [
      ['pod-network', 13, 9, '192.168.0.0/16'],
      ['service-network', 2, 7, 'Cluster', '10.96.0.0/12'],
      // No vpc: CAPA creates a managed VPC with 10.0.0.0/16 (its subnets lie in it).
      ['vpc', 24, 7, 'AWSCluster', '10.0.0.0/16'],
      ['node-network', 32, 18, '10.0.0.0/24'],
      ['node-network', 35, 18, '10.0.1.0/24'],
      ['node-network', 39, 18, '10.0.2.0/24'],
      ['node-network', 42, 18, '10.0.3.0/24'],
    ],
    findings: [],
    planted: { from: '      - 192.168.0.0/16', to: '      - 10.0.0.0/16', code: 'PN111', line: 13 },
  },
  // kind's docs write kubeadmConfigPatches without apiVersion, per node: the planted ranges are read there.
  'kind/configuration.md.cluster-patch.yaml': {
    ranges: [['pod-network', 1, 7, 'Cluster', '10.244.0.0/16'], ['service-network', 1, 7, 'Cluster', '10.96.0.0/16']],
    findings: [],
    planted: { from: '    apiServer:', to: '    networking:\n      podSubnet: 10.96.0.0/16\n    apiServer:', code: 'PN110', line: 9 },
  },
  'kind/configuration.md.join-patches.yaml': {
    ranges: [['pod-network', 1, 7, 'Cluster', '10.244.0.0/16'], ['service-network', 1, 7, 'Cluster', '10.96.0.0/16']],
    findings: [],
    planted: { from: 'node-labels: "my-label2=true"', to: 'node-ip: "10.244.0.7"', code: 'PN111', line: 12 },
  },
  // kind's own example config: a kubeadmConfigPatchesJSON6902 operation on the ClusterConfiguration;
  // the planted operation writes networking.podSubnet onto kind's default service network.
  'kind/kind-example-config.yaml': {
    ranges: [['pod-network', 3, 7, 'Cluster', '10.244.0.0/16'], ['service-network', 3, 7, 'Cluster', '10.96.0.0/16']],
    findings: [],
    planted: {
      from: '      path: /apiServer/certSANs/-\n      value: my-hostname',
      to: '      path: /networking/podSubnet\n      value: 10.96.0.0/16',
      code: 'PN110',
      line: 20,
    },
  },
  // kind's config test data: per-node kubeadmConfigPatchesJSON6902; the planted one sets a worker's node-ip in the pod network.
  'kind/valid-kind-workers-patches.yaml': {
    ranges: [['pod-network', 2, 7, 'Cluster', '10.244.0.0/16'], ['service-network', 2, 7, 'Cluster', '10.96.0.0/16']],
    findings: [],
    planted: {
      from:
        '  - group: kubelet.config.k8s.io\n    version: v1beta1\n    kind: KubeletConfiguration\n    patch: |\n      - op: add\n        path: /authentication',
      to:
        '  - group: kubeadm.k8s.io\n    version: v1beta3\n    kind: JoinConfiguration\n    patch: |\n      - op: add\n        path: /nodeRegistration/kubeletExtraArgs/node-ip\n        value: 10.244.3.7\n      - op: add\n        path: /authentication',
      code: 'PN111',
      line: 27,
    },
  },
  'openshift/deploy_dual_stack_cluster.md.install-config.yaml': {
    ranges: [
      ['pod-network', 22, 11, '10.128.0.0/14'],
      ['pod-network', 24, 11, 'fd01::/48'],
      ['service-network', 27, 5, '172.30.0.0/16'],
      ['service-network', 28, 5, 'fd02::/112'],
      // networkType is not set, so OVNKubernetes: its internal subnets, anchored on `networking`.
      ...['100.64.0.0/16', '100.88.0.0/16', '169.254.0.0/17', 'fd98::/64', 'fd97::/64', 'fd69::/112'].map((c): Row => ['reserved', 17, 1, 'networking', c]),
      // The API and ingress VIPs are node addresses.
      ['node-network', 32, 16, '192.168.25.199'],
      ['node-network', 32, 34, 'fd2e:6f44:5dd8:c956:f816:3eff:fe78:cf36'],
      ['node-network', 31, 20, '192.168.25.79'],
      ['node-network', 31, 37, 'fd2e:6f44:5dd8:c956:f816:3eff:fef1:1bad'],
      ['node-network', 19, 12, '192.168.25.0/24'],
      ['node-network', 20, 12, 'fd2e:6f44:5dd8:c956::/64'],
    ],
    findings: [],
    planted: { from: '- cidr: "192.168.25.0/24"', to: '- cidr: "10.128.0.0/24"', code: 'PN111', line: 19 },
  },
  'kubespray/k8s-cluster.yml': {
    ranges: [
      ['pod-network', 94, 19, '10.233.64.0/18'],
      ['service-network', 89, 25, '10.233.0.0/18'],
      ['pod-network', 122, 24, 'fd85:ee78:d8a6:8607::1:0000/112'],
      ['service-network', 116, 30, 'fd85:ee78:d8a6:8607::1000/116'],
    ],
    findings: [],
    planted: { from: 'kube_pods_subnet: 10.233.64.0/18', to: 'kube_pods_subnet: 10.233.0.0/17', code: 'PN110', line: 94 },
  },
  'eksctl/04-existing-vpc.yaml': {
    ranges: [
      ['vpc', 12, 10, '192.168.0.0/16'],
      ['node-network', 18, 16, '192.168.128.0/19'],
      ['node-network', 22, 16, '192.168.64.0/19'],
      ['node-network', 26, 16, '192.168.0.0/19'],
      ['service-network', 4, 7, 'ClusterConfig', '10.100.0.0/16'],
    ],
    findings: [],
    planted: { from: '\nnodeGroups:', to: '\nkubernetesNetworkConfig:\n  serviceIPv4CIDR: 192.168.0.0/24\nnodeGroups:', code: 'PN112', line: 29 },
  },
  'kops/minimal.in-v1alpha2.yaml': {
    ranges: [
      ['vpc', 24, 16, '172.20.0.0/16'],
      ['route', 27, 22, '100.64.0.0/10'],
      ['pod-network', 2, 7, 'Cluster', '100.96.0.0/11'],
      ['service-network', 2, 7, 'Cluster', '100.64.0.0/13'],
      ['node-network', 34, 11, '172.20.32.0/19'],
    ],
    findings: [],
    planted: { from: '- cidr: 172.20.32.0/19', to: '- cidr: 100.96.0.0/19', code: 'PN111', line: 34 },
  },
  // The same cluster in kops' two layouts (its conversion test): v1alpha2 at the top of spec,
  // v1alpha3 under spec.networking; the same ranges in both.
  'kops/conversion-aws.v1alpha2.yaml': {
    ranges: [
      ['vpc', 79, 16, '172.20.0.0/16'],
      ['vpc', 9, 5, '172.21.0.0/16'],
      ['route', 85, 22, '100.64.0.0/10'],
      ['pod-network', 86, 12, '100.64.0.0/16'],
      ['service-network', 90, 26, '100.65.0.0/16'],
      ['node-network', 94, 11, '172.20.32.0/19'],
    ],
    findings: [],
    planted: { from: 'serviceClusterIPRange: 100.65.0.0/16', to: 'serviceClusterIPRange: 172.20.48.0/20', code: 'PN112', line: 90 },
  },
  'kops/conversion-aws.v1alpha3.yaml': {
    ranges: [
      ['vpc', 88, 18, '172.20.0.0/16'],
      ['vpc', 82, 7, '172.21.0.0/16'],
      ['route', 90, 24, '100.64.0.0/10'],
      ['pod-network', 91, 14, '100.64.0.0/16'],
      ['service-network', 92, 28, '100.65.0.0/16'],
      ['node-network', 94, 13, '172.20.32.0/19'],
    ],
    findings: [],
    planted: { from: 'serviceClusterIPRange: 100.65.0.0/16', to: 'serviceClusterIPRange: 172.20.48.0/20', code: 'PN112', line: 92 },
  },
  // v1alpha3 without podCIDR / serviceClusterIPRange: kops' defaults from nonMasqueradeCIDR, on `kind`.
  'kops/conversion-minimal.v1alpha3.yaml': {
    ranges: [
      ['vpc', 40, 18, '172.20.0.0/16'],
      ['route', 41, 24, '100.64.0.0/10'],
      ['pod-network', 2, 7, 'Cluster', '100.96.0.0/11'],
      ['service-network', 2, 7, 'Cluster', '100.64.0.0/13'],
      ['node-network', 43, 13, '172.20.32.0/19'],
    ],
    findings: [],
    planted: { from: '- cidr: 172.20.32.0/19', to: '- cidr: 100.96.0.0/19', code: 'PN111', line: 43 },
  },
  'k0s/configuration.md.ClusterConfig.yaml': {
    ranges: [
      ['pod-network', 57, 14, '10.244.0.0/16'],
      ['service-network', 59, 18, '10.96.0.0/12'],
      ['node-network', 7, 14, '192.168.68.104'],
      ['node-network', 63, 20, '192.168.68.104'],
    ],
    findings: [],
    planted: { from: 'podCIDR: 10.244.0.0/16', to: 'podCIDR: 192.168.68.0/24', code: 'PN111', line: 57 },
  },
  // Talos, both styles: the v1alpha1 document's cluster.network, and the newer KubeNetworkConfig document.
  'talos/v1.12-base-controlplane.yaml': {
    ranges: [['pod-network', 38, 15, '10.244.0.0/16'], ['service-network', 40, 15, '10.96.0.0/12']],
    findings: [],
    planted: { from: '            - 10.96.0.0/12', to: '            - 10.244.0.0/12', code: 'PN110', line: 40 },
  },
  'talos/v1.15-base-controlplane.yaml': {
    ranges: [['pod-network', 78, 7, '10.244.0.0/16'], ['service-network', 80, 7, '10.96.0.0/12']],
    findings: [],
    planted: { from: '    - 10.244.0.0/16', to: '    - 10.244.0.0/16\n    - 10.245.0.0/16', code: 'PN103', line: 79 },
  },
  // Helm values files, recognised by the keys of each chart's values.yaml.
  'helm/flannel-values.yaml': {
    ranges: [['pod-network', 8, 11, '10.244.0.0/16']],
    findings: [],
    planted: { from: 'podCidrv6: ""', to: 'podCidrv6: "fd00:10:244::/129"', code: 'PN101', line: 9 },
  },
  'helm/tigera-operator-values.yaml': {
    // calicoNetwork is commented out upstream: the operator's default pool applies.
    ranges: [['pod-network', 11, 1, 'installation', '192.168.0.0/16']],
    findings: [],
    planted: { from: '  # calicoNetwork:', to: '  calicoNetwork: {ipPools: [{cidr: 192.168.0.0/16, blockSize: 33}]}', code: 'PN131', line: 43 },
  },
  'helm/antrea-values.yaml': {
    // Every CIDR is "" upstream (not set).
    ranges: [],
    findings: [],
    planted: { from: '\nserviceCIDR: ""', to: '\nserviceCIDR: "10.96.0.0/33"', code: 'PN101', line: 216 },
  },
  // Cilium's own containerlab values (native routing, dual-stack): the routing CIDRs; the planted
  // mistake switches to cluster-pool IPAM with a pool list and a node mask too small for 110 pods.
  'helm/cilium-bgp-cplane-dev-dual-values.yaml': {
    ranges: [['route', 9, 24, '10.0.0.0/8'], ['route', 10, 24, 'fd00::/16']],
    findings: [],
    planted: {
      from: '  mode: kubernetes',
      to: '  mode: cluster-pool\n  operator:\n    clusterPoolIPv4PodCIDRList:\n      - 10.0.0.0/8\n    clusterPoolIPv4MaskSize: 30',
      code: 'PN133',
      line: 17,
    },
  },
  // RKE2's documented dual-stack config.yaml (comma lists); the planted mistake writes cluster-cidr
  // as a YAML list (the form RKE2 and k3s also accept) whose second entry is the service network.
  'rke2/basic_network_options.md.dual-stack-config.yaml': {
    ranges: [
      ['pod-network', 2, 16, '10.42.0.0/16'],
      ['pod-network', 2, 29, '2001:cafe:42::/56'],
      ['service-network', 3, 16, '10.43.0.0/16'],
      ['service-network', 3, 29, '2001:cafe:43::/112'],
    ],
    findings: [],
    planted: { from: 'cluster-cidr: "10.42.0.0/16,2001:cafe:42::/56"', to: 'cluster-cidr:\n  - 10.42.0.0/16\n  - 10.43.0.0/16', code: 'PN110', line: 4 },
  },
  // Canonical Kubernetes (k8s-snap) bootstrap configs from its integration tests: dual-stack comma
  // lists; and one that sets no range (the documented defaults, anchored on cluster-config), whose
  // planted load-balancer CIDR sits inside the default pod network.
  'canonical-k8s/bootstrap-dualstack.yaml': {
    ranges: [
      ['pod-network', 15, 11, '10.100.0.0/16'],
      ['pod-network', 15, 25, 'fd01::/108'],
      ['service-network', 16, 15, '10.200.0.0/16'],
      ['service-network', 16, 29, 'fd98::/108'],
    ],
    findings: [],
    planted: { from: 'service-cidr: 10.200.0.0/16,', to: 'service-cidr: 10.100.0.0/24,', code: 'PN110', line: 16 },
  },
  'canonical-k8s/bootstrap-all.yaml': {
    ranges: [['pod-network', 1, 1, 'cluster-config', '10.1.0.0/16'], ['service-network', 1, 1, 'cluster-config', '10.152.183.0/24']],
    findings: [],
    planted: {
      from: '    enabled: true\n  local-storage:',
      to: '    enabled: true\n    cidrs:\n      - 10.1.0.0/28\n  local-storage:',
      code: 'PN113',
      line: 11,
    },
  },
  // Cilium LB-IPAM (its docs' pools): blocks of a cidr, a start-stop range, or a start alone (one address).
  'cilium/lb-ipam.rst.blue-pool.yaml': {
    ranges: [['lb-pool', 7, 12, '10.0.10.0/24'], ['lb-pool', 8, 12, '2004::0/64'], ['lb-pool', 9, 13, '20.0.20.100'], ['lb-pool', 11, 13, '1.2.3.4']],
    findings: [],
    planted: { from: '- start: "1.2.3.4"', to: '- start: "20.0.20.150"', code: 'PN113', line: 11 },
  },
  // A real upstream conflict: two pools on one CIDR (Cilium marks the later one Conflicting, whatever the selectors).
  'cilium/lb-ipam.rst.service-selectors.yaml': {
    ranges: [['lb-pool', 7, 12, '20.0.10.0/24'], ['lb-pool', 18, 12, '20.0.10.0/24']],
    findings: [['PN113', 7], ['PN113', 18]],
    planted: {
      from: '  - cidr: "20.0.10.0/24"\n  serviceSelector:\n    matchLabels',
      to: '  - cidr: "20.0.10.0/33"\n  serviceSelector:\n    matchLabels',
      code: 'PN101',
      line: 18,
    },
  },
  // Cilium multi-pool IPAM: per-family cidrs carved into maskSize blocks per node.
  'cilium/multi-pool.rst.green-pool.yaml': {
    ranges: [['pod-network', 8, 9, '10.20.0.0/16'], ['pod-network', 9, 9, '10.30.0.0/16'], ['pod-network', 13, 9, 'fd00::/104']],
    findings: [],
    planted: { from: 'maskSize: 24', to: 'maskSize: 12', code: 'PN132', line: 10 },
  },
  // The chart's ipam.operator.autoCreateCiliumPodIPPools (a values file setting only IPAM): one pool per key.
  'cilium/multi-pool.rst.helm-values.yaml': {
    ranges: [['pod-network', 8, 15, '10.10.0.0/16'], ['pod-network', 13, 15, '10.20.0.0/16']],
    findings: [],
    planted: { from: '            - 10.20.0.0/16', to: '            - 10.10.0.0/16', code: 'PN114', line: 13 },
  },
  // Whereabouts IPAM, from its README: a plain CNI config with excludes, and two NADs.
  'whereabouts/README.md.exclude.conf': {
    ranges: [['pod-network', 9, 19, '192.168.2.225/28'], ['address', 11, 13, '192.168.2.229/30'], ['address', 12, 13, '192.168.2.236/32']],
    findings: [],
    planted: { from: '"192.168.2.236/32"', to: '"192.168.3.236/32"', code: 'PN104', line: 12 },
  },
  'whereabouts/README.md.nad.yaml': {
    ranges: [['secondary-network', 14, 19, '192.168.2.225/28']],
    findings: [],
    planted: { from: '"range": "192.168.2.225/28"', to: '"range": "192.168.2.225/33"', code: 'PN101', line: 14 },
  },
  // A real upstream mistake: the fast-IPAM example slices a /24 into /22s, larger than the range.
  'whereabouts/README.md.fast-ipam.yaml': {
    ranges: [['secondary-network', 14, 17, '192.168.2.0/24']],
    findings: [['PN134', 15]],
    planted: { from: '"range": "192.168.2.0/24"', to: '"range": "192.168.2.0/24",\n      "exclude": ["10.0.0.0/8"]', code: 'PN104', line: 15 },
  },
};

function lintText(file: string, text: string) {
  const fx = extractFile(file, text);
  const li = new LineIndex(text);
  const rows = fx.ranges.map((r): Row => {
    const p = li.position(r.span.start);
    const row: Row = [r.role, p.line + 1, p.character + 1, text.slice(r.span.start, r.span.end)];
    if (r.defaultNote) row.push(r.text);
    return row;
  });
  const findings = lintFiles([fx]).findings.map((f): [string, number] => [f.code, f.start.line + 1]);
  return { rows, findings };
}

describe('upstream cluster-creation files', () => {
  it('OpenShift: an API or ingress VIP inside the pod or service network is PN111 / PN112 at the VIP', () => {
    const text = readFileSync(join(UPSTREAM, 'openshift/deploy_dual_stack_cluster.md.install-config.yaml'), 'utf8');
    assert.deepEqual(lintText('i.yaml', text.replace("apiVIPs: ['192.168.25.199'", "apiVIPs: ['10.128.0.5'")).findings, [['PN111', 22], ['PN111', 32]]);
    assert.deepEqual(lintText('i.yaml', text.replace("ingressVIPs: ['192.168.25.79'", "ingressVIPs: ['172.30.0.9'")).findings, [['PN112', 27], [
      'PN112',
      31,
    ]]);
  });
  it("CAPA on EKS: pods on the control plane's VPC (created with 10.0.0.0/16, no subnets declared) are PN111", () => {
    const text = readFileSync(join(UPSTREAM, 'capa/cluster-template-eks-ipv6.yaml'), 'utf8');
    assert.deepEqual(lintText('e.yaml', text.replace('["192.168.0.0/16"]', '["10.0.0.0/16"]')).findings, [['PN111', 9], ['PN111', 25]]);
    // A subnet declared: it is the node network, and the rest of the VPC is not compared.
    const withSubnet = text.replace('      ipv6: {}\n', '      ipv6: {}\n    subnets:\n      - cidrBlock: 10.0.200.0/24\n');
    assert.deepEqual(lintText('e.yaml', withSubnet.replace('["192.168.0.0/16"]', '["10.0.0.0/17"]')).findings, []);
    assert.deepEqual(lintText('e.yaml', withSubnet.replace('["192.168.0.0/16"]', '["10.0.200.0/25"]')).findings, [['PN111', 9], ['PN111', 42]]);
  });
  it('kubespray: kube_network_node_prefix(_ipv6) are the node blocks; a /30 cannot hold kubelet_max_pods', () => {
    const text = readFileSync(join(UPSTREAM, 'kubespray/k8s-cluster.yml'), 'utf8');
    assert.deepEqual(extractFile('k.yml', text).blocks.map((b) => [b.field, b.family, b.prefix]), [['kube_network_node_prefix', 4, 24], [
      'kube_network_node_prefix_ipv6',
      6,
      120,
    ]]);
    assert.deepEqual(lintText('k.yml', text.replace('\nkube_network_node_prefix: 24', '\nkube_network_node_prefix: 30')).findings, [['PN133', 111]]);
    // An impossible mask is an invalid value (an error: kube-controller-manager refuses it), not a small block.
    const impossible = lintFiles([extractFile('k.yml', text.replace('\nkube_network_node_prefix: 24', '\nkube_network_node_prefix: 33'))]).findings;
    assert.deepEqual(impossible.map((f) => [f.code, f.severity, f.start.line + 1]), [['PN101', 'error', 111]]);
  });
  it('OpenShift: a network on an OVN-Kubernetes internal subnet is PN116', () => {
    const text = readFileSync(join(UPSTREAM, 'openshift/deploy_dual_stack_cluster.md.install-config.yaml'), 'utf8');
    assert.deepEqual(lintText('i.yaml', text.replace('  - 172.30.0.0/16', '  - 100.88.0.0/16')).findings, [['PN116', 27]]);
    assert.deepEqual(
      lintText('i.yaml', text.replace('networking:\n', 'networking:\n  networkType: OpenShiftSDN\n').replace('  - 172.30.0.0/16', '  - 100.88.0.0/16'))
        .findings,
      [],
    );
  });
  it('OpenShift: ovnKubernetesConfig.ipv4.internalJoinSubnet moves the IPv4 join subnet (the other internal subnets stay)', () => {
    const text = readFileSync(join(UPSTREAM, 'openshift/deploy_dual_stack_cluster.md.install-config.yaml'), 'utf8');
    const moved = text.replace('networking:\n', 'networking:\n  ovnKubernetesConfig:\n    ipv4:\n      internalJoinSubnet: 100.99.0.0/16\n');
    const reserved = extractFile('i.yaml', moved).ranges.filter((r) => r.role === 'reserved').map((r) => [r.text, Boolean(r.defaultNote)]);
    assert.deepEqual(reserved.slice(0, 2), [['100.99.0.0/16', false], ['100.88.0.0/16', true]]);
    assert.equal(reserved.some(([t]) => t === '100.64.0.0/16'), false);
    assert.deepEqual(lintText('i.yaml', moved.replace('  - 172.30.0.0/16', '  - 100.64.0.0/16')).findings, []);
    assert.deepEqual(lintText('i.yaml', moved.replace('  - 172.30.0.0/16', '  - 100.99.0.0/16')).findings, [['PN116', 30]]);
  });
  it('OpenShift: capacity (PN135) counts compute and control-plane replicas; PN133 wants at least a /25 for 110 pods', () => {
    const text = readFileSync(join(UPSTREAM, 'openshift/deploy_dual_stack_cluster.md.install-config.yaml'), 'utf8');
    const more = text.replace('  replicas: 3\ncontrolPlane:', '  replicas: 600\ncontrolPlane:');
    const f = lintFiles([extractFile('i.yaml', more)]).findings;
    assert.deepEqual(f.map((x) => [x.code, x.start.line + 1]), [['PN135', 23]]);
    assert.match(f[0].message, /room for 512 nodes, but this configuration asks for 603 \(600: compute\[0\]\.replicas/);
    assert.deepEqual(lintText('i.yaml', text.replace('hostPrefix: 23', 'hostPrefix: 26')).findings, [['PN133', 23]]);
    assert.deepEqual(lintText('i.yaml', text.replace('hostPrefix: 23', 'hostPrefix: 25')).findings, []);
  });
  it('OpenShift: hostPrefix is the node block of its clusterNetwork entry', () => {
    const text = readFileSync(join(UPSTREAM, 'openshift/deploy_dual_stack_cluster.md.install-config.yaml'), 'utf8');
    assert.deepEqual(extractFile('i.yaml', text).blocks.map((b) => [b.field, b.family, b.prefix]), [
      ['networking.clusterNetwork[0].hostPrefix', 4, 23],
      ['networking.clusterNetwork[1].hostPrefix', 6, 64],
    ]);
    const f = lintText('i.yaml', text.replace('hostPrefix: 23', 'hostPrefix: 13')).findings;
    assert.deepEqual(f, [['PN132', 23]]);
  });
  it('RKE2/k3s: cluster-cidr as a YAML list is read entry by entry at its exact lines, its families checked', () => {
    const text = readFileSync(join(UPSTREAM, 'rke2/basic_network_options.md.dual-stack-config.yaml'), 'utf8');
    const listed = text.replace('cluster-cidr: "10.42.0.0/16,2001:cafe:42::/56"', 'cluster-cidr:\n  - 10.42.0.0/16\n  - 2001:cafe:42::/56');
    assert.deepEqual(lintText('config.yaml', listed).rows.slice(0, 2), [['pod-network', 3, 5, '10.42.0.0/16'], ['pod-network', 4, 5, '2001:cafe:42::/56']]);
    assert.deepEqual(lintText('config.yaml', listed).findings, []);
    const twoV4 = listed.replace('  - 2001:cafe:42::/56', '  - 10.44.0.0/16');
    assert.deepEqual(lintText('config.yaml', twoV4).findings, [['PN103', 4]]);
  });
  it('kops: the v1alpha2 and v1alpha3 files of one cluster give the same ranges, each at its own field path', () => {
    const read = (f: string) => extractFile(f, readFileSync(join(UPSTREAM, f), 'utf8')).ranges;
    const v2 = read('kops/conversion-aws.v1alpha2.yaml');
    const v3 = read('kops/conversion-aws.v1alpha3.yaml');
    assert.deepEqual(v3.map((r) => [r.role, r.text, r.field]), v2.map((r) => [r.role, r.text, r.field.replace(/^spec\./, 'spec.networking.')]));
  });
  it('kops: a field in the layout its apiVersion does not read is ignored by kops, and said so (PN101)', () => {
    const v3 = readFileSync(join(UPSTREAM, 'kops/conversion-minimal.v1alpha3.yaml'), 'utf8');
    // v1alpha3 has no spec.podCIDR: the range is not read, the default stays, the misplaced field is flagged.
    const top = v3.replace('  iam: {}\n', '  iam: {}\n  podCIDR: 100.96.0.0/12\n');
    const fx = extractFile('c.yaml', top);
    assert.deepEqual(fx.problems.map((p) => p.message), [
      'kops.k8s.io/v1alpha3 reads podCIDR at spec.networking.podCIDR: kops ignores spec.podCIDR, so it does not set this range (kops Cluster minimal.example.com)',
    ]);
    assert.deepEqual(fx.ranges.filter((r) => r.role === 'pod-network').map((r) => [r.text, Boolean(r.defaultNote)]), [['100.96.0.0/11', true]]);
    assert.deepEqual(lintText('c.yaml', top).findings, [['PN101', 37]]);
    // v1alpha2 ignores spec.networking.podCIDR (json:"-"), and reads spec.podCIDR.
    const v2 = readFileSync(join(UPSTREAM, 'kops/conversion-aws.v1alpha2.yaml'), 'utf8');
    const nested = v2.replace('    amazonvpc: {}\n', '    amazonvpc: {}\n    podCIDR: 10.0.0.0/8\n');
    assert.deepEqual(lintText('c.yaml', nested).findings, [['PN101', 83]]);
    assert.deepEqual(extractFile('c.yaml', nested).ranges.filter((r) => r.role === 'pod-network').map((r) => r.text), ['100.64.0.0/16']);
  });
  it("kops: defaults derived from any nonMasqueradeCIDR as kops' assignSubnets does; none for pods with Amazon VPC CNI", () => {
    const v3 = readFileSync(join(UPSTREAM, 'kops/conversion-minimal.v1alpha3.yaml'), 'utf8');
    const defaults = (text: string) => extractFile('c.yaml', text).ranges.filter((r) => r.defaultNote).map((r) => [r.role, r.text]);
    assert.deepEqual(defaults(v3.replace('nonMasqueradeCIDR: 100.64.0.0/10', 'nonMasqueradeCIDR: 10.0.0.0/8')), [
      ['pod-network', '10.128.0.0/9'],
      ['service-network', '100.64.0.0/13'],
    ]);
    assert.deepEqual(defaults(v3.replace('nonMasqueradeCIDR: 100.64.0.0/10', 'nonMasqueradeCIDR: ::/0')), [['service-network', 'fd00:5e4f:ce::/108']]);
    assert.deepEqual(defaults(v3.replace('    kubenet: {}\n', '    amazonVPC: {}\n')), [['service-network', '100.64.0.0/13']]);
    // Without nonMasqueradeCIDR kops takes 100.64.0.0/10 first.
    assert.deepEqual(defaults(v3.replace('    nonMasqueradeCIDR: 100.64.0.0/10\n', '')), [['pod-network', '100.96.0.0/11'], [
      'service-network',
      '100.64.0.0/13',
    ]]);
    // An invalid nonMasqueradeCIDR is PN101 and derives nothing.
    assert.deepEqual(defaults(v3.replace('nonMasqueradeCIDR: 100.64.0.0/10', 'nonMasqueradeCIDR: 100.64.0.0/33')), []);
  });
  it('CAPA: the managed VPC defaults to 10.0.0.0/16 unless an existing VPC id or an IPAM pool is given; secondary blocks are VPC space', () => {
    const text = readFileSync(join(UPSTREAM, 'capa/cluster-template-multi-az.yaml'), 'utf8');
    const vpcs = (t: string) => extractFile('c.yaml', t).ranges.filter((r) => r.role === 'vpc').map((r) => [r.field, r.text, Boolean(r.defaultNote)]);
    assert.deepEqual(vpcs(text.replace('  network:\n    subnets:', '  network:\n    vpc:\n      id: vpc-0123\n    subnets:')), []);
    assert.deepEqual(vpcs(text.replace('  network:\n    subnets:', '  network:\n    vpc:\n      ipamPool:\n        name: pool\n    subnets:')), []);
    assert.deepEqual(
      vpcs(
        text.replace(
          '  network:\n    subnets:',
          '  network:\n    vpc:\n      cidrBlock: 10.0.0.0/16\n      secondaryCidrBlocks:\n      - ipv4CidrBlock: 100.64.0.0/16\n    subnets:',
        ),
      ),
      [['spec.network.vpc.cidrBlock', '10.0.0.0/16', false], ['spec.network.vpc.secondaryCidrBlocks[0].ipv4CidrBlock', '100.64.0.0/16', false]],
    );
  });
  it('kubespray: defaults only for the stacks that are on, as in roles/kubespray_defaults (ipv4_stack true, ipv6_stack false)', () => {
    const text = readFileSync(join(UPSTREAM, 'kubespray/k8s-cluster.yml'), 'utf8');
    const bare = text.replace(/^kube_(pods_subnet|service_addresses|network_node_prefix)(_ipv6)?: .*\n/gm, '');
    const defaults = (t: string) => {
      const fx = extractFile('k.yml', t);
      return [...fx.ranges.map((r) => [r.field, r.text, Boolean(r.defaultNote)]), ...fx.blocks.map((b) => [b.field, b.prefix, Boolean(b.defaultNote)])];
    };
    // The upstream sample with its network variables taken out (a file with none of them is not kubespray's: one stays).
    assert.deepEqual(defaults(`${bare}ipv6_stack: true\nkube_pods_subnet: 10.233.64.0/18\n`), [
      ['kube_pods_subnet', '10.233.64.0/18', false],
      ['kube_service_addresses', '10.233.0.0/18', true],
      ['kube_pods_subnet_ipv6', 'fd85:ee78:d8a6:8607::1:0000/112', true],
      ['kube_service_addresses_ipv6', 'fd85:ee78:d8a6:8607::1000/116', true],
      ['kube_network_node_prefix', 24, true],
      ['kube_network_node_prefix_ipv6', 120, true],
    ]);
    // IPv6 only: no IPv4 defaults; the deprecated enable_dual_stack_networks turns IPv6 on too.
    assert.deepEqual(defaults(`${bare}ipv4_stack: false\nipv6_stack: true\nkube_pods_subnet_ipv6: fd00:1::/56\n`).map((r) => r[0]), [
      'kube_pods_subnet_ipv6',
      'kube_service_addresses_ipv6',
      'kube_network_node_prefix_ipv6',
    ]);
    assert.deepEqual(defaults(`${bare}enable_dual_stack_networks: true\nkube_pods_subnet: 10.233.64.0/18\n`).filter((r) => r[2]).map((r) => r[0]), [
      'kube_service_addresses',
      'kube_pods_subnet_ipv6',
      'kube_service_addresses_ipv6',
      'kube_network_node_prefix',
      'kube_network_node_prefix_ipv6',
    ]);
    // The upstream sample has ipv6_stack off (the default): its IPv6 values are read as written, no IPv6 default is added.
    assert.equal(defaults(`${bare}kube_pods_subnet: 10.233.64.0/18\n`).some((r) => String(r[0]).endsWith('_ipv6')), false);
  });
  it("k0s: node masks as k0s' controller-manager sets them (single stack node-cidr-mask-size, dual-stack -ipv4 24 / -ipv6 117), extraArgs override", () => {
    const text = readFileSync(join(UPSTREAM, 'k0s/configuration.md.ClusterConfig.yaml'), 'utf8');
    const masks = (t: string) => extractFile('k0s.yaml', t).blocks.map((b) => [b.field, b.family, b.prefix, Boolean(b.defaultNote)]);
    assert.deepEqual(masks(text), [['node-cidr-mask-size', 4, 24, true]]);
    const dual = text.replace('      enabled: false', '      enabled: true\n      IPv6podCIDR: fd00::/108\n      IPv6serviceCIDR: fd01::/108');
    assert.deepEqual(masks(dual), [['node-cidr-mask-size-ipv4', 4, 24, true], ['node-cidr-mask-size-ipv6', 6, 117, true]]);
    // IPv6 single stack: node-cidr-mask-size is 117.
    assert.deepEqual(masks(text.replace('podCIDR: 10.244.0.0/16', 'podCIDR: fd00::/104')), [['node-cidr-mask-size', 6, 117, true]]);
    const overridden = text.replace('  controllerManager: {}', '  controllerManager:\n    extraArgs:\n      node-cidr-mask-size: "26"');
    assert.ok(overridden !== text, 'the planted extraArgs are in the file');
    assert.deepEqual(masks(overridden), [['node-cidr-mask-size', 4, 26, false]]);
  });
  it('eksctl: vpc.ipv6Cidr, extraCIDRs and extraIPv6CIDRs are VPC space; a string where the list belongs is PN101', () => {
    const text = readFileSync(join(UPSTREAM, 'eksctl/04-existing-vpc.yaml'), 'utf8');
    const added = text.replace(
      '  cidr: "192.168.0.0/16"',
      '  cidr: "192.168.0.0/16"\n  ipv6Cidr: 2600:1f18::/56\n  extraCIDRs: [100.64.0.0/16]\n  extraIPv6CIDRs: [2600:1f18:1::/56]',
    );
    assert.ok(added !== text, 'the planted fields are in the file');
    const vpcs = extractFile('e.yaml', added).ranges.filter((r) => r.role === 'vpc').map((r) => [r.field, r.text]);
    assert.deepEqual(vpcs, [['vpc.cidr', '192.168.0.0/16'], ['vpc.ipv6Cidr', '2600:1f18::/56'], ['vpc.extraCIDRs[0]', '100.64.0.0/16'], [
      'vpc.extraIPv6CIDRs[0]',
      '2600:1f18:1::/56',
    ]]);
    assert.deepEqual(lintText('e.yaml', text.replace('  cidr: "192.168.0.0/16"', '  cidr: "192.168.0.0/16"\n  extraCIDRs: 100.64.0.0/16')).findings, [[
      'PN101',
      13,
    ]]);
  });
  it("Talos: node masks from KubeNetworkConfig's nodeCIDRMaskSizeIPv4/IPv6 (defaults 24 / 64, per family present) or v1alpha1's controller-manager extraArgs", () => {
    const v15 = readFileSync(join(UPSTREAM, 'talos/v1.15-base-controlplane.yaml'), 'utf8');
    const masks = (t: string) => extractFile('t.yaml', t).blocks.map((b) => [b.field, b.family, b.prefix, Boolean(b.defaultNote)]);
    assert.deepEqual(masks(v15), [['nodeCIDRMaskSizeIPv4', 4, 24, true]]);
    const dual = v15.replace('    - 10.244.0.0/16\n', '    - 10.244.0.0/16\n    - fd00:10:244::/56\n').replace(
      'serviceSubnets:\n',
      'nodeCIDRMaskSizeIPv4: 30\nserviceSubnets:\n',
    );
    assert.deepEqual(masks(dual), [['nodeCIDRMaskSizeIPv4', 4, 30, false], ['nodeCIDRMaskSizeIPv6', 6, 64, true]]);
    // A /30 per node cannot hold kubelet's 110 pods.
    assert.deepEqual(lintText('t.yaml', dual).findings, [['PN133', 80]]);
    const v12 = readFileSync(join(UPSTREAM, 'talos/v1.12-base-controlplane.yaml'), 'utf8');
    assert.deepEqual(masks(v12), [['cluster.controllerManager.extraArgs.node-cidr-mask-size-ipv4', 4, 24, true]]);
    const args = v12.replace('    controllerManager:\n', '    controllerManager:\n        extraArgs:\n            node-cidr-mask-size-ipv4: "26"\n');
    assert.deepEqual(masks(args), [['cluster.controllerManager.extraArgs.node-cidr-mask-size-ipv4', 4, 26, false]]);
  });
  it('Whereabouts: a gateway outside its range is PN104 (its extended-configuration docs put 192.168.2.1 beside 192.168.2.225/28)', () => {
    const text = readFileSync(join(UPSTREAM, 'whereabouts/README.md.exclude.conf'), 'utf8');
    const gw = (a: string) => text.replace('        ]\n      }', `        ],\n        "gateway": "${a}"\n      }`);
    assert.ok(gw('x') !== text, 'the gateway is planted');
    assert.deepEqual(lintText('w.conf', gw('192.168.2.1')).findings, [['PN104', 14]]);
    assert.deepEqual(lintText('w.conf', gw('192.168.2.225')).findings, []);
  });
  it('Whereabouts: the short range form "start-CIDR" (its config parser splits it) is range_start plus the range, not an invalid CIDR', () => {
    const text = readFileSync(join(UPSTREAM, 'whereabouts/README.md.exclude.conf'), 'utf8');
    const short = text.replace('"range": "192.168.2.225/28"', '"range": "192.168.2.226-192.168.2.238/28"');
    assert.ok(short !== text, 'the planted range is in the file');
    assert.deepEqual(lintText('w.conf', short).rows.slice(0, 2), [['address', 9, 19, '192.168.2.226'], ['pod-network', 9, 33, '192.168.2.238/28']]);
    assert.deepEqual(lintText('w.conf', short).findings, []);
    // A start outside the CIDR: Whereabouts refuses it ("invalid range start"), Podnet says PN104 at the start.
    assert.deepEqual(lintText('w.conf', text.replace('"range": "192.168.2.225/28"', '"range": "192.168.3.1-192.168.2.238/28"')).findings, [['PN104', 9]]);
  });
  it('RKE2/k3s: node masks from kube-controller-manager-arg and max-pods from kubelet-arg ("name=value"), at the value', () => {
    const text = readFileSync(join(UPSTREAM, 'rke2/basic_network_options.md.dual-stack-config.yaml'), 'utf8');
    const args = `${text}kube-controller-manager-arg:\n  - node-cidr-mask-size-ipv4=25\n  - node-cidr-mask-size-ipv6=120\nkubelet-arg:\n  - max-pods=200\n`;
    const fx = extractFile('config.yaml', args);
    assert.deepEqual(fx.blocks.map((b) => [b.field, b.family, b.prefix, args.slice(b.span.start, b.span.end)]), [
      ['kube-controller-manager-arg node-cidr-mask-size-ipv4', 4, 25, '25'],
      ['kube-controller-manager-arg node-cidr-mask-size-ipv6', 6, 120, '120'],
    ]);
    assert.deepEqual(fx.maxPods.map((m) => m.value), [200]);
    // A /25 holds 126 pods, not the 200 kubelet-arg asks for.
    assert.ok(lintText('config.yaml', args).findings.some(([c, l]) => c === 'PN133' && l === 5), JSON.stringify(lintText('config.yaml', args).findings));
    assert.deepEqual(lintText('config.yaml', `${text}kube-controller-manager-arg: node-cidr-mask-size=2x\n`).findings, [['PN101', 4]]);
  });
  it('Cilium pools: maskSize is the node block of its family; a reversed or one-sided start/stop, mixed families and wrong types are PN101', () => {
    const green = extractFile('p.yaml', readFileSync(join(UPSTREAM, 'cilium/multi-pool.rst.green-pool.yaml'), 'utf8'));
    assert.deepEqual(green.blocks.map((b) => [b.field, b.kind, b.family, b.prefix]), [['spec.ipv4.maskSize', 'node-mask', 4, 24], [
      'spec.ipv6.maskSize',
      'node-mask',
      6,
      120,
    ]]);
    const bad = [
      'apiVersion: cilium.io/v2alpha1\nkind: CiliumLoadBalancerIPPool\nmetadata:\n  name: bad\nspec:\n  cidrs:',
      '  - start: "20.0.20.200"\n    stop: "20.0.20.100"',
      '  - stop: "20.0.20.100"',
      '  - start: "20.0.20.1"\n    stop: "2001:2::1"',
      '  - cidr: ["10.0.0.0/24"]',
      '---\napiVersion: cilium.io/v2alpha1\nkind: CiliumPodIPPool\nmetadata:\n  name: objects\nspec:\n  ipv4:\n    cidrs:\n      - cidr: "10.10.0.0/16"\n        maskSize: 24\n',
    ].join('\n');
    assert.deepEqual(lintText('bad.yaml', bad).findings, [['PN101', 7], ['PN101', 9], ['PN101', 10], ['PN101', 12], ['PN101', 21]]);
  });
  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`${file}: every range at its exact position, and the exact findings`, () => {
      const text = readFileSync(join(UPSTREAM, file), 'utf8');
      const got = lintText(file, text);
      assert.deepEqual(got.rows, want.ranges);
      assert.deepEqual(got.findings, want.findings);
    });
    it(`${file}: a planted mistake (${want.planted.code}) is found at line ${want.planted.line}`, () => {
      const text = readFileSync(join(UPSTREAM, file), 'utf8');
      assert.ok(text.includes(want.planted.from), 'the planted string is in the file');
      const got = lintText(file, text.replace(want.planted.from, want.planted.to));
      assert.ok(got.findings.some(([c, l]) => c === want.planted.code && l === want.planted.line), JSON.stringify(got.findings));
      assert.equal(lintText(file, text).findings.some(([c, l]) => c === want.planted.code && l === want.planted.line), false, 'not there before');
    });
  }
});
