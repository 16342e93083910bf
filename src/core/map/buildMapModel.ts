// Builds the serialisable NetworkMapModel from a MapInput: resolves names to indices, places node
// blocks inside their pod network, counts the use the model did not count, derives routes, and
// draws every overlap (block pairs as the cluster model found them, when it did).
import { cidrSize, containsRange, formatAddress, parseCidr, usableAddresses } from '../net/cidr';
import type { Cidr, IpFamily } from '../net/cidr';
import { barScale, barWidths } from './barScale';
import { coveringCidr } from '../net/cover';
import type { MapInput, MapInputBlock, MapInputTarget } from './mapInput';
import type { MapBlock, MapFinding, MapNetwork, MapNode, MapOverlap, MapPod, MapRoute, MapTarget, NetworkMapModel, OverlapSide } from './mapModel';
import { fastParseAddress, fastParseCidr, ipv4ToNumber } from '../net/fastAddress';
import { overlappingPairs } from '../net/overlap';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';
import { qualifiedName } from '../cluster/namespacedName';

/** Block pairs reported at most; a cluster where every node shares one block would otherwise be n². */
export const MAX_BLOCK_OVERLAPS = 2_000;

interface PlacedBlock {
  readonly node: number;
  readonly block: number;
  readonly cidr: Cidr;
}

export function buildMapModel(input: MapInput): NetworkMapModel {
  return runToEnd(buildMapModelSteps(input));
}

export function* buildMapModelSteps(input: MapInput): Steps<NetworkMapModel> {
  const networks = buildNetworks(input);
  const netCidrs = networks.map((n) => mustParse(n.cidr));

  // Pods first: blocks count the pod IPs they hold.
  const nodeIndex = new Map(input.nodes.map((n, i) => [n.name, i]));
  const pods: MapPod[] = new Array(input.pods.length);
  const podsByNode: MapPod[][] = input.nodes.map(() => []);
  for (let i = 0; i < input.pods.length; i++) {
    const p = input.pods[i]!;
    const pod: MapPod = { namespace: p.namespace, name: p.name, ip: p.ip, node: nodeIndex.get(p.node) ?? -1, hostNetwork: p.hostNetwork };
    pods[i] = pod;
    if (pod.node >= 0) podsByNode[pod.node]!.push(pod);
    if (i % itemsPerStep === 0) yield;
  }

  const placed: PlacedBlock[] = [];
  const nodes: MapNode[] = [];
  for (let ni = 0; ni < input.nodes.length; ni++) {
    if (ni % 256 === 0) yield;
    const n = input.nodes[ni]!;
    const bridged = podsByNode[ni]!.filter((p) => !p.hostNetwork && p.ip !== '');
    let v4: number[] | undefined;
    let v6: bigint[] | undefined;
    const countIn = (c: Cidr): number => {
      if (c.family === 4) {
        v4 ??= bridged.map((p) => ipv4ToNumber(p.ip));
        const [lo, hi] = [Number(c.start), Number(c.end)];
        return v4.filter((v) => v >= lo && v <= hi).length;
      }
      v6 ??= bridged.flatMap((p) => (p.ip.includes(':') ? [fastParseAddress(p.ip)?.value ?? -1n] : []));
      return v6.filter((v) => v >= c.start && v <= c.end).length;
    };
    const blocks: MapBlock[] = [];
    for (const b of n.blocks) {
      const c = blockCidr(b);
      if (!c) continue; // The cluster model reports unparsable CIDRs as findings itself.
      const used = b.used ?? countIn(c);
      const usableBig = b.usable !== undefined ? BigInt(b.usable) : usableAddresses(c);
      const network = podNetworkOf(c, networks, netCidrs);
      const net = network >= 0 ? netCidrs[network] : undefined;
      blocks.push({
        cidr: c.text,
        family: c.family,
        used,
        usable: usableBig.toString(),
        utilisation: usableBig > 0n ? Math.min(1, used / Number(usableBig)) : 1,
        source: b.source,
        ...(b.guessed ? { guessed: true } : {}),
        network,
        offset: net ? fraction(c.start - net.start, cidrSize(net)) : 0,
        width: net ? fraction(cidrSize(c), cidrSize(net)) : 0,
      });
      placed.push({ node: ni, block: blocks.length - 1, cidr: c });
    }
    nodes.push({ name: n.name, internalIPs: n.internalIPs, ready: n.ready, blocks, podCount: podsByNode[ni]!.length });
  }

  const routes: MapRoute[] = [];
  for (const p of placed) {
    const via = nodes[p.node].internalIPs.find((ip) => fastParseAddress(ip)?.family === p.cidr.family) ?? '';
    routes.push({ destination: p.cidr.text, via, node: p.node });
  }

  // A guessed block (core/cluster/podBlock isJudged) is descriptive: the tree never reports it as overlapping, nor does the map.
  const judged = placed.filter((p) => !nodes[p.node].blocks[p.block].guessed);
  const pairs = input.blockOverlaps ? modelPairs(input.blockOverlaps, judged, nodeIndex) : sweptPairs(judged);
  const overlaps = [...networkOverlaps(networks, netCidrs), ...blockNetworkOverlaps(judged, networks, netCidrs), ...pairs.map(blockOverlap)];
  // Pod findings name pods: index them (150,000 entries) only when there are some, in steps.
  let podIndex: Map<string, number> | undefined;
  if (input.findings.some((f) => f.targets.some((t) => t.kind === 'pod'))) {
    podIndex = new Map();
    for (let i = 0; i < pods.length; i++) {
      podIndex.set(qualifiedName(pods[i]!), i);
      if (i % itemsPerStep === 0) yield;
    }
  }
  const findings = resolveFindings(input, networks, nodes, podIndex, nodeIndex);
  return {
    version: 1,
    context: input.context,
    networks,
    nodes,
    pods,
    routes,
    overlaps,
    findings,
    ...(input.dataPath ? { dataPath: input.dataPath } : {}),
    scales: scalesOf(networks),
  };
}

