// Findings from the model's state. Topology findings (overlaps) depend only on blocks, node IPs
// and networks, so the model caches them; the rest are cheap passes over maintained sets.
import type { PodInfo } from './clusterTypes';
import type { CniInfo } from './cniDetection';
import type { Finding, FindingSubject } from './findings';
import { nearlyExhaustedRatio } from './findings';
import { IntervalIndex } from '../net/intervalIndex';
import type { Interval } from '../net/overlap';
import { overlappingPairs } from '../net/overlap';
import type { Networks } from './networkDiscovery';
import type { PodBlock } from './podBlock';
import { isJudged } from './podBlock';
import type { NodeView } from './nodeState';
import { overlaps, parseCidr } from '../net/cidr';
import { fastParseAddress as parseIp } from '../net/fastAddress';
import { qualifiedName } from './namespacedName';

const nodeSubject = (name: string): FindingSubject => ({ kind: 'node', name });
const podSubject = (p: PodInfo): FindingSubject => ({ kind: 'pod', namespace: p.namespace, name: p.name });

interface TopologyNode {
  readonly name: string;
  readonly info?: { readonly internalIPs: readonly string[] };
  readonly blocks: readonly PodBlock[];
}

/** Overlapping node blocks, blocks over node IPs, blocks over the service network. */
export function topologyFindings(nodes: readonly TopologyNode[], networks: Networks): Finding[] {
  const findings: Finding[] = [];
  const intervals: (Interval & { owner: { node: string; block: PodBlock } })[] = [];
  for (const n of nodes) {
    for (const b of n.blocks) if (isJudged(b)) intervals.push({ family: b.family, start: b.start, end: b.end, owner: { node: n.name, block: b } });
  }
  for (const [a, b] of overlappingPairs(intervals)) {
    if (a.owner.node === b.owner.node) continue;
    const same = a.owner.block.cidr === b.owner.block.cidr;
    findings.push({
      code: 'node-block-overlap',
      severity: 'error',
      message: same
        ? `Nodes ${a.owner.node} and ${b.owner.node} have the same pod block ${a.owner.block.cidr}: pods get duplicate IPs and traffic reaches the wrong pod.`
        : `Pod block ${a.owner.block.cidr} of node ${a.owner.node} overlaps ${b.owner.block.cidr} of node ${b.owner.node}: traffic between their pods is misrouted.`,
      subjects: [nodeSubject(a.owner.node), nodeSubject(b.owner.node)],
      blocks: [
        { node: a.owner.node, cidr: a.owner.block.cidr },
        { node: b.owner.node, cidr: b.owner.block.cidr },
      ],
    });
  }
  const index = new IntervalIndex(intervals);
  for (const n of nodes) {
    for (const text of n.info?.internalIPs ?? []) {
      const ip = parseIp(text);
      if (!ip) continue;
      for (const hit of index.containing(ip.family, ip.value)) {
        findings.push({
          code: 'block-overlaps-node-network',
          severity: 'error',
          message: hit.owner.node === n.name
            ? `Pod block ${hit.owner.block.cidr} of node ${n.name} contains the node's own address ${text}.`
            : `Pod block ${hit.owner.block.cidr} of node ${hit.owner.node} contains ${text}, the address of node ${n.name}: pods would shadow that node.`,
          subjects: hit.owner.node === n.name ? [nodeSubject(n.name)] : [nodeSubject(hit.owner.node), nodeSubject(n.name)],
        });
      }
    }
  }
  const serviceRanges = networks.serviceNetworks.flatMap((s) => {
    const p = parseCidr(s.cidr);
    return p.ok ? [{ text: s.cidr, cidr: p.cidr }] : [];
  });
  const hint = networks.serviceIpHint ? parseIp(networks.serviceIpHint) : undefined;
  for (const iv of intervals) {
    const svc = serviceRanges.find((s) => overlaps(s.cidr, iv));
    if (svc) {
      findings.push({
        code: 'block-overlaps-service-network',
        severity: 'error',
        message: `Pod block ${iv.owner.block.cidr} of node ${iv.owner.node} overlaps the service network ${svc.text}: Service ClusterIPs and pod IPs collide.`,
        subjects: [nodeSubject(iv.owner.node)],
      });
    } else if (hint && hint.family === iv.family && iv.start <= hint.value && hint.value <= iv.end) {
      findings.push({
        code: 'block-overlaps-service-network',
        severity: 'error',
        message: `Pod block ${iv.owner.block.cidr} of node ${iv.owner.node} contains ${networks.serviceIpHint}, the ClusterIP of the kubernetes Service.`,
        subjects: [nodeSubject(iv.owner.node)],
      });
    }
  }
  // The CNI's pod network over the service network: a warning, as no block need reach there yet
  // (blocks that do are errors above), but the allocator is free to hand out Service ClusterIPs
  // as pod IPs (Cilium's default 10.0.0.0/8 pool over AKS's 10.0.0.0/16 services, cilium#31504).
  for (const pod of networks.podNetworks) {
    const p = parseCidr(pod.cidr);
    if (!p.ok) continue;
    for (const svc of serviceRanges) {
      if (svc.cidr.family !== p.cidr.family || svc.cidr.start > p.cidr.end || p.cidr.start > svc.cidr.end) continue;
      findings.push({
        code: 'pod-network-overlaps-service-network',
        severity: 'warning',
        message: `Pod network ${pod.cidr} (${pod.source}) overlaps the service network ${svc.text}: the CNI can hand out Service ClusterIPs as pod IPs.`,
        subjects: [],
      });
    }
    if (serviceRanges.length === 0 && hint && hint.family === p.cidr.family && p.cidr.start <= hint.value && hint.value <= p.cidr.end) {
      findings.push({
        code: 'pod-network-overlaps-service-network',
        severity: 'warning',
        message: `Pod network ${pod.cidr} (${pod.source}) contains ${networks.serviceIpHint}, the ClusterIP of the kubernetes Service.`,
        subjects: [],
      });
    }
  }
  return findings;
}

