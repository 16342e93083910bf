import assert from 'node:assert/strict';
import { markerMetric, routeOwner } from '../../../src/cni/agent/routeOwner';
import { batchLines, normalizeDst, offLinkGateways, parseRoutes, planRoutes } from '../../../src/cni/agent/routeTable';

const owner = routeOwner('n1', 154);
const mine = owner.metric;
const other = markerMetric('n9');

const sample = `default via 198.18.0.1 dev eth0 proto dhcp src 198.18.0.11 metric 100
198.18.0.0/24 dev eth0 proto kernel scope link src 198.18.0.11
198.19.1.0/24 dev cni0 proto kernel scope link src 198.19.1.1
198.19.2.0/24 via 198.18.0.12 dev eth0 proto 154 metric ${mine}
198.19.3.0/24 via 198.18.0.13 dev eth0 proto 154 metric ${mine}
198.19.4.0/24 via 198.18.0.14 dev eth0 proto 154 metric ${other}
198.19.5.0/24 via 198.18.0.15 dev eth0 proto 154
198.19.9.0/24 via 198.18.0.99 dev eth0 proto static
blackhole 198.19.200.0/24 proto 154 metric ${mine}
198.19.7.7 via 198.18.0.12 dev eth0 proto static
2001:2::/64 dev eth0 proto kernel metric 256 pref medium
2001:2:1:2::/64 via 2001:2::12 dev eth0 proto 154 metric ${mine} pref medium
`;

describe('cni agent: routeTable (ownership by protocol and marker metric)', () => {
  it('parses iproute2 output into destinations, gateways, protocols, metrics and types', () => {
    const routes = parseRoutes(sample);
    assert.equal(routes.length, 12);
    assert.deepEqual(routes[3], { dst: '198.19.2.0/24', via: '198.18.0.12', proto: '154', metric: mine, dev: 'eth0' });
    assert.deepEqual(routes[6], { dst: '198.19.5.0/24', via: '198.18.0.15', proto: '154', metric: 0, dev: 'eth0' });
    assert.deepEqual(routes[8], { dst: '198.19.200.0/24', proto: '154', metric: mine, type: 'blackhole' });
    assert.equal(routes[9].dst, '198.19.7.7/32');
    assert.equal(normalizeDst('fd00::1'), 'fd00::1/128');
    assert.equal(parseRoutes('198.19.9.0/24 via 198.18.5.2 dev d0  metric -1704967296')[0].metric, 2590000000, 'busybox prints metrics signed');
  });

  it('marks are per node, stable, inside the marker range', () => {
    assert.equal(markerMetric('n1'), markerMetric('n1'));
    assert.notEqual(markerMetric('n1'), markerMetric('n2'));
    for (const n of ['n1', 'node-a', 'ip-10-0-0-1.ec2.internal']) assert.ok(markerMetric(n) >= 0x9a000000 && markerMetric(n) < 0x9b000000);
  });

  it("plans only the differences; adopts (re-creates) unmarked Podnet routes; never touches another agent's", () => {
    const all = parseRoutes(sample);
    const desired = new Map([
      ['198.19.2.0/24', '198.18.0.12'], // unchanged
      ['198.19.3.0/24', '198.18.0.33'], // gateway moved
      ['198.19.5.0/24', '198.18.0.15'], // held by a Podnet route from before markers: re-created with ours
      ['198.19.6.0/24', '198.18.0.16'], // new node
      ['2001:2:1:2::/64', '2001:2::12'],
    ]);
    const plan = planRoutes(desired, all, owner);
    assert.deepEqual(plan.replace, [
      { dst: '198.19.3.0/24', via: '198.18.0.33' },
      { dst: '198.19.5.0/24', via: '198.18.0.15' },
      { dst: '198.19.6.0/24', via: '198.18.0.16' },
    ]);
    assert.deepEqual(plan.remove, [
      { dst: '198.19.200.0/24', metric: mine },
      { dst: '198.19.5.0/24', metric: 0 },
    ]);
    assert.deepEqual(plan.conflicts, []);
    assert.ok(!plan.remove.some((r) => r.dst === '198.19.4.0/24'), "another agent's route is not ours to remove");
    const lines = batchLines(plan, owner);
    assert.deepEqual(lines.slice(-2), ['route del 198.19.200.0/24 proto 154 metric ' + mine, 'route del 198.19.5.0/24 proto 154 metric 0']);
    assert.ok(lines[0].startsWith('route replace'), 'additions before removals');
    assert.ok(lines.every((l) => /proto 154 metric \d+$/.test(l)));
  });

  it('reports a wanted destination held by a foreign route or by another Podnet agent, and leaves it alone', () => {
    const all = parseRoutes(sample);
    const plan = planRoutes(new Map([['198.19.9.0/24', '198.18.0.19'], ['198.19.7.7/32', '198.18.0.12'], ['198.19.4.0/24', '198.18.0.14']]), all, owner);
    assert.deepEqual(plan.replace, []);
    assert.deepEqual(plan.conflicts.map((c) => [c.dst, c.owner]), [
      ['198.19.9.0/24', 'proto static (not Podnet)'],
      ['198.19.7.7/32', 'proto static (not Podnet)'],
      ['198.19.4.0/24', `another Podnet agent (route metric ${other})`],
    ]);
    const inStep = planRoutes(
      new Map([['198.19.2.0/24', '198.18.0.12'], ['198.19.3.0/24', '198.18.0.13'], ['2001:2:1:2::/64', '2001:2::12']]),
      all.filter((r) => r.dst !== '198.19.200.0/24' && r.dst !== '198.19.5.0/24'),
      owner,
    );
    assert.equal(inStep.replace.length + inStep.remove.length, 0, 'nothing to do when in step');
  });

  it('finds gateways on no directly connected network', () => {
    const all = parseRoutes(sample);
    assert.deepEqual([
      ...offLinkGateways(
        new Map([['198.19.2.0/24', '198.18.0.12'], ['198.19.6.0/24', '198.18.77.6'], ['2001:2:1:2::/64', '2001:2::12'], ['2001:2:1:8::/64', '2001:2:ff::8']]),
        all,
      ),
    ], ['198.18.77.6', '2001:2:ff::8']);
  });
});