/** Per family: linear or log2 bars (core/map/barScale). */
export function scalesOf(networks: readonly MapNetwork[]): NetworkMapModel['scales'] {
  const families = [...new Set(networks.map((n) => n.family))].sort();
  return families.map((family) => ({ family, scale: barScale(networks.filter((n) => n.family === family).map((n) => n.log2Size)) }));
}

export function fraction(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  // Scale down huge IPv6 numbers before Number() so the ratio keeps its precision.
  const shift = whole > 1n << 52n ? BigInt(whole.toString(2).length - 52) : 0n;
  return Number(part >> shift) / Number(whole >> shift);
}

/** Index of the pod network holding the block, -1 when outside every pod network. */
export function podNetworkOf(c: Pick<Cidr, 'family' | 'start' | 'end'>, networks: readonly MapNetwork[], netCidrs: readonly Cidr[]): number {
  return netCidrs.findIndex((nc, i) => networks[i].role === 'pod' && containsRange(nc, c));
}

export function mustParse(text: string): Cidr {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(p.error);
  return p.cidr;
}

/** The networks drawn: the declared ones, then per family the inferred pod network and LAN; bars of one family share a scale. */
export function buildNetworks(input: Pick<MapInput, 'networks' | 'nodes'>): MapNetwork[] {
  return runToEnd(buildNetworksSteps(input));
}

