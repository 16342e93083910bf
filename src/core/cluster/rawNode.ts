// The one raw Node shape and its readers (a Node's pod CIDRs, InternalIPs, readiness), shared by
// strip.ts (tree, inspect, live lint), the CNI installer and the lab.

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
  return list(node?.status?.addresses).flatMap((a) => {
    const address = a as { type?: unknown; address?: unknown } | null;
    return address?.type === 'InternalIP' && text(address.address) ? [address.address] : [];
  });
}

export interface ReadyCondition {
  readonly ready: boolean;
  readonly reason?: string;
}

/** The Ready condition: ready only when its status is "True". */
export function nodeReadyCondition(node: RawNode | undefined): ReadyCondition {
  const c = list(node?.status?.conditions).find((x) => (x as { type?: unknown } | null)?.type === 'Ready') as
    | { status?: unknown; reason?: unknown }
    | undefined;
  const ready = c?.status === 'True';
  return !ready && text(c?.reason) ? { ready, reason: c.reason } : { ready };
}
