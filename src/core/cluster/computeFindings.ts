// Findings of one node (no block, exhausted) and of pods (outside their block, duplicate IPs), from
// the model's state; those between nodes and the networks are core/cluster/topologyFindings.ts.
import type { PodInfo } from './clusterTypes';
import type { CniInfo } from './cniDetection';
import type { Finding, FindingSubject } from './findings';
import { nearlyExhaustedRatio, nodeSubject } from './findings';
import type { PodBlock } from './podBlock';
import type { NodeView } from './nodeState';
import { fastParseAddress as parseIp } from '../net/fastAddress';
import { qualifiedName } from './namespacedName';

const podSubject = (p: PodInfo): FindingSubject => ({ kind: 'pod', namespace: p.namespace, name: p.name });

export interface PodFindingsInput {
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
export function nodeFindings(n: Pick<NodeView, 'name' | 'info' | 'blocks' | 'used' | 'usable'>, cni: CniInfo, blocksUnknown: boolean): readonly Finding[] {
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

/** Pods outside their node's blocks, pod IPs held twice. */
export function podFindings(input: PodFindingsInput): Finding[] {
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
