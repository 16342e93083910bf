// Topology findings (overlapping node blocks, blocks over node IPs, blocks over the service
// network, the pod network over the service network), kept up to date node by node: a node whose
// blocks or IPs changed is looked up against the others in a CIDR containment index
// (core/net/cidrContainment.ts), so while 65,000 nodes arrive or churn each refresh costs the
// nodes that changed, not a sweep of all of them, and unchanged findings stay the same objects.
import type { Finding } from './findings';
import { nodeSubject } from './findings';
import type { Networks } from './networkDiscovery';
import type { PodBlock } from './podBlock';
import { isJudged } from './podBlock';
import type { IpFamily } from '../net/cidr';
import { familyBits, parseCidr } from '../net/cidr';
import { CidrContainment } from '../net/cidrContainment';
import { fastParseAddress } from '../net/fastAddress';
import { naturalCompare } from './naturalOrder';

export interface TopologyNode {
  readonly name: string;
  readonly info?: { readonly internalIPs: readonly string[] };
  readonly blocks: readonly PodBlock[];
}

interface BlockEntry {
  readonly kind: 'block';
  readonly family: IpFamily;
  readonly prefix: number;
  readonly start: bigint;
  readonly node: string;
  readonly block: PodBlock;
}

interface IpEntry {
  readonly kind: 'ip';
  readonly family: IpFamily;
  readonly prefix: number;
  readonly start: bigint;
  readonly node: string;
  readonly text: string;
}

type Entry = BlockEntry | IpEntry;

/**
 * Findings one node takes part in, at most: past it, a node's further overlaps are not listed (a
 * cluster whose nodes all share one block would otherwise hold a finding per pair of nodes).
 */
export const RELATIONS_PER_NODE = 16;

const codeRank: Readonly<Record<string, number>> = {
  'node-block-overlap': 0,
  'block-overlaps-node-network': 1,
  'block-overlaps-service-network': 2,
  'pod-network-overlaps-service-network': 3,
};

interface ServiceRange {
  readonly text: string;
  readonly family: IpFamily;
  readonly start: bigint;
  readonly end: bigint;
}

export class TopologyFindingTable {
  /**
   * The entries of nodes with room for another relation, the ones a node's relations are looked
   * for among: when a thousand nodes share one block, a newcomer meets the few of them that are not
   * full, not the thousand. A full node's entries are in `closed`.
   */
  private readonly open = new CidrContainment<Entry>();
  private readonly closed = new CidrContainment<Entry>();
  private readonly held = new Map<string, { readonly key: string; readonly entries: readonly Entry[] }>();
  /** Findings between two nodes (or a node and itself), under each node they name. */
  private readonly relations = new Map<string, Set<Finding>>();
  private readonly relationOf = new Map<Finding, { readonly key: string; readonly nodes: readonly string[] }>();
  private readonly relationsByKey = new Map<string, Finding>();
  private readonly serviceFindings = new Map<string, readonly Finding[]>();
  private networkFindings: readonly Finding[] = [];
  private networks: { readonly key: string; readonly ranges: readonly ServiceRange[]; readonly hint?: { family: IpFamily; value: bigint; text: string } } = {
    key: '',
    ranges: [],
  };
  private readonly dirty = new Set<string>();
  private output: readonly Finding[] | undefined = [];
  /** The node findings in order as last collected (undefined: to be sorted afresh), and what changed since. */
  private sorted: readonly Finding[] | undefined = [];
  private readonly added: Finding[] = [];
  private readonly removed = new Set<Finding>();

  /** The node's blocks or IPs may have changed (or it came or went): read again on the next findings(). */
  touch(name: string): void {
    this.dirty.add(name);
  }

  /** The findings, the same array while nothing they rest on changed. `get`: a node's state now (undefined: gone). */
  findings(get: (name: string) => TopologyNode | undefined, networks: Networks): readonly Finding[] {
    this.setNetworks(networks);
    if (this.dirty.size > 0) this.update(get);
    this.output ??= this.collect();
    return this.output;
  }

