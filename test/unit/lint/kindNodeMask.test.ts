import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

const lint = (text: string) => lintFiles([extractFile('kind.yaml', text)]).findings;
const head = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n';
const nodes = (n: number) => `nodes:\n${'- role: worker\n'.repeat(n)}`;

// kind's kubeadm templates set no node-cidr-mask-size, so kube-controller-manager's defaults
// (/24 for IPv4, /64 for IPv6) cut whatever cluster-cidr it runs with.
describe('lint: kind node blocks from kube-controller-manager defaults', () => {
  it('PN133 for a maxPods the default /24 cannot hold, at the pod subnet', () => {
    const f = lint(`${head}networking:\n  podSubnet: 10.244.0.0/16\nkubeadmConfigPatches:\n- |\n  kind: KubeletConfiguration\n  maxPods: 300\n`);
    assert.deepEqual(f.map((x) => x.code), ['PN133']);
    assert.deepEqual([f[0].start.line, f[0].start.character], [3, 13]); // 0-based: line 4, at the value
    assert.match(f[0].message, /\/24 node block holds 254 pod IPs, fewer than maxPods 300 \(kind sets no node-cidr-mask-size/);
  });

  it('kind’s own default pod subnet (10.244.0.0/16) is cut too: maxPods 300 without networking', () => {
    const f = lint(`${head}kubeadmConfigPatches:\n- |\n  kind: KubeletConfiguration\n  maxPods: 300\n`);
    assert.deepEqual(f.map((x) => x.code), ['PN133']);
  });

  it('PN135 counts the nodes list against the blocks, per family', () => {
    const f = lint(`${head}networking:\n  ipFamily: dual\n  podSubnet: 10.244.0.0/23,fd00:10:244::/63\n${nodes(3)}`);
    assert.deepEqual(f.filter((x) => x.code === 'PN135').map((x) => x.message.match(/^(\S+) cut into (\/\d+)/)?.slice(1)), [
      ['10.244.0.0/23', '/24'],
      ['fd00:10:244::/63', '/64'],
    ]);
    assert.match(f.find((x) => x.code === 'PN135')!.message, /asks for 3 \(3: kind nodes\)/);
    assert.deepEqual(lint(`${head}networking:\n  podSubnet: 10.244.0.0/22\n${nodes(3)}`).filter((x) => x.code === 'PN135'), []);
  });

  it('a patched node-cidr-mask-size replaces the default (no PN133 for a /23 with maxPods 300)', () => {
    const text =
      `${head}kubeadmConfigPatches:\n- |\n  kind: ClusterConfiguration\n  controllerManager:\n    extraArgs:\n      node-cidr-mask-size: "23"\n- |\n  kind: KubeletConfiguration\n  maxPods: 300\n`;
    assert.deepEqual(lint(text).map((x) => x.code), []);
  });

  it('a patched IPv4-only cluster-cidr cuts no IPv6 blocks, however small the IPv6 pod subnet (Calico’s kind config)', () => {
    const text = `${head}networking:\n  ipFamily: dual\n  podSubnet: "192.168.0.0/16,fd00:10:244::/64"\n${
      nodes(4)
    }kubeadmConfigPatches:\n- |\n  kind: ClusterConfiguration\n  controllerManager:\n    extraArgs:\n      cluster-cidr: "192.168.0.0/16"\n`;
    assert.deepEqual(lint(text).map((x) => x.code), []);
    // Without the patch, the IPv6 /64 holds one node's block for four nodes.
    assert.deepEqual(lint(text.slice(0, text.indexOf('kubeadmConfigPatches'))).map((x) => x.code).sort(), ['PN132', 'PN135']);
  });
});
