// The route a node holds under a data path, filled in for one destination block: the topology and
// the packet path print the same text.
import { formatAddress, parseCidr } from '../net/cidr';
import type { DataPath } from './dataPath';

export interface RouteFill {
  readonly block: string;
  /** The owner node's InternalIP ('' when it has none). */
  readonly node: string;
  /** The pod network holding the block ('' when unknown). */
  readonly network: string;
}

/** undefined when the CNI holds no per-block route (or its data path is unknown). */
export function routeText(path: DataPath, fill: RouteFill): string | undefined {
  const template = path.crossNode.route;
  if (template === undefined) return undefined;
  const parsed = parseCidr(fill.block);
  const blockAddress = parsed.ok ? formatAddress(parsed.cidr.family, parsed.cidr.start) : fill.block;
  return template
    .replaceAll('{blockAddress}', blockAddress)
    .replaceAll('{block}', fill.block)
    .replaceAll('{node}', fill.node || '? (no InternalIP)')
    .replaceAll('{network}', fill.network || 'the pod network');
}

/** One route for the whole network (Weave, flannel udp/wireguard): drawn once, not per block. */
export const routesWholeNetwork = (path: DataPath): boolean => path.crossNode.route !== undefined && !path.crossNode.route.includes('{block}');