export interface FindingsInput {
  readonly topology: readonly Finding[];
  readonly nodes: readonly Pick<NodeView, 'name' | 'info' | 'blocks' | 'used' | 'usable'>[];
  readonly cni: CniInfo;
  /** Kinds that could not be read: no finding may rest on their absence. */
  readonly unreadable?: ReadonlySet<string>;
  readonly outsidePods: readonly { pod: PodInfo; blocks: readonly PodBlock[] }[];
  readonly duplicates: readonly { ip: string; pods: readonly PodInfo[] }[];
}

/** The kind a node's block is read from under each IPAM mode (node.spec is always readable with the nodes). */
const blockKind: Partial<Record<CniInfo['ipam'], string>> = { 'calico-ipam': 'ipamblocks', 'cilium-cluster-pool': 'ciliumnodes' };

/** Whether a node's missing block may only be unread (its kind could not be read). */
export function blocksUnknownOf(cni: CniInfo, unreadable: ReadonlySet<string> | undefined): boolean {
  const kind = blockKind[cni.ipam];
  // An unknown CNI (DaemonSets unreadable) could use any IPAM: its blocks are not known to be missing.
  return (kind !== undefined && !!unreadable?.has(kind)) || (cni.name === 'unknown' && !!unreadable?.has('daemonsets'));
}

const none: readonly Finding[] = [];

/** One node's own findings (no block, exhausted, nearly exhausted): kept per node by the model, read again when the node changes. */
export function nodeFindings(n: FindingsInput['nodes'][number], cni: CniInfo, blocksUnknown: boolean): readonly Finding[] {
  if (!n.info) return none;
  let out: Finding[] | undefined;
  if (n.blocks.length === 0 && cni.ipam !== 'weave-ipam' && !blocksUnknown) {
    (out ??= []).push({
      code: 'node-without-block',
      severity: 'warning',
      message: `Node ${n.name} has no pod block (${blockWhere(cni)}): its pods cannot get IPs.`,
      subjects: [nodeSubject(n.name)],
    });
  }
  if (n.usable !== undefined && n.usable > 0) {
    const block = () => n.blocks.filter((b) => b.family === n.blocks[0]!.family).map((b) => b.cidr).join(', ');
    if (n.used >= n.usable) {
      (out ??= []).push({
        code: 'block-exhausted',
        severity: 'error',
        message: `Pod block ${block()} of node ${n.name} is exhausted: ${n.used} of ${n.usable} addresses in use; new pods there get no IP.`,
        subjects: [nodeSubject(n.name)],
      });
    } else if (n.used >= Math.ceil(n.usable * nearlyExhaustedRatio)) {
      (out ??= []).push({
        code: 'block-nearly-exhausted',
        severity: 'warning',
        message: `Pod block ${block()} of node ${n.name} is nearly exhausted: ${n.used} of ${n.usable} addresses in use.`,
        subjects: [nodeSubject(n.name)],
      });
    }
  }
  return out ?? none;
}

export function computeFindings(input: FindingsInput): Finding[] {
  const blocksUnknown = blocksUnknownOf(input.cni, input.unreadable);
  const findings: Finding[] = [...input.topology];
  for (const n of input.nodes) findings.push(...nodeFindings(n, input.cni, blocksUnknown));
  findings.push(...podFindings(input));
  return findings;
}

/** Pods outside their node's blocks, pod IPs held twice. */
export function podFindings(input: Pick<FindingsInput, 'outsidePods' | 'duplicates'>): Finding[] {
  const findings: Finding[] = [];
  for (const { pod, blocks } of input.outsidePods) {
    const ip = pod.podIPs.find((t) => {
      const p = parseIp(t);
      return p && !blocks.some((b) => b.family === p.family && b.start <= p.value && p.value <= b.end);
    });
    findings.push({
      code: 'pod-ip-outside-block',
      severity: 'error',
      message: `Pod ${qualifiedName(pod)} has IP ${ip ?? pod.podIPs.join(', ')}, outside the pod block ${blocks.map((b) => b.cidr).join(', ')} of its node ${
        pod.nodeName ?? ''
      }: return traffic is routed to another node.`,
      subjects: [podSubject(pod), nodeSubject(pod.nodeName ?? '')],
    });
  }
  for (const { ip, pods } of input.duplicates) {
    findings.push({
      code: 'duplicate-pod-ip',
      severity: 'error',
      message: `${pods.length} pods share IP ${ip}: ${pods.map((p) => `${qualifiedName(p)}${p.nodeName ? ` on ${p.nodeName}` : ''}`).join(', ')}.`,
      subjects: pods.map(podSubject),
    });
  }
  return findings;
}

function blockWhere(cni: CniInfo): string {
  switch (cni.ipam) {
    case 'calico-ipam':
      return 'no Calico IPAMBlock with affinity to it';
    case 'cilium-cluster-pool':
      return 'no podCIDRs in its CiliumNode';
    default:
      return 'node.spec.podCIDR is empty';
  }
}
