import assert from 'node:assert/strict';
import { buildMapModel, MAX_BLOCK_OVERLAPS } from '../../../src/core/map/buildMapModel';
import type { MapInput } from '../../../src/core/map/mapInput';
import { brokenOverlapInput, scaleInput, seedInput } from './mapFixtures';

describe('map model builder', () => {
  it('places node blocks inside the pod network with use counted', () => {
    const m = buildMapModel(seedInput());
    assert.deepEqual(m.networks.map((n) => `${n.role} ${n.cidr}`), ['pod 10.32.0.0/12', 'service 10.96.0.0/12', 'node 172.31.0.0/16']);
    const b = m.nodes[1].blocks[0];
    assert.equal(b.cidr, '10.32.2.0/24');
    assert.equal(b.network, 0);
    assert.equal(b.used, 2);
    assert.equal(b.usable, '254'); // as the tree counts: 256 - network - broadcast
    assert.equal(b.width, 1 / 4096);
    assert.equal(b.offset, 2 / 4096);
    assert.equal(m.nodes[1].podCount, 2);
    assert.deepEqual(m.overlaps, []);
  });

  it('derives one route "block via node IP" per block', () => {
    const m = buildMapModel(seedInput());
    assert.deepEqual(m.routes, [
      { destination: '10.32.1.0/24', via: '172.31.0.11', node: 0 },
      { destination: '10.32.2.0/24', via: '172.31.0.12', node: 1 },
      { destination: '10.32.3.0/24', via: '172.31.0.13', node: 2 },
    ]);
  });

  it('finds block overlaps with the shared part placed inside each block', () => {
    const m = buildMapModel(brokenOverlapInput());
    assert.equal(m.overlaps.length, 1);
    const o = m.overlaps[0];
    assert.deepEqual([o.a, o.b], [{ kind: 'block', node: 1, block: 0 }, { kind: 'block', node: 2, block: 0 }]);
    assert.equal(o.range, '10.32.2.0 – 10.32.2.127');
    assert.equal(o.aOffset, 0);
    assert.equal(o.aWidth, 0.5);
    assert.equal(o.bWidth, 1);
    assert.deepEqual(m.findings[0].targets, [{ kind: 'block', node: 2, block: 0 }, { kind: 'block', node: 1, block: 0 }]);
  });

  it('never reports overlaps for blocks only estimated from pod IPs (Weave), as the tree does not', () => {
    const input = brokenOverlapInput();
    const estimated = { ...input, nodes: input.nodes.map((n) => ({ ...n, blocks: n.blocks.map((b) => ({ ...b, guessed: true })) })) };
    assert.equal(buildMapModel(input).overlaps.length, 1);
    assert.deepEqual(buildMapModel(estimated).overlaps, []);
  });

  it('finds network overlaps and blocks reaching into the service network', () => {
    const input: MapInput = {
      ...seedInput(),
      networks: [
        { cidr: '10.0.0.0/8', role: 'pod', source: 'x' },
        { cidr: '10.96.0.0/12', role: 'service', source: 'y' },
      ],
      nodes: [{ name: 'n', internalIPs: ['192.168.1.5'], blocks: [{ cidr: '10.96.0.0/24', source: 's' }] }],
      pods: [],
    };
    const m = buildMapModel(input);
    const net = m.overlaps.find((o) => o.a.kind === 'network' && o.b.kind === 'network');
    assert.ok(net);
    assert.equal(net.range, '10.96.0.0 – 10.111.255.255');
    assert.equal(net.aOffset, 96 / 256);
    assert.equal(net.aWidth, 1 / 16);
    assert.equal(net.bWidth, 1);
    const blk = m.overlaps.find((o) => o.a.kind === 'block');
    assert.deepEqual(blk?.b, { kind: 'network', network: 1 });
    // The node network was not given: inferred as at least a /24 around the InternalIP.
    assert.deepEqual(m.networks.at(-1), { ...m.networks.at(-1), role: 'node', cidr: '192.168.1.0/24', inferred: true });
  });

  it('marks blocks outside every pod network and infers the pod network when none is known', () => {
    const outside = buildMapModel({ ...seedInput(), nodes: [{ name: 'n', internalIPs: [], blocks: [{ cidr: '192.168.0.0/24', source: 's' }] }], pods: [] });
    assert.equal(outside.nodes[0].blocks[0].network, -1);
    const inferred = buildMapModel({ ...seedInput(), networks: [] });
    const pod = inferred.networks.find((n) => n.role === 'pod');
    assert.equal(pod?.cidr, '10.32.0.0/22');
    assert.equal(pod?.inferred, true);
  });

  it('log-scales bars when sizes differ by orders of magnitude (IPv6) and stays linear otherwise', () => {
    const seed = buildMapModel(seedInput());
    assert.deepEqual(seed.scales, [{ family: 4, scale: 'linear' }]);
    assert.deepEqual(seed.networks.map((n) => n.barWidth), [1, 1, 1 / 16]);
    const v6 = buildMapModel({
      context: '',
      networks: [
        { cidr: 'fd00:10::/56', role: 'pod', source: 'x' },
        { cidr: 'fd00:96::/112', role: 'service', source: 'y' },
      ],
      nodes: [{ name: 'n', internalIPs: ['fd00:1::5'], blocks: [{ cidr: 'fd00:10:0:1::/64', source: 's' }] }],
      pods: [{ namespace: 'a', name: 'p', ip: 'fd00:10:0:1::2', node: 'n', hostNetwork: false }],
      findings: [],
    });
    assert.deepEqual(v6.scales, [{ family: 6, scale: 'log' }]);
    const [pod, svc] = v6.networks;
    assert.equal(pod.barWidth, 1);
    assert.equal(svc.barWidth, 17 / 73);
    assert.equal(v6.nodes[0].blocks[0].used, 1);
    assert.equal(v6.nodes[0].blocks[0].usable, (2n ** 64n - 1n).toString());
    assert.equal(v6.nodes[0].blocks[0].offset, 1 / 256);
  });

  it('caps reported block overlaps when every node shares one block', () => {
    const input = scaleInput(200, 0);
    const same = { ...input, nodes: input.nodes.map((n) => ({ ...n, blocks: [{ cidr: '10.0.0.0/24', source: 's' }] })) };
    assert.equal(buildMapModel(same).overlaps.length, MAX_BLOCK_OVERLAPS);
  });

  it('survives a JSON round trip unchanged (it is posted to the webview)', () => {
    const m = buildMapModel(brokenOverlapInput());
    assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  });
});

