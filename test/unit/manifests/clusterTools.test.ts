import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// Forms of the cluster-creation tools that no vendored upstream file shows (upstream.test.ts has those).
const ranges = (text: string, file = 'config.yaml') => extractFile(file, text).ranges.map((r) => [r.role, r.text, Boolean(r.defaultNote)]);
const codes = (text: string, file = 'config.yaml') => lintFiles([extractFile(file, text)]).findings.map((f) => [f.code, f.start.line + 1]);

describe('cluster-creation tools: forms without an upstream file', () => {
  it("kind: a kubeadm patch that sets serviceSubnet replaces kind's default service network", () => {
    const text =
      'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 10.96.0.0/16\nkubeadmConfigPatches:\n- |\n  kind: ClusterConfiguration\n  networking:\n    serviceSubnet: 10.0.0.0/16\n';
    assert.deepEqual(ranges(text), [['pod-network', '10.96.0.0/16', false], ['service-network', '10.0.0.0/16', false]]);
    assert.deepEqual(codes(text), []);
    // Without the patch, kind's 10.96.0.0/16 is the service network, and the pods sit on it.
    assert.deepEqual(codes(text.replace(/kubeadmConfigPatches:[^]*$/, '')), [['PN110', 1], ['PN110', 4]]);
  });
  it('Cluster API: the service default follows the control plane (kubeadm, Talos, k3s, RKE2), none for a managed or unknown one', () => {
    const cluster = (plane?: string) =>
      `apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: c\nspec:\n  clusterNetwork:\n    pods:\n      cidrBlocks: ["10.96.0.0/16"]\n${
        plane ? `  controlPlaneRef:\n    kind: ${plane}\n    name: c\n` : ''
      }`;
    const services = (plane?: string) => extractFile('c.yaml', cluster(plane)).ranges.filter((r) => r.role === 'service-network').map((r) => r.text);
    assert.deepEqual(services(), ['10.96.0.0/12']);
    assert.deepEqual(services('KubeadmControlPlane'), ['10.96.0.0/12']);
    assert.deepEqual(services('TalosControlPlane'), ['10.96.0.0/12']);
    assert.deepEqual(services('KThreesControlPlane'), ['10.43.0.0/16']);
    assert.deepEqual(services('RKE2ControlPlane'), ['10.43.0.0/16']);
    for (const managed of ['AWSManagedControlPlane', 'ROSAControlPlane', 'AzureManagedControlPlane', 'SomethingNew', 'constructor']) {
      assert.deepEqual(services(managed), [], managed);
      assert.deepEqual(codes(cluster(managed), 'c.yaml'), [], managed);
    }
    assert.deepEqual(codes(cluster('KubeadmControlPlane'), 'c.yaml'), [['PN110', 2], ['PN110', 8]]);
  });
  it('Cluster API: a variable standing for a whole list is a template (its default list read), never a wrong type', () => {
    const text = (v: string) =>
      `apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: c\nspec:\n  clusterNetwork:\n    services:\n      cidrBlocks: ${v}\n`;
    assert.deepEqual(ranges(text('${SERVICE_CIDR}')), []);
    assert.deepEqual(codes(text('${SERVICE_CIDR}')), []);
    assert.deepEqual(ranges(text('${SERVICE_CIDR:=["10.128.0.0/12", \'fd00::/108\']}')), [['service-network', '10.128.0.0/12', false], [
      'service-network',
      'fd00::/108',
      false,
    ]]);
    assert.deepEqual(ranges(text('${SERVICE_CIDR:-[10.128.0.0/12]}')), [['service-network', '10.128.0.0/12', false]]);
    // A mistake in the default is found at its place in the line; a plain string is still a wrong type.
    const bad = lintFiles([extractFile('c.yaml', text('${SERVICE_CIDR:=["10.128.0.0/33"]}'))]).findings;
    assert.deepEqual(bad.map((f) => [f.code, f.start.line + 1, f.start.character + 1]), [['PN101', 8, 37]]);
    assert.deepEqual(codes(text('10.128.0.0/12')), [['PN101', 8]]);
  });
  it('eksctl hybrid nodes: the remote node and pod networks are read, apart from the VPC', () => {
    const text =
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: h\n  region: us-west-2\nkubernetesNetworkConfig:\n  serviceIPv4CIDR: 10.80.0.0/16\nremoteNetworkConfig:\n  remoteNodeNetworks:\n    - cidrs: ["10.80.146.0/24"]\n  remotePodNetworks:\n    - cidrs: ["10.86.0.0/16"]\n';
    assert.deepEqual(extractFile('h.yaml', text).ranges.map((r) => [r.role, r.field, r.text]), [
      ['vpc', 'vpc.cidr', '192.168.0.0/16'],
      ['node-network', 'remoteNetworkConfig.remoteNodeNetworks[0].cidrs[0]', '10.80.146.0/24'],
      ['pod-network', 'remoteNetworkConfig.remotePodNetworks[0].cidrs[0]', '10.86.0.0/16'],
      ['service-network', 'kubernetesNetworkConfig.serviceIPv4CIDR', '10.80.0.0/16'],
    ]);
    // The service range holds the on-premises nodes; the VPC (no subnets) is still the cloud nodes' network.
    assert.deepEqual(codes(text, 'h.yaml'), [['PN112', 7], ['PN112', 10]]);
    assert.deepEqual(codes(text.replace('10.80.0.0/16', '192.168.0.0/20'), 'h.yaml'), [['PN112', 2], ['PN112', 7]]);
  });
  it('ROSA through CAPA: machineCIDR, podCIDR, serviceCIDR and hostPrefix (23 by default)', () => {
    const text = (net: string) => `apiVersion: controlplane.cluster.x-k8s.io/v1beta2\nkind: ROSAControlPlane\nmetadata:\n  name: r\nspec:\n  network:\n${net}`;
    const net = '    machineCIDR: 10.0.0.0/16\n    podCIDR: 10.128.0.0/14\n    serviceCIDR: 172.30.0.0/16\n';
    const x = extractFile('r.yaml', text(net));
    assert.deepEqual(x.ranges.map((r) => [r.role, r.field, r.text]), [
      ['node-network', 'spec.network.machineCIDR', '10.0.0.0/16'],
      ['pod-network', 'spec.network.podCIDR', '10.128.0.0/14'],
      ['service-network', 'spec.network.serviceCIDR', '172.30.0.0/16'],
    ]);
    assert.deepEqual(x.blocks.map((b) => [b.field, b.prefix, Boolean(b.defaultNote)]), [['spec.network.hostPrefix', 23, true]]);
    assert.deepEqual(codes(text(net)), []);
    assert.deepEqual(codes(text(net.replace('machineCIDR: 10.0.0.0/16', 'machineCIDR: 10.128.0.0/16'))), [['PN111', 7], ['PN111', 8]]);
    assert.deepEqual(codes(text(`${net}    hostPrefix: 12\n`)), [['PN132', 10]]);
  });
  it("a VPC with no subnets declared is the nodes' network; with subnets, only they are", () => {
    const eks = (extra: string) =>
      `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n  region: eu-north-1\nkubernetesNetworkConfig:\n  serviceIPv4CIDR: 10.10.128.0/24\nvpc:\n  cidr: 10.10.0.0/16\n${extra}`;
    const found = lintFiles([extractFile('e.yaml', eks(''))]).findings;
    assert.deepEqual(found.map((f) => [f.code, f.start.line + 1]), [['PN112', 7], ['PN112', 9]]);
    // Moving the VPC is not offered as the fix; moving the service range is.
    assert.deepEqual(found.map((f) => f.fixes.length), [1, 0]);
    assert.deepEqual(codes(eks('  subnets:\n    private:\n      eu-north-1a: { cidr: 10.10.0.0/19 }\n'), 'e.yaml'), []);
  });
  it('RKE2/k3s cluster-cidr and service-cidr as YAML lists are one dual-stack field each', () => {
    const text = 'cluster-cidr:\n  - 10.42.0.0/16\n  - 2001:cafe:42::/56\nservice-cidr:\n  - 10.43.0.0/16\n  - 10.44.0.0/16\n';
    assert.deepEqual(ranges(text), [
      ['pod-network', '10.42.0.0/16', false],
      ['pod-network', '2001:cafe:42::/56', false],
      ['service-network', '10.43.0.0/16', false],
      ['service-network', '10.44.0.0/16', false],
    ]);
    // Two IPv4 service ranges in one dual-stack field: PN103 on the second.
    assert.deepEqual(codes(text), [['PN103', 6]]);
    assert.deepEqual(ranges('cluster-cidr: ["10.42.0.0/16,2001:cafe:42::/56"]\n').map((r) => r[1]), ['10.42.0.0/16', '2001:cafe:42::/56', '10.43.0.0/16']);
  });
  it('kops: the spec.networking layout (v1alpha3, newer kops) is read like the top-level one', () => {
    const text =
      'apiVersion: kops.k8s.io/v1alpha3\nkind: Cluster\nmetadata:\n  name: c.example.com\nspec:\n  networking:\n    networkCIDR: 172.20.0.0/16\n    nonMasqueradeCIDR: 100.64.0.0/10\n    podCIDR: 100.96.0.0/11\n    serviceClusterIPRange: 100.96.0.0/13\n    subnets:\n    - cidr: 172.20.32.0/19\n      name: a\n    cilium: {}\n';
    const r = extractFile('k.yaml', text).ranges.map((x) => [x.role, x.field, x.text]);
    assert.deepEqual(r, [
      ['vpc', 'spec.networking.networkCIDR', '172.20.0.0/16'],
      ['route', 'spec.networking.nonMasqueradeCIDR', '100.64.0.0/10'],
      ['pod-network', 'spec.networking.podCIDR', '100.96.0.0/11'],
      ['service-network', 'spec.networking.serviceClusterIPRange', '100.96.0.0/13'],
      ['node-network', 'spec.networking.subnets[0].cidr', '172.20.32.0/19'],
    ]);
    assert.deepEqual(codes(text, 'k.yaml'), [['PN110', 9], ['PN110', 10]]);
  });
  it('Talos: a config patch (no version) is read without defaults; interface addresses are node networks', () => {
    const text =
      'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        addresses:\n          - 10.244.1.10/24\ncluster:\n  network:\n    podSubnets:\n      - 10.244.0.0/16\n';
    assert.deepEqual(ranges(text, 'patch.yaml'), [['pod-network', '10.244.0.0/16', false], ['node-network', '10.244.1.10/24', false]]);
    assert.deepEqual(codes(text, 'patch.yaml'), [['PN111', 6], ['PN111', 10]]);
    // Cilium's Helm values also have a top-level `cluster:` key; without network subnets it is not Talos.
    assert.deepEqual(ranges('cluster:\n  name: default\n  id: 0\n', 'values.yaml'), []);
  });
  it('Talos nodeIP.validSubnets: a filter (a broad one is fine around the pods), `!CIDR` entries exclude', () => {
    const text = (subnets: string) =>
      `version: v1alpha1\nmachine:\n  kubelet:\n    nodeIP:\n      validSubnets:\n${subnets}cluster:\n  network:\n    podSubnets:\n      - 10.244.0.0/16\n    serviceSubnets:\n      - 10.96.0.0/12\n`;
    // Talos' own decoder test data: 10.0.0.0/8 with an excluded /32.
    assert.deepEqual(codes(text("        - 10.0.0.0/8\n        - '!10.0.0.3/32'\n")), []);
    assert.deepEqual(ranges(text("        - 10.0.0.0/8\n        - '!10.0.0.3/32'\n")).filter((r) => r[0] === 'node-ip-filter' || r[0] === 'address'), [[
      'node-ip-filter',
      '10.0.0.0/8',
      false,
    ], [
      'address',
      '10.0.0.3/32',
      false,
    ]]);
    assert.deepEqual(codes(text("        - '!10.0.0.3/33'\n")), [['PN101', 6]]);
    // A filter inside the pod or service network: every IP it allows is shadowed.
    assert.deepEqual(codes(text('        - 10.244.1.0/24\n')), [['PN111', 6], ['PN111', 10]]);
    assert.deepEqual(codes(text('        - 10.100.0.0/16\n')), [['PN112', 6], ['PN112', 12]]);
  });
  it('Canonical Kubernetes: load-balancer.cidrs takes start-end ranges too (its example file has one)', () => {
    const text =
      'cluster-config:\n  network:\n    enabled: true\n  load-balancer:\n    enabled: true\n    cidrs:\n    - 10.0.0.0/24\n    - 10.100.0.10-10.100.0.20\npod-cidr: 10.100.0.0/16\nservice-cidr: 10.200.0.0/16\n';
    assert.deepEqual(ranges(text, 'bootstrap.yaml').filter((r) => r[0] === 'lb-pool'), [['lb-pool', '10.0.0.0/24', false], [
      'lb-pool',
      '10.100.0.10-10.100.0.20',
      false,
    ]]);
    assert.deepEqual(codes(text, 'bootstrap.yaml'), [['PN113', 8], ['PN113', 9]]);
  });
  it("Cilium Helm values with IPv6 only (no IPv4 key, as in Cilium's bgp-cplane-dev-v6 values) are recognised", () => {
    const text = 'routingMode: native\nipv4:\n  enabled: false\nipv6:\n  enabled: true\nipv6NativeRoutingCIDR: fd00::/16\nipam:\n  mode: kubernetes\n';
    assert.deepEqual(ranges(text, 'values.yaml'), [['route', 'fd00::/16', false]]);
    assert.deepEqual(codes(text.replace('fd00::/16', 'fd00::/200'), 'values.yaml'), [['PN101', 6]]);
  });
  it('Cilium Helm values: the cluster-pool lists and mask sizes, and the chart defaults', () => {
    const values =
      'hubble:\n  enabled: true\nipam:\n  mode: cluster-pool\n  operator:\n    clusterPoolIPv4PodCIDRList: ["10.8.0.0/16", "10.9.0.0/16"]\n    clusterPoolIPv4MaskSize: 27\nipv4NativeRoutingCIDR: 10.0.0.0/8\n';
    const r = extractFile('values.yaml', values);
    assert.deepEqual(r.ranges.map((x) => [x.role, x.field, x.text]), [
      ['route', 'ipv4NativeRoutingCIDR', '10.0.0.0/8'],
      ['pod-network', 'ipam.operator.clusterPoolIPv4PodCIDRList[0]', '10.8.0.0/16'],
      ['pod-network', 'ipam.operator.clusterPoolIPv4PodCIDRList[1]', '10.9.0.0/16'],
    ]);
    assert.deepEqual(r.blocks.map((b) => [b.field, b.prefix]), [['ipam.operator.clusterPoolIPv4MaskSize', 27]]);
    assert.deepEqual(ranges('hubble: {enabled: true}\nipam: {mode: cluster-pool}\n', 'values.yaml'), [['pod-network', '10.0.0.0/8', true]]);
    assert.deepEqual(ranges('hubble: {enabled: true}\nipam: {mode: kubernetes}\n', 'values.yaml'), []);
  });
});
