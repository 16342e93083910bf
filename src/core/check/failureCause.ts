// The likely cause of a failing probe, from what the data-path model knows: the packet path
// between its ends (core/map/packetPath: routes by longest prefix, overlapping blocks, the wrong
// node, no address), the CNI's data path (bridge, routes, tunnel and its overhead, whether it NATs
// between pods), the cluster's own findings about the two nodes, and the rest of the report (does
// the same node reach its own pods? do other nodes reach that one?). It names the failing hop of
// the path where it can; what rests on the CNI's documented behaviour rather than on an object
// read from the cluster says "inferred" — Podnet never reads a node's routes or firewall.
import { findingRule } from '../cluster/findings';
import type { FindingCode } from '../cluster/findings';
import type { DataPath } from '../dataPath/dataPath';
import { unknownDataPath } from '../dataPath/unknownDataPath';
import type { NetworkMapModel } from '../map/mapModel';
import type { HopKind, PacketPath } from '../map/packetPath';
import type { CheckReport, ProbeResult } from './checkReport';
import { probeOutcome } from './probeOutcome';
import { probePath } from './probePath';
import type { ProbePath } from './probePath';
import { explainedByWithdrawnRoutes, withdrawnRoutesSummary } from './routesWithdrawn';

export type CauseCategory =
  | 'no-address'
  | 'route'
  | 'overlap'
  | 'wrong-node'
  | 'mtu'
  | 'masquerade'
  | 'firewall'
  | 'node-local'
  | 'service'
  | 'dns'
  | 'egress'
  | 'unknown';

export interface FailureCause {
  readonly category: CauseCategory;
  /** One sentence: what most likely broke, and where. */
  readonly summary: string;
  /** The evidence, one line each (the probe's own error, the pattern in the report, related findings). */
  readonly evidence: readonly string[];
  /** True when the cause follows from the CNI's documented behaviour, not from what was read. */
  readonly inferred: boolean;
  /** The packet path of the data-path model (pod and node ends only). */
  readonly probe?: ProbePath;
  /** Index into probe.path.hops of the hop most likely at fault. */
  readonly failingHop?: number;
}

/** Bytes each encapsulation adds to a packet (outer IPv4 header included), by the data path's words. */
const overheads: readonly [RegExp, number, string][] = [
  [/vxlan/i, 50, 'VXLAN'],
  [/geneve/i, 50, 'Geneve'],
  [/wireguard/i, 60, 'WireGuard'],
  [/ip-in-ip|ipip/i, 20, 'IP-in-IP'],
  [/udp/i, 28, 'UDP encapsulation'],
];

function overheadOf(dp: DataPath): string | undefined {
  const hit = overheads.find(([re]) => re.test(dp.crossNode.encapsulation) || re.test(dp.title));
  return hit ? `${hit[2]} adds ${hit[1]} bytes to every packet between nodes` : undefined;
}

const hopIndex = (path: PacketPath, kinds: readonly HopKind[], last = false): number | undefined => {
  const list = path.hops.map((h, i) => (kinds.includes(h.kind) ? i : -1)).filter((i) => i >= 0);
  const i = last ? list[list.length - 1] : list[0];
  return i;
};

const problemCategory = (problem: string): CauseCategory =>
  /overlapping|ambiguous/.test(problem)
    ? 'overlap'
    : /wrong node/.test(problem)
    ? 'wrong-node'
    : /no IP|not on a known node/.test(problem)
    ? 'no-address'
    : 'route';

/** The cluster's own findings (PN190–PN198) about either node, as evidence lines. */
function relatedFindings(model: NetworkMapModel, nodes: readonly (string | undefined)[]): string[] {
  const wanted = new Set(nodes.map((n) => model.nodes.findIndex((x) => x.name === n)).filter((i) => i >= 0));
  return model.findings
    .filter((f) => f.origin === 'cluster' && f.targets.some((t) => (t.kind === 'node' || t.kind === 'block') && wanted.has(t.node)))
    .map((f) => `${findingRule[f.code as FindingCode] ?? f.code}: ${f.message}`);
}

