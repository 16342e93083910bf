// The path a packet takes from one pod to another under the cluster's data path (core/dataPath):
// out of the pod's eth0 to the device its veth ends on (a bridge, a routed veth, an eBPF veth),
// through the node, across to the owner node the way the CNI does it (host routes, BGP routes, a
// tunnel, an overlay) and down to the pod. Which node owns the destination follows the node blocks
// by longest prefix, as the routes do — except under an overlay that finds pods itself (Weave).
// Devices, tunnels and routes are inferred from the CNI and its settings, and say so. Pure, so the
// webview and the tests share it.
import type { Cidr } from '../net/cidr';
import { containsRange, formatAddress, parseCidr } from '../net/cidr';
import { fastParseAddress } from '../net/fastAddress';
import type { DataPath } from '../dataPath/dataPath';
import { routeText } from '../dataPath/routeText';
import { unknownDataPath } from '../dataPath/unknownDataPath';
import type { MapTarget, NetworkMapModel } from './mapModel';
import { qualifiedName } from '../cluster/namespacedName';

export type HopKind = 'pod' | 'link' | 'node' | 'route' | 'tunnel' | 'lan';

export interface PathHop {
  readonly kind: HopKind;
  readonly label: string;
  readonly detail: string;
  /** True for what follows from the CNI's documented behaviour rather than from an object read. */
  readonly inferred: boolean;
  readonly target?: MapTarget;
}

export interface PacketPath {
  readonly hops: readonly PathHop[];
  /** Why the packet would not arrive (or arrive at the wrong place); empty when the path is sound. */
  readonly problems: readonly string[];
  /** The last line when there is no problem: what Podnet can and cannot say about delivery. */
  readonly verdict: string;
}

interface BlockHit {
  readonly node: number;
  readonly block: number;
  readonly cidr: Cidr;
}

function blocksHolding(model: NetworkMapModel, ip: string): BlockHit[] {
  const a = fastParseAddress(ip);
  if (!a) return [];
  const hits: BlockHit[] = [];
  model.nodes.forEach((n, node) =>
    n.blocks.forEach((b, block) => {
      const p = parseCidr(b.cidr);
      if (p.ok && p.cidr.family === a.family && p.cidr.start <= a.value && a.value <= p.cidr.end) hits.push({ node, block, cidr: p.cidr });
    })
  );
  return hits;
}

/** The block's first host address: what a bridge (or ptp veth) with isGateway holds. */
const gatewayOf = (c: Cidr): string => formatAddress(c.family, c.start + 1n);

function linkHop(model: NetworkMapModel, dp: DataPath, node: number, hit: BlockHit | undefined): PathHop | undefined {
  const link = dp.podLink;
  if (link.kind === 'unknown') return undefined;
  const name = model.nodes[node].name;
  const block = hit ? ` (${hit.cidr.text})` : '';
  const gateway = link.gateway === 'block-first' && hit
    ? `gateway ${gatewayOf(hit.cidr)}${block}`
    : link.gatewayAddress
    ? `gateway ${link.gatewayAddress}${block}`
    : `gateway not known to Podnet${block}`;
  const what = { bridge: 'bridge', 'routed-veth': 'veth, routed', 'ebpf-veth': 'veth + eBPF', 'ovs-bridge': 'OVS bridge' }[link.kind];
  return {
    kind: 'link',
    label: `${link.device} on ${name}`,
    detail: `${what} · ${gateway}`,
    inferred: true,
    ...(hit ? { target: { kind: 'block', node, block: hit.block } } : {}),
  };
}

function verdictOf(dp: DataPath): string {
  if (dp.podToPodNat === 'unknown' || dp.crossNode.kind === 'unknown') {
    return `The address plan holds no problem for this path; how ${dp.title} carries the packet is unknown to Podnet.`;
  }
  return `The address plan holds no problem for this path; ${dp.title} does not NAT between pods (inferred from its settings).`;
}