  private update(get: (name: string) => TopologyNode | undefined): void {
    const changed: { name: string; entries: readonly Entry[] }[] = [];
    /** Nodes that lost a relation: they may have room for one they went without. */
    const lost = new Set<string>();
    for (const name of this.dirty) {
      const node = get(name);
      const blocks = node?.blocks.filter(isJudged) ?? [];
      const ips = node?.info?.internalIPs ?? [];
      const key = `${blocks.map((b) => b.cidr).join()}|${ips.join()}`;
      const was = this.held.get(name);
      if ((was?.key ?? '|') === key) continue;
      for (const e of was?.entries ?? []) {
        this.open.remove(e);
        this.closed.remove(e);
      }
      this.dropRelations(name, lost);
      const entries = entriesOf(name, blocks, ips);
      for (const e of entries) this.open.add(e);
      if (entries.length > 0) this.held.set(name, { key, entries });
      else this.held.delete(name);
      changed.push({ name, entries });
    }
    this.dirty.clear();
    if (changed.length === 0) return;
    // Every changed node is in the index before any is looked up; a pair of two changed nodes is
    // found from the first of them, and its key makes the second pass over it.
    for (const { name, entries } of changed) {
      this.relate(name, entries);
      this.setServiceFindings(name, entries);
    }
    for (const name of lost) {
      const held = this.held.get(name);
      if (held) this.relate(name, held.entries);
    }
    this.output = undefined;
  }

  /**
   * Relates the node to the overlapping nodes with room, until it is full. A node none of them has
   * room for is still named once, beside a full one: no node that overlaps another goes unreported.
   */
  private relate(name: string, entries: readonly Entry[]): void {
    // Read lazily while nodes fill up and leave the open index (a Set's reader skips what it lost).
    for (const e of entries) {
      for (const o of partnersOf(this.open, e)) {
        if (this.full(name)) return;
        this.tryRelate(name, e, o, false);
      }
    }
    if (this.relations.has(name)) return;
    for (const e of entries) for (const o of partnersOf(this.closed, e)) if (this.tryRelate(name, e, o, true)) return;
  }

  /** Adds the relation of the node's entry `e` and `o`, if they make one not yet held. */
  private tryRelate(name: string, e: Entry, o: Entry, pastPartnersCap: boolean): boolean {
    if (o.node === name && (o.kind === 'block' || e.kind === 'ip')) return false;
    const [block, other] = e.kind === 'block' ? [e, o] : [o as BlockEntry, e];
    if (block.kind !== 'block') return false;
    if (!pastPartnersCap && o.node !== name && this.full(o.node)) return false;
    const key = other.kind === 'block' ? pairKey(block, other) : `${block.node}\0${block.block.cidr}\0${other.node}\0${other.text}`;
    if (this.relationsByKey.has(key)) return false;
    // An address is a /32 (/128): every one met here lies in the block.
    this.addRelation(key, other.kind === 'block' ? blockOverlap(block, other) : blockOverNode(block, other), [name, o.node]);
    return true;
  }

  private full(name: string): boolean {
    return (this.relations.get(name)?.size ?? 0) >= RELATIONS_PER_NODE;
  }

  private addRelation(key: string, f: Finding, nodes: readonly string[]): void {
    this.relationsByKey.set(key, f);
    this.relationOf.set(f, { key, nodes });
    this.added.push(f);
    for (const n of nodes) {
      let set = this.relations.get(n);
      if (!set) this.relations.set(n, set = new Set());
      set.add(f);
      if (set.size === RELATIONS_PER_NODE) this.move(n, this.open, this.closed);
    }
  }

  private move(name: string, from: CidrContainment<Entry>, to: CidrContainment<Entry>): void {
    for (const e of this.held.get(name)?.entries ?? []) {
      from.remove(e);
      to.add(e);
    }
  }

  /** Drops the node's relations; its partners are added to `lost`, and those no longer full are open again. */
  private dropRelations(name: string, lost: Set<string>): void {
    for (const f of this.relations.get(name) ?? []) {
      const { key, nodes } = this.relationOf.get(f)!;
      for (const n of nodes) {
        if (n === name) continue;
        const set = this.relations.get(n)!;
        set.delete(f);
        if (set.size === RELATIONS_PER_NODE - 1) this.move(n, this.closed, this.open);
        if (set.size === 0) this.relations.delete(n);
        lost.add(n);
      }
      this.relationOf.delete(f);
      this.relationsByKey.delete(key);
      this.removed.add(f);
    }
    this.relations.delete(name);
    for (const f of this.serviceFindings.get(name) ?? []) this.removed.add(f);
    this.serviceFindings.delete(name);
  }

