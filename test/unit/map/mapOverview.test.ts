import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { nestGroupsAbove, nodeGroupLevels } from '../../../src/core/cluster/nodeGroups';
import { buildMapModel, buildNetworks } from '../../../src/core/map/buildMapModel';
import { buildOverview, buildOverviewSteps } from '../../../src/core/map/buildOverview';
import { inputFromClusterModel } from '../../../src/core/map/fromClusterModel';
import type { MapInput } from '../../../src/core/map/mapInput';
import { isWebviewMessage } from '../../../src/core/map/mapMessages';
import { AGGREGATE_MAP_ABOVE } from '../../../src/core/map/mapOverview';
import { ALL_NODES_LABEL, leafGroupOf, resolveScope, scopedInput } from '../../../src/core/map/mapScope';
import { matchPods, searchPodsSteps } from '../../../src/core/map/podSearch';
import { runToEnd } from '../../../src/core/steps';
import { scaleInput } from './mapFixtures';

/** n nodes (a /24 each from 10.0.0.0, no cluster CIDR: the pod network is inferred) with (i % 3) pods each, in a live model. */
function bigCluster(n: number): ClusterModel {
  const m = new ClusterModel();
  for (let i = 0; i < n; i++) {
    const name = `node-${String(i).padStart(5, '0')}`;
    m.upsertNode({ name, internalIPs: [`172.16.${i >> 8}.${i & 255}`], ready: i !== 7, podCIDRs: [`10.${i >> 8}.${i & 255}.0/24`] });
  }
  return m;
}

function withPods(m: ClusterModel): ClusterModel {
  for (const name of m.nodeNames()) {
    const i = Number(name.slice(5));
    for (let p = 0; p < i % 3; p++) {
      m.upsertPod({
        namespace: 'load',
        name: `pod-${i}-${p}`,
        nodeName: name,
        podIPs: [`10.${i >> 8}.${i & 255}.${p + 2}`],
        hostNetwork: false,
        phase: 'Running',
        containers: [],
      });
    }
  }
  return m;
}

const inputOf = (m: ClusterModel): MapInput => inputFromClusterModel('big', m, { pods: false });

