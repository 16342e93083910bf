import { strict as assert } from 'node:assert';
import type { Finding } from '../../../src/core/cluster/findings';
import type { Networks } from '../../../src/core/cluster/networkDiscovery';
import type { PodBlock } from '../../../src/core/cluster/podBlock';
import { toBlock } from '../../../src/core/cluster/podBlock';
import type { TopologyNode } from '../../../src/core/cluster/topologyFindings';
import { RELATIONS_PER_NODE, TopologyFindingTable } from '../../../src/core/cluster/topologyFindings';
import { fastParseAddress } from '../../../src/core/net/fastAddress';
import { naturalCompare } from '../../../src/core/cluster/naturalOrder';

const noNetworks: Networks = { podNetworks: [], serviceNetworks: [] };

const topoNode = (name: string, cidrs: readonly string[], ips: readonly string[] = []): TopologyNode => ({
  name,
  info: { internalIPs: ips },
  blocks: cidrs.map((c) => toBlock(c, 'node-spec')!),
});

const render = (f: Finding) => `${f.code}|${f.message}|${f.subjects.map((s) => (s.kind === 'node' ? s.name : '?')).join(',')}`;

/** Every pair and every service overlap, the slow way: what the table must agree with. */
function oracle(nodes: readonly TopologyNode[], networks: Networks): string[] {
  const out: string[] = [];
  // A block or address listed twice on a node counts once.
  const blocks = nodes.flatMap((n) => [...new Map(n.blocks.map((b) => [b.cidr, b])).values()].map((b) => ({ node: n.name, b })));
  const overlap = (x: PodBlock, y: PodBlock) => x.family === y.family && x.start <= y.end && y.start <= x.end;
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const [x, y] = [blocks[i]!, blocks[j]!];
      if (x.node === y.node || !overlap(x.b, y.b)) continue;
      const [a, b] = x.b.start < y.b.start || (x.b.start === y.b.start && naturalCompare(x.node, y.node) <= 0) ? [x, y] : [y, x];
      const message = a.b.cidr === b.b.cidr
        ? `Nodes ${a.node} and ${b.node} have the same pod block ${a.b.cidr}: pods get duplicate IPs and traffic reaches the wrong pod.`
        : `Pod block ${a.b.cidr} of node ${a.node} overlaps ${b.b.cidr} of node ${b.node}: traffic between their pods is misrouted.`;
      out.push(`node-block-overlap|${message}|${a.node},${b.node}`);
    }
  }
  for (const n of nodes) {
    for (const text of new Set(n.info?.internalIPs ?? [])) {
      const ip = fastParseAddress(text)!;
      for (const { node, b } of blocks) {
        if (b.family !== ip.family || ip.value < b.start || ip.value > b.end) continue;
        out.push(
          node === n.name
            ? `block-overlaps-node-network|Pod block ${b.cidr} of node ${n.name} contains the node's own address ${text}.|${n.name}`
            : `block-overlaps-node-network|Pod block ${b.cidr} of node ${node} contains ${text}, the address of node ${n.name}: pods would shadow that node.|${node},${n.name}`,
        );
      }
    }
  }
  for (const { node, b } of blocks) {
    const svc = networks.serviceNetworks.find((s) => overlap(toBlock(s.cidr, 'node-spec')!, b));
    if (svc) {
      out.push(
        `block-overlaps-service-network|Pod block ${b.cidr} of node ${node} overlaps the service network ${svc.cidr}: Service ClusterIPs and pod IPs collide.|${node}`,
      );
    }
  }
  return out.sort();
}

/** How many findings each node takes part in, per the oracle. */
function busiest(lines: readonly string[]): number {
  const count = new Map<string, number>();
  for (const l of lines) {
    if (l.startsWith('block-overlaps-service-network')) continue;
    for (const n of new Set(l.split('|')[2]!.split(','))) count.set(n, (count.get(n) ?? 0) + 1);
  }
  return Math.max(0, ...count.values());
}

