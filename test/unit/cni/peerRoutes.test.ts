import assert from 'node:assert/strict';
import type { NodeLike } from '../../../src/cni/agent/peerRoutes';
import { nodeView, podCidrsOf } from '../../../src/cni/agent/peerRoutes';

let clock = Date.parse('2026-01-01T00:00:00Z');
/** Nodes registered one second apart, in the order they are made (the claim order). */
const node = (name: string, podCIDRs: string[], ips: string[]): NodeLike => ({
  metadata: { name, creationTimestamp: new Date(clock += 1000).toISOString() },
  spec: { podCIDR: podCIDRs[0], podCIDRs },
  status: { addresses: [{ type: 'Hostname', address: name }, ...ips.map((address) => ({ type: 'InternalIP', address }))] },
});

describe('cni agent: nodeView (blocks, overlaps, peer routes)', () => {
  it('routes every other node block via its InternalIP of the same family (dual-stack), canonical on both sides', () => {
    const nodes = [
      node('n1', ['198.19.1.0/24', '2001:2:1:1::/64'], ['198.18.0.11', '2001:2::11']),
      node('n2', ['198.19.2.0/24', '2001:2:1:2:0::/64'], ['198.18.0.12', '2001:2:0:0:0:0:0:12']),
      node('n3', ['198.19.3.0/24'], ['198.18.0.13']),
    ];
    const view = nodeView('n1', nodes);
    assert.deepEqual([...view.routes], [
      ['198.19.2.0/24', '198.18.0.12'],
      ['2001:2:1:2::/64', '2001:2::12'],
      ['198.19.3.0/24', '198.18.0.13'],
    ]);
    assert.deepEqual(view.problems, []);
    assert.deepEqual(view.peerProblems, []);
    assert.deepEqual(view.servedBlocks.map((b) => b.text), ['198.19.1.0/24', '2001:2:1:1::/64']);
  });

  for (
    const [kind, late, words] of [
      ['identical', '198.19.1.0/24', 'is the same block as'],
      ['nested', '198.19.1.128/25', 'lies inside'],
      ['containing', '198.19.0.0/23', 'contains'],
      ['IPv6 nested', '2001:2:1:1:8000::/65', 'lies inside'],
    ] as const
  ) {
    it(`${kind}: the later node serves nothing and is routed by no one; the first keeps its block and reports it`, () => {
      const nodes = [
        node('n1', ['198.19.1.0/24', '2001:2:1:1::/64'], ['198.18.0.11', '2001:2::11']),
        node('n2', ['198.19.2.0/24'], ['198.18.0.12']),
        node('n5', [late], ['198.18.0.15', '2001:2::15']),
      ];
      const loser = nodeView('n5', nodes);
      assert.deepEqual(loser.servedBlocks, []);
      assert.equal(loser.problems.length, 1);
      assert.match(
        loser.problems[0],
        new RegExp(`block ${late.replace(/[./]/g, '\\$&')} of node n5 ${words} block .* of node n1, which node n1 claimed first`),
      );
      assert.ok(
        ![...loser.routes.keys()].some((dst) => dst.startsWith(late.includes(':') ? '2001:2:1:1:' : '198.19.1.')),
        'never routes a block overlapping its own',
      );
      const keeper = nodeView('n1', nodes);
      assert.equal(keeper.servedBlocks.length, 2);
      assert.deepEqual(keeper.problems, []);
      assert.match(keeper.peerProblems.join(), /of node n5: node n5 registered later and must not use it/);
      assert.ok(![...keeper.routes.values()].includes('198.18.0.15'));
      const bystander = nodeView('n2', nodes);
      assert.deepEqual(bystander.problems, []);
      assert.ok(![...bystander.routes.values()].includes('198.18.0.15'), 'the later node is routed by no one');
      assert.match(bystander.peerProblems.join(), /of node n5 .* which node n1 claimed first: node n5's blocks are not routed from here/);
    });
  }

  it('two peers overlapping each other (CIDRs nest or are disjoint: no partial overlap exists): only the first is routed', () => {
    const nodes = [
      node('n1', ['198.19.1.0/24'], ['198.18.0.11']),
      node('n3', ['198.19.8.0/23'], ['198.18.0.13']),
      node('n4', ['198.19.9.0/24', '198.19.10.0/24'], ['198.18.0.14']),
    ];
    const view = nodeView('n1', nodes);
    assert.deepEqual([...view.routes], [['198.19.8.0/23', '198.18.0.13']]);
    assert.match(view.peerProblems.join(), /block 198\.19\.9\.0\/24 of node n4 lies inside block 198\.19\.8\.0\/23 of node n3/);
  });

  it('splits problems: own (missing IPv6 InternalIP for its own block, invalid block) vs peers (missing address, unallocated)', () => {
    const nodes = [
      node('n1', ['198.19.1.0/24', '2001:2:1:1::/64'], ['198.18.0.11']),
      node('n2', [], ['198.18.0.12']),
      node('n3', ['2001:2:1:3::/64'], ['198.18.0.13']),
      node('n4', ['198.19.4.0/33'], ['198.18.0.14']),
    ];
    const view = nodeView('n1', nodes);
    assert.deepEqual([...view.routes], []);
    assert.deepEqual(view.problems.length, 1);
    assert.match(view.problems[0], /IPv6 block 2001:2:1:1::\/64 but no IPv6 InternalIP/);
    assert.match(view.peerProblems.join('\n'), /node n3 has no IPv6 InternalIP for its block 2001:2:1:3::\/64/);
    assert.match(view.peerProblems.join('\n'), /node n4 has an invalid podCIDR/);
    assert.match(nodeView('n4', nodes).problems.join(), /this node has an invalid podCIDR/);
  });

  it('falls back to spec.podCIDR when podCIDRs is absent', () => {
    assert.deepEqual(podCidrsOf({ spec: { podCIDR: '10.0.0.0/24' } }), ['10.0.0.0/24']);
    assert.deepEqual(podCidrsOf({}), []);
  });
});
