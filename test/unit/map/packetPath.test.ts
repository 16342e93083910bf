import assert from 'node:assert/strict';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { packetPath } from '../../../src/core/map/packetPath';
import type { MapInput } from '../../../src/core/map/mapInput';
import { brokenOverlapInput, podnetBridgePath, seedInput as plainSeed } from './mapFixtures';

// These fixtures model Podnet's own bridge (cni0 + host routes); test/unit/dataPath covers the other CNIs.
const bridged = (input: MapInput): MapInput => ({ ...input, dataPath: podnetBridgePath });
const seedInput = (): MapInput => bridged(plainSeed());

const podIndex = (m: ReturnType<typeof buildMapModel>, name: string) => m.pods.findIndex((p) => p.name === name);

describe('packet path between pods', () => {
  it('crosses cni0, the node, the route and the other node', () => {
    const m = buildMapModel(seedInput());
    const path = packetPath(m, podIndex(m, 'web-1-2'), podIndex(m, 'web-3-2'));
    assert.deepEqual(path.problems, []);
    assert.deepEqual(
      path.hops.map((h) => `${h.kind}: ${h.label}`),
      [
        'pod: default/web-1-2',
        'link: cni0 on node-1',
        'node: node-1',
        'route: 10.32.3.0/24 via 172.31.0.13',
        'lan: node network',
        'node: node-3',
        'link: cni0 on node-3',
        'pod: default/web-3-2',
      ],
    );
    assert.equal(path.hops[1].detail, 'bridge · gateway 10.32.1.1 (10.32.1.0/24)');
    assert.deepEqual(path.hops.filter((h) => h.inferred).map((h) => h.kind), ['link', 'route', 'link']);
    assert.match(path.verdict, /^The address plan holds no problem for this path; Podnet's bridge CNI does not NAT between pods/);
  });

  it('stays on the bridge between pods of one node', () => {
    const m = buildMapModel(seedInput());
    const path = packetPath(m, podIndex(m, 'web-2-2'), podIndex(m, 'web-2-3'));
    assert.deepEqual(path.hops.map((h) => h.kind), ['pod', 'link', 'link', 'pod']);
    assert.deepEqual(path.problems, []);
  });

  it('routes by longest prefix and reports the wrong-node delivery overlapping blocks cause', () => {
    const m = buildMapModel(brokenOverlapInput());
    // node-3's /25 sits inside node-2's /24: node-2's own pods are now routed to node-3.
    const path = packetPath(m, podIndex(m, 'web-1-2'), podIndex(m, 'web-2-2'));
    assert.deepEqual(path.problems, [
      'overlapping blocks: 10.32.2.2 is in the blocks of node-2 and node-3; the longest prefix 10.32.2.0/25 wins',
      'default/web-2-2 runs on node-2 but 10.32.2.2 is routed to node-3: the packet lands on the wrong node',
    ]);
    assert.ok(path.hops.some((h) => h.label === '10.32.2.0/25 via 172.31.0.13'));
  });

  it('calls equal overlapping blocks on two nodes ambiguous', () => {
    const input = seedInput();
    const m = buildMapModel({ ...input, nodes: input.nodes.map((n) => (n.name === 'node-3' ? { ...n, blocks: [{ cidr: '10.32.2.0/24', source: 's' }] } : n)) });
    const path = packetPath(m, podIndex(m, 'web-1-2'), podIndex(m, 'web-2-2'));
    assert.match(path.problems[0], /^ambiguous route: 10\.32\.2\.2 is in equally long blocks of node-2 and node-3$/);
  });

  it('says when the destination has no IP or no block holds it', () => {
    const input = seedInput();
    const m = buildMapModel({
      ...input,
      pods: [...input.pods, { namespace: 'x', name: 'pending', ip: '', node: 'node-1', hostNetwork: false }, {
        namespace: 'x',
        name: 'stray',
        ip: '10.99.0.5',
        node: 'node-2',
        hostNetwork: false,
      }],
    });
    assert.deepEqual(packetPath(m, 0, podIndex(m, 'pending')).problems, ['x/pending has no IP yet']);
    assert.deepEqual(packetPath(m, 0, podIndex(m, 'stray')).problems, ["no route: 10.99.0.5 is in no node's block"]);
  });

  it('skips the bridge for host-network pods and ends at the node for a host-network destination', () => {
    const input = seedInput();
    const m = buildMapModel({
      ...input,
      pods: [...input.pods, { namespace: 'kube-system', name: 'agent-1', ip: '172.31.0.11', node: 'node-1', hostNetwork: true }, {
        namespace: 'kube-system',
        name: 'agent-3',
        ip: '172.31.0.13',
        node: 'node-3',
        hostNetwork: true,
      }],
    });
    const out = packetPath(m, podIndex(m, 'agent-1'), podIndex(m, 'web-3-2'));
    assert.deepEqual(out.hops.map((h) => h.kind), ['pod', 'node', 'route', 'lan', 'node', 'link', 'pod']);
    const back = packetPath(m, podIndex(m, 'web-1-2'), podIndex(m, 'agent-3'));
    assert.deepEqual(back.hops.map((h) => `${h.kind}: ${h.label}`), [
      'pod: default/web-1-2',
      'link: cni0 on node-1',
      'node: node-1',
      'route: 172.31.0.13 on the LAN',
      'lan: node network',
      'node: node-3',
      'pod: kube-system/agent-3',
    ]);
    assert.deepEqual(back.problems, []);
  });

  it('claims no device, route or NAT when the data path is unknown (no cluster data)', () => {
    const m = buildMapModel(plainSeed());
    const path = packetPath(m, podIndex(m, 'web-1-2'), podIndex(m, 'web-3-2'));
    assert.deepEqual(path.hops.map((h) => h.kind), ['pod', 'node', 'route', 'lan', 'node', 'pod']);
    assert.equal(path.hops[2].label, '10.32.3.0/24 → node-3 (how: unknown)');
    assert.doesNotMatch(path.hops.map((h) => h.label).join(' '), /cni0| via /);
    assert.match(path.verdict, /unknown to Podnet/);
  });
});
