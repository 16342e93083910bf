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
  'capa/cluster-template-multi-az.yaml': {
    ranges: [
      ['pod-network', 13, 9, '192.168.0.0/16'],
      ['service-network', 2, 7, 'Cluster', '10.96.0.0/12'],
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
  'openshift/deploy_dual_stack_cluster.md.install-config.yaml': {
    ranges: [
      ['pod-network', 22, 11, '10.128.0.0/14'],
      ['pod-network', 24, 11, 'fd01::/48'],
      ['service-network', 27, 5, '172.30.0.0/16'],
      ['service-network', 28, 5, 'fd02::/112'],
      // networkType is not set, so OVNKubernetes: its internal subnets, anchored on `networking`.
      ...['100.64.0.0/16', '100.88.0.0/16', '169.254.0.0/17', 'fd98::/64', 'fd97::/64', 'fd69::/112'].map((c): Row => ['reserved', 17, 1, 'networking', c]),
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
  it('kubespray: kube_network_node_prefix(_ipv6) are the node blocks; a /30 cannot hold kubelet_max_pods', () => {
    const text = readFileSync(join(UPSTREAM, 'kubespray/k8s-cluster.yml'), 'utf8');
    assert.deepEqual(extractFile('k.yml', text).blocks.map((b) => [b.field, b.family, b.prefix]), [['kube_network_node_prefix', 4, 24], [
      'kube_network_node_prefix_ipv6',
      6,
      120,
    ]]);
    assert.deepEqual(lintText('k.yml', text.replace('\nkube_network_node_prefix: 24', '\nkube_network_node_prefix: 30')).findings, [['PN133', 111]]);
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