describe('the aggregated map of a big cluster (node groups)', () => {
  it('summarises each group of the top level: nodes, pods, block range, use, not-ready nodes', () => {
    const m = withPods(bigCluster(AGGREGATE_MAP_ABOVE + 1_000));
    const input = inputOf(m);
    assert.equal(input.pods.length, 0, 'the overview reads no pods');
    const levels = nodeGroupLevels(m.nodeNames())!;
    const o = buildOverview(input, levels)!;
    assert.equal(o.groups.length, 60);
    assert.equal(o.nodes, 6_000);
    assert.equal(o.pods, m.podCount);
    assert.equal(o.groups.reduce((s, g) => s + g.pods, 0), m.podCount);
    const g0 = o.groups[0]!;
    assert.equal(g0.label, 'node-00000 … node-00099');
    assert.equal(g0.notReady, 1);
    assert.deepEqual(g0.ranges.map((r) => `${r.first} ${r.last}`), ['10.0.0.0/24 10.0.99.0/24']);
    // The same counts the tree shows (ClusterModel's used/usable per node).
    const used = m.nodeNames().slice(0, 100).reduce((s, n) => s + m.node(n)!.used, 0);
    assert.equal(g0.used, used);
    assert.equal(g0.usable, 100 * 254);
    assert.ok(Math.abs(g0.utilisation - used / 25_400) < 1e-9);
    // Ranges are placed inside the pod network the map would draw (inferred here: the cover of every block).
    const pod = o.networks[g0.ranges[0]!.network]!;
    assert.equal(pod.role, 'pod');
    assert.ok(o.groups[59]!.ranges[0]!.offset > g0.ranges[0]!.offset);
  });

  it('stays bounded: 30,000 nodes give groups of groups, no level over nestGroupsAbove, the message no bigger than for 6,000', () => {
    const small = scaleInput(6_000, 0);
    const large = scaleInput(30_000, 0);
    const os = buildOverview(small, nodeGroupLevels(small.nodes.map((n) => n.name))!)!;
    const levels = nodeGroupLevels(large.nodes.map((n) => n.name))!;
    const ol = buildOverview(large, levels)!;
    assert.equal(levels.length, 2);
    assert.equal(ol.groups.length, 3);
    assert.ok(os.groups.length <= nestGroupsAbove && ol.groups.length <= nestGroupsAbove);
    assert.ok(JSON.stringify(ol).length <= JSON.stringify(os).length, 'the overview does not grow with the cluster');
    assert.equal(ol.groups[0]!.nodes, 10_000);
    // A group of groups opens as another overview of its 100 groups, with the way back.
    const mid = buildOverview(large, levels, { level: 1, index: 2 })!;
    assert.equal(mid.groups.length, 100);
    assert.equal(mid.nodes, 10_000);
    assert.deepEqual(mid.scope.parents.map((p) => p.label), [ALL_NODES_LABEL]);
    assert.equal(mid.groups[0]!.label, 'node-20000 … node-20099');
    // A group of nodes is no overview (the host builds its plain map), nor is a group that does not exist.
    assert.equal(buildOverview(large, levels, { level: 0, index: 0 }), undefined);
    assert.equal(buildOverview(large, levels, { level: 1, index: 9 }), undefined);
  });

  it('counts every finding in the groups it concerns and never drops one from the counts', () => {
    const m = bigCluster(6_000);
    const base = inputOf(m);
    const input: MapInput = {
      ...base,
      findings: [
        {
          code: 'node-block-overlap',
          severity: 'error',
          message: 'two nodes share a block',
          origin: 'cluster',
          targets: [{ kind: 'node', name: 'node-00150' }, { kind: 'node', name: 'node-05999' }],
        },
        {
          code: 'pod-ip-outside-block',
          severity: 'warning',
          message: 'stray pod',
          origin: 'cluster',
          targets: [{ kind: 'pod', namespace: 'x', name: 'p', node: 'node-00151' }],
        },
        { code: 'pod-network-overlaps-service-network', severity: 'warning', message: 'settings', origin: 'cluster', targets: [] },
        ...Array.from({ length: 600 }, (_, i) => ({
          code: 'pod-ip-outside-block',
          severity: 'warning' as const,
          message: `stray ${i}`,
          origin: 'cluster' as const,
          targets: [{ kind: 'node' as const, name: 'node-03000' }],
        })),
      ],
    };
    const levels = nodeGroupLevels(m.nodeNames())!;
    const o = buildOverview(input, levels)!;
    assert.equal(o.groups[1]!.findings, 2);
    assert.equal(o.groups[1]!.errors, 1);
    assert.equal(o.groups[59]!.findings, 1);
    assert.equal(o.groups[30]!.findings, 600, 'counted in full even though the list is capped');
    assert.equal(o.groups[0]!.findings, 0);
    assert.equal(o.findingCount, 603);
    assert.equal(o.findings.length, 500);
    assert.deepEqual(o.findings[1]!.targets, [{ kind: 'pod', namespace: 'x', name: 'p', node: 'node-00151' }]);
    assert.deepEqual(o.findings[0]!.targets.map((t) => t.kind), ['node', 'node']);
  });

  it('counts tens of thousands of findings a few thousand per step (the host keeps its event loop), each once per group', () => {
    const m = bigCluster(6_000);
    const base = inputOf(m);
    const levels = nodeGroupLevels(m.nodeNames())!;
    const finding = (i: number) => ({
      code: 'pod-network-overlaps-service-network',
      severity: 'error' as const,
      message: `node ${i}`,
      origin: 'cluster' as const,
      // Two nodes of one group: the group counts the finding once.
      targets: [{ kind: 'node' as const, name: `node-${String(i % 6_000).padStart(5, '0')}` }, {
        kind: 'node' as const,
        name: `node-${String(i % 6_000 - (i % 6_000) % 100).padStart(5, '0')}`,
      }],
    });
    const steps = (findings: MapInput['findings']) => {
      const gen = buildOverviewSteps({ ...base, findings }, levels);
      let yields = 0;
      for (let r = gen.next();; r = gen.next()) {
        if (r.done) return { yields, overview: r.value! };
        yields++;
      }
    };
    const none = steps([]);
    const many = steps(Array.from({ length: 24_000 }, (_, i) => finding(i)));
    assert.ok(many.yields - none.yields >= 24_000 / 2048 - 1, `${many.yields - none.yields} more steps for 24,000 findings`);
    assert.equal(many.overview.findingCount, 24_000);
    assert.deepEqual(many.overview.groups.slice(0, 3).map((g) => [g.findings, g.errors]), [[400, 400], [400, 400], [400, 400]]);
  });

  it('a group of nodes as a map of its own: its nodes and pods, the whole cluster networks, its findings', () => {
    const m = withPods(bigCluster(6_000));
    const names = m.nodeNames();
    const levels = nodeGroupLevels(names)!;
    const leaf = resolveScope(levels, names, { level: 0, index: 42 })!;
    assert.equal(leaf.children, undefined);
    assert.deepEqual(leaf.scope.parents, [{ label: ALL_NODES_LABEL }]);
    const own = inputFromClusterModel('big', m, { nodes: leaf.names });
    assert.equal(own.nodes.length, 100);
    assert.equal(own.pods.length, leaf.names.reduce((s, n) => s + m.podsOn(n).length, 0));
    const networks = buildNetworks(inputOf(m));
    const model = buildMapModel(
      scopedInput({
        ...own,
        findings: [
          { code: 'a', severity: 'error', message: 'in', origin: 'cluster', targets: [{ kind: 'node', name: 'node-04210' }] },
          { code: 'b', severity: 'error', message: 'out', origin: 'cluster', targets: [{ kind: 'node', name: 'node-00001' }] },
          { code: 'c', severity: 'info', message: 'cluster-wide', origin: 'cluster', targets: [] },
        ],
      }, networks),
    );
    assert.deepEqual(model.networks.map((n) => `${n.role} ${n.cidr} ${n.inferred}`), networks.map((n) => `${n.role} ${n.cidr} ${n.inferred}`));
    assert.deepEqual(model.findings.map((f) => f.message), ['in', 'cluster-wide']);
    assert.equal(model.nodes[0]!.name, 'node-04200');
  });

  it('finds the group of nodes holding a node', () => {
    const names = scaleInput(30_000, 0).nodes.map((n) => n.name);
    const levels = nodeGroupLevels(names)!;
    assert.deepEqual(leafGroupOf(levels, names.indexOf('node-12345')), { level: 0, index: 123 });
    assert.equal(leafGroupOf(levels, -1), undefined);
  });
});

