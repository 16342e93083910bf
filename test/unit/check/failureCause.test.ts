import assert from 'node:assert/strict';
import { failureCause } from '../../../src/core/check/failureCause';
import type { ProbeResult } from '../../../src/core/check/checkReport';
import { detectCni } from '../../../src/core/cluster/cniDetection';
import { dataPathFor } from '../../../src/core/dataPath/cniDataPath';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import type { NetworkMapModel } from '../../../src/core/map/mapModel';
import { daemonSet } from '../cluster/fixtures';
import { brokenOverlapInput, podnetBridgePath, seedInput } from '../map/mapFixtures';
import { breakWhere, failed, passingPairs, report } from './checkFixtures';

const bridgeModel = (): NetworkMapModel => buildMapModel({ ...seedInput(), dataPath: podnetBridgePath });
function flannelModel(): NetworkMapModel {
  const sets = [daemonSet('kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.1')];
  const maps = [{ namespace: 'kube-flannel', name: 'kube-flannel-cfg', data: { 'net-conf.json': '{"Network":"10.32.0.0/12","Backend":{"Type":"vxlan"}}' } }];
  return buildMapModel({ ...seedInput(), dataPath: dataPathFor(detectCni(sets, maps), sets, maps) });
}

const is = (kind: string, a: string, b: string, protocol?: string) => (p: ProbeResult) =>
  p.kind === kind && p.from.node === a && p.to.node === b && (protocol === undefined || p.protocol === protocol);
/** The cause of the first probe matching `pick` in a report where `pairs` were broken. */
function causeOf(model: NetworkMapModel, pairs: ProbeResult[], pick: (p: ProbeResult) => boolean) {
  const index = pairs.findIndex(pick);
  assert.ok(index >= 0);
  const cause = failureCause(model, report(pairs), index);
  assert.ok(cause, 'a failing probe has a cause');
  const hop = cause.failingHop === undefined ? undefined : cause.probe?.path.hops[cause.failingHop];
  return { cause, hop };
}

