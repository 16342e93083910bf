import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import type { ModelChanges } from '../../../src/core/cluster/changeClock';
import { daemonSet } from '../cluster/fixtures';

/** One consumer of the model's change clock with its own cursor (as the tree keeps one). */
const cursors = new WeakMap<ClusterModel, number>();
function drainChanges(m: ClusterModel): ModelChanges {
  const changes = m.clock.changesSince(cursors.get(m) ?? 0);
  cursors.set(m, m.clock.any);
  return changes;
}

describe('ClusterModel.dataPath follows the cluster', () => {
  it('changes with flannel’s backend (a redraw, no block pass) and with the CNI', () => {
    const m = new ClusterModel();
    assert.equal(m.dataPath.cni, 'none');
    m.upsertDaemonSet(daemonSet('kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.1', { namespace: 'kube-flannel' }));
    m.upsertConfigMap({
      namespace: 'kube-flannel',
      name: 'kube-flannel-cfg',
      data: { 'net-conf.json': '{"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}}' },
    });
    assert.equal(m.dataPath.title, 'Flannel, vxlan backend');
    const version = m.clock.any;
    const topology = m.clock.topology;
    drainChanges(m);
    m.upsertConfigMap({
      namespace: 'kube-flannel',
      name: 'kube-flannel-cfg',
      data: { 'net-conf.json': '{"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}}' },
    });
    assert.equal(m.dataPath.title, 'Flannel, host-gw backend');
    assert.ok(m.clock.any > version, 'the map is not told');
    assert.equal(m.clock.topology, topology, 'a backend change re-ran the topology findings');
    assert.equal(drainChanges(m).cluster, true);
    m.deleteDaemonSet('kube-flannel', 'kube-flannel-ds');
    m.deleteConfigMap('kube-flannel', 'kube-flannel-cfg');
    assert.equal(m.dataPath.cni, 'none');
  });
});
