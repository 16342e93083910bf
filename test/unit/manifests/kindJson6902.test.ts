import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// kind's kubeadmConfigPatchesJSON6902 (cluster-wide and per node): RFC 6902 operations whose values
// land where their paths point in the generated kubeadm config.
const cluster = (patches: string) => `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n${patches}`;
const fields = (text: string) => extractFile('kind.yaml', text).ranges.filter((r) => !r.defaultNote).map((r) => [r.role, r.field, r.text]);

describe('kind kubeadmConfigPatchesJSON6902', () => {
  it('add and replace write their values, at their own lines; operations on the same object merge', () => {
    const text = cluster(
      'kubeadmConfigPatchesJSON6902:\n- group: kubeadm.k8s.io\n  version: v1beta3\n  kind: ClusterConfiguration\n  patch: |\n    - op: add\n      path: /networking/podSubnet\n      value: 10.100.0.0/16\n    - op: replace\n      path: /networking/serviceSubnet\n      value: 10.100.128.0/20\n',
    );
    assert.deepEqual(fields(text), [['pod-network', 'networking.podSubnet', '10.100.0.0/16'], [
      'service-network',
      'networking.serviceSubnet',
      '10.100.128.0/20',
    ]]);
    assert.deepEqual(lintFiles([extractFile('kind.yaml', text)]).findings.map((f) => [f.code, f.start.line + 1]), [['PN110', 10], ['PN110', 13]]);
  });
  it('a whole subtree as the value, escaped path segments (~1), array appends (-), and per-node patches', () => {
    const text = cluster(
      'nodes:\n- role: control-plane\n- role: worker\n  kubeadmConfigPatchesJSON6902:\n  - group: kubeadm.k8s.io\n    version: v1beta4\n    kind: ClusterConfiguration\n    patch: |\n      - op: add\n        path: /networking\n        value: {podSubnet: 10.200.0.0/16}\n      - op: add\n        path: /controllerManager/extraArgs/-\n        value: {name: cluster-cidr, value: 10.200.0.0/16}\n',
    );
    assert.deepEqual(fields(text).map((r) => r[2]), ['10.200.0.0/16', '10.200.0.0/16']);
    const escaped = cluster(
      'kubeadmConfigPatchesJSON6902:\n- {group: kubeadm.k8s.io, version: v1beta3, kind: JoinConfiguration, patch: "[{op: add, path: /nodeRegistration/kubeletExtraArgs/node~1ip, value: 10.1.2.3}, {op: add, path: /nodeRegistration/kubeletExtraArgs/node-ip, value: 10.9.9.9}]"}\n',
    );
    // "node~1ip" is the key "node/ip", not node-ip: only the second operation sets node-ip.
    assert.deepEqual(fields(escaped).map((r) => r[2]), ['10.9.9.9']);
  });
  it('remove, move, copy and test write nothing; a patch that is not a list of operations adds nothing; broken YAML is PN150', () => {
    const ops = (patch: string) =>
      cluster(`kubeadmConfigPatchesJSON6902:\n- group: kubeadm.k8s.io\n  version: v1beta3\n  kind: ClusterConfiguration\n  patch: |\n${patch}`);
    assert.deepEqual(
      fields(ops('    - op: remove\n      path: /networking/podSubnet\n    - op: test\n      path: /networking/podSubnet\n      value: 10.0.0.0/8\n')),
      [],
    );
    assert.deepEqual(fields(ops('    networking: {podSubnet: 10.0.0.0/8}\n')), []);
    const broken = extractFile('kind.yaml', ops('    - op: add\n      path: [\n'));
    assert.deepEqual(broken.problems.map((p) => p.code), ['PN150']);
  });
  it('KubeletConfiguration maxPods through an operation', () => {
    const text = cluster(
      'kubeadmConfigPatchesJSON6902:\n- group: kubelet.config.k8s.io\n  version: v1beta1\n  kind: KubeletConfiguration\n  patch: |\n    - op: add\n      path: /maxPods\n      value: 300\n',
    );
    assert.deepEqual(extractFile('kind.yaml', text).maxPods.map((m) => m.value), [300]);
  });
});