describe('pod search over a whole cluster (host side)', () => {
  it('finds the last pod among many, ranked as the packet-path box ranks them', () => {
    const pods = Array.from({ length: 50_000 }, (_, i) => ({ namespace: 'load', name: `pod-${i}`, podIPs: [`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`] }));
    const found = runToEnd(searchPodsSteps(pods, (p) => p.podIPs[0]!, 'load/pod-49999'));
    assert.deepEqual(found.map((p) => p.name), ['pod-49999']);
    const flat = pods.map((p) => ({ namespace: p.namespace, name: p.name, ip: p.podIPs[0]!, node: 0, hostNetwork: false }));
    assert.deepEqual(
      runToEnd(searchPodsSteps(pods, (p) => p.podIPs[0]!, 'pod-4999', 5)).map((p) => p.name),
      matchPods(flat, 'pod-4999', 5).map((i) => flat[i]!.name),
    );
  });
});

describe('aggregated map messages from the webview', () => {
  it('accepts scope, node, pod and search requests, refuses malformed ones', () => {
    assert.ok(isWebviewMessage({ type: 'openScope', group: null }));
    assert.ok(isWebviewMessage({ type: 'openScope', group: { level: 1, index: 3 } }));
    assert.ok(!isWebviewMessage({ type: 'openScope', group: { level: -1, index: 3 } }));
    assert.ok(!isWebviewMessage({ type: 'openScope', group: { level: 0, index: 1.5 } }));
    assert.ok(!isWebviewMessage({ type: 'openScope' }));
    assert.ok(isWebviewMessage({ type: 'openNode', name: 'node-1' }));
    assert.ok(!isWebviewMessage({ type: 'openNode', name: '' }));
    assert.ok(isWebviewMessage({ type: 'openPod', namespace: 'shop', name: 'app' }));
    assert.ok(!isWebviewMessage({ type: 'openPod', namespace: 'shop' }));
    assert.ok(isWebviewMessage({ type: 'searchPods', query: 'shop/app' }));
    assert.ok(!isWebviewMessage({ type: 'searchPods', query: 'x'.repeat(257) }));
    assert.ok(!isWebviewMessage({ type: 'searchPods', query: 3 }));
  });
});
