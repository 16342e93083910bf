import assert from 'node:assert/strict';
import { batchLines, normalizeDst, parseRoutes, planRoutes } from '../../../src/cni/agent/routeTable';

const sample = `default via 198.18.0.1 dev eth0 proto dhcp src 198.18.0.11 metric 100
198.18.0.0/24 dev eth0 proto kernel scope link src 198.18.0.11
198.19.1.0/24 dev cni0 proto kernel scope link src 198.19.1.1
198.19.2.0/24 via 198.18.0.12 dev eth0 proto 154
198.19.3.0/24 via 198.18.0.13 dev eth0 proto 154
198.19.9.0/24 via 198.18.0.99 dev eth0 proto static
blackhole 198.19.200.0/24 proto 154
198.19.7.7 via 198.18.0.12 dev eth0 proto static
fd00:2::/64 via fd00::12 dev eth0 proto 154 metric 1024 pref medium
`;

describe('cni agent: routeTable', () => {
  it('parses iproute2 output into destinations, gateways and protocols', () => {
    const routes = parseRoutes(sample);
    assert.equal(routes.length, 9);
    assert.deepEqual(routes[3], { dst: '198.19.2.0/24', via: '198.18.0.12', proto: '154' });
    assert.deepEqual(routes[6], { dst: '198.19.200.0/24', proto: '154' });
    assert.equal(routes[7].dst, '198.19.7.7/32');
    assert.deepEqual(routes[8], { dst: 'fd00:2::/64', via: 'fd00::12', proto: '154' });
    assert.equal(normalizeDst('fd00::1'), 'fd00::1/128');
  });

  it('plans only the differences: add, change, remove; nothing when in step', () => {
    const all = parseRoutes(sample);
    const ours = all.filter((r) => r.proto === '154');
    const desired = new Map([
      ['198.19.2.0/24', '198.18.0.12'], // unchanged
      ['198.19.3.0/24', '198.18.0.33'], // gateway moved
      ['198.19.4.0/24', '198.18.0.14'], // new node
      ['fd00:2::/64', 'fd00::12'],
    ]);
    const plan = planRoutes(desired, ours, all, 154);
    assert.deepEqual(plan.replace, [
      { dst: '198.19.3.0/24', via: '198.18.0.33' },
      { dst: '198.19.4.0/24', via: '198.18.0.14' },
    ]);
    assert.deepEqual(plan.remove, ['198.19.200.0/24']);
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(batchLines(plan, 154), [
      'route del 198.19.200.0/24 proto 154',
      'route replace 198.19.3.0/24 via 198.18.0.33 proto 154',
      'route replace 198.19.4.0/24 via 198.18.0.14 proto 154',
    ]);
    const inStep = new Map(ours.filter((r) => r.via).map((r) => [r.dst, r.via as string]));
    const none = planRoutes(inStep, ours.filter((r) => r.via), all.filter((r) => r.dst !== '198.19.200.0/24'), 154);
    assert.equal(none.replace.length + none.remove.length, 0);
  });

  it('never replaces or removes a route it did not create', () => {
    const all = parseRoutes(sample);
    const ours = all.filter((r) => r.proto === '154');
    const plan = planRoutes(new Map([['198.19.9.0/24', '198.18.0.19'], ['198.19.7.7/32', '198.18.0.12']]), ours, all, 154);
    assert.deepEqual(plan.replace, []);
    assert.deepEqual(plan.conflicts, [
      { dst: '198.19.9.0/24', proto: 'static' },
      { dst: '198.19.7.7/32', proto: 'static' },
    ]);
    assert.ok(!plan.remove.includes('198.19.9.0/24'));
    assert.ok(batchLines(plan, 154).every((l) => l.endsWith('proto 154')));
  });
});