describe('check: the likely cause of a failing pair, from the data-path model', () => {
  it('a passing probe has no cause', () => {
    assert.equal(failureCause(bridgeModel(), report(passingPairs()), 0), undefined);
  });

  it('Podnet bridge, routes withdrawn: every cross-node pair fails at the route hop "<block> via <node IP>", inferred', () => {
    const pairs = breakWhere(passingPairs(), (p) => p.kind === 'cross-node' || p.kind === 'mtu', failed);
    const { cause, hop } = causeOf(bridgeModel(), pairs, is('cross-node', 'node-1', 'node-2', 'tcp'));
    assert.equal(cause.category, 'route');
    assert.equal(cause.inferred, true);
    assert.deepEqual([hop?.kind, hop?.label], ['route', '10.32.2.0/24 via 172.31.0.12']);
    assert.match(cause.summary, /The route "10\.32\.2\.0\/24 via 172\.31\.0\.12" is likely missing or wrong on node-1/);
    assert.ok(cause.evidence.some((e) => /every cross-node probe from node-1 fails/.test(e)), cause.evidence.join('\n'));
    assert.ok(cause.evidence.includes('the probe reported: timeout after 2000 ms'));
    // The path is the model's: pod → cni0 → node-1 → route → LAN → node-2 → cni0 → pod, with the probe pods at its ends.
    assert.deepEqual(cause.probe?.path.hops.map((h) => h.kind), ['pod', 'link', 'node', 'route', 'lan', 'node', 'link', 'pod']);
    assert.equal(cause.probe?.path.hops[0].label, 'podnet-check/probe-1-0');
    assert.equal(cause.probe?.path.hops[0].target, undefined, 'a probe pod is not the cluster’s: no link');
  });

  it("Podnet's uninstall signal read while the check ran: cross-node failures say routes withdrawn, read not inferred; same-node and NAT are not blamed on it", () => {
    const pairs = breakWhere(passingPairs(), (p) => p.kind === 'cross-node', failed);
    const withdrawn = { ...report(pairs), routesWithdrawn: 'settings say state: remove' };
    const index = pairs.findIndex(is('cross-node', 'node-1', 'node-2', 'tcp'));
    const cause = failureCause(bridgeModel(), withdrawn, index);
    assert.ok(cause);
    assert.equal(cause.category, 'route');
    assert.equal(cause.inferred, false);
    assert.match(cause.summary, /^Routes withdrawn: settings say state: remove/);
    assert.equal(cause.probe?.path.hops[cause.failingHop ?? -1]?.kind, 'route');
    // Without the signal the same pair is the inferred route cause.
    assert.equal(failureCause(bridgeModel(), report(pairs), index)?.inferred, true);
    const sameNode = breakWhere(passingPairs(), (p) => p.kind === 'same-node', failed);
    const local = failureCause(bridgeModel(), { ...report(sameNode), routesWithdrawn: 'x' }, sameNode.findIndex((p) => p.kind === 'same-node'));
    assert.notEqual(local?.category, 'route');
  });

  it('Podnet bridge, one way only: says the other direction passes', () => {
    const pairs = breakWhere(passingPairs(), is('cross-node', 'node-1', 'node-3'), failed);
    const { cause } = causeOf(bridgeModel(), pairs, is('cross-node', 'node-1', 'node-3'));
    assert.ok(cause.evidence.some((e) => /the other direction \(node-3 → node-1\) passes/.test(e)), cause.evidence.join('\n'));
  });

  it('flannel vxlan: a cross-node failure points at the flannel.1 tunnel hop', () => {
    const pairs = breakWhere(passingPairs(), is('cross-node', 'node-2', 'node-3'), failed);
    const { cause, hop } = causeOf(flannelModel(), pairs, is('cross-node', 'node-2', 'node-3'));
    assert.deepEqual([cause.category, hop?.kind, hop?.label], ['route', 'tunnel', 'flannel.1']);
    assert.match(cause.summary, /flannel\.1 \(VXLAN/);
  });

  it('MTU black hole: the tunnel hop and VXLAN’s 50 bytes under flannel; the LAN hop and no encapsulation under the bridge', () => {
    const pairs = breakWhere(passingPairs(), is('mtu', 'node-1', 'node-2'), { ...failed, error: 'no reply to 1472-byte DF packets' });
    const flannel = causeOf(flannelModel(), pairs, is('mtu', 'node-1', 'node-2'));
    assert.deepEqual([flannel.cause.category, flannel.hop?.kind], ['mtu', 'tunnel']);
    assert.ok(flannel.cause.evidence.some((e) => /VXLAN adds 50 bytes/.test(e)));
    assert.ok(flannel.cause.evidence.includes('small probes between the same nodes pass'));
    const bridge = causeOf(bridgeModel(), pairs, is('mtu', 'node-1', 'node-2'));
    assert.deepEqual([bridge.cause.category, bridge.hop?.kind], ['mtu', 'lan']);
    assert.ok(bridge.cause.evidence.some((e) => /does not encapsulate: the LAN itself carries less/.test(e)));
  });

  it('NAT between pods: a masquerade on the source node, the CNI does not NAT (inferred), the node’s own address named', () => {
    const pairs = breakWhere(passingPairs(), is('cross-node', 'node-1', 'node-2', 'tcp'), { sourcePreserved: false, sourceSeen: '172.31.0.11' });
    const { cause, hop } = causeOf(bridgeModel(), pairs, is('cross-node', 'node-1', 'node-2', 'tcp'));
    assert.deepEqual([cause.category, hop?.kind, hop?.label], ['masquerade', 'node', 'node-1']);
    assert.match(cause.summary, /saw 172\.31\.0\.11 \(node-1's own address\) instead of 10\.32\.1\.100/);
    assert.ok(cause.evidence.some((e) => /Podnet's bridge CNI does not NAT between pods \(inferred from its settings\)/.test(e)));
  });

  it('same-node failure: the node’s bridge hop', () => {
    const pairs = breakWhere(passingPairs(), is('same-node', 'node-2', 'node-2'), failed);
    const { cause, hop } = causeOf(bridgeModel(), pairs, is('same-node', 'node-2', 'node-2'));
    assert.deepEqual([cause.category, hop?.kind, hop?.label], ['firewall', 'link', 'cni0 on node-2']);
  });

  it('cross-node failure where the destination’s own pods cannot talk: blamed on that node, not the route', () => {
    const pairs = breakWhere(
      breakWhere(passingPairs(), is('same-node', 'node-3', 'node-3'), failed),
      (p) => p.kind === 'cross-node' && p.to.node === 'node-3',
      failed,
    );
    const { cause, hop } = causeOf(bridgeModel(), pairs, is('cross-node', 'node-1', 'node-3'));
    assert.deepEqual([cause.category, hop?.label], ['node-local', 'cni0 on node-3']);
  });

  it('overlapping blocks: read from the address plan (not inferred), with the cluster’s own finding as evidence', () => {
    const model = buildMapModel(brokenOverlapInput());
    // node-3's block 10.32.2.0/25 lies inside node-2's 10.32.2.0/24: its probe pod's address is in both.
    const pairs = breakWhere(passingPairs(), is('cross-node', 'node-1', 'node-3'), failed).map((p) =>
      p.to.node === 'node-3' && p.kind === 'cross-node' ? { ...p, to: { ...p.to, ip: '10.32.2.100' } } : p
    );
    const { cause, hop } = causeOf(model, pairs, is('cross-node', 'node-1', 'node-3'));
    assert.equal(cause.inferred, false);
    assert.ok(['overlap', 'wrong-node'].includes(cause.category), cause.category);
    assert.match(cause.summary, /^The address plan explains it: /);
    assert.ok(hop, 'names a hop');
    assert.ok(cause.evidence.some((e) => /overlaps node-2 block/.test(e)), cause.evidence.join('\n'));
  });

  it('pod → node and node → pod: a firewall on the node, the path from or to the host network drawn', () => {
    const pairs = breakWhere(breakWhere(passingPairs(), is('pod-node', 'node-1', 'node-2'), failed), is('node-pod', 'node-3', 'node-3'), failed);
    const podNode = causeOf(bridgeModel(), pairs, is('pod-node', 'node-1', 'node-2'));
    assert.equal(podNode.cause.category, 'firewall');
    assert.match(podNode.cause.summary, /^node-2's firewall \(its INPUT chain\) drops traffic from pods/);
    assert.equal(podNode.cause.probe?.path.hops.at(-1)?.label, 'node node-2 (host network)');
    assert.ok(podNode.hop, 'names a hop');
    const nodePod = causeOf(bridgeModel(), pairs, is('node-pod', 'node-3', 'node-3'));
    assert.deepEqual([nodePod.cause.category, nodePod.cause.probe?.path.hops[0].label], ['firewall', 'node node-3 (host network)']);
    assert.equal(nodePod.hop?.kind, 'node');
  });

  it('Service, DNS and egress: no packet path, the likely component named', () => {
    const pairs = breakWhere(breakWhere(passingPairs(), (p) => p.kind === 'dns' && p.from.node === 'node-1', failed), (p) => p.kind === 'external', failed);
    const dns = causeOf(bridgeModel(), pairs, (p) => p.kind === 'dns' && p.from.node === 'node-1');
    assert.deepEqual([dns.cause.category, dns.cause.probe, dns.cause.failingHop], ['dns', undefined, undefined]);
    assert.match(dns.cause.summary, /the DNS pods \(CoreDNS\) or the kube-dns Service, while Services in general work/);
    const withService = breakWhere(pairs, (p) => p.kind === 'service' && p.from.node === 'node-1', failed);
    assert.match(causeOf(bridgeModel(), withService, (p) => p.kind === 'dns' && p.from.node === 'node-1').cause.summary, /fix kube-proxy first/);
    assert.equal(causeOf(bridgeModel(), pairs, (p) => p.kind === 'external').cause.category, 'egress');
  });

  it('an unknown CNI: says how it carries packets is unknown, no hop invented', () => {
    const model = buildMapModel(seedInput());
    const pairs = breakWhere(passingPairs(), is('cross-node', 'node-1', 'node-2'), failed);
    const { cause } = causeOf(model, pairs, is('cross-node', 'node-1', 'node-2'));
    assert.deepEqual([cause.category, cause.failingHop], ['unknown', undefined]);
  });
});
