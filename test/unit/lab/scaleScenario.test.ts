import assert from 'node:assert/strict';
import { scaleCluster, scaleScenario } from '../../../src/lab/scenarios/scaleScenario';
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
    const cidrOf = new Map(data.objects.filter((o) => o.kind === 'Node').map((n) => [n.metadata.name, (n.spec as { podCIDR: string }).podCIDR]));
    assert.equal(cidrOf.size, 300);
    const apps = data.objects.filter((o) => o.kind === 'Pod' && !(o.spec as { hostNetwork?: boolean }).hostNetwork);
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

  it('refuses more nodes than blocks, and more pods than a block holds, with the numbers', () => {
    assert.throws(() => scaleCluster({ nodes: 70_000 }), /--nodes 70000: .* holds 65,536 \/26 blocks/);
    assert.throws(() => scaleCluster({ nodes: 20_000, podsPerNode: 62 }), /--pods-per-node 62: a \/26 block holds 61 pods/);
  });
});
