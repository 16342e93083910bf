// Which routes belong to this agent. `proto 154` says "a Podnet agent made it"; the route metric says
// which one: 0x9a000000 plus a 24-bit hash of the node name. Two agents with different views on one
// node (a stray second agent, a node name mix-up) then never delete each other's routes, and a
// restarted agent recognises its own. The metric only orders routes to the very same destination,
// and Podnet never shares a destination with a route it does not own (that is a reported conflict).

export interface RouteOwner {
  readonly protocol: number;
  readonly metric: number;
  /** True for the protocol as `ip` prints it: the number, or a name rt_protos gives it. */
  isPodnetProto(proto: string | undefined): boolean;
}

export const markerBase = 0x9a000000;
const markerSpan = 0x1000000;

export const isMarkerMetric = (metric: number): boolean => metric >= markerBase && metric < markerBase + markerSpan;

/** FNV-1a over the UTF-8 bytes, folded to 24 bits: stable across agents, versions and restarts. */
export function markerMetric(nodeName: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(nodeName, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return markerBase + (((hash >>> 24) ^ hash) & 0xffffff);
}

export function routeOwner(nodeName: string, protocol: number, protocolNames: ReadonlySet<string> = new Set([String(protocol)])): RouteOwner {
  return { protocol, metric: markerMetric(nodeName), isPodnetProto: (proto) => proto !== undefined && protocolNames.has(proto) };
}
