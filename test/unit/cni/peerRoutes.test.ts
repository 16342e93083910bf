import assert from 'node:assert/strict';
import type { NodeLike } from '../../../src/cni/agent/peerRoutes';
import { peerRoutes, podCidrsOf } from '../../../src/cni/agent/peerRoutes';

const node = (name: string, podCIDRs: string[], ips: string[]): NodeLike => ({
  metadata: { name },
  spec: { podCIDR: podCIDRs[0], podCIDRs },
  status: { addresses: [{ type: 'Hostname', address: name }, ...ips.map((address) => ({ type: 'InternalIP', address }))] },
});

describe('cni agent: peerRoutes', () => {
  it('routes every other node block via its InternalIP of the same family (dual-stack)', () => {
    const nodes = [
      node('n1', ['198.19.1.0/24', 'fd00:1::/64'], ['198.18.0.11', 'fd00::11']),
      node('n2', ['198.19.2.0/24', 'fd00:2::/64'], ['198.18.0.12', 'fd00::12']),
      node('n3', ['198.19.3.0/24'], ['198.18.0.13']),
    ];
    const { routes, problems } = peerRoutes('n1', nodes);
    assert.deepEqual([...routes], [
      ['198.19.2.0/24', '198.18.0.12'],
      ['fd00:2::/64', 'fd00::12'],
      ['198.19.3.0/24', '198.18.0.13'],
    ]);
    assert.deepEqual(problems, []);
  });

  it('skips unallocated nodes and reports a block without a matching address or claimed twice', () => {
    const nodes = [
      node('n1', ['198.19.1.0/24'], ['198.18.0.11']),
      node('n2', [], ['198.18.0.12']),
      node('n3', ['fd00:3::/64'], ['198.18.0.13']),
      node('n4', ['198.19.5.0/24'], ['198.18.0.14']),
      node('n5', ['198.19.5.0/24'], ['198.18.0.15']),
    ];
    const { routes, problems } = peerRoutes('n1', nodes);
    assert.deepEqual([...routes], [['198.19.5.0/24', '198.18.0.14']]);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /n3 has no IPv6 InternalIP/);
    assert.match(problems[1], /198\.19\.5\.0\/24 is claimed by more than one node/);
  });

  it('falls back to spec.podCIDR when podCIDRs is absent', () => {
    assert.deepEqual(podCidrsOf({ spec: { podCIDR: '10.0.0.0/24' } }), ['10.0.0.0/24']);
    assert.deepEqual(podCidrsOf({}), []);
  });
});