  private setNetworks(networks: Networks): void {
    const key = JSON.stringify([networks.serviceNetworks, networks.serviceIpHint, networks.podNetworks]);
    if (key === this.networks.key) return;
    const ranges = networks.serviceNetworks.flatMap((s) => {
      const p = parseCidr(s.cidr);
      return p.ok ? [{ text: s.cidr, family: p.cidr.family, start: p.cidr.start, end: p.cidr.end }] : [];
    });
    const hint = networks.serviceIpHint ? fastParseAddress(networks.serviceIpHint) : undefined;
    this.networks = { key, ranges, hint: hint && { ...hint, text: networks.serviceIpHint! } };
    this.networkFindings = podNetworkFindings(networks, ranges, this.networks.hint);
    this.serviceFindings.clear();
    for (const [name, { entries }] of this.held) this.setServiceFindings(name, entries);
    this.output = undefined;
    this.sorted = undefined;
  }

  private setServiceFindings(name: string, entries: readonly Entry[]): void {
    const { ranges, hint } = this.networks;
    const out: Finding[] = [];
    for (const e of entries) {
      if (e.kind !== 'block') continue;
      const { block } = e;
      const svc = ranges.find((s) => s.family === block.family && s.start <= block.end && block.start <= s.end);
      if (svc) {
        out.push({
          code: 'block-overlaps-service-network',
          severity: 'error',
          message: `Pod block ${block.cidr} of node ${name} overlaps the service network ${svc.text}: Service ClusterIPs and pod IPs collide.`,
          subjects: [nodeSubject(name)],
        });
      } else if (hint && hint.family === block.family && block.start <= hint.value && hint.value <= block.end) {
        out.push({
          code: 'block-overlaps-service-network',
          severity: 'error',
          message: `Pod block ${block.cidr} of node ${name} contains ${hint.text}, the ClusterIP of the kubernetes Service.`,
          subjects: [nodeSubject(name)],
        });
      }
    }
    for (const f of this.serviceFindings.get(name) ?? []) this.removed.add(f);
    this.added.push(...out);
    if (out.length > 0) this.serviceFindings.set(name, out);
    else this.serviceFindings.delete(name);
  }

  /**
   * In a stable order (findingOrder). After a change only what it added is sorted and merged in:
   * a cluster whose nodes share one block holds a finding for every node, too many to sort per tick.
   */
  private collect(): readonly Finding[] {
    let sorted: Finding[];
    if (this.sorted === undefined) {
      sorted = [...this.relationOf.keys()];
      for (const list of this.serviceFindings.values()) sorted.push(...list);
      sorted.sort(findingOrder);
    } else {
      sorted = mergeSorted(this.sorted, this.removed, this.added.filter((f) => !this.removed.has(f)).sort(findingOrder));
    }
    this.sorted = sorted;
    this.added.length = 0;
    this.removed.clear();
    return this.networkFindings.length > 0 ? [...sorted, ...this.networkFindings] : sorted;
  }
}

const firstNode = (f: Finding) => (f.subjects[0]?.kind === 'node' ? f.subjects[0].name : '');
const secondNode = (f: Finding) => (f.subjects[1]?.kind === 'node' ? f.subjects[1].name : '');

/** By kind, then by the nodes they name (natural order), then by text. */
function findingOrder(a: Finding, b: Finding): number {
  return codeRank[a.code]! - codeRank[b.code]! || naturalCompare(firstNode(a), firstNode(b)) || naturalCompare(secondNode(a), secondNode(b)) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** `a` less `gone`, with `b` merged in (both in findingOrder), each of b's few placed by a binary search. */
function mergeSorted(a: readonly Finding[], gone: ReadonlySet<Finding>, b: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  let from = 0;
  const copyTo = (end: number) => {
    if (gone.size === 0) { for (; from < end; from++) out.push(a[from]!); }
    else for (; from < end; from++) if (!gone.has(a[from]!)) out.push(a[from]!);
  };
  for (const f of b) {
    let lo = from;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (findingOrder(a[mid]!, f) <= 0) lo = mid + 1;
      else hi = mid;
    }
    copyTo(lo);
    out.push(f);
  }
  copyTo(a.length);
  return out;
}

