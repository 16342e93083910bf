import assert from 'node:assert/strict';
import type { ClusterFacts } from '../../../src/core/cluster/clusterFacts';
import type { LintOptions } from '../../../src/core/lint/lintEngine';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { RULES } from '../../../src/core/lint/ruleCatalog';
import { extractFile } from '../../../src/core/manifests/manifestFile';

const lint = (files: Record<string, string>, options?: LintOptions) => lintFiles(Object.entries(files).map(([f, t]) => extractFile(f, t)), options).findings;
const codes = (files: Record<string, string>, options?: LintOptions) => lint(files, options).map((f) => f.code).sort();
/** 0-based [line, character] of the first occurrence of `needle`. */
const at = (text: string, needle: string) => {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return [before.length - 1, before[before.length - 1].length];
};

const kubeadm = (pod: string, svc = '10.96.0.0/12', extra = '') =>
  `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: ${pod}\n  serviceSubnet: ${svc}\n${extra}`;
const flannel = (conf: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-flannel-cfg\ndata:\n  net-conf.json: |\n    ${conf}\n`;
const ippool = (cidr: string, block?: number) =>
  `apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: p-${cidr.replace(/\W/g, '')}\nspec:\n  cidr: ${cidr}\n${
    block !== undefined ? `  blockSize: ${block}\n` : ''
  }`;
const metallb = (...a: string[]) =>
  `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: lb\nspec:\n  addresses:\n${a.map((x) => `  - ${x}\n`).join('')}`;
const kubeProxy = (c: string) => `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: "${c}"\n`;

describe('lint rules', () => {
  it('every rule has a distinct PN code', () => {
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
  });
  it('PN101 invalid CIDR (and placeholders are not findings)', () => {
    const text = kubeadm('10.244.0.0/33');
    const f = lint({ 'a.yaml': text });
    assert.deepEqual(f.map((x) => x.code), ['PN101']);
    assert.deepEqual([f[0].start.line, f[0].start.character], at(text, '10.244.0.0/33'));
    assert.deepEqual(codes({ 'a.yaml': kubeadm('"%CLUSTERCIDR%"', '""') }), []);
  });
  it('PN102 host bits, with a fix that clears them', () => {
    const text = kubeadm('10.244.1.5/16');
    const f = lint({ 'a.yaml': text });
    assert.deepEqual(f.map((x) => x.code), ['PN102']);
    assert.equal(f[0].fixes[0].edits[0].newText, '10.244.0.0/16');
    assert.deepEqual([f[0].fixes[0].edits[0].start.line, f[0].fixes[0].edits[0].start.character], at(text, '10.244.1.5/16'));
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16') }), []);
  });
  it('host-local refuses a subnet with host bits or too small to allocate from (range.go Canonicalize): PN101, the fix kept', () => {
    const conf = (subnet: string, type = 'host-local') =>
      `{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"bridge","ipam":{"type":"${type}","ranges":[[{"subnet":"${subnet}"}]]}}]}`;
    const f = lint({ 'n.conflist': conf('10.244.20.1/24') });
    assert.deepEqual(f.map((x) => [x.code, x.severity]), [['PN101', 'error']]);
    assert.match(f[0].message, /host-local refuses \("Network has host bits set"\); the network is 10\.244\.20\.0\/24/);
    assert.equal(f[0].fixes[0].edits[0].newText, '10.244.20.0/24');
    for (const small of ['10.244.21.0/31', '10.244.21.0/32', 'fd00::/127']) {
      const g = lint({ 'n.conflist': conf(small) });
      assert.deepEqual(g.map((x) => x.code), ['PN101'], small);
      assert.match(g[0].message, /too small to allocate from/);
    }
    assert.deepEqual(codes({ 'n.conflist': conf('10.244.21.0/30') }), []);
    // Another IPAM plugin's subnet: host bits stay the PN102 warning.
    assert.deepEqual(codes({ 'n.conflist': conf('10.244.20.1/24', 'other-ipam') }), ['PN102']);
  });
  it('PN103 two of one family in a dual-stack field', () => {
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16,10.245.0.0/16') }), ['PN103']);
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16,fd00:10:244::/56', '10.96.0.0/12,fd00:10:96::/112') }), []);
  });
  it('PN104 gateway outside its subnet (inside embedded JSON)', () => {
    const conf = (gw: string) => `{"cniVersion":"1.0.0","name":"n","type":"bridge","ipam":{"type":"host-local","subnet":"10.22.0.0/16","gateway":"${gw}"}}`;
    const text = conf('10.23.0.1');
    const f = lint({ '10-n.conf': text });
    assert.deepEqual(f.map((x) => x.code), ['PN104']);
    assert.deepEqual([f[0].start.line, f[0].start.character], at(text, '10.23.0.1'));
    assert.deepEqual(codes({ '10-n.conf': conf('10.22.0.1') }), []);
  });
  it('PN110 pod vs service, reported on both sides across files with related info and a free-range fix', () => {
    const a = kubeadm('10.96.0.0/16', '10.100.0.0/16');
    const b = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  serviceSubnet: 10.96.0.0/12\n';
    const f = lint({ 'a.yaml': a, 'b.yaml': b }).filter((x) => x.code === 'PN110');
    assert.deepEqual(f.map((x) => x.file).sort(), ['a.yaml', 'b.yaml']);
    const onA = f.find((x) => x.file === 'a.yaml');
    assert.equal(onA?.related[0].file, 'b.yaml');
    assert.deepEqual([onA?.related[0].start.line, onA?.related[0].start.character], at(b, '10.96.0.0/12'));
    const fix = onA?.fixes[0];
    assert.equal(fix?.preferred, true);
    // 10.96.0.0/12 and 10.100.0.0/16 are taken: the nearest free /16 below 10.96.0.0 is 10.95.0.0/16.
    assert.equal(fix?.edits[0].newText, '10.95.0.0/16');
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16') }), []);
  });
  it('PN111 pod vs node, PN112 service vs node', () => {
    const k3s = (pod: string, svc: string, node: string) => `cluster-cidr: ${pod}\nservice-cidr: ${svc}\nnode-ip: ${node}\n`;
    assert.deepEqual(codes({ 'config.yaml': k3s('10.42.0.0/16', '10.43.0.0/16', '10.42.0.7') }), ['PN111', 'PN111']);
    assert.deepEqual(codes({ 'config.yaml': k3s('10.42.0.0/16', '10.43.0.0/16', '10.43.0.7') }), ['PN104', 'PN112', 'PN112'].filter((c) => c !== 'PN104'));
    assert.deepEqual(codes({ 'config.yaml': k3s('10.42.0.0/16', '10.43.0.0/16', '192.168.1.7') }), []);
  });
  it('PN113 load-balancer pool overlaps (range form too)', () => {
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16'), 'lb.yaml': metallb('10.244.5.10-10.244.5.20') }), ['PN113', 'PN113']);
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16'), 'lb.yaml': metallb('192.168.9.1-192.168.9.5') }), []);
  });
  it('PN114 two pod pools overlap', () => {
    assert.deepEqual(codes({ 'p.yaml': `${ippool('10.50.0.0/16')}---\n${ippool('10.50.128.0/17')}` }), ['PN114', 'PN114']);
    assert.deepEqual(codes({ 'p.yaml': `${ippool('10.50.0.0/16')}---\n${ippool('10.51.0.0/16')}` }), []);
  });
  it('PN115 secondary network overlaps a cluster network', () => {
    const nad = (s: string) =>
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: m\nspec:\n  config: '{"type":"macvlan","ipam":{"type":"host-local","subnet":"${s}"}}'\n`;
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16'), 'n.yaml': nad('10.244.9.0/24') }), ['PN115', 'PN115']);
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16'), 'n.yaml': nad('192.168.1.0/24') }), []);
  });
  it('PN120 kube-proxy, kubeadm and Flannel disagree on the pod network; pools must lie inside', () => {
    const f = lint({ 'a.yaml': kubeadm('10.244.0.0/16'), 'b.yaml': kubeProxy('10.244.0.0/16'), 'c.yaml': flannel('{ "Network": "10.245.0.0/16" }') });
    assert.deepEqual(f.map((x) => [x.code, x.file]), [['PN120', 'c.yaml']]);
    assert.equal(f[0].related.length, 2);
    assert.deepEqual(
      codes({ 'a.yaml': kubeadm('10.244.0.0/16'), 'b.yaml': kubeProxy('10.244.0.0/16'), 'c.yaml': flannel('{ "Network": "10.244.0.0/16" }') }),
      [],
    );
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16'), 'p.yaml': ippool('10.250.0.0/16') }), ['PN120']);
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16'), 'p.yaml': ippool('10.244.64.0/18') }), []);
  });
  it('PN121 service network disagreement (kubeadm vs controller-manager flag)', () => {
    const extra = 'controllerManager:\n  extraArgs:\n    service-cluster-ip-range: 10.97.0.0/16\n';
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16', '10.96.0.0/12', extra) }), ['PN121']);
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16', '10.96.0.0/12', extra.replace('10.97.0.0/16', '10.96.0.0/12')) }), []);
  });
  it('PN130 Flannel SubnetLen, PN132 too few node blocks', () => {
    assert.deepEqual(codes({ 'f.yaml': flannel('{ "Network": "10.244.0.0/24", "SubnetLen": 24 }') }), ['PN130']);
    const f = lint({ 'f.yaml': flannel('{ "Network": "10.244.0.0/22" }') });
    assert.deepEqual(f.map((x) => x.code), ['PN132']);
    assert.match(f[0].message, /10\.244\.0\.0\/22 cut into \/24s serves only 4 nodes/);
    assert.deepEqual(codes({ 'f.yaml': flannel('{ "Network": "10.244.0.0/16", "SubnetLen": 24 }') }), []);
  });
  it('PN131 Calico blockSize outside 20–32 or larger than the pool', () => {
    assert.deepEqual(codes({ 'p.yaml': ippool('10.50.0.0/16', 19) }), ['PN131']);
    assert.deepEqual(codes({ 'p.yaml': ippool('10.50.0.0/24', 22) }), ['PN131']);
    assert.deepEqual(codes({ 'p.yaml': ippool('10.50.0.0/16', 26) }), []);
  });
  it('PN133 node block too small for maxPods', () => {
    const extra = 'controllerManager:\n  extraArgs:\n    node-cidr-mask-size: "26"\n';
    const f = lint({ 'a.yaml': kubeadm('10.244.0.0/16', '10.96.0.0/12', extra) });
    assert.deepEqual(f.map((x) => x.code), ['PN133']);
    assert.match(f[0].message, /62 pod IPs, fewer than maxPods 110/);
    const kubelet = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 60\n';
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16', '10.96.0.0/12', extra), 'k.yaml': kubelet }), []);
  });
  it('PN140 dual-stack order differs between components', () => {
    const a = kubeadm('10.244.0.0/16,fd00:10:244::/56', '10.96.0.0/12,fd00:10:96::/112');
    assert.deepEqual(codes({ 'a.yaml': a, 'b.yaml': kubeProxy('fd00:10:244::/56,10.244.0.0/16') }), ['PN140']);
    assert.deepEqual(codes({ 'a.yaml': a, 'b.yaml': kubeProxy('10.244.0.0/16,fd00:10:244::/56') }), []);
  });
  it('PN150 / PN151 / PN152 come from the file, with severity overrides and rule disabling', () => {
    assert.deepEqual(codes({ 'f.yaml': flannel('{ "Network" "10.244.0.0/16" }') }), ['PN150']);
    assert.deepEqual(codes({ 'x.yaml': 'a: [10.0.0.0/8\n' }), ['PN151']);
    assert.deepEqual(lint({ 'x.yaml': 'a: [10.0.0.0/8\n' }, { severity: { PN151: 'warning' } }).map((f) => f.severity), ['warning']);
    assert.deepEqual(codes({ 'x.yaml': 'a: [10.0.0.0/8\n' }, { severity: { PN151: 'off' } }), []);
  });
  it('Podnet bridge CNI ConfigMap: cluster-cidr and node-mask-size', () => {
    const cm = (cidr: string, mask: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podnet\n  labels:\n    app.kubernetes.io/name: podnet-bridge-cni\ndata:\n  cluster-cidr: "${cidr}"\n  node-mask-size: "${mask}"\n`;
    assert.deepEqual(codes({ 'p.yaml': cm('10.244.0.0/16', '24'), 'a.yaml': kubeadm('10.244.0.0/16') }), []);
    assert.deepEqual(codes({ 'p.yaml': cm('10.244.0.0/16', '15') }), ['PN132']);
    assert.deepEqual(codes({ 'p.yaml': cm('10.240.0.0/16', '24'), 'a.yaml': kubeadm('10.244.0.0/16') }), ['PN120']);
  });
  it('defaults are shown as such and still checked (Weave 10.32.0.0/12 vs a node network)', () => {
    const weave =
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: weave-net\nspec:\n  template:\n    spec:\n      containers:\n        - name: weave\n          image: weaveworks/weave-kube\n';
    const init = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: 10.40.1.2\n';
    const f = lint({ 'w.yaml': weave, 'i.yaml': init });
    assert.deepEqual(f.map((x) => x.code), ['PN111', 'PN111']);
    const onWeave = f.find((x) => x.file === 'w.yaml');
    assert.match(onWeave?.message ?? '', /10\.32\.0\.0\/12 .*default/);
    assert.deepEqual(onWeave?.fixes, []);
  });
});

describe('live-cluster rules (ClusterFacts)', () => {
  const facts: ClusterFacts = {
    context: 'lab',
    nodes: [{ name: 'node-1', internalIPs: ['10.244.200.1'], podCIDRs: ['10.250.1.0/24'] }],
    serviceCIDRs: ['10.244.128.0/20'],
    podNetworks: ['10.250.0.0/16'],
  };
  it('PN160, PN161, PN162 fire against the facts and the free-range fix avoids cluster ranges', () => {
    const f = lint({ 'a.yaml': kubeadm('10.244.0.0/16') }, { cluster: facts });
    assert.deepEqual(f.map((x) => x.code).sort(), ['PN160', 'PN161', 'PN162']);
    assert.match(f.find((x) => x.code === 'PN160')?.message ?? '', /node-1 \(10\.244\.200\.1\)/);
    const fix = f.find((x) => x.code === 'PN160')?.fixes[0]?.edits[0].newText;
    assert.equal(fix, '10.243.0.0/16');
  });
  it('no live finding when the manifest matches the cluster', () => {
    const ok: ClusterFacts = {
      context: 'lab',
      nodes: [{ name: 'n', internalIPs: ['172.31.0.5'], podCIDRs: ['10.244.3.0/24'] }],
      serviceCIDRs: ['10.96.0.0/12'],
      podNetworks: ['10.244.0.0/16'],
    };
    assert.deepEqual(codes({ 'a.yaml': kubeadm('10.244.0.0/16') }, { cluster: ok }), []);
  });
});

describe('quick fixes', () => {
  it('moving a pod network moves every declaration that must agree with it, in every file', () => {
    const a = kubeadm('10.96.0.0/16');
    const b = kubeProxy('10.96.0.0/16');
    const f = lint({ 'a.yaml': a, 'b.yaml': b }).find((x) => x.code === 'PN110' && x.file === 'a.yaml');
    const edits = f?.fixes[0]?.edits ?? [];
    assert.deepEqual(edits.map((e) => [e.file, e.newText]).sort(), [['a.yaml', '10.95.0.0/16'], ['b.yaml', '10.95.0.0/16']]);
    assert.deepEqual([edits.find((e) => e.file === 'b.yaml')?.start.line, edits.find((e) => e.file === 'b.yaml')?.start.character], at(b, '10.96.0.0/16'));
  });
  it('a load-balancer pool fix edits only that pool', () => {
    const f = lint({
      'a.yaml': kubeadm('10.244.0.0/16'),
      'lb.yaml': metallb('10.244.7.0/24'),
      'lb2.yaml': metallb('10.244.7.0/24').replace('name: lb', 'name: lb2'),
    })
      .find((x) => x.code === 'PN113' && x.file === 'lb.yaml');
    assert.deepEqual(f?.fixes[0]?.edits.map((e) => e.file), ['lb.yaml']);
    assert.equal(f?.fixes[0]?.edits[0].newText, '10.243.255.0/24'); // nearer than 10.245.0.0/24
  });
});
