import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import type { PodInfo } from '../../../src/core/cluster/clusterTypes';
import { nodeGroupLevels } from '../../../src/core/cluster/nodeGroups';
import { buildOverview, overviewOfSteps } from '../../../src/core/map/buildOverview';
import { inputFromClusterModel } from '../../../src/core/map/fromClusterModel';
import { LeafCounts, mergeCounts } from '../../../src/core/map/groupCounts';
import { LiveOverview } from '../../../src/core/map/liveOverview';
import { cidrTargets } from '../../../src/core/map/manifestFindings';
import { buildNetworks } from '../../../src/core/map/buildMapModel';
import type { MapGroupRef } from '../../../src/core/map/mapOverview';
import { runToEnd } from '../../../src/core/steps';

const nodeName = (i: number) => `node-${String(i).padStart(5, '0')}`;
const pod = (i: number, p: number, ip = `10.${i >> 8}.${i & 255}.${p + 2}`): PodInfo => ({
  namespace: 'load',
  name: `pod-${i}-${p}`,
  nodeName: nodeName(i),
  podIPs: [ip],
  hostNetwork: false,
  phase: 'Running',
  containers: [],
});

/** n nodes, a /24 each (every 500th node shares its neighbour's block: overlap findings), (i % 4) pods each. */
function cluster(n: number): ClusterModel {
  const m = new ClusterModel();
  for (let i = 0; i < n; i++) {
    const block = i % 500 === 1 ? i - 1 : i;
    m.upsertNode({ name: nodeName(i), internalIPs: [`172.16.${i >> 8}.${i & 255}`], ready: i % 11 !== 3, podCIDRs: [`10.${block >> 8}.${block & 255}.0/24`] });
    for (let p = 0; p < i % 4; p++) m.upsertPod(pod(i, p));
  }
  return m;
}

const live = (l: LiveOverview, ref?: MapGroupRef) => {
  runToEnd(l.updateSteps());
  return runToEnd(overviewOfSteps(l.base, l.levels, ref));
};

/** The overview built from scratch, as before any incremental state: the adapter over every node, then buildOverview. */
const full = (m: ClusterModel, ref?: MapGroupRef) => buildOverview(inputFromClusterModel('c', m, { pods: false }), nodeGroupLevels(m.nodeNames())!, ref);

describe('the aggregated map kept up to date by what changed (core/map/liveOverview)', () => {
  it('equals a full rebuild after pod churn, readiness changes, a pod outside its block and a new node', () => {
    const m = cluster(21_000);
    const l = new LiveOverview('c', m);
    const scopes: (MapGroupRef | undefined)[] = [undefined, { level: 1, index: 0 }, { level: 1, index: 2 }];
    for (const ref of scopes) assert.deepEqual(live(l, ref), full(m, ref));
    assert.ok(full(m)!.findingCount > 0, 'the fixture has findings to count');

    // Pod churn on a few nodes: deleted, added, moved to another IP.
    m.deletePod('load', 'pod-3-0');
    m.upsertPod(pod(4, 9));
    m.upsertPod(pod(15_007, 0, '10.58.159.200'));
    m.upsertNode({ name: nodeName(20_999), internalIPs: ['172.16.82.7'], ready: false, podCIDRs: ['10.82.7.0/24'] });
    // A pod outside its node's block: a finding counted in its group.
    m.upsertPod(pod(10_500, 0, '10.200.0.9'));
    const before = l.version;
    const topology = m.clock.topology;
    for (const ref of scopes) assert.deepEqual(live(l, ref), full(m, ref));
    assert.ok(l.version > before, 'the change was seen');
    assert.equal(m.clock.topology, topology, 'pod churn and readiness are no topology change: the picture was updated, not rebuilt');
    assert.equal(live(l)!.groups[1]!.findings, full(m)!.groups[1]!.findings);

    // A node added: the node list (topology) changed, the picture is rebuilt.
    m.upsertNode({ name: nodeName(21_000), internalIPs: ['172.16.82.8'], ready: true, podCIDRs: ['10.82.8.0/24'] });
    for (const ref of scopes) assert.deepEqual(live(l, ref), full(m, ref));
    assert.equal(live(l)!.nodes, 21_001);
  });

  it('recounts only the groups of nodes a change touched, moves sums without reading for pod changes, and an unchanged cluster keeps its version', () => {
    const m = cluster(6_000);
    const input = inputFromClusterModel('c', m, { pods: false });
    const nodes = new Map(input.nodes.map((n) => [n.name, n]));
    const read: string[] = [];
    const leaves = nodeGroupLevels(m.nodeNames())![0]!;
    const counts = new LeafCounts(leaves, buildNetworks(input), (name) => {
      read.push(name);
      return nodes.get(name);
    });
    for (const g of leaves) runToEnd(counts.countsSteps(g));
    assert.equal(read.length, 6_000);
    read.length = 0;
    counts.invalidate(nodeName(4_321));
    for (const g of leaves) runToEnd(counts.countsSteps(g));
    assert.deepEqual(read, leaves[43]!.names, 'one group of nodes read again, not 6,000 nodes');
    // Pods and readiness changed, blocks the same: the group's sums move, no node is read again.
    read.length = 0;
    const before = nodes.get(nodeName(4_321))!;
    const after = { ...before, ready: false, podCount: (before.podCount ?? 0) + 5 };
    nodes.set(nodeName(4_321), after);
    const moved = runToEnd(counts.countsSteps(leaves[43]!));
    counts.update(nodeName(4_321), before, after);
    const sums = runToEnd(counts.countsSteps(leaves[43]!));
    assert.deepEqual(read, []);
    assert.equal(sums.pods, moved.pods + 5);
    assert.equal(sums.notReady, moved.notReady + 1);
    counts.invalidate(nodeName(4_321));
    assert.deepEqual(runToEnd(counts.countsSteps(leaves[43]!)), sums, 'the moved sums equal a recount');

    const l = new LiveOverview('c', m);
    live(l);
    const v = l.version;
    runToEnd(l.updateSteps());
    assert.equal(l.version, v, 'nothing changed: the same version (the view is not built again)');
    m.upsertPod(pod(5, 7));
    runToEnd(l.updateSteps());
    assert.ok(l.version > v);
  });

  it('a group of groups is the merge of its groups of nodes, earliest block first on a tie', () => {
    const m = cluster(1_000);
    const input = inputFromClusterModel('c', m, { pods: false });
    const nodes = new Map(input.nodes.map((n) => [n.name, n]));
    const leaves = nodeGroupLevels(m.nodeNames())![0]!;
    const counts = new LeafCounts(leaves, buildNetworks(input), (n) => nodes.get(n));
    const whole = { index: 0, level: 1, names: m.nodeNames(), groups: leaves };
    const merged = runToEnd(counts.countsSteps(whole));
    assert.deepEqual(merged, mergeCounts(leaves.map((g) => runToEnd(counts.countsSteps(g)))));
    assert.equal(merged.nodes, 1_000);
    assert.equal(merged.pods, m.podCount);
    // node-00000 and node-00001 share 10.0.0.0/24: the first one's block is the group's first.
    assert.equal([...merged.spans.values()][0]!.first, '10.0.0.0/24');
    assert.ok(cidrTargets(input).size > 0);
  });
});
