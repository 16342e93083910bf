// Where a node's pod IPs come from and which are taken: Calico IPAM blocks with affinity
// host:NODE, else CiliumNode spec.ipam.podCIDRs, else node.spec.podCIDRs (host-local style:
// .1 is the bridge gateway, addresses start at .2).
import type { Cidr } from '../../core/net/cidr';
import { formatAddress, parseCidr } from '../../core/net/cidr';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import type { RawNode } from '../../core/cluster/rawNode';
import { nodePodCidrs } from '../../core/cluster/rawNode';

export function podBlocksFor(store: ObjectStore, node: Readonly<StoredObject>): Cidr[] {
  const name = node.metadata.name;
  const texts: string[] = [];
  if (store.typeOf('crd.projectcalico.org/v1', 'IPAMBlock')) {
    for (const b of store.list('crd.projectcalico.org/v1', 'IPAMBlock')) {
      const spec = b.spec as { affinity?: string; cidr?: string } | undefined;
      if (spec?.affinity === `host:${name}` && spec.cidr) texts.push(spec.cidr);
    }
  }
  if (texts.length === 0 && store.typeOf('cilium.io/v2', 'CiliumNode')) {
    const cn = store.get({ apiVersion: 'cilium.io/v2', kind: 'CiliumNode', name });
    texts.push(...((cn?.spec as { ipam?: { podCIDRs?: string[] } } | undefined)?.ipam?.podCIDRs ?? []));
  }
  if (texts.length === 0) texts.push(...nodePodCidrs(node as RawNode));
  return texts.map(parseCidr).flatMap((p) => (p.ok ? [p.cidr] : []));
}

/** The lowest free address of each family's first block, or undefined when a block is full. */
export function allocatePodIps(blocks: readonly Cidr[], used: ReadonlySet<string>): string[] | undefined {
  const out: string[] = [];
  const families = new Set<number>();
  for (const block of blocks) {
    if (families.has(block.family)) continue;
    families.add(block.family);
    const last = block.family === 4 ? block.end - 1n : block.end;
    let found: string | undefined;
    for (let v = block.start + 2n; v <= last && v < block.start + 1_048_576n; v++) {
      const ip = formatAddress(block.family, v);
      if (!used.has(ip)) {
        found = ip;
        break;
      }
    }
    if (!found) return undefined;
    out.push(found);
  }
  return out.length ? out : undefined;
}
