import assert from 'node:assert/strict';
import { clusterFacts, clusterFactsSteps } from '../../../src/core/cluster/clusterFacts';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { node } from './fixtures';

describe("the live lint's cluster facts", () => {
  it('read in steps (the editor runs them in slices) are the facts read at once', () => {
    const m = new ClusterModel();
    for (let i = 0; i < 5000; i++) m.upsertNode(node(`n${i}`, `172.31.${i >> 8}.${i & 255}`, [`10.${32 + (i >> 8)}.${i & 255}.0/24`]));
    const steps = clusterFactsSteps('ctx', m);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.ok(yields >= 2, `${yields} yields for 5,000 nodes`);
    const atOnce = clusterFacts('ctx', m);
    assert.deepEqual(r.value, atOnce);
    assert.equal(atOnce.nodes.length, 5000);
    assert.deepEqual(atOnce.nodes.find((n) => n.name === 'n300'), { name: 'n300', internalIPs: ['172.31.1.44'], podCIDRs: ['10.33.44.0/24'] });
  });
  it('read in steps while nodes go (the editor lets events in between): the ones gone are left out, nothing throws', () => {
    const m = new ClusterModel();
    for (let i = 0; i < 5000; i++) m.upsertNode(node(`n${i}`, `172.31.${i >> 8}.${i & 255}`, ['10.32.0.0/24']));
    const steps = clusterFactsSteps('ctx', m);
    let r = steps.next();
    m.deleteNode('n4999');
    for (; !r.done; r = steps.next());
    assert.equal(r.value.nodes.length, 4999);
    assert.ok(!r.value.nodes.some((n) => n.name === 'n4999'));
  });
});