/** buildNetworks in steps: inferring a network reads every node (65,000 take hundreds of ms). */
export function* buildNetworksSteps(input: Pick<MapInput, 'networks' | 'nodes'>): Steps<MapNetwork[]> {
  const out: MapNetwork[] = [];
  const seen = new Set<string>();
  const add = (cidr: Cidr, role: MapNetwork['role'], source: string, inferred: boolean) => {
    const id = `${role}:${cidr.text}`;
    if (seen.has(id)) return;
    seen.add(id);
    const log2Size = (cidr.family === 4 ? 32 : 128) - cidr.prefix;
    out.push({ id, role, cidr: cidr.text, family: cidr.family, prefix: cidr.prefix, size: cidrSize(cidr).toString(), log2Size, source, inferred, barWidth: 1 });
  };
  for (const n of input.networks) {
    const p = parseCidr(n.cidr);
    if (p.ok) add(p.cidr, n.role, n.source, n.inferred === true);
  }
  for (const family of [4, 6] as IpFamily[]) {
    const has = (role: MapNetwork['role']) => out.some((n) => n.role === role && n.family === family);
    // Plain loops, the other family skipped before parsing: 65,000 nodes pass through here.
    const v6 = family === 6;
    if (!has('pod')) {
      const blocks: Cidr[] = [];
      for (let i = 0; i < input.nodes.length; i++) {
        for (const b of input.nodes[i]!.blocks) {
          if ((b.parsed ? b.parsed.family === 6 : b.cidr.includes(':')) !== v6) continue;
          const c = blockCidr(b);
          if (c) blocks.push(c);
        }
        if (i % itemsPerStep === itemsPerStep - 1) yield;
      }
      const cover = coveringCidr(family, blocks);
      if (cover) add(mustParse(cover), 'pod', 'inferred from the node blocks (no cluster CIDR known)', true);
    }
    if (!has('node')) {
      const ips: { start: bigint; end: bigint }[] = [];
      for (let i = 0; i < input.nodes.length; i++) {
        for (const ip of input.nodes[i]!.internalIPs) {
          if (ip.includes(':') !== v6) continue;
          const a = fastParseAddress(ip);
          if (a && a.family === family) ips.push({ start: a.value, end: a.value });
        }
        if (i % itemsPerStep === itemsPerStep - 1) yield;
      }
      // A LAN is at least a /24 (IPv4) or /64 (IPv6): one node alone is not a /32 network.
      const cover = coveringCidr(family, ips, family === 4 ? 8 : 64);
      if (cover) add(mustParse(cover), 'node', 'inferred from the node InternalIPs', true);
    }
  }
  // Bars of one family share a scale.
  return out.map((n) => {
    const same = out.filter((m) => m.family === n.family);
    const sizes = same.map((m) => m.log2Size);
    return { ...n, barWidth: barWidths(sizes, barScale(sizes))[same.indexOf(n)] };
  });
}

function overlapOf(a: Cidr, b: Cidr): { start: bigint; end: bigint } | undefined {
  if (a.family !== b.family) return undefined;
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : undefined;
}

function makeOverlap(a: OverlapSide, ac: Cidr, b: OverlapSide, bc: Cidr, r: { start: bigint; end: bigint }): MapOverlap {
  const width = r.end - r.start + 1n;
  return {
    a,
    b,
    family: ac.family,
    range: `${formatAddress(ac.family, r.start)} – ${formatAddress(ac.family, r.end)}`,
    aOffset: fraction(r.start - ac.start, cidrSize(ac)),
    aWidth: fraction(width, cidrSize(ac)),
    bOffset: fraction(r.start - bc.start, cidrSize(bc)),
    bWidth: fraction(width, cidrSize(bc)),
  };
}

export function networkOverlaps(networks: readonly MapNetwork[], cidrs: readonly Cidr[]): MapOverlap[] {
  const out: MapOverlap[] = [];
  for (let i = 0; i < networks.length; i++) {
    for (let j = i + 1; j < networks.length; j++) {
      const r = overlapOf(cidrs[i], cidrs[j]);
      if (r) out.push(makeOverlap({ kind: 'network', network: i }, cidrs[i], { kind: 'network', network: j }, cidrs[j], r));
    }
  }
  return out;
}

