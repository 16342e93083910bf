// The agents' Events as the cluster view reads them: stripped, the latest per node, PN199 when it
// says the node is not served; and after install the pod network is Podnet's configured range.
import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { findingRule } from '../../../src/core/cluster/findings';
import { ruleByCode } from '../../../src/core/lint/ruleCatalog';
import { inputFromClusterModel } from '../../../src/core/map/fromClusterModel';
import { stripAgentEvent, stripConfigMap, stripDaemonSet, stripNode } from '../../../src/kube/strip';

const event = (name: string, node: string, reason: string, message: string, time: string, component = 'podnet-agent') => ({
  metadata: { name, namespace: 'kube-system' },
  involvedObject: { kind: 'Pod', name: `podnet-bridge-cni-${node}`, namespace: 'kube-system' },
  reason,
  message,
  reportingComponent: component,
  reportingInstance: node,
  source: { component, host: node },
  lastTimestamp: time,
});
const node = (name: string, podCIDR: string) =>
  stripNode({
    metadata: { name },
    spec: { podCIDR },
    status: { addresses: [{ type: 'InternalIP', address: `172.31.0.${name.length}` }], conditions: [{ type: 'Ready', status: 'True' }] },
  })!;

describe('core/cluster: the Podnet agents’ reports', () => {
  it('keeps only podnet-agent Events with a known reason', () => {
    assert.equal(stripAgentEvent(event('a', 'n1', 'PodnetAgentReady', 'ok', '2026-01-01T00:00:00Z', 'kubelet')), undefined);
    assert.equal(stripAgentEvent(event('a', 'n1', 'BackOff', 'x', '2026-01-01T00:00:00Z')), undefined);
    assert.deepEqual(stripAgentEvent(event('a', 'n1', 'PodnetBlockConflict', 'taken', '2026-01-01T00:00:00Z')), {
      key: 'kube-system/a',
      name: 'a',
      pod: 'podnet-bridge-cni-n1',
      node: 'n1',
      reason: 'PodnetBlockConflict',
      message: 'taken',
      time: '2026-01-01T00:00:00Z',
    });
  });

  it('the latest report per node decides: an unready reason is PN199 on that node, a later ready clears it', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '10.244.0.0/24'));
    m.upsertNode(node('n2', '10.244.1.0/24'));
    m.upsertAgentEvent(stripAgentEvent(event('e1', 'n2', 'PodnetAgentReady', 'ready', '2026-01-01T00:00:00Z'))!);
    m.upsertAgentEvent(
      stripAgentEvent(event('e2', 'n2', 'PodnetBlockConflict', 'block 10.244.1.0/24 overlaps 10.244.0.0/23 of node n1', '2026-01-01T00:00:05Z'))!,
    );
    const pn199 = m.findings().filter((f) => findingRule[f.code] === 'PN199');
    assert.equal(pn199.length, 1);
    assert.deepEqual(pn199[0]!.subjects, [{ kind: 'node', name: 'n2' }]);
    assert.match(pn199[0]!.message, /agent on node n2 is not ready: PodnetBlockConflict: block 10\.244\.1\.0\/24 overlaps/);
    assert.equal(ruleByCode.get('PN199')?.scope, 'cluster');
    assert.equal(m.agentReport('n2')?.reason, 'PodnetBlockConflict');
    assert.ok(m.clock.changesSince(0).nodes.has('n2'), 'the tree refreshes that node');
    m.upsertAgentEvent(stripAgentEvent(event('e3', 'n2', 'PodnetAgentReady', 'ready', '2026-01-01T00:00:09Z'))!);
    assert.deepEqual(m.findings().filter((f) => findingRule[f.code] === 'PN199'), []);
    m.deleteAgentEvent('kube-system/e3');
    assert.equal(m.agentReport('n2')?.reason, 'PodnetBlockConflict', 'an expired Event gives the word back to the one before');
  });

  it("after install the pod network of the tree and the map is Podnet's configured cluster CIDR", () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '10.244.0.0/24'));
    m.upsertDaemonSet(
      stripDaemonSet({
        metadata: { name: 'podnet-bridge-cni', namespace: 'kube-system' },
        spec: {
          template: { spec: { containers: [{ name: 'agent', image: 'docker.io/library/node:20' }], volumes: [{ hostPath: { path: '/etc/cni/net.d' } }] } },
        },
      })!,
    );
    m.upsertConfigMap(
      stripConfigMap({ metadata: { name: 'podnet-bridge-cni', namespace: 'kube-system' }, data: { 'cluster-cidr': '10.244.0.0/16', 'node-mask-size': '24' } })!,
    );
    m.upsertConfigMap(
      stripConfigMap({
        metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
        data: { ClusterConfiguration: 'networking:\n  podSubnet: 10.244.0.0/16\n' },
      })!,
    );
    assert.equal(m.cni.name, 'podnet-bridge');
    assert.deepEqual(m.networks.podNetworks[0], { cidr: '10.244.0.0/16', source: 'ConfigMap podnet-bridge-cni cluster-cidr' });
    const map = inputFromClusterModel('podnet-lab-no-cni', m);
    assert.ok(
      map.networks.some((n) => n.role === 'pod' && n.cidr === '10.244.0.0/16' && n.source === 'ConfigMap podnet-bridge-cni cluster-cidr'),
      JSON.stringify(map.networks),
    );
  });
});
