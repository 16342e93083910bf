// The path a packet takes from one pod to another in a host-gw / bridge network: out of the pod's
// eth0 to cni0 (its gateway), up into the node, a route "<block> via <node IP>" across the LAN,
// into the other node and down its cni0 to the pod. Pure, so the webview and the tests share it.
import type { Cidr } from '../net/cidr';
import { formatAddress, parseCidr } from '../net/cidr';
import { fastParseAddress } from '../net/fastAddress';
import type { MapTarget, NetworkMapModel } from './mapModel';

export type HopKind = 'pod' | 'bridge' | 'node' | 'route' | 'lan';

export interface PathHop {
  readonly kind: HopKind;
  readonly label: string;
  readonly detail: string;
  readonly target?: MapTarget;
}

export interface PacketPath {
  readonly hops: readonly PathHop[];
  /** Why the packet would not arrive (or arrive at the wrong place); empty when the path is sound. */
  readonly problems: readonly string[];
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
    }),
  );
  return hits;
}

/** The bridge's address: the first host address of the block (what the bridge plugin assigns with isGateway). */
const gatewayOf = (c: Cidr): string => formatAddress(c.family, c.start + 1n);

export function packetPath(model: NetworkMapModel, from: number, to: number): PacketPath {
  const src = model.pods[from];
  const dst = model.pods[to];
  const hops: PathHop[] = [];
  const problems: string[] = [];
  if (!src || !dst) return { hops, problems: ['unknown pod'] };
  const podHop = (i: number): PathHop => {
    const p = model.pods[i];
    return { kind: 'pod', label: `${p.namespace}/${p.name}`, detail: p.ip === '' ? 'no IP' : `eth0 ${p.ip}${p.hostNetwork ? ' (host network)' : ''}`, target: { kind: 'pod', pod: i } };
  };
  const nodeHop = (n: number): PathHop => ({ kind: 'node', label: model.nodes[n].name, detail: model.nodes[n].internalIPs.join(', ') || 'no InternalIP', target: { kind: 'node', node: n } });
  const bridgeHop = (hit: BlockHit): PathHop => ({
    kind: 'bridge',
    label: `cni0 on ${model.nodes[hit.node].name}`,
    detail: `gateway ${gatewayOf(hit.cidr)} (${hit.cidr.text})`,
    target: { kind: 'block', node: hit.node, block: hit.block },
  });

  if (src.ip === '') problems.push(`${src.namespace}/${src.name} has no IP yet`);
  if (dst.ip === '') problems.push(`${dst.namespace}/${dst.name} has no IP yet`);
  if (src.node < 0) problems.push(`${src.namespace}/${src.name} is not on a known node`);
  if (problems.length > 0) return { hops: [podHop(from)], problems };

  hops.push(podHop(from));
  if (!src.hostNetwork) {
    const own = blocksHolding(model, src.ip).filter((h) => h.node === src.node);
    if (own.length === 0) problems.push(`${src.ip} is outside every block of ${model.nodes[src.node].name}: its cni0 is not its gateway`);
    else hops.push(bridgeHop(own[0]));
  }
  hops.push(nodeHop(src.node));

  // Route lookup: where the destination IP lives according to the blocks (that is what nodes route on).
  let owner: number;
  let ownerHit: BlockHit | undefined;
  if (dst.hostNetwork) {
    owner = model.nodes.findIndex((n) => n.internalIPs.includes(dst.ip));
    if (owner < 0) owner = dst.node;
  } else {
    const hits = blocksHolding(model, dst.ip);
    if (hits.length === 0) {
      problems.push(`no route: ${dst.ip} is in no node's block`);
      return { hops, problems };
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
  if (owner !== src.node && owner >= 0) {
    const ownerNode = model.nodes[owner];
    const via = ownerHit
      ? model.routes.find((r) => r.node === owner && r.destination === ownerHit.cidr.text)?.via ?? ''
      : dst.ip;
    if (via === '') problems.push(`no route: ${ownerNode.name} has no InternalIP to route ${ownerHit?.cidr.text ?? dst.ip} via`);
    hops.push({
      kind: 'route',
      label: ownerHit ? `${ownerHit.cidr.text} via ${via || '?'}` : `${dst.ip} on the LAN`,
      detail: `route on ${model.nodes[src.node].name}`,
      ...(ownerHit ? { target: { kind: 'block', node: owner, block: ownerHit.block } as MapTarget } : {}),
    });
    const lan = model.networks.find((n) => n.role === 'node' && n.family === fastParseAddress(via || dst.ip)?.family);
    hops.push({ kind: 'lan', label: 'node network', detail: lan?.cidr ?? 'LAN' });
    hops.push(nodeHop(owner));
  }
  if (!dst.hostNetwork && ownerHit) hops.push(bridgeHop(ownerHit));
  if (dst.node >= 0 && owner >= 0 && owner !== dst.node) {
    problems.push(`${dst.namespace}/${dst.name} runs on ${model.nodes[dst.node].name} but ${dst.ip} is routed to ${model.nodes[owner].name}: the packet lands on the wrong node`);
  }
  hops.push(podHop(to));
  return { hops, problems };
}
