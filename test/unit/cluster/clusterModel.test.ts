import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import type { ModelChanges } from '../../../src/core/cluster/changeClock';
import { daemonSet, node, pod } from './fixtures';

/** One consumer of the model's change clock with its own cursor (as the tree keeps one). */
const cursors = new WeakMap<ClusterModel, number>();
function drainChanges(m: ClusterModel): ModelChanges {
  const changes = m.clock.changesSince(cursors.get(m) ?? 0);
  cursors.set(m, m.clock.any);
  return changes;
}

const codes = (m: ClusterModel) => m.findings().map((f) => f.code).sort();

describe('core/cluster/ClusterModel', () => {
  it('places pods on their nodes and counts used / usable per block', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.5']));
    m.upsertPod(pod('default', 'b', 'n1', ['10.32.1.6']));
    m.upsertPod(pod('kube-system', 'proxy', 'n1', ['172.31.0.10'], { hostNetwork: true }));
    const v = m.node('n1')!;
    assert.equal(v.podCount, 3);
    assert.equal(v.used, 2);
    assert.equal(v.usable, 254);
    assert.equal(v.blocks[0]!.source, 'node-spec');
    assert.deepEqual(m.podsOn('n1').map((p) => `${p.namespace}/${p.name}`), ['default/a', 'default/b', 'kube-system/proxy']);
    assert.deepEqual(codes(m), []);
  });

  it('topologyChangeVersion (what the live lint facts depend on) stays put under pod churn and moves with nodes and blocks', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    const v0 = m.clock.topology;
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.5']));
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.6']));
    m.deletePod('default', 'a');
    assert.equal(m.clock.topology, v0);
    m.upsertNode(node('n2', '172.31.0.11', ['10.32.2.0/24']));
    const v1 = m.clock.topology;
    assert.notEqual(v1, v0);
    m.upsertNode(node('n2', '172.31.0.11', ['10.32.3.0/24']));
    assert.notEqual(m.clock.topology, v1);
    const v2 = m.clock.topology;
    m.deleteNode('n2');
    assert.notEqual(m.clock.topology, v2);
  });

  it('updates incrementally: a pod moving, changing IP and being deleted adjusts counts and reports only the touched nodes', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    m.upsertNode(node('n2', '172.31.0.11', ['10.32.2.0/24']));
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.5']));
    drainChanges(m);
    m.upsertPod(pod('default', 'a', 'n2', ['10.32.2.7']));
    assert.deepEqual([...drainChanges(m).nodes].sort(), ['n1', 'n2']);
    assert.equal(m.node('n1')!.used, 0);
    assert.equal(m.node('n2')!.used, 1);
    m.upsertPod(pod('default', 'b', 'n2', ['10.32.2.8']));
    assert.deepEqual([...drainChanges(m).nodes], ['n2']);
    m.deletePod('default', 'a');
    assert.equal(m.node('n2')!.used, 1);
    assert.equal(m.podCount, 1);
    assert.equal(drainChanges(m).cluster, false);
    // A pending pod without a node is "unscheduled" and a cluster-level change.
    m.upsertPod(pod('default', 'p', undefined, []));
    assert.deepEqual(m.unscheduledPods().map((p) => p.name), ['p']);
    assert.equal(drainChanges(m).cluster, true);
  });

  it('a pod whose containers only changed is held as its new object everywhere: counted once, and gone entirely when deleted', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    const containers = [{ name: 'app', kind: 'app' as const, image: 'web:1', ready: false, restarts: 0 }];
    m.upsertPod(pod('default', 'in', 'n1', ['10.32.1.5'], { containers }));
    m.upsertPod(pod('default', 'out', 'n1', ['10.32.9.5'], { containers }));
    m.upsertPod(pod('default', 'twin', 'n1', ['10.32.1.5'], { containers }));
    m.upsertPod(pod('default', 'pending', undefined, [], { containers }));
    assert.deepEqual(codes(m), ['duplicate-pod-ip', 'pod-ip-outside-block']);
    drainChanges(m);
    const ready = [{ ...containers[0]!, ready: true }];
    for (const name of ['in', 'out', 'twin']) m.upsertPod(pod('default', name, 'n1', [name === 'out' ? '10.32.9.5' : '10.32.1.5'], { containers: ready }));
    m.upsertPod(pod('default', 'pending', undefined, [], { containers: ready }));
    const changes = drainChanges(m);
    assert.deepEqual([...changes.nodes], ['n1']);
    assert.equal(m.node('n1')!.used, 2, 'no pod counted twice');
    assert.equal(m.podCount, 4);
    assert.equal(m.pod('default', 'in')!.containers[0]!.ready, true);
    assert.equal(m.podNode('default', 'in'), 'n1');
    assert.equal(m.podNode('default', 'pending'), undefined, 'an unscheduled pod has no node');
    assert.equal(m.podNode('default', 'nope'), undefined);
    assert.deepEqual(m.podsOn('n1').map((p) => p.containers[0]!.ready), [true, true, true]);
    assert.deepEqual(m.unscheduledPods().map((p) => p.containers[0]!.ready), [true]);
    assert.deepEqual(m.podsByIp('10.32.1.5').map((p) => `${p.name} ${p.containers[0]!.ready}`), ['in true', 'twin true']);
    const outside = m.findings().find((f) => f.code === 'pod-ip-outside-block')!;
    assert.deepEqual(outside.subjects[0], { kind: 'pod', namespace: 'default', name: 'out' });
    for (const name of ['in', 'out', 'twin', 'pending']) m.deletePod('default', name);
    assert.equal(m.node('n1')!.used, 0);
    assert.equal(m.node('n1')!.podCount, 0);
    assert.deepEqual(m.unscheduledPods(), []);
    assert.deepEqual(m.podsByIp('10.32.1.5'), []);
    assert.deepEqual(codes(m), []);
  });

  it('pod IP outside its node block: flagged, and cleared when the block or IP is fixed', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.9.5']));
    assert.deepEqual(codes(m), ['pod-ip-outside-block']);
    const f = m.findings()[0]!;
    assert.deepEqual(f.subjects[0], { kind: 'pod', namespace: 'default', name: 'a' });
    assert.match(f.message, /10\.32\.9\.5/);
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.9']));
    assert.deepEqual(codes(m), []);
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.9.5']));
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.9.0/24']));
    assert.deepEqual(codes(m), []);
    // hostNetwork pods and terminal pods are never "outside".
    m.upsertPod(pod('default', 'h', 'n1', ['172.31.0.10'], { hostNetwork: true }));
    m.upsertPod(pod('default', 'done', 'n1', ['10.99.0.1'], { phase: 'Succeeded' }));
    assert.deepEqual(codes(m), []);
  });

  it('overlapping node blocks: identical and partial overlaps flagged once per pair, disjoint not', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    m.upsertNode(node('n2', '172.31.0.11', ['10.32.2.0/24']));
    assert.deepEqual(codes(m), []);
    m.upsertNode(node('n3', '172.31.0.12', ['10.32.1.128/25']));
    assert.deepEqual(codes(m), ['node-block-overlap']);
    assert.deepEqual(m.findings()[0]!.subjects, [{ kind: 'node', name: 'n1' }, { kind: 'node', name: 'n3' }]);
    m.upsertNode(node('n3', '172.31.0.12', ['10.32.2.0/24']));
    assert.deepEqual(codes(m), ['node-block-overlap']);
    assert.match(m.findings()[0]!.message, /same pod block 10\.32\.2\.0\/24/);
    m.deleteNode('n3');
    assert.deepEqual(codes(m), []);
  });

  it('block overlapping the node network: a block containing a node address', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '10.32.2.4', ['10.32.1.0/24']));
    m.upsertNode(node('n2', '10.32.1.200', ['10.32.2.0/24']));
    const f = m.findings().filter((x) => x.code === 'block-overlaps-node-network');
    assert.equal(f.length, 2);
    m.upsertNode(node('n1', '172.31.0.4', ['10.32.1.0/24']));
    m.upsertNode(node('n2', '172.31.0.5', ['10.32.2.0/24']));
    assert.deepEqual(codes(m), []);
  });

  it('block overlapping the service network: from a ServiceCIDR, else the kubernetes Service IP hint', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.96.1.0/24']));
    assert.deepEqual(codes(m), []);
    m.setApiService({ clusterIPs: ['10.96.1.1'] });
    assert.equal(m.networks.serviceIpHint, '10.96.1.1');
    assert.deepEqual(codes(m), ['block-overlaps-service-network']);
    m.setApiService({ clusterIPs: ['10.100.0.1'] });
    assert.deepEqual(codes(m), []);
    m.upsertServiceCidr({ name: 'kubernetes', cidrs: ['10.96.0.0/12'] });
    assert.equal(m.networks.serviceIpHint, undefined);
    assert.deepEqual(m.networks.serviceNetworks, [{ cidr: '10.96.0.0/12', source: 'ServiceCIDR kubernetes' }]);
    assert.deepEqual(codes(m), ['block-overlaps-service-network']);
    m.upsertNode(node('n1', '172.31.0.10', ['10.244.1.0/24']));
    assert.deepEqual(codes(m), []);
  });

  it('pod network (of the CNI) over the service network: one cluster-wide finding, from a ServiceCIDR, else the kubernetes Service IP', () => {
    const m = new ClusterModel();
    m.upsertDaemonSet(daemonSet('kube-flannel-ds', 'docker.io/flannel/flannel:v0.26.1'));
    m.upsertConfigMap({ namespace: 'kube-flannel', name: 'kube-flannel-cfg', data: { 'net-conf.json': '{"Network": "10.64.0.0/10"}' } });
    m.upsertNode(node('n1', '172.31.0.10', ['10.64.1.0/24']));
    assert.deepEqual(codes(m), []);
    m.setApiService({ clusterIPs: ['10.96.0.1'] });
    assert.deepEqual(codes(m), ['pod-network-overlaps-service-network']);
    m.upsertServiceCidr({ name: 'kubernetes', cidrs: ['10.96.0.0/12'] });
    const f = m.findings();
    assert.deepEqual(f.map((x) => [x.code, x.subjects.length]), [['pod-network-overlaps-service-network', 0]]);
    assert.match(f[0]!.message, /10\.64\.0\.0\/10 \(kube-flannel-cfg net-conf\.json\) overlaps the service network 10\.96\.0\.0\/12/);
    m.upsertConfigMap({ namespace: 'kube-flannel', name: 'kube-flannel-cfg', data: { 'net-conf.json': '{"Network": "10.64.0.0/11"}' } });
    assert.deepEqual(codes(m), []);
  });

  it('node without a block: flagged for node.spec CNIs, not for Weave', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', []));
    assert.deepEqual(codes(m), ['node-without-block']);
    m.upsertDaemonSet(daemonSet('weave-net', 'weaveworks/weave-kube:2.8.1'));
    assert.equal(m.cni.name, 'weave');
    assert.deepEqual(codes(m), []);
    m.deleteDaemonSet('kube-system', 'weave-net');
    m.upsertNode(node('n1', '172.31.0.10', ['10.244.0.0/24']));
    assert.deepEqual(codes(m), []);
  });

  it('block exhausted and nearly exhausted, by used vs usable addresses', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/28'])); // 14 usable
    for (let i = 1; i <= 12; i++) m.upsertPod(pod('default', `p${i}`, 'n1', [`10.32.1.${i}`]));
    assert.deepEqual(codes(m), []);
    m.upsertPod(pod('default', 'p13', 'n1', ['10.32.1.13']));
    assert.deepEqual(codes(m), ['block-nearly-exhausted']);
    m.upsertPod(pod('default', 'p14', 'n1', ['10.32.1.14']));
    assert.deepEqual(codes(m), ['block-exhausted']);
    m.deletePod('default', 'p14');
    m.deletePod('default', 'p13');
    assert.deepEqual(codes(m), []);
  });

  it('duplicate pod IPs: flagged with every pod, cleared when one goes; hostNetwork sharing is normal', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    m.upsertNode(node('n2', '172.31.0.11', ['10.32.1.0/24']));
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.5']));
    m.upsertPod(pod('default', 'b', 'n2', ['10.32.1.5']));
    assert.deepEqual(codes(m), ['duplicate-pod-ip', 'node-block-overlap']);
    const dup = m.findings().find((f) => f.code === 'duplicate-pod-ip')!;
    assert.equal(dup.subjects.length, 2);
    assert.deepEqual(m.podsByIp('10.32.1.5').map((p) => p.name).sort(), ['a', 'b']);
    m.deletePod('default', 'b');
    assert.deepEqual(codes(m), ['node-block-overlap']);
    m.upsertPod(pod('kube-system', 'h1', 'n1', ['172.31.0.10'], { hostNetwork: true }));
    m.upsertPod(pod('kube-system', 'h2', 'n1', ['172.31.0.10'], { hostNetwork: true }));
    assert.deepEqual(codes(m), ['node-block-overlap']);
    assert.equal(m.podsByIp('172.31.0.10').length, 2);
  });

  it('uses the block the CNI really applies: Calico IPAM blocks, CiliumNode, Weave derived', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.244.1.0/24']));
    m.upsertDaemonSet(daemonSet('calico-node', 'docker.io/calico/node:v3.30.0'));
    m.upsertCalicoBlock({ name: '192-168-10-0-26', cidr: '192.168.10.0/26', node: 'n1' });
    m.upsertPod(pod('default', 'a', 'n1', ['192.168.10.3']));
    assert.deepEqual(m.node('n1')!.blocks.map((b) => [b.cidr, b.source]), [['192.168.10.0/26', 'calico-ipamblock']]);
    assert.equal(m.node('n1')!.used, 1);
    assert.deepEqual(codes(m), []);
    m.deleteDaemonSet('kube-system', 'calico-node');
    m.deleteCalicoBlock('192-168-10-0-26');
    m.upsertDaemonSet(daemonSet('cilium', 'quay.io/cilium/cilium:v1.17.0'));
    assert.equal(m.cni.ipam, 'cilium-cluster-pool');
    m.upsertCiliumNode({ name: 'n1', podCIDRs: ['10.0.1.0/24'] });
    assert.deepEqual(m.node('n1')!.blocks.map((b) => [b.cidr, b.source]), [['10.0.1.0/24', 'ciliumnode']]);
    assert.deepEqual(codes(m), ['pod-ip-outside-block']);
    m.deleteDaemonSet('kube-system', 'cilium');
    m.deleteCiliumNode('n1');
    m.upsertDaemonSet(daemonSet('weave-net', 'weaveworks/weave-kube:2.8.1'));
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.0.2']));
    m.upsertPod(pod('default', 'b', 'n1', ['10.32.0.9']));
    const b = m.node('n1')!.blocks;
    assert.deepEqual(b.map((x) => [x.cidr, x.source]), [['10.32.0.0/28', 'derived-pod-ips']]);
    assert.equal(m.node('n1')!.usable, undefined);
    assert.deepEqual(m.networks.podNetworks, [{ cidr: '10.32.0.0/12', source: 'Weave default (IPALLOC_RANGE unset)', assumed: true }]);
    assert.deepEqual(codes(m), []);
  });

  it('knows nodes only from their pods when nodes cannot be listed', () => {
    const m = new ClusterModel();
    m.upsertPod(pod('default', 'a', 'n9', ['10.1.0.5']));
    assert.deepEqual(m.nodeNames(), ['n9']);
    assert.equal(m.node('n9')!.info, undefined);
    assert.deepEqual(codes(m), []);
    m.deletePod('default', 'a');
    assert.deepEqual(m.nodeNames(), []);
  });

  it('sorts nodes naturally and reports key sets for re-lists', () => {
    const m = new ClusterModel();
    for (const n of ['node-10', 'node-2', 'node-1']) m.upsertNode(node(n, '172.31.0.1', []));
    assert.deepEqual(m.nodeNames(), ['node-1', 'node-2', 'node-10']);
    assert.deepEqual(m.keys('nodes').sort(), ['node-1', 'node-10', 'node-2']);
  });
});

