import assert from 'node:assert/strict';
import { scenarioObjects } from '../../../src/lab/scenarios/scenario';
import { scaleCluster, scaleScenario, uniqueSuffix } from '../../../src/lab/scenarios/scaleScenario';
import { ObjectStore } from '../../../src/lab/store/objectStore';
import { parseCidr } from '../../../src/core/net/cidr';

const cidr = (text: string) => {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(`bad CIDR ${text}`);
  return r.cidr;
};

describe('lab: the scale scenario', () => {
  it('keeps /24 blocks up to 16,384 nodes and gives every pod an IP inside its node’s block', () => {
    const data = scaleScenario.build({ nodes: 300, podsPerNode: 4 });
    assert.equal(data.nodeMaskSizeV4, 24);
    const objects = scenarioObjects(data);
    const cidrOf = new Map(objects.filter((o) => o.kind === 'Node').map((n) => [n.metadata.name, (n.spec as { podCIDR: string }).podCIDR]));
    assert.equal(cidrOf.size, 300);
    const apps = objects.filter((o) => o.kind === 'Pod' && !(o.spec as { hostNetwork?: boolean }).hostNetwork);
    assert.equal(apps.length, 1200);
    for (const p of apps) {
      const block = cidr(cidrOf.get((p.spec as { nodeName: string }).nodeName)!);
      const ip = cidr(`${(p.status as { podIP: string }).podIP}/32`);
      assert.ok(ip.start >= block.start && ip.end <= block.end, `${p.metadata.name} outside its block`);
    }
  });

  it('above 16,384 nodes: /26 blocks (65,536 fit 10.64.0.0/10, room for 65,000 nodes), the pods streamed one at a time, distinct /26 per node', function() {
    this.timeout(60_000); // 16,385 nodes and their 32,770 daemon pods: seconds on a loaded machine
    const c = scaleCluster({ nodes: 16_385, podsPerNode: 15 });
    assert.equal(c.mask, 26);
    assert.equal(c.podCount, 245_775);
    const cidrs = c.base.filter((o) => o.kind === 'Node').map((n) => (n.spec as { podCIDR: string }).podCIDR);
    assert.equal(cidrs.length, 16_385);
    assert.equal(new Set(cidrs).size, 16_385);
    assert.equal(cidrs.at(-1), '10.80.0.0/26'); // block 16,384 × 64 addresses past 10.64.0.0
    assert.equal(cidrs[0], '10.64.0.0/26');
    let n = 0;
    for (const p of c.pods()) {
      if (n++ === 0) assert.equal((p.status as { podIP: string }).podIP, '10.64.0.2');
      if (n === 20) break;
    }
  });

  it('has exactly the asked counts in the store: N nodes, N × M application pods and two DaemonSet pods per node, no name collisions', function() {
    this.timeout(120_000); // 20,000 nodes, 160,000 pods, each built once by the seed
    const data = scaleScenario.build({ nodes: 20_000, podsPerNode: 6 });
    const store = new ObjectStore();
    store.seed(data.objects);
    store.seedGenerated(data.generated ?? []);
    assert.equal(store.entries(store.typeOf('v1', 'Node')!).length, 20_000);
    const podType = store.typeOf('v1', 'Pod')!;
    assert.equal(store.entries(podType).length, 20_000 * 6 + 2 * 20_000);
    assert.equal(store.entries(podType, 'kube-system').length, 20_000); // kube-proxy
    assert.equal(store.entries(podType, 'kube-flannel').length, 20_000);
    // Every pod is served as its generator builds it, at its own resourceVersion.
    const rvs = new Set(store.entries(podType, 'team-07').slice(0, 500).map((e) => e.object.metadata.resourceVersion));
    assert.equal(rvs.size, 500);
  });

  it('uniqueSuffix never repeats (over a million pods; a bijection modulo 27^5 by construction) and uses the apiserver alphabet', function() {
    this.timeout(60_000);
    const seen = new Set<string>();
    for (let i = 0; i < 1_000_000; i++) seen.add(uniqueSuffix(i));
    assert.equal(seen.size, 1_000_000);
    assert.match(uniqueSuffix(0), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('refuses generated objects whose names collide, instead of keeping one', () => {
    const store = new ObjectStore();
    store.seed(scaleScenario.build({ nodes: 1, podsPerNode: 1 }).objects);
    const twin = scaleCluster({ nodes: 2, podsPerNode: 1 }).generated[0]!;
    assert.throws(() => store.seedGenerated([{ ...twin, keyAt: () => twin.keyAt(0), at: () => twin.at(0) }]), /generated Node "\/node-00001" twice/);
  });

  it('refuses more nodes than blocks, and more pods than a block holds, with the numbers', () => {
    assert.throws(() => scaleCluster({ nodes: 70_000 }), /--nodes 70000: .* holds 65,536 \/26 blocks/);
    assert.throws(() => scaleCluster({ nodes: 20_000, podsPerNode: 62 }), /--pods-per-node 62: a \/26 block holds 61 pods/);
  });
});