describe('fast IPv4 parsing', () => {
  it('reads dotted quads and refuses everything else', async () => {
    const { ipv4ToNumber } = await import('../../../src/core/net/fastAddress');
    assert.equal(ipv4ToNumber('10.32.1.2'), 10 * 2 ** 24 + 32 * 2 ** 16 + 256 + 2);
    assert.equal(ipv4ToNumber('255.255.255.255'), 2 ** 32 - 1);
    for (const bad of ['', '10.32.1', '10.32.1.2.3', '10.32.1.256', '10..1.2', '1.2.3.4 ', 'a.b.c.d', '1234.1.1.1', 'fd00::1']) {
      assert.equal(ipv4ToNumber(bad), -1, bad);
    }
  });
});

describe('fast CIDR parsing', () => {
  it('agrees with parseCidr on IPv4, IPv6 and errors', async () => {
    const { fastParseCidr } = await import('../../../src/core/net/fastAddress');
    const { parseCidr } = await import('../../../src/core/net/cidr');
    for (const t of ['10.32.1.0/24', '10.32.1.5/24', '0.0.0.0/0', '255.255.255.255/32', '10.0.0.0/33', '10.0.0/8', '10.0.0.0/x', 'fd00::/64', '10.0.0.0']) {
      assert.deepEqual(fastParseCidr(t), parseCidr(t), t);
    }
  });
});
