import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { inputFromClusterModel } from '../../../src/core/map/fromClusterModel';

function seedCluster(overlap: boolean): ClusterModel {
  const m = new ClusterModel();
  for (const i of [1, 2, 3]) {
    const podCIDRs = [overlap && i === 3 ? '10.32.2.0/25' : `10.32.${i}.0/24`];
    m.upsertNode({ name: `node-${i}`, internalIPs: [`172.31.0.${10 + i}`], ready: true, podCIDRs });
  }
  for (const i of [1, 2]) {
    m.upsertPod({
      namespace: 'default',
      name: `web-${i}`,
      nodeName: `node-${i}`,
      podIPs: [`10.32.${i}.2`],
      hostNetwork: false,
      phase: 'Running',
      containers: [],
    });
  }
  return m;
}

describe('map input from the live cluster model', () => {
  it('carries nodes, blocks with their source, the tree counts, pods and routes', () => {
    const map = buildMapModel(inputFromClusterModel('podnet-lab', seedCluster(false)));
    assert.equal(map.context, 'podnet-lab');
    assert.deepEqual(map.nodes.map((n) => `${n.name} ${n.internalIPs.join()} ${n.blocks.map((b) => `${b.cidr} ${b.used}/${b.usable} ${b.source}`).join()}`), [
      'node-1 172.31.0.11 10.32.1.0/24 1/254 node.spec.podCIDRs',
      'node-2 172.31.0.12 10.32.2.0/24 1/254 node.spec.podCIDRs',
      'node-3 172.31.0.13 10.32.3.0/24 0/254 node.spec.podCIDRs',
    ]);
    assert.deepEqual(map.pods.map((p) => `${p.namespace}/${p.name} ${p.ip} ${p.node}`), ['default/web-1 10.32.1.2 0', 'default/web-2 10.32.2.2 1']);
    assert.equal(map.routes.length, 3);
    // No cluster CIDR discoverable from nodes alone: inferred from the blocks, as is the LAN.
    assert.deepEqual(map.networks.map((n) => `${n.role} ${n.cidr} ${n.inferred}`), ['pod 10.32.0.0/22 true', 'node 172.31.0.0/24 true']);
  });

  it('turns the model findings into map findings targeting the nodes', () => {
    const map = buildMapModel(inputFromClusterModel('x', seedCluster(true)));
    const overlap = map.findings.find((f) => f.code === 'node-block-overlap');
    assert.ok(overlap, JSON.stringify(map.findings));
    assert.equal(overlap.origin, 'cluster');
    assert.deepEqual(overlap.targets.map((t) => (t.kind === 'node' ? map.nodes[t.node].name : t.kind)).sort(), ['node-2', 'node-3']);
    assert.equal(map.overlaps.filter((o) => o.a.kind === 'block' && o.b.kind === 'block').length, 1);
  });

  it('takes the blocks as the model parsed them and the block overlaps as the model judged them', () => {
    const model = seedCluster(true);
    const input = inputFromClusterModel('x', model);
    assert.equal(input.nodes[0]!.blocks[0]!.parsed, model.node('node-1')!.blocks[0], "the model's own parsed block, not a re-parse");
    assert.deepEqual(input.blockOverlaps, [[{ node: 'node-2', cidr: '10.32.2.0/24' }, { node: 'node-3', cidr: '10.32.2.0/25' }]]);
    // The map draws the pairs it is given, and looks for none itself.
    const map = buildMapModel({ ...input, blockOverlaps: [] });
    assert.equal(map.overlaps.filter((o) => o.a.kind === 'block' && o.b.kind === 'block').length, 0);
    const drawn = buildMapModel(input).overlaps.find((o) => o.a.kind === 'block' && o.b.kind === 'block');
    assert.equal(drawn?.range, '10.32.2.0 – 10.32.2.127');
  });
});
