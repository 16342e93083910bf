import assert from 'node:assert/strict';
import type { ClusterFacts } from '../../../src/core/cluster/clusterFacts';
import { liveClusterFacts, liveClusterFactsSteps } from '../../../src/core/lint/liveClusterFacts';
import { containsRange, parseAddress, parseCidr } from '../../../src/core/net/cidr';
import { mergeUsed } from '../../../src/core/net/freeRange';

// liveClusterFacts (IPv4 as numbers, node addresses as runs) against the plain reading with the
// general parsers, on random clusters of both families, IPv4-mapped IPv6 and values that do not parse.
const rand = (n: number) => Math.floor(Math.random() * n);
const ip4 = () => `10.${rand(3)}.${rand(4)}.${rand(256)}`;
const address = () => [ip4, ip4, () => `fd00::${rand(300).toString(16)}`, () => `::ffff:${ip4()}`, () => 'node.example'][rand(5)]!();
const block = () =>
  [
    () => `10.${rand(3)}.${rand(8)}.0/24`,
    () => `10.${rand(3)}.0.0/${14 + rand(4)}`,
    () => `fd00:${rand(4)}::/64`,
    () => `::ffff:10.1.${rand(4)}.0/120`,
    () => '10.1.2.0/33',
  ][rand(5)]!();

const cidrOf = (text: string) => {
  const c = parseCidr(text);
  return c.ok ? c.cidr : undefined;
};

function randomFacts(): ClusterFacts {
  return {
    context: 'c',
    nodes: Array.from({ length: 1 + rand(40) }, (_, i) => ({
      name: `node-${i}`,
      internalIPs: Array.from({ length: rand(3) }, address),
      podCIDRs: Array.from({ length: rand(3) }, block),
    })),
    serviceCIDRs: [block(), 'none'],
    podNetworks: [],
  };
}

describe('liveClusterFacts', () => {
  it('finds the node addresses inside a range and the blocks outside it as the general parsers read them', () => {
    for (let round = 0; round < 300; round++) {
      const facts = randomFacts();
      const live = liveClusterFacts(facts);
      const range = cidrOf(block()) ?? cidrOf('10.0.0.0/8')!;
      const inside = facts.nodes.flatMap((n) =>
        n.internalIPs.filter((t) => {
          const a = parseAddress(t);
          return a && a.family === range.family && range.start <= a.value && a.value <= range.end;
        }).map((text) => ({ node: n.name, text }))
      );
      const outside = facts.nodes.flatMap((n) =>
        n.podCIDRs.filter((t) => {
          const c = parseCidr(t);
          return c.ok && c.cidr.family === range.family && !containsRange(range, c.cidr);
        }).map((text) => ({ node: n.name, text }))
      );
      assert.deepEqual(live.addressesIn(range).map(({ node, text }) => ({ node, text })), inside);
      assert.deepEqual(live.blocksOutside(range).map(({ node, text }) => ({ node, text })), outside);
      // What fixes must avoid: the same space as every address and service network on its own.
      const each = [
        ...facts.nodes.flatMap((n) =>
          n.internalIPs.map(parseAddress).filter((a) => a !== undefined).map((a) => ({ family: a.family, start: a.value, end: a.value }))
        ),
        ...facts.serviceCIDRs.map(cidrOf).filter((c) => c !== undefined),
      ];
      for (const family of [4, 6] as const) assert.deepEqual(mergeUsed(family, live.used), mergeUsed(family, each));
      assert.deepEqual(live.services.map((s) => s.text), facts.serviceCIDRs.filter((s) => parseCidr(s).ok));
    }
  });
  it('parses one facts object once, and other facts anew', () => {
    const facts = randomFacts();
    assert.equal(liveClusterFacts(facts), liveClusterFacts(facts));
    assert.notEqual(liveClusterFacts({ ...facts }), liveClusterFacts(facts));
  });
  it('parses in steps (the editor runs them in slices) to what it then returns, as a parse at once reads them', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({ name: `n${i}`, internalIPs: [`10.1.${i >> 8}.${i & 255}`], podCIDRs: [`10.200.${i % 256}.0/24`] }));
    const facts: ClusterFacts = { context: 'c', nodes, serviceCIDRs: ['10.96.0.0/12'], podNetworks: [] };
    const steps = liveClusterFactsSteps(facts);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    assert.ok(yields >= 2, `${yields} yields for 5,000 nodes`);
    assert.equal(liveClusterFacts(facts), r.value, 'the parse in steps is the one kept');
    const atOnce = liveClusterFacts({ ...facts });
    const range = { family: 4 as const, start: 0x0a010000n, end: 0x0a0103ffn };
    assert.deepEqual(r.value.addressesIn(range), atOnce.addressesIn(range));
    assert.equal(r.value.addressesIn(range).length, 1024);
    assert.deepEqual(
      r.value.blocksOutside({ family: 4, start: 0x0ac80000n, end: 0x0ac87fffn }),
      atOnce.blocksOutside({ family: 4, start: 0x0ac80000n, end: 0x0ac87fffn }),
    );
    assert.deepEqual(r.value.used, atOnce.used);
  });
});
