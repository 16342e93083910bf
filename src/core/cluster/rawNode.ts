// The one raw Node shape and its readers (a Node's pod CIDRs, addresses, conditions, readiness),
// shared by strip.ts (tree, inspect, live lint), the CNI installer, the check and the lab.

export interface RawNode {
  readonly metadata?: { readonly name?: unknown; readonly creationTimestamp?: unknown };
  readonly spec?: { readonly podCIDR?: unknown; readonly podCIDRs?: unknown };
  readonly status?: {
    readonly addresses?: unknown;
    readonly conditions?: unknown;
  };
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** spec.podCIDRs, or [spec.podCIDR] on servers older than dual-stack (1.16). */
export function nodePodCidrs(node: RawNode | undefined): string[] {
  const many = list(node?.spec?.podCIDRs).filter(text);
  if (many.length) return many;
  const one = node?.spec?.podCIDR;
  return text(one) ? [one] : [];
}

export function nodeInternalIps(node: RawNode | undefined): string[] {
  return nodeAddresses(node, 'InternalIP');
}

/** The node's addresses of one type (InternalIP, ExternalIP, Hostname…), in the order it lists them. */
export function nodeAddresses(node: RawNode | undefined, type: string): string[] {
  return list(node?.status?.addresses).flatMap((a) => {
    const address = a as { type?: unknown; address?: unknown } | null;
    return address?.type === type && text(address.address) ? [address.address] : [];
  });
}

export interface NodeCondition {
  /** "True", "False" or "Unknown" as the kubelet (or the node controller) wrote it. */
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** One condition as written (undefined when the node has none of that type). */
export function nodeCondition(node: RawNode | undefined, type: string): NodeCondition | undefined {
  const c = list(node?.status?.conditions).find((x) => (x as { type?: unknown } | null)?.type === type) as
    | { status?: unknown; reason?: unknown; message?: unknown }
    | undefined;
  if (!c) return undefined;
  return {
    status: text(c.status) ? c.status : 'Unknown',
    ...(text(c.reason) ? { reason: c.reason } : {}),
    ...(text(c.message) ? { message: c.message } : {}),
  };
}

export interface ReadyCondition {
  readonly ready: boolean;
  readonly reason?: string;
}

/** The Ready condition: ready only when its status is "True". */
export function nodeReadyCondition(node: RawNode | undefined): ReadyCondition {
  const c = nodeCondition(node, 'Ready');
  const ready = c?.status === 'True';
  return !ready && c?.reason !== undefined ? { ready, reason: c.reason } : { ready };
}
