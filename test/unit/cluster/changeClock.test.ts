import assert from 'node:assert/strict';
import { ChangeClock } from '../../../src/core/cluster/changeClock';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { node, pod } from './fixtures';

describe("the model's change clock", () => {
  it('answers "what changed since my cursor" for several consumers without one taking it from another', () => {
    const clock = new ChangeClock();
    clock.node('n1');
    const treeCursor = clock.any;
    clock.node('n2');
    const mapCursor = clock.any;
    clock.node('n3');
    clock.cluster();
    assert.deepEqual([...clock.changesSince(treeCursor).nodes].sort(), ['n2', 'n3']);
    assert.deepEqual([...clock.changesSince(mapCursor).nodes], ['n3']);
    // Asking again gives the same answer: nothing is drained.
    assert.deepEqual([...clock.changesSince(treeCursor).nodes].sort(), ['n2', 'n3']);
    assert.equal(clock.changesSince(treeCursor).cluster, true);
    assert.equal(clock.changesSince(clock.any).cluster, false);
    assert.equal(clock.changesSince(clock.any).nodes.size, 0);
  });

  it('ticks network for all but container-only changes, and topology only when told', () => {
    const clock = new ChangeClock();
    clock.node('n1', true);
    assert.deepEqual([clock.any, clock.network, clock.topology], [1, 0, 0]);
    clock.node('n1');
    clock.topologyChanged();
    assert.deepEqual([clock.any, clock.network, clock.topology], [2, 1, 1]);
    assert.deepEqual([...clock.changesSince(0).nodes], ['n1']);
  });

  it('in the model: pod churn moves any and network, a container change only any, a block change topology too', () => {
    const m = new ClusterModel();
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.1.0/24']));
    const before = { any: m.clock.any, network: m.clock.network, topology: m.clock.topology };
    m.upsertPod(pod('default', 'a', 'n1', ['10.32.1.5']));
    assert.ok(m.clock.any > before.any && m.clock.network > before.network);
    assert.equal(m.clock.topology, before.topology);
    const network = m.clock.network;
    const cursor = m.clock.any;
    m.upsertPod({ ...pod('default', 'a', 'n1', ['10.32.1.5']), containers: [{ name: 'app', kind: 'app', image: 'x', ready: true }] });
    assert.equal(m.clock.network, network, 'a container turning ready is no network change');
    assert.deepEqual([...m.clock.changesSince(cursor).nodes], ['n1'], "but the node's pods look different");
    m.upsertNode(node('n1', '172.31.0.10', ['10.32.2.0/24']));
    assert.ok(m.clock.topology > before.topology);
  });
});