export function packetPath(model: NetworkMapModel, from: number, to: number): PacketPath {
  const dp = model.dataPath ?? unknownDataPath;
  const src = model.pods[from];
  const dst = model.pods[to];
  const hops: PathHop[] = [];
  const problems: string[] = [];
  const done = (): PacketPath => ({ hops, problems, verdict: verdictOf(dp) });
  if (!src || !dst) return { hops, problems: ['unknown pod'], verdict: '' };
  const podHop = (i: number): PathHop => {
    const p = model.pods[i];
    return {
      kind: 'pod',
      label: qualifiedName(p),
      detail: p.ip === '' ? 'no IP' : `eth0 ${p.ip}${p.hostNetwork ? ' (host network)' : ''}`,
      inferred: false,
      target: { kind: 'pod', pod: i },
    };
  };
  const nodeHop = (n: number): PathHop => ({
    kind: 'node',
    label: model.nodes[n].name,
    detail: model.nodes[n].internalIPs.join(', ') || 'no InternalIP',
    inferred: false,
    target: { kind: 'node', node: n },
  });

  if (src.ip === '') problems.push(`${qualifiedName(src)} has no IP yet`);
  if (dst.ip === '') problems.push(`${qualifiedName(dst)} has no IP yet`);
  if (src.node < 0) problems.push(`${qualifiedName(src)} is not on a known node`);
  if (problems.length > 0) return { hops: [podHop(from)], problems, verdict: '' };

  hops.push(podHop(from));
  let srcHit: BlockHit | undefined;
  if (!src.hostNetwork) {
    srcHit = blocksHolding(model, src.ip).find((h) => h.node === src.node);
    if (!srcHit && dp.routesByBlock) problems.push(`${src.ip} is outside every block of ${model.nodes[src.node].name}: its node does not route it as its own`);
    const link = linkHop(model, dp, src.node, srcHit);
    if (link) hops.push(link);
  }

  // Which node the packet goes to: the block owner by longest prefix (what the nodes route on),
  // or, under an overlay that tracks pods itself, the node the pod runs on.
  let owner: number;
  let ownerHit: BlockHit | undefined;
  if (dst.hostNetwork) {
    owner = model.nodes.findIndex((n) => n.internalIPs.includes(dst.ip));
    if (owner < 0) owner = dst.node;
  } else if (!dp.routesByBlock) {
    owner = dst.node;
    ownerHit = blocksHolding(model, dst.ip).find((h) => h.node === dst.node);
  } else {
    const hits = blocksHolding(model, dst.ip);
    if (hits.length === 0) {
      hops.push(nodeHop(src.node));
      problems.push(`no route: ${dst.ip} is in no node's block`);
      return done();
    }
    // Longest prefix wins, as in the kernel; at equal length the source's own block (directly connected) wins.
    const best = Math.max(...hits.map((h) => h.cidr.prefix));
    const winners = hits.filter((h) => h.cidr.prefix === best);
    ownerHit = winners.find((h) => h.node === src.node) ?? winners[0];
    const owners = [...new Set(hits.map((h) => h.node))];
    if (owners.length > 1) {
      const names = owners.map((o) => model.nodes[o].name).join(' and ');
      problems.push(
        [...new Set(winners.map((h) => h.node))].length > 1
          ? `ambiguous route: ${dst.ip} is in equally long blocks of ${names}`
          : `overlapping blocks: ${dst.ip} is in the blocks of ${names}; the longest prefix ${ownerHit.cidr.text} wins`,
      );
    }
    owner = ownerHit.node;
  }
  const crossing = owner !== src.node && owner >= 0;
  // A bridge switches between pods of one node; every other attachment is routed by the node.
  const switched = !crossing && !src.hostNetwork && !dst.hostNetwork && (dp.podLink.kind === 'bridge' || dp.podLink.kind === 'ovs-bridge');
  if (!switched) hops.push(nodeHop(src.node));
  if (crossing) {
    const ownerNode = model.nodes[owner];
    const family = fastParseAddress(dst.ip)?.family;
    const ownerIp = dst.hostNetwork ? dst.ip : ownerNode.internalIPs.find((ip) => fastParseAddress(ip)?.family === family) ?? '';
    const network = model.networks.find((n) => n.role === 'pod' && ownerHit && n.family === ownerHit.cidr.family && blockInside(ownerHit.cidr, n.cidr));
    if (dst.hostNetwork) {
      hops.push({ kind: 'route', label: `${dst.ip} on the LAN`, detail: `the node network, from ${model.nodes[src.node].name}`, inferred: false });
    } else {
      if (ownerIp === '' && dp.crossNode.kind !== 'overlay') {
        problems.push(`no route: ${ownerNode.name} has no InternalIP to route ${ownerHit?.cidr.text ?? dst.ip} via`);
      }
      const text = routeText(dp, { block: ownerHit?.cidr.text ?? dst.ip, node: ownerIp, network: network?.cidr ?? '' });
      hops.push({
        kind: 'route',
        label: text ?? `${ownerHit?.cidr.text ?? dst.ip} → ${ownerNode.name} (how: unknown)`,
        detail: text ? `route on ${model.nodes[src.node].name} (inferred: ${dp.title})` : dp.crossNode.note,
        inferred: true,
        ...(ownerHit ? { target: { kind: 'block', node: owner, block: ownerHit.block } as MapTarget } : {}),
      });
      if (dp.crossNode.device) {
        hops.push({ kind: 'tunnel', label: dp.crossNode.device, detail: `${dp.crossNode.encapsulation} to ${ownerIp || ownerNode.name}`, inferred: true });
      }
    }
    const lan = model.networks.find((n) => n.role === 'node' && n.family === fastParseAddress(ownerIp || dst.ip)?.family);
    hops.push({ kind: 'lan', label: 'node network', detail: lan?.cidr ?? 'LAN', inferred: false });
    hops.push(nodeHop(owner));
  }
  if (!dst.hostNetwork && owner >= 0) {
    const link = linkHop(model, dp, owner, ownerHit);
    if (link) hops.push(link);
  }
  if (dp.routesByBlock && dst.node >= 0 && owner >= 0 && owner !== dst.node) {
    problems.push(
      `${qualifiedName(dst)} runs on ${model.nodes[dst.node].name} but ${dst.ip} is routed to ${model.nodes[owner].name}: the packet lands on the wrong node`,
    );
  }
  hops.push(podHop(to));
  return done();
}

function blockInside(block: Cidr, network: string): boolean {
  const n = parseCidr(network);
  return n.ok && containsRange(n.cidr, block);
}