/** How many findings name each node. */
function namedIn(found: readonly Finding[]): Map<string, number> {
  const per = new Map<string, number>();
  for (const f of found) for (const s of f.subjects) if (s.kind === 'node') per.set(s.name, (per.get(s.name) ?? 0) + 1);
  return per;
}

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('TopologyFindingTable', () => {
  it('agrees with a pairwise sweep through random arrivals, changes and deletions of nodes', () => {
    const rnd = random(20);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    // Few enough distinct ranges that overlaps are common, in both families, nested and equal.
    const cidr = () =>
      rnd() < 0.75
        ? pick([
          `198.18.${Math.floor(rnd() * 8)}.0/24`,
          `198.18.${Math.floor(rnd() * 8) * 2}.0/23`,
          `198.18.0.${Math.floor(rnd() * 4) * 64}/26`,
          '198.18.0.0/21',
          '198.18.3.7/32',
        ])
        : pick([`2001:2::${Math.floor(rnd() * 4).toString(16)}00/120`, '2001:2::/112', '2001:2::1/128']);
    const ip = () => (rnd() < 0.8 ? `198.18.${Math.floor(rnd() * 10)}.${Math.floor(rnd() * 4) + 5}` : `2001:2::${Math.floor(rnd() * 4)}05`);
    const networks: Networks[] = [noNetworks, { podNetworks: [], serviceNetworks: [{ cidr: '198.18.6.0/23', source: 'test' }] }];
    const table = new TopologyFindingTable();
    const nodes = new Map<string, TopologyNode>();
    let compared = 0;
    for (let round = 0; round < 400; round++) {
      const touched = Math.floor(rnd() * 4) + 1;
      for (let t = 0; t < touched; t++) {
        const name = `node-${Math.floor(rnd() * 12)}`;
        if (rnd() < 0.2) nodes.delete(name);
        else {
          const cidrs = Array.from({ length: Math.floor(rnd() * 3) }, cidr);
          nodes.set(name, topoNode(name, cidrs, Array.from({ length: Math.floor(rnd() * 2) + (rnd() < 0.5 ? 1 : 0) }, ip)));
        }
        table.touch(name);
      }
      const net = networks[Math.floor(round / 50) % 2]!;
      const want = oracle([...nodes.values()], net);
      const got = table.findings((n) => nodes.get(n), net).map(render).sort();
      // Past the cap the table rightly lists less; the cap has its own test.
      if (busiest(want) > RELATIONS_PER_NODE) continue;
      compared++;
      assert.deepEqual(got, want, `round ${round}`);
    }
    assert.ok(compared > 300, `only ${compared} rounds were under the cap`);
  });

  it('names every node that shares one block, in a number of findings that grows linearly, arriving at once or one by one', () => {
    for (const count of [2, 17, 18, 40, 300]) {
      for (const oneByOne of [false, true]) {
        const nodes = new Map<string, TopologyNode>();
        const table = new TopologyFindingTable();
        let found: readonly Finding[] = [];
        for (let i = 0; i < count; i++) {
          nodes.set(`node-${i}`, topoNode(`node-${i}`, ['198.18.0.0/24']));
          table.touch(`node-${i}`);
          if (oneByOne) found = table.findings((n) => nodes.get(n), noNetworks);
        }
        found = table.findings((n) => nodes.get(n), noNetworks);
        const per = namedIn(found);
        const label = `${count} nodes ${oneByOne ? 'one by one' : 'at once'}`;
        assert.equal(per.size, count, `${label}: every node is named in some finding`);
        // At most the cap per node, and one finding past a full partner's cap for a node that would otherwise be unnamed.
        assert.ok(found.length <= count * (RELATIONS_PER_NODE / 2 + 1), `${label}: ${found.length} findings`);
        if (count <= RELATIONS_PER_NODE + 1) assert.equal(found.length, (count * (count - 1)) / 2, `${label}: every pair while under the cap`);
      }
    }
  });

  it('gives a node the findings it went without when partners leave, until every pair is listed again', () => {
    const nodes = new Map<string, TopologyNode>();
    const table = new TopologyFindingTable();
    const get = (n: string) => nodes.get(n);
    for (let i = 0; i < 60; i++) {
      nodes.set(`node-${i}`, topoNode(`node-${i}`, ['198.18.0.0/24'], [`198.18.0.${i + 1}`]));
      table.touch(`node-${i}`);
      table.findings(get, noNetworks);
    }
    for (let i = 0; i < 55; i++) {
      nodes.delete(`node-${i * 7 % 60}`);
      table.touch(`node-${i * 7 % 60}`);
      const found = table.findings(get, noNetworks);
      assert.equal(namedIn(found).size, nodes.size, `${nodes.size} nodes left: every one is named`);
      const want = oracle([...nodes.values()], noNetworks);
      if (busiest(want) <= RELATIONS_PER_NODE) assert.deepEqual(found.map(render).sort(), want, `${nodes.size} nodes left`);
    }
  });

  it('keeps the same array while nothing changed, and the same finding objects for nodes that did not change', () => {
    const nodes = new Map([
      ['node-1', topoNode('node-1', ['198.18.0.0/24'])],
      ['node-2', topoNode('node-2', ['198.18.0.0/24'])],
      ['node-3', topoNode('node-3', ['198.18.1.0/24'], ['198.18.1.5'])],
      ['node-4', topoNode('node-4', ['198.18.2.0/24'])],
    ]);
    const table = new TopologyFindingTable();
    for (const n of nodes.keys()) table.touch(n);
    const get = (n: string) => nodes.get(n);
    const first = table.findings(get, noNetworks);
    assert.deepEqual(first.map((f) => f.code), ['node-block-overlap', 'block-overlaps-node-network']);
    assert.equal(table.findings(get, noNetworks), first, 'no touch: the same array');
    table.touch('node-1');
    assert.equal(table.findings(get, noNetworks), first, 'a touch that changed nothing: the same array');
    nodes.set('node-4', topoNode('node-4', ['198.18.1.128/25']));
    table.touch('node-4');
    const second = table.findings(get, noNetworks);
    assert.ok(second.includes(first[0]!) && second.includes(first[1]!), 'findings between unchanged nodes are the same objects');
    assert.deepEqual(
      second.map((f) => f.message),
      [
        'Nodes node-1 and node-2 have the same pod block 198.18.0.0/24: pods get duplicate IPs and traffic reaches the wrong pod.',
        'Pod block 198.18.1.0/24 of node node-3 overlaps 198.18.1.128/25 of node node-4: traffic between their pods is misrouted.',
        "Pod block 198.18.1.0/24 of node node-3 contains the node's own address 198.18.1.5.",
      ],
      'ordered by kind, then by the nodes named',
    );
    nodes.delete('node-2');
    table.touch('node-2');
    assert.ok(!table.findings(get, noNetworks).some((f) => f.message.includes('node-2')), 'a deleted node takes its findings along');
  });
});