/** The entries that overlap `e` in an index: a block meets blocks and addresses, an address meets blocks. */
function* partnersOf(index: CidrContainment<Entry>, e: Entry): Generator<Entry> {
  yield* index.holding(e);
  if (e.kind === 'block') yield* index.inside(e);
}

/** A block or address listed twice on a node is one. */
function entriesOf(node: string, blocks: readonly PodBlock[], ips: readonly string[]): Entry[] {
  const out: Entry[] = [];
  for (const block of new Map(blocks.map((b) => [b.cidr, b])).values()) {
    out.push({ kind: 'block', family: block.family, prefix: block.prefix, start: block.start, node, block });
  }
  for (const text of new Set(ips)) {
    const ip = fastParseAddress(text);
    if (ip) out.push({ kind: 'ip', family: ip.family, prefix: familyBits(ip.family), start: ip.value, node, text });
  }
  return out;
}

/** One key per pair of blocks, whichever of the two is met first. */
function pairKey(x: BlockEntry, y: BlockEntry): string {
  const a = `${x.node}\0${x.block.cidr}`;
  const b = `${y.node}\0${y.block.cidr}`;
  return a < b ? `${a}\0${b}` : `${b}\0${a}`;
}

/** The pair in a stable order: the block starting first, then the node first in natural order. */
function blockOverlap(x: BlockEntry, y: BlockEntry): Finding {
  const [a, b] = x.start < y.start || (x.start === y.start && naturalCompare(x.node, y.node) <= 0) ? [x, y] : [y, x];
  const same = a.block.cidr === b.block.cidr;
  return {
    code: 'node-block-overlap',
    severity: 'error',
    message: same
      ? `Nodes ${a.node} and ${b.node} have the same pod block ${a.block.cidr}: pods get duplicate IPs and traffic reaches the wrong pod.`
      : `Pod block ${a.block.cidr} of node ${a.node} overlaps ${b.block.cidr} of node ${b.node}: traffic between their pods is misrouted.`,
    subjects: [nodeSubject(a.node), nodeSubject(b.node)],
    blocks: [
      { node: a.node, cidr: a.block.cidr },
      { node: b.node, cidr: b.block.cidr },
    ],
  };
}

function blockOverNode(block: BlockEntry, ip: IpEntry): Finding {
  const own = block.node === ip.node;
  return {
    code: 'block-overlaps-node-network',
    severity: 'error',
    message: own
      ? `Pod block ${block.block.cidr} of node ${ip.node} contains the node's own address ${ip.text}.`
      : `Pod block ${block.block.cidr} of node ${block.node} contains ${ip.text}, the address of node ${ip.node}: pods would shadow that node.`,
    subjects: own ? [nodeSubject(ip.node)] : [nodeSubject(block.node), nodeSubject(ip.node)],
  };
}

/**
 * The CNI's pod network over the service network: a warning, as no block need reach there yet
 * (blocks that do are errors), but the allocator is free to hand out Service ClusterIPs as pod IPs
 * (Cilium's default 10.0.0.0/8 pool over AKS's 10.0.0.0/16 services, cilium#31504).
 */
function podNetworkFindings(
  networks: Networks,
  ranges: readonly ServiceRange[],
  hint: { family: IpFamily; value: bigint; text: string } | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const pod of networks.podNetworks) {
    const p = parseCidr(pod.cidr);
    if (!p.ok) continue;
    for (const svc of ranges) {
      if (svc.family !== p.cidr.family || svc.start > p.cidr.end || p.cidr.start > svc.end) continue;
      findings.push({
        code: 'pod-network-overlaps-service-network',
        severity: 'warning',
        message: `Pod network ${pod.cidr} (${pod.source}) overlaps the service network ${svc.text}: the CNI can hand out Service ClusterIPs as pod IPs.`,
        subjects: [],
      });
    }
    if (ranges.length === 0 && hint && hint.family === p.cidr.family && p.cidr.start <= hint.value && hint.value <= p.cidr.end) {
      findings.push({
        code: 'pod-network-overlaps-service-network',
        severity: 'warning',
        message: `Pod network ${pod.cidr} (${pod.source}) contains ${hint.text}, the ClusterIP of the kubernetes Service.`,
        subjects: [],
      });
    }
  }
  return findings;
}
