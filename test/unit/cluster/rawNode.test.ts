import assert from 'node:assert/strict';
import { nodeAddresses, nodeCondition, nodeInternalIps, nodePodCidrs, nodeReadyCondition } from '../../../src/core/cluster/rawNode';

const node = {
  spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:1::/64'] },
  status: {
    addresses: [
      { type: 'Hostname', address: 'n1' },
      { type: 'InternalIP', address: '192.168.0.11' },
      { type: 'ExternalIP', address: '203.0.113.11' },
      { type: 'InternalIP', address: 'fd00::11' },
      { type: 'InternalIP', address: '' },
    ],
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' },
    ],
  },
};

describe("core/cluster/rawNode: the one reader of a raw Node's fields", () => {
  it('pod CIDRs: spec.podCIDRs, else the single spec.podCIDR of servers before dual-stack', () => {
    assert.deepEqual(nodePodCidrs(node), ['10.244.1.0/24', 'fd00:1::/64']);
    assert.deepEqual(nodePodCidrs({ spec: { podCIDR: '10.244.2.0/24' } }), ['10.244.2.0/24']);
    assert.deepEqual(nodePodCidrs({ spec: { podCIDRs: 'not a list' } }), []);
    assert.deepEqual(nodePodCidrs(undefined), []);
  });
  it('addresses of one type in their order, empty ones left out', () => {
    assert.deepEqual(nodeInternalIps(node), ['192.168.0.11', 'fd00::11']);
    assert.deepEqual(nodeAddresses(node, 'ExternalIP'), ['203.0.113.11']);
    assert.deepEqual(nodeAddresses({ status: { addresses: [null, 7] } }, 'InternalIP'), []);
  });
  it('a condition as written, and readiness only when Ready is "True"', () => {
    assert.deepEqual(nodeCondition(node, 'Ready'), { status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' });
    assert.deepEqual(nodeCondition(node, 'MemoryPressure'), { status: 'False' });
    assert.equal(nodeCondition(node, 'DiskPressure'), undefined);
    assert.deepEqual(nodeCondition({ status: { conditions: [{ type: 'Ready' }] } }, 'Ready'), { status: 'Unknown' });
    assert.deepEqual(nodeReadyCondition(node), { ready: false, reason: 'KubeletNotReady' });
    assert.deepEqual(nodeReadyCondition({ status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } }), { ready: true });
    assert.deepEqual(nodeReadyCondition({}), { ready: false });
  });
});
