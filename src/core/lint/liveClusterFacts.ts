// The live cluster's facts as the lint rules read them, parsed once per facts object: the rules compare
// every pod network of the manifests with every node of the cluster (65,000 of them). IPv4 is kept
// as plain numbers: a BigInt per node address and block made a relint at that size 100–200 ms, most
// of it garbage collection.
import type { ClusterFacts } from '../cluster/clusterFacts';
import type { Cidr } from '../net/cidr';
import { fastParseAddress, fastParseCidr, ipv4CidrBounds, ipv4ToNumber } from '../net/fastAddress';
import type { Interval } from '../net/overlap';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';

/** A node's address or block, as the findings name it. */
export interface NodeValue {
  readonly node: string;
  readonly text: string;
}

type Range = Pick<Cidr, 'family' | 'start' | 'end'>;

export class LiveClusterFacts {
  readonly context: string;
  private parsedServices: readonly { readonly text: string; readonly cidr: Cidr }[] = [];
  private parsedUsed: readonly Interval[] = [];
  // Per family, in node order; IPv4 in parallel columns (node, text, numbers): no object per node.
  private readonly ips4Node: string[] = [];
  private readonly ips4Text: string[] = [];
  private readonly ips4Value: number[] = [];
  private readonly ips6: (NodeValue & { readonly value: bigint })[] = [];
  private readonly blocks4Node: string[] = [];
  private readonly blocks4Text: string[] = [];
  private readonly blocks4Start: number[] = [];
  private readonly blocks4End: number[] = [];
  private readonly blocks6: (NodeValue & { readonly cidr: Cidr })[] = [];

  private constructor(context: string) {
    this.context = context;
  }

  /** `facts` parsed in steps (every few thousand nodes): the editor runs them in slices. */
  static *parsed(facts: ClusterFacts): Steps<LiveClusterFacts> {
    const live = new LiveClusterFacts(facts.context);
    yield* live.parse(facts);
    return live;
  }

  private *parse(facts: ClusterFacts): Steps<void> {
    for (let i = 0; i < facts.nodes.length; i++) {
      const n = facts.nodes[i]!;
      for (const text of n.internalIPs) {
        let v4 = ipv4ToNumber(text);
        if (v4 < 0) {
          const a = fastParseAddress(text);
          if (a?.family === 6) this.ips6.push({ node: n.name, text, value: a.value });
          // IPv4-mapped IPv6 is IPv4, as in Go.
          if (a?.family !== 4) continue;
          v4 = Number(a.value);
        }
        this.ips4Node.push(n.name);
        this.ips4Text.push(text);
        this.ips4Value.push(v4);
      }
      for (const text of n.podCIDRs) {
        let b: { start: number; end: number } | undefined = ipv4CidrBounds(text);
        if (!b) {
          const c = fastParseCidr(text);
          if (c.ok && c.cidr.family === 6) this.blocks6.push({ node: n.name, text, cidr: c.cidr });
          if (!c.ok || c.cidr.family !== 4) continue;
          b = { start: Number(c.cidr.start), end: Number(c.cidr.end) };
        }
        this.blocks4Node.push(n.name);
        this.blocks4Text.push(text);
        this.blocks4Start.push(b.start);
        this.blocks4End.push(b.end);
      }
      if (i % itemsPerStep === itemsPerStep - 1) yield;
    }
    const services: { text: string; cidr: Cidr }[] = [];
    for (const text of facts.serviceCIDRs) {
      const c = fastParseCidr(text);
      if (c.ok) services.push({ text, cidr: c.cidr });
    }
    this.parsedServices = services;
    this.parsedUsed = [...this.addressRuns(), ...this.ips6.map((a) => ({ family: 6 as const, start: a.value, end: a.value })), ...services.map((s) => s.cidr)];
  }

  /** The service networks that parse. */
  get services(): readonly { readonly text: string; readonly cidr: Cidr }[] {
    return this.parsedServices;
  }

  /** What the cluster already uses (node addresses, service networks), for fixes not to move onto it. */
  get used(): readonly Interval[] {
    return this.parsedUsed;
  }

  /** Node addresses inside `range`, in node order. */
  addressesIn(range: Range): NodeValue[] {
    if (range.family === 6) return this.ips6.filter((a) => range.start <= a.value && a.value <= range.end);
    const [lo, hi] = [Number(range.start), Number(range.end)];
    const out: NodeValue[] = [];
    for (let i = 0; i < this.ips4Value.length; i++) {
      if (lo <= this.ips4Value[i]! && this.ips4Value[i]! <= hi) out.push({ node: this.ips4Node[i]!, text: this.ips4Text[i]! });
    }
    return out;
  }

  /** Node blocks of `range`'s family that do not lie inside it, in node order. */
  blocksOutside(range: Range): NodeValue[] {
    if (range.family === 6) return this.blocks6.filter((b) => !(range.start <= b.cidr.start && b.cidr.end <= range.end));
    const [lo, hi] = [Number(range.start), Number(range.end)];
    const out: NodeValue[] = [];
    for (let i = 0; i < this.blocks4Start.length; i++) {
      if (!(lo <= this.blocks4Start[i]! && this.blocks4End[i]! <= hi)) out.push({ node: this.blocks4Node[i]!, text: this.blocks4Text[i]! });
    }
    return out;
  }

  /** The IPv4 node addresses as runs of consecutive addresses (usually a few, for thousands of nodes). */
  private addressRuns(): Interval[] {
    const sorted = Float64Array.from(this.ips4Value).sort();
    const runs: Interval[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1]! <= sorted[j]! + 1) j++;
      runs.push({ family: 4, start: BigInt(sorted[i]!), end: BigInt(sorted[j]!) });
      i = j + 1;
    }
    return runs;
  }
}

const parsed = new WeakMap<ClusterFacts, LiveClusterFacts>();

/** The facts parsed, once per facts object: a caller that keeps its facts (the editor does, per topology change) relints without parsing them again. */
export const liveClusterFacts = (facts: ClusterFacts): LiveClusterFacts => runToEnd(liveClusterFactsSteps(facts));

/** liveClusterFacts in steps: what it returns for `facts` afterwards is this parse. */
export function* liveClusterFactsSteps(facts: ClusterFacts): Steps<LiveClusterFacts> {
  let live = parsed.get(facts);
  if (!live) parsed.set(facts, live = yield* LiveClusterFacts.parsed(facts));
  return live;
}
