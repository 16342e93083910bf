import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import type { PodInfo } from '../../../src/core/cluster/clusterTypes';

const nodeName = (i: number) => `node-${i}`;
const pod = (i: number, p: number): PodInfo => ({
  namespace: 'load',
  name: `pod-${i}-${p}`,
  nodeName: nodeName(i),
  podIPs: [`10.0.${i}.${p + 2}`],
  hostNetwork: false,
  phase: 'Running',
  containers: [],
});

/** 40 nodes with a /28 each (14 usable addresses); node-7 has no block; `pods(i)` pods on node i. */
function model(pods: (i: number) => number): ClusterModel {
  const m = new ClusterModel();
  for (let i = 0; i < 40; i++) {
    m.upsertNode({ name: nodeName(i), internalIPs: [`172.16.0.${i + 1}`], ready: true, podCIDRs: i === 7 ? [] : [`10.0.${i}.0/28`] });
  }
  for (let i = 0; i < 40; i++) for (let p = 0; p < pods(i); p++) m.upsertPod(pod(i, p));
  return m;
}

describe("each node's findings kept per node (core/cluster/nodeFindingTable)", () => {
  it('after pod churn, the findings equal those of a model built from scratch in that state', () => {
    const m = model((i) => i % 3);
    const before = m.findings();
    assert.deepEqual(before.map((f) => f.code), ['node-without-block'], 'node-7 only');
    // Churn: node-2 fills up (exhausted), node-5 nearly, node-1 empties.
    for (let p = 2; p < 14; p++) m.upsertPod(pod(2, p));
    for (let p = 2; p < 13; p++) m.upsertPod(pod(5, p));
    m.deletePod('load', 'pod-1-0');
    const after = m.findings();
    const fresh = model((i) => (i === 2 ? 14 : i === 5 ? 13 : i === 1 ? 0 : i % 3));
    assert.deepEqual(after, fresh.findings());
    assert.deepEqual(after.map((f) => `${f.code} ${f.subjects.map((s) => s.name).join()}`).sort(), [
      'block-exhausted node-2',
      'block-nearly-exhausted node-5',
      'node-without-block node-7',
    ]);
    // Emptied again: the node's findings go with the change.
    for (let p = 0; p < 14; p++) m.deletePod('load', `pod-2-${p}`);
    assert.deepEqual(m.findings().map((f) => `${f.code} ${f.subjects.map((s) => s.name).join()}`).sort(), [
      'block-nearly-exhausted node-5',
      'node-without-block node-7',
    ]);
  });

  it('a block given to a node (a topology change) reads every node again', () => {
    const m = model(() => 0);
    m.upsertNode({ name: nodeName(7), internalIPs: ['172.16.0.8'], ready: true, podCIDRs: ['10.0.7.0/28'] });
    assert.deepEqual(m.findings(), []);
  });
});
