import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// Forms of the cluster-creation tools that no vendored upstream file shows (upstream.test.ts has those).
const ranges = (text: string, file = 'config.yaml') => extractFile(file, text).ranges.map((r) => [r.role, r.text, Boolean(r.defaultNote)]);
const codes = (text: string, file = 'config.yaml') => lintFiles([extractFile(file, text)]).findings.map((f) => [f.code, f.start.line + 1]);

describe('cluster-creation tools: forms without an upstream file', () => {
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
