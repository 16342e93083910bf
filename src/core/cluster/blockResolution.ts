// Where a node's pod blocks come from under each IPAM mode: node.spec.podCIDRs, Calico's
// IPAMBlocks with affinity to it, its CiliumNode, or — Weave has no per-node block — derived
// from its pods' IPs.
import type { CniInfo } from './cniDetection';
import type { PodBlock } from './podBlock';
import { coveringBlock, toBlock } from './podBlock';
import { fastParseAddress } from '../net/fastAddress';
import type { IpFamily } from '../net/cidr';

export interface NodeBlockSources {
  /** node.spec.podCIDRs. */
  readonly podCIDRs: readonly string[];
  /** CIDRs of the Calico IPAMBlocks with affinity to the node. */
  readonly calico: readonly string[];
  /** Whether the cluster has any Calico IPAMBlock (the first switches every node to them). */
  readonly calicoInUse: boolean;
  /** Its CiliumNode's spec.ipam.podCIDRs. */
  readonly cilium: readonly string[];
  readonly ciliumInUse: boolean;
  /** The IPs of its pods that take one from the CNI (not hostNetwork, not finished); read under Weave only. */
  readonly podIPs: () => Iterable<string>;
}

const blocksOf = (cidrs: readonly string[], source: PodBlock['source']): PodBlock[] => cidrs.map((c) => toBlock(c, source)).filter((b): b is PodBlock => !!b);

export function resolveBlocks(ipam: CniInfo['ipam'], s: NodeBlockSources): PodBlock[] {
  const spec = () => blocksOf(s.podCIDRs, 'node-spec');
  const calico = () => blocksOf(s.calico, 'calico-ipamblock').sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : 1));
  const cilium = () => blocksOf(s.cilium, 'ciliumnode');
  switch (ipam) {
    case 'calico-ipam':
      return s.calicoInUse ? calico() : spec();
    case 'cilium-cluster-pool':
      return s.ciliumInUse ? cilium() : spec();
    case 'weave-ipam':
      return derivedBlocks(s.podCIDRs, s.podIPs());
    case 'node-podcidr': {
      const fromSpec = spec();
      if (fromSpec.length > 0) return fromSpec;
      const c = calico();
      return c.length > 0 ? c : cilium();
    }
  }
}

/**
 * Weave has no per-node block: derive one. When most of the node's pod IPs fall inside its
 * node.spec.podCIDR, Weave is evidently handing out that range: use it (and flag the pods
 * outside it). Otherwise describe the range the pods use: the smallest covering CIDR.
 */
function derivedBlocks(podCIDRs: readonly string[], podIPs: Iterable<string>): PodBlock[] {
  const byFamily: Record<IpFamily, bigint[]> = { 4: [], 6: [] };
  for (const text of podIPs) {
    const ip = fastParseAddress(text);
    if (ip) byFamily[ip.family].push(ip.value);
  }
  const spec = blocksOf(podCIDRs, 'derived-podcidr');
  const out: PodBlock[] = [];
  for (const family of [4, 6] as const) {
    const values = byFamily[family];
    const specOf = spec.filter((b) => b.family === family);
    const inside = values.filter((v) => specOf.some((b) => b.start <= v && v <= b.end)).length;
    if (specOf.length > 0 && inside * 2 >= values.length) out.push(...specOf);
    else {
      const covering = coveringBlock(family, values);
      if (covering) out.push(covering);
    }
  }
  return out;
}