export function failureCause(model: NetworkMapModel, report: CheckReport, index: number): FailureCause | undefined {
  const r = report.pairs[index];
  if (!r) return undefined;
  const outcome = probeOutcome(r);
  if (outcome === 'passed') return undefined;
  const dp = model.dataPath ?? unknownDataPath;
  const probe = probePath(model, r);
  const evidence: string[] = [];
  if (r.error) evidence.push(`the probe reported: ${r.error}`);
  evidence.push(...relatedFindings(model, [r.from.node, r.to.node]));
  const cause = (category: CauseCategory, summary: string, inferred: boolean, failingHop?: number, more: string[] = []): FailureCause => ({
    category,
    summary,
    evidence: [...more, ...evidence],
    inferred,
    ...(probe ? { probe } : {}),
    ...(failingHop !== undefined ? { failingHop } : {}),
  });
  const from = r.from.node ?? 'its node';
  const to = r.to.node ?? 'the other node';
  const peers = (pred: (p: ProbeResult) => boolean) => report.pairs.filter(pred);
  const smallBetween = peers((p) => (p.kind === 'cross-node' || p.kind === 'same-node') && p.from.node === r.from.node && p.to.node === r.to.node);

  // What the address plan itself gets wrong comes first: it is read, not guessed.
  const problem = probe?.path.problems[0];
  if (probe && problem) {
    const category = problemCategory(problem);
    const hop = category === 'wrong-node'
      ? hopIndex(probe.path, ['node'], true)
      : category === 'no-address'
      ? 0
      : (hopIndex(probe.path, ['route']) ?? hopIndex(probe.path, ['node'], true));
    return cause(category, `The address plan explains it: ${problem}.`, false, hop, probe.path.problems.slice(1));
  }

  // What the cluster said while the check ran: the CNI is withdrawing its routes (read, not inferred).
  if (explainedByWithdrawnRoutes(report, r)) {
    return cause('route', withdrawnRoutesSummary(report), false, probe ? hopIndex(probe.path, ['route']) : undefined);
  }

  if (outcome === 'nat') {
    const fromNode = model.nodes.find((n) => n.name === r.from.node);
    const seen = r.sourceSeen ?? 'another address';
    const asNode = r.sourceSeen !== undefined && fromNode?.internalIPs.includes(r.sourceSeen) ? ` (${from}'s own address)` : '';
    const cni = dp.podToPodNat === 'none'
      ? `${dp.title} does not NAT between pods (inferred from its settings), so the rewrite is not the CNI's`
      : `whether ${dp.title} NATs between pods is unknown to Podnet`;
    const hop = probe ? (hopIndex(probe.path, ['node']) ?? hopIndex(probe.path, ['link'])) : undefined;
    return cause(
      'masquerade',
      `The receiver saw ${seen}${asNode} instead of ${r.from.ip ?? 'the pod IP'}: a masquerade (SNAT) rule on ${from} rewrites pod → pod traffic (inferred).`,
      true,
      hop,
      [`${cni}: look for a MASQUERADE or SNAT rule in the nat table's POSTROUTING that does not exclude the pod network (a hand-made rule, ip-masq-agent without the pod network in nonMasqueradeCIDRs)`],
    );
  }

  if (r.kind === 'mtu') {
    const crossing = r.from.node !== r.to.node;
    const hop = probe ? (crossing ? (hopIndex(probe.path, ['tunnel']) ?? hopIndex(probe.path, ['lan'])) : hopIndex(probe.path, ['link'])) : undefined;
    const overhead = crossing ? overheadOf(dp) : undefined;
    const small = smallBetween.length > 0 && smallBetween.every((p) => p.ok)
      ? 'small probes between the same nodes pass'
      : smallBetween.length > 0
      ? 'small probes between the same nodes fail too: look at that first'
      : 'no small probe ran between the same nodes';
    return cause(
      'mtu',
      `${r.bytes ? `${r.bytes}-byte` : 'Large'} packets with DF set are lost ${
        crossing ? `between ${from} and ${to}` : `on ${from}`
      }: the path's MTU is below the pods' MTU and the "fragmentation needed" answer does not come back (inferred).`,
      true,
      hop,
      [
        small,
        ...(overhead
          ? [`${overhead}: the pods' MTU must be the LAN's minus that`]
          : crossing
          ? [`${dp.title} does not encapsulate: the LAN itself carries less than the pods send (a lower MTU on a node's uplink or a link between the nodes)`]
          : []),
      ],
    );
  }

  if (r.kind === 'same-node') {
    const hop = probe ? hopIndex(probe.path, ['link']) : undefined;
    const link = dp.podLink.kind === 'bridge'
      ? `the bridge ${dp.podLink.device} on ${from} does not pass traffic between its pods`
      : dp.podLink.kind === 'unknown'
      ? `${from} does not pass traffic between its pods`
      : `${from} does not route between its pods' ${dp.podLink.device} veths`;
    return cause(
      'firewall',
      `${link}: a FORWARD rule or policy that drops pod traffic (with br_netfilter, bridged packets pass iptables too), or pod veths not attached (inferred).`,
      true,
      hop,
    );
  }

  if (r.kind === 'cross-node') {
    const destLocal = peers((p) => p.kind === 'same-node' && p.from.node === r.to.node);
    if (destLocal.length > 0 && destLocal.every((p) => !p.ok)) {
      const hop = probe ? hopIndex(probe.path, ['link'], true) : undefined;
      return cause(
        'node-local',
        `Pods on ${to} cannot be reached even from their own node: the fault is on ${to} (its ${
          dp.podLink.device || 'pod attachment'
        } or its pods), not between the nodes (inferred).`,
        true,
        hop,
      );
    }
    const pattern: string[] = [];
    const fromAll = peers((p) => p.kind === 'cross-node' && p.from.node === r.from.node);
    const toAll = peers((p) => p.kind === 'cross-node' && p.to.node === r.to.node);
    const reverse = peers((p) => p.kind === 'cross-node' && p.from.node === r.to.node && p.to.node === r.from.node);
    if (fromAll.length > 1 && fromAll.every((p) => !p.ok)) pattern.push(`every cross-node probe from ${from} fails: ${from}'s routes or uplink`);
    if (toAll.length > 1 && toAll.every((p) => !p.ok)) {
      pattern.push(`every cross-node probe to pods on ${to} fails: the other nodes' route to ${to}'s block, or ${to} itself`);
    }
    if (reverse.length > 0 && reverse.every((p) => p.ok)) {
      pattern.push(`the other direction (${to} → ${from}) passes: the fault is one-way, on ${from}'s side or its route to ${to}`);
    }
    if (/refused|reset/i.test(r.error ?? '')) pattern.push('refused: something answered with a reset (a REJECT rule, or no listener on the probe pod)');
    switch (dp.crossNode.kind) {
      case 'host-routes':
      case 'bgp-routes': {
        const hop = probe ? hopIndex(probe.path, ['route']) : undefined;
        const route = hop !== undefined && probe ? `"${probe.path.hops[hop].label}"` : `the route to ${to}'s block`;
        return cause(
          'route',
          `The route ${route} is likely missing or wrong on ${from}, or a firewall between the nodes drops forwarded pod traffic (inferred: Podnet does not read the nodes' routes).`,
          true,
          hop,
          pattern,
        );
      }
      case 'tunnel':
      case 'overlay': {
        const hop = probe ? (hopIndex(probe.path, ['tunnel']) ?? hopIndex(probe.path, ['route'])) : undefined;
        const device = dp.crossNode.device ?? 'the overlay';
        return cause(
          'route',
          `${device} (${dp.crossNode.encapsulation}) between ${from} and ${to} does not carry the packet: the encapsulation's port blocked between the nodes, or the tunnel's neighbour entries for ${to} missing (inferred).`,
          true,
          hop,
          pattern,
        );
      }
      case 'ebpf': {
        const hop = probe ? hopIndex(probe.path, ['route']) : undefined;
        return cause(
          'route',
          `${dp.title} does not deliver between ${from} and ${to}: its eBPF programs or its routes between the nodes (inferred).`,
          true,
          hop,
          pattern,
        );
      }
      default:
        return cause(
          'unknown',
          `How ${dp.title} carries packets between nodes is unknown to Podnet: it can only say that ${from} → ${to} fails.`,
          true,
          undefined,
          pattern,
        );
    }
  }

  if (r.kind === 'pod-node' || r.kind === 'node-pod') {
    const hop = probe
      ? (r.from.node !== r.to.node ? (hopIndex(probe.path, ['route']) ?? hopIndex(probe.path, ['node'], true)) : hopIndex(probe.path, ['node'], true))
      : undefined;
    const what = r.kind === 'pod-node' ? `${to}'s firewall (its INPUT chain) drops traffic from pods` : `${to} does not pass traffic from hosts to its pods`;
    return cause('firewall', `${what}, or the route between the node network and the pod network is missing (inferred).`, true, hop);
  }

  const podsFine = peers((p) => p.from.node === r.from.node && (p.kind === 'same-node' || p.kind === 'cross-node')).every((p) => p.ok);
  if (r.kind === 'service') {
    return cause(
      'service',
      `Service traffic from ${from} does not reach the API server's endpoints: kube-proxy's rules on ${from} (iptables, IPVS or the CNI's replacement) are missing or stale (inferred).`,
      true,
      undefined,
      [podsFine ? 'pod → pod probes from the same node pass: the pod network itself works' : 'pod → pod probes from the same node fail too: fix those first'],
    );
  }
  if (r.kind === 'dns') {
    const service = peers((p) => p.kind === 'service' && p.from.node === r.from.node);
    const serviceFails = service.length > 0 && service.some((p) => !p.ok);
    return cause(
      'dns',
      serviceFails
        ? `Services do not work from ${from} (the kubernetes Service fails too), so neither does cluster DNS: fix kube-proxy first (inferred).`
        : `Cluster DNS does not answer from ${from}: the DNS pods (CoreDNS) or the kube-dns Service, while Services in general work (inferred).`,
      true,
    );
  }
  return cause(
    'egress',
    `Traffic from ${from}'s pods to outside the cluster does not get through: the node's egress masquerade, its default route or a firewall on the way out (inferred).`,
    true,
  );
}
