import assert from 'node:assert/strict';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// One case per source kind not covered by the corpus: [role, text, is-default] for each range, and
// that the source text at the span is the value (or the anchor for defaults).
function ranges(text: string, file = 't.yaml') {
  const r = extractFile(file, text);
  for (const x of r.ranges) if (!x.defaultNote) assert.ok(x.text.startsWith(text.slice(x.span.start, x.span.end)), `${x.text} at its span`);
  return {
    list: r.ranges.map((x) => [x.role, x.text, Boolean(x.defaultNote)]),
    blocks: r.blocks.map((b) => [b.field, b.prefix, Boolean(b.defaultNote)]),
    problems: r.problems,
  };
}

describe('extractors', () => {
  it('Weave: --ipalloc-range flag, explicit env, and the default', () => {
    const ds = (container: string) =>
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: weave-net}\nspec:\n  template:\n    spec:\n      containers:\n${container}`;
    assert.deepEqual(ranges(ds('      - name: weave\n        args: ["--ipalloc-range=10.40.0.0/16"]\n')).list, [['pod-network', '10.40.0.0/16', false]]);
    assert.deepEqual(ranges(ds('      - name: weave\n        env:\n        - name: IPALLOC_RANGE\n          value: "10.41.0.0/16"\n')).list, [[
      'pod-network',
      '10.41.0.0/16',
      false,
    ]]);
    assert.deepEqual(ranges(ds('      - name: weave\n        env:\n')).list, [['pod-network', '10.32.0.0/12', true]]);
  });
  it('calico-node env pools and block sizes', () => {
    const t =
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: calico-node}\nspec:\n  template:\n    spec:\n      containers:\n      - name: calico-node\n        env:\n        - {name: CALICO_IPV4POOL_CIDR, value: "10.60.0.0/16"}\n        - {name: CALICO_IPV4POOL_BLOCK_SIZE, value: "27"}\n        - {name: CALICO_IPV6POOL_CIDR, value: "fd00:60::/48"}\n`;
    const r = ranges(t);
    assert.deepEqual(r.list, [['pod-network', '10.60.0.0/16', false], ['pod-network', 'fd00:60::/48', false]]);
    assert.deepEqual(r.blocks, [['CALICO_IPV4POOL_BLOCK_SIZE', 27, false]]);
  });
  it('Calico IPPool v3 (block size default), LoadBalancer-only pool, operator Installation with and without pools', () => {
    assert.deepEqual(ranges('apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec:\n  cidr: fd00:61::/48\n').blocks, [[
      'spec.blockSize',
      122,
      true,
    ]]);
    assert.deepEqual(
      ranges('apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata: {name: lb}\nspec:\n  cidr: 10.62.0.0/24\n  allowedUses: [LoadBalancer]\n').list,
      [['lb-pool', '10.62.0.0/24', false]],
    );
    assert.deepEqual(
      ranges(
        'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata: {name: default}\nspec:\n  calicoNetwork:\n    ipPools:\n    - cidr: 10.63.0.0/16\n      blockSize: 24\n',
      ).blocks,
      [['spec.calicoNetwork.ipPools[0].blockSize', 24, false]],
    );
    assert.deepEqual(ranges('apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata: {name: default}\nspec: {}\n').list, [[
      'pod-network',
      '192.168.0.0/16',
      true,
    ]]);
  });
  it('cilium-config: space-separated pool list, IPv6 pool, mask sizes; default pool; ipam kubernetes has none', () => {
    const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata:\n${data}`;
    const r = ranges(
      cm(
        '  cluster-pool-ipv4-cidr: "10.64.0.0/16 10.65.0.0/16"\n  cluster-pool-ipv4-mask-size: "25"\n  enable-ipv6: "true"\n  cluster-pool-ipv6-cidr: "fd00:64::/104"\n',
      ),
    );
    assert.deepEqual(r.list, [['pod-network', '10.64.0.0/16', false], ['pod-network', '10.65.0.0/16', false], ['pod-network', 'fd00:64::/104', false]]);
    assert.deepEqual(r.blocks, [['cluster-pool-ipv4-mask-size', 25, false], ['cluster-pool-ipv6-mask-size', 120, true]]);
    assert.deepEqual(ranges(cm('  tunnel: vxlan\n')).list, [['pod-network', '10.0.0.0/8', true]]);
    assert.deepEqual(ranges(cm('  ipam: kubernetes\n')).list, []);
  });
  it('Antrea controller and agent configs (YAML inside strings)', () => {
    const t =
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: antrea-config}\ndata:\n  antrea-controller.conf: |\n    nodeIPAM:\n      enableNodeIPAM: true\n      clusterCIDRs: [10.66.0.0/16]\n      serviceCIDR: 10.67.0.0/16\n      nodeCIDRMaskSizeIPv4: 25\n  antrea-agent.conf: |\n    serviceCIDR: "10.67.0.0/16"\n    transportInterfaceCIDRs: [172.20.0.0/16]\n`;
    const r = ranges(t);
    assert.deepEqual(r.list, [['pod-network', '10.66.0.0/16', false], ['service-network', '10.67.0.0/16', false], ['service-network', '10.67.0.0/16', false], [
      'node-network',
      '172.20.0.0/16',
      false,
    ]]);
    assert.deepEqual(r.blocks, [['nodeIPAM.nodeCIDRMaskSizeIPv4', 25, false]]);
  });
  it('kube-router cni-conf.json with a subnet, ServiceCIDR, MetalLB range', () => {
    const kr =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-router-cfg}\ndata:\n  cni-conf.json: |\n    {"cniVersion":"0.3.0","name":"mynet","plugins":[{"type":"bridge","bridge":"kube-bridge","ipam":{"type":"host-local","subnet":"10.68.1.0/24"}}]}\n';
    assert.deepEqual(ranges(kr).list, [['pod-network', '10.68.1.0/24', false]]);
    assert.deepEqual(
      ranges('apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: s}\nspec:\n  cidrs: [10.69.0.0/16, "fd00:69::/108"]\n').list,
      [['service-network', '10.69.0.0/16', false], ['service-network', 'fd00:69::/108', false]],
    );
  });
  it('kubeadm v1beta4 extraArgs list, kube-proxy dual-stack, kubelet maxPods', () => {
    const t =
      'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.70.0.0/16\ncontrollerManager:\n  extraArgs:\n  - name: cluster-cidr\n    value: 10.70.0.0/16\n  - name: node-cidr-mask-size-ipv4\n    value: "25"\n---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.70.0.0/16,fd00:70::/56\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 250\n';
    const r = extractFile('k.yaml', t);
    assert.deepEqual(r.ranges.map((x) => [x.source, x.field, x.text, Boolean(x.defaultNote)]), [
      ['kubeadm', 'networking.podSubnet', '10.70.0.0/16', false],
      ['kubeadm', 'networking.serviceSubnet', '10.96.0.0/12', true],
      ['controller-manager', 'controllerManager.extraArgs cluster-cidr', '10.70.0.0/16', false],
      ['kube-proxy', 'clusterCIDR', '10.70.0.0/16', false],
      ['kube-proxy', 'clusterCIDR', 'fd00:70::/56', false],
    ]);
    assert.deepEqual(r.blocks.map((b) => [b.field, b.prefix]), [['node-cidr-mask-size', 25]]);
    assert.deepEqual(r.maxPods.map((m) => m.value), [250]);
  });
  it('kind ipv6 defaults and k3s defaults are marked as defaults', () => {
    assert.deepEqual(ranges('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: ipv6\n').list, [[
      'pod-network',
      'fd00:10:244::/56',
      true,
    ], ['service-network', 'fd00:10:96::/112', true]]);
    assert.deepEqual(ranges('cluster-dns: 10.43.0.10\n', 'config.yaml').list, [
      ['pod-network', '10.42.0.0/16', true],
      ['service-network', '10.43.0.0/16', true],
      ['address', '10.43.0.10', false],
    ]);
  });
  it('never reads CRD schemas, descriptions, comments or placeholders as ranges', () => {
    const crd =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ippools.crd.projectcalico.org}\nspec:\n  versions:\n  - schema:\n      openAPIV3Schema:\n        properties:\n          cidr:\n            description: "The pool CIDR, e.g. 10.0.0.0/8"\n            type: string\n';
    assert.deepEqual(ranges(crd).list, []);
    const commented = 'apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata: {name: p}\nspec:\n  # cidr: 10.1.0.0/16\n  cidr: "{{ .Values.cidr }}"\n';
    assert.deepEqual(ranges(commented).list, []);
  });
});

describe('syntax checking', () => {
  it('reports a syntax error in a document that holds no range (small files are fully checked)', () => {
    const text =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n    bad: indent\n---\napiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nspec:\n  cidrs: [10.96.0.0/12]\n';
    const r = extractFile('t.yaml', text);
    assert.deepEqual(r.problems.map((p) => p.code), ['PN151']);
    assert.deepEqual(r.ranges.map((x) => x.text), ['10.96.0.0/12']);
  });
});