/** A node block reaching into the service or node network (pod traffic would be routed to the wrong place). */
function blockNetworkOverlaps(placed: readonly PlacedBlock[], networks: readonly MapNetwork[], cidrs: readonly Cidr[]): MapOverlap[] {
  const out: MapOverlap[] = [];
  for (const p of placed) {
    networks.forEach((n, i) => {
      if (n.role === 'pod') return;
      const r = overlapOf(p.cidr, cidrs[i]);
      if (r) out.push(makeOverlap({ kind: 'block', node: p.node, block: p.block }, p.cidr, { kind: 'network', network: i }, cidrs[i], r));
    });
  }
  return out;
}

/** A MapInput without a model behind it (tests, benches): the one sweep (core/net/overlap), capped. */
function sweptPairs(placed: readonly PlacedBlock[]): [PlacedBlock, PlacedBlock][] {
  const intervals = placed.map((p) => ({ family: p.cidr.family, start: p.cidr.start, end: p.cidr.end, placed: p }));
  return overlappingPairs(intervals, MAX_BLOCK_OVERLAPS).map(([a, b]) => [a.placed, b.placed]);
}

/** The pairs the cluster model judged, resolved to the blocks placed here (capped as the sweep is). */
function modelPairs(
  given: NonNullable<MapInput['blockOverlaps']>,
  placed: readonly PlacedBlock[],
  nodeIndex: ReadonlyMap<string, number>,
): [PlacedBlock, PlacedBlock][] {
  const byKey = new Map(placed.map((p) => [`${p.node} ${p.cidr.text}`, p]));
  const find = (b: { node: string; cidr: string }) => byKey.get(`${nodeIndex.get(b.node) ?? -1} ${b.cidr}`);
  const out: [PlacedBlock, PlacedBlock][] = [];
  for (const [x, y] of given) {
    const a = find(x);
    const b = find(y);
    if (a && b) out.push([a, b]);
    if (out.length >= MAX_BLOCK_OVERLAPS) break;
  }
  return out;
}

function blockOverlap([a, b]: [PlacedBlock, PlacedBlock]): MapOverlap {
  return makeOverlap(
    { kind: 'block', node: a.node, block: a.block },
    a.cidr,
    { kind: 'block', node: b.node, block: b.block },
    b.cidr,
    overlapOf(a.cidr, b.cidr) ?? { start: b.cidr.start, end: b.cidr.start },
  );
}

/** The model's parse when it gave one, else the block's text parsed. */
export function blockCidr(b: MapInputBlock): Cidr | undefined {
  if (b.parsed) return { family: b.parsed.family, prefix: b.parsed.prefix, address: b.parsed.start, start: b.parsed.start, end: b.parsed.end, text: b.cidr };
  const p = fastParseCidr(b.cidr);
  return p.ok ? p.cidr : undefined;
}

function resolveFindings(
  input: MapInput,
  networks: readonly MapNetwork[],
  nodes: readonly MapNode[],
  podIndex: ReadonlyMap<string, number> | undefined,
  nodeIndex: ReadonlyMap<string, number>,
): MapFinding[] {
  const resolve = (t: MapInputTarget): MapTarget | undefined => {
    switch (t.kind) {
      case 'file':
        return t;
      case 'node': {
        const node = nodeIndex.get(t.name);
        return node === undefined ? undefined : { kind: 'node', node };
      }
      case 'block': {
        const node = nodeIndex.get(t.node);
        if (node === undefined) return undefined;
        const block = nodes[node].blocks.findIndex((b) => b.cidr === t.cidr);
        return block < 0 ? { kind: 'node', node } : { kind: 'block', node, block };
      }
      case 'network': {
        const network = networks.findIndex((n) => n.cidr === t.cidr);
        return network < 0 ? undefined : { kind: 'network', network };
      }
      case 'pod': {
        const pod = podIndex?.get(qualifiedName(t));
        return pod === undefined ? undefined : { kind: 'pod', pod };
      }
    }
  };
  return input.findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    origin: f.origin,
    targets: f.targets.map(resolve).filter((t): t is MapTarget => t !== undefined),
  }));
}