describe('core/cluster Weave derived blocks', () => {
  it("uses the node's podCIDR when its pod IPs fall inside it, with its capacity", () => {
    const m = new ClusterModel();
    m.upsertDaemonSet(daemonSet('weave-net', 'weaveworks/weave-kube:2.8.1', { env: { IPALLOC_RANGE: '10.32.0.0/12' } }));
    m.upsertNode(node('n1', '172.31.1.10', ['10.32.1.0/24']));
    m.upsertPod(pod('shop', 'a', 'n1', ['10.32.1.10']));
    const v = m.node('n1')!;
    assert.deepEqual(v.blocks.map((b) => [b.cidr, b.source]), [['10.32.1.0/24', 'derived-podcidr']]);
    assert.equal(v.usable, 254);
    assert.equal(v.used, 1);
    assert.deepEqual(m.networks.podNetworks, [{ cidr: '10.32.0.0/12', source: 'weave-net IPALLOC_RANGE' }]);
    // One pod outside the podCIDR while the others follow it: flagged.
    m.upsertPod(pod('shop', 'b', 'n1', ['10.32.7.1']));
    assert.equal(m.node('n1')!.blocks[0]!.cidr, '10.32.1.0/24');
    assert.deepEqual(codes(m), ['pod-ip-outside-block']);
    // Most pods outside it: Weave is not following the podCIDR here; describe the range, no finding.
    m.upsertPod(pod('shop', 'c', 'n1', ['10.32.7.2']));
    m.upsertPod(pod('shop', 'd', 'n1', ['10.32.7.3']));
    assert.equal(m.node('n1')!.blocks[0]!.cidr, '10.32.0.0/21');
    assert.equal(m.node('n1')!.blocks[0]!.source, 'derived-pod-ips');
    assert.equal(m.node('n1')!.usable, undefined);
    assert.deepEqual(m.findings(), []);
  });
});

describe('core/cluster naturalCompare', () => {
  it('orders digit runs by value and the rest by character', async () => {
    const { naturalCompare } = await import('../../../src/core/cluster/naturalOrder');
    const names = ['node-10', 'node-2', 'node-1', 'kind-worker2', 'kind-worker', 'node-00003', 'a', 'node-2b', 'node-2a'];
    assert.deepEqual([...names].sort(naturalCompare), ['a', 'kind-worker', 'kind-worker2', 'node-1', 'node-2', 'node-2a', 'node-2b', 'node-00003', 'node-10']);
  });
});
